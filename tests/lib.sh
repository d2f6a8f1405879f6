# tests/lib.sh: TAP helpers and fixtures for the backstop end-to-end tests.
#
# Sourced (by bash) from every tests/e2e/NNNN-*.sh.  Each script drives the
# real binary ($BACKSTOP) against a throwaway HOME with a real notmuch
# database, and prints TAP for automake's tap-driver.sh.
#
# The workdir (mktemp -d) is removed when every test passed and kept, with
# its path printed as a TAP comment, when one failed.
#
# Environment (set by `make check`; guessed from this file's place if not):
#   BACKSTOP   the binary under test
#   TESTDATA   srcdir/testdata
#   TESTS_DIR  srcdir/tests
#   TOOLS_DIR  builddir/tests/tools (lockholder)
#   SHARED_DIR ../shared (corpora; optional)

set -u
LC_ALL=C
export LC_ALL
unset LANG LANGUAGE

_lib_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
: "${TESTS_DIR:=$_lib_dir}"
: "${TESTDATA:=$_lib_dir/../testdata}"
: "${TOOLS_DIR:=$_lib_dir/tools}"
: "${BACKSTOP:=$_lib_dir/../mda/backstop}"
: "${SHARED_DIR:=$_lib_dir/../../shared}"
export TESTS_DIR TESTDATA TOOLS_DIR BACKSTOP SHARED_DIR

_tap_n=0
_tap_fail=0
_tap_plan=
WORKDIR=

# ---------------------------------------------------------------- TAP

# plan N: print the TAP plan.  If the binary is missing, skip everything.
plan() {
	_tap_plan=$1
	echo "1..$1"
	if [ ! -x "$BACKSTOP" ]; then
		echo "Bail out! $BACKSTOP is not an executable (build it first)"
		exit 1
	fi
}

# diag TEXT...: a TAP comment (each line prefixed with '# ').
diag() {
	printf '%s\n' "$@" | sed 's/^/# /'
}

_pass() {
	_tap_n=$((_tap_n + 1))
	echo "ok $_tap_n - $1"
}

_fail() {
	_tap_n=$((_tap_n + 1))
	_tap_fail=$((_tap_fail + 1))
	echo "not ok $_tap_n - $1"
}

# ok DESC CMD [ARG...]: pass when the command exits 0.
ok() {
	local desc=$1
	shift
	if "$@"; then
		_pass "$desc"
	else
		_fail "$desc"
		diag "  failed: $*"
	fi
}

# not_ok DESC CMD [ARG...]: pass when the command exits non-zero.
nok() {
	local desc=$1
	shift
	if "$@"; then
		_fail "$desc"
		diag "  unexpectedly succeeded: $*"
	else
		_pass "$desc"
	fi
}

# is GOT EXPECTED DESC
is() {
	if [ "$1" = "$2" ]; then
		_pass "$3"
	else
		_fail "$3"
		diag "       got: '$1'" "  expected: '$2'"
	fi
}

# isnt GOT UNEXPECTED DESC
isnt() {
	if [ "$1" != "$2" ]; then
		_pass "$3"
	else
		_fail "$3"
		diag "  got the unwanted value '$1'"
	fi
}

# like GOT ERE DESC: GOT (one or more lines) has a line matching ERE.
like() {
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then
		_pass "$3"
	else
		_fail "$3"
		diag "       got: '$1'" "  expected to match: $2"
	fi
}

# unlike GOT ERE DESC: no line of GOT matches ERE.
unlike() {
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then
		_fail "$3"
		diag "       got: '$1'" "  expected not to match: $2"
	else
		_pass "$3"
	fi
}

# expect_exit CODE DESC CMD [ARG...]: run CMD, pass if its status is CODE.
expect_exit() {
	local want=$1 desc=$2 rc
	shift 2
	"$@"
	rc=$?
	is "$rc" "$want" "$desc (exit $want)"
}

# skip N REASON: N skipped tests.
skip() {
	local i=0
	while [ "$i" -lt "$1" ]; do
		_tap_n=$((_tap_n + 1))
		echo "ok $_tap_n # SKIP $2"
		i=$((i + 1))
	done
}

_lib_finish() {
	local rc=$?
	if [ -n "$_tap_plan" ] && [ "$_tap_n" -ne "$_tap_plan" ]; then
		diag "planned $_tap_plan tests but ran $_tap_n"
		_tap_fail=$((_tap_fail + 1))
	fi
	# A batch indexer left waiting (a test's lock or fault) ends with the test.
	local lockpid
	lockpid=$(cat "${XDG_STATE_HOME:-$HOME/.local/state}/backstop/batch.lock" 2>/dev/null)
	case $lockpid in
	''|*[!0-9]*) ;;
	*) grep -qa -- '--background' "/proc/$lockpid/cmdline" 2>/dev/null && kill "$lockpid" ;;
	esac
	stop_judge
	if [ -n "$WORKDIR" ] && [ -d "$WORKDIR" ]; then
		if [ "$_tap_fail" -eq 0 ] && [ "$rc" -eq 0 ]; then
			chmod -R u+rwx "$WORKDIR" 2>/dev/null
			rm -rf "$WORKDIR"
		else
			diag "workdir kept: $WORKDIR"
		fi
	fi
	# not-ok lines already tell tap-driver.sh about failures; a non-zero
	# status is left for a script that died (an ERROR in the log).
	exit "$rc"
}
trap _lib_finish EXIT

# ---------------------------------------------------------------- HOME

# mkhome: a fresh HOME with ~/Maildir, ~/.notmuch-config and a notmuch DB.
# Sets WORKDIR, HOME, MAILDIR (=$HOME/Maildir), QUARANTINE (the default
# quarantine folder), STATE_DIR (pending dir parent), and cds into WORKDIR.
mkhome() {
	if [ -z "$WORKDIR" ]; then
		WORKDIR=$(mktemp -d "${TMPDIR:-/tmp}/backstop-e2e.XXXXXX") ||
			{ echo "Bail out! mktemp -d failed"; exit 1; }
	fi
	HOME=$WORKDIR/home
	[ -e "$HOME" ] && { chmod -R u+rwx "$HOME"; rm -rf "$HOME"; }
	mkdir -p "$HOME"

	# Nothing of the developer's own setup may leak in.
	unset NOTMUCH_CONFIG NOTMUCH_PROFILE NOTMUCH_DATABASE BACKSTOP_CONFIG \
		MAIL MAILDIR XDG_DATA_HOME XDG_CACHE_HOME XDG_CONFIG_DIRS \
		SENDER RECIPIENT ORIGINAL_RECIPIENT EXTENSION LOCAL DOMAIN \
		USER LOGNAME MAIL_CONFIG GMIME_DEBUG G_MESSAGES_DEBUG
	export HOME
	export XDG_CONFIG_HOME=$HOME/.xdg-config
	export XDG_STATE_HOME=$HOME/.xdg-state
	export XDG_DATA_HOME=$HOME/.xdg-data
	export XDG_CACHE_HOME=$HOME/.xdg-cache
	export RECIPIENT=alice@example.org

	MAILDIR=$HOME/Maildir
	QUARANTINE=$MAILDIR/.Backscatter
	PENDING_DIR=$XDG_STATE_HOME/backstop/pending
	mkdir -p "$MAILDIR/cur" "$MAILDIR/new" "$MAILDIR/tmp"
	write_notmuch_config "$HOME/.notmuch-config" "$MAILDIR"
	NOTMUCH_CONFIG=$HOME/.notmuch-config notmuch new --quiet >/dev/null ||
		{ echo "Bail out! notmuch new failed"; exit 1; }
	cd "$WORKDIR" || exit 1
	_msgno=0
}

# write_notmuch_config FILE DBPATH
write_notmuch_config() {
	cat > "$1" <<EOF
[database]
path=$2

[user]
name=Alice Example
primary_email=alice@example.org

[new]
tags=unread;inbox;
ignore=

[search]
exclude_tags=

[maildir]
synchronize_flags=true
EOF
}

# nm ARG...: the notmuch CLI on the test HOME (~/.notmuch-config).
nm() {
	NOTMUCH_CONFIG=$HOME/.notmuch-config notmuch "$@"
}

# write_config [FILE]: backstop config.ini from stdin; default location
# is ${XDG_CONFIG_HOME}/backstop/config.ini.  Prints nothing.
write_config() {
	local f=${1:-$XDG_CONFIG_HOME/backstop/config.ini}
	mkdir -p "$(dirname "$f")"
	cat > "$f"
}

# ---------------------------------------------------------------- messages

_msgno=0

# add_message FOLDER MSGID FROM [RECEIVED(yes|no)] [TAG...]
# Store a message in $MAILDIR/FOLDER/cur (FOLDER "" = the inbox), index it
# with `notmuch new`, and apply +TAG for each TAG.
add_message() {
	local folder=$1 id=$2 from=$3 rcvd=${4:-no} dir f
	shift 3
	[ $# -gt 0 ] && shift
	dir=$MAILDIR${folder:+/$folder}
	mkdir -p "$dir/cur" "$dir/new" "$dir/tmp"
	_msgno=$((_msgno + 1))
	f=$dir/cur/1700000000.M$_msgno.fixture:2,S
	{
		if [ "$rcvd" = yes ]; then
			printf 'Received: from mail.attacker.example (mail.attacker.example [198.51.100.7])\n'
			printf '\tby mx.example.org (Postfix) with ESMTP id 4Y0A1B2C3D\n'
			printf '\tfor <alice@example.org>; Thu, 28 Nov 2024 15:59:00 +0000 (UTC)\n'
		fi
		printf 'Message-ID: <%s>\n' "$id"
		printf 'From: %s\n' "$from"
		printf 'To: Nobody <nobody@example.net>\n'
		printf 'Subject: fixture %s\n' "$_msgno"
		printf 'Date: Thu, 28 Nov 2024 15:58:00 +0000\n'
		printf 'MIME-Version: 1.0\n'
		printf 'Content-Type: text/plain; charset=us-ascii\n'
		printf '\n'
		printf 'Hello, this is fixture message %s.\n' "$_msgno"
	} > "$f"
	nm new --quiet >/dev/null || diag "notmuch new failed"
	local t
	for t in "$@"; do
		nm tag "+$t" -- "id:$id" || diag "notmuch tag +$t failed"
	done
}

# add_sent MSGID: the user's own sent message: ~/Maildir/.Sent/cur,
# From: alice@example.org, no Received:, tagged +sent.
add_sent() {
	add_message .Sent "$1" 'Alice Example <alice@example.org>' no sent
}

# make_ham [MSGID]: an ordinary message on stdout (LF line ends).
make_ham() {
	cat <<EOF
Received: from mail.example.net (mail.example.net [192.0.2.10])
	by mx.example.org (Postfix) with ESMTPS id 4Y0H4M0001
	for <alice@example.org>; Thu, 28 Nov 2024 16:00:00 +0000 (UTC)
From: Bob <bob@example.net>
To: Alice <alice@example.org>
Subject: lunch on Friday?
Date: Thu, 28 Nov 2024 16:00:00 +0000
Message-ID: <${1:-ham-1@example.net}>
MIME-Version: 1.0
Content-Type: text/plain; charset=us-ascii

Hi Alice,

shall we have lunch on Friday?
From the office, around noon.

Bob
EOF
}

# make_bounce MSGID [PART]: a Postfix 3.7 bounce (multipart/report DSN) of a
# message from alice@example.org whose Message-ID is MSGID, on stdout.
# PART is how the original is returned:
#   rfc822   message/rfc822 with the whole message (default)
#   headers  text/rfc822-headers (as Postfix delay warnings do; the
#            report is then a delay, Action: delayed)
#   noid     message/rfc822 whose header has no Message-ID
#   empty    an empty message/rfc822 part (GMime prints criticals on it)
# MSGID is printed raw, so it may carry any bytes.  BOUNCE_ID overrides
# the bounce's own Message-Id (default bounce-<MSGID-ish>@mx.example.org).
make_bounce() {
	local id=$1 part=${2:-rfc822} b subj act st desc ctype
	local own=${BOUNCE_ID:-}
	b='4Y0Q1R2S3T.1732809601/mx.example.org'
	if [ -z "$own" ]; then
		_msgno=$((_msgno + 1))
		own="20241128160001.4Y0Q1R2S3T.$_msgno@mx.example.org"
	fi
	subj='Undelivered Mail Returned to Sender'
	act=failed st=5.1.1 desc='Undelivered Message' ctype=message/rfc822
	if [ "$part" = headers ]; then
		subj='Delayed Mail (still being retried)'
		act=delayed st=4.4.1
		desc='Undelivered Message Headers' ctype=text/rfc822-headers
	fi
	cat <<EOF
Return-Path: <>
X-Original-To: alice@example.org
Delivered-To: alice@example.org
Received: by mx.example.org (Postfix)
	id 4Y0Q1R2S3T; Thu, 28 Nov 2024 16:00:01 +0000 (UTC)
Date: Thu, 28 Nov 2024 16:00:01 +0000 (UTC)
From: MAILER-DAEMON@mx.example.org (Mail Delivery System)
Subject: $subj
To: alice@example.org
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
	boundary="$b"
Content-Transfer-Encoding: 8bit
Message-Id: <$own>

This is a MIME-encapsulated message.

--$b
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mx.example.org.

EOF
	if [ "$part" = headers ]; then
		cat <<EOF
####################################################################
# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #
####################################################################

Your message could not be delivered for more than 4 hour(s).
It will be retried until it is 5 day(s) old.

For further assistance, please send mail to postmaster.

If you do so, please include this problem report. You can
delete your own text from the attached returned message.

                   The mail system

<nobody@example.net>: connect to mx.example.net[192.0.2.25]:25: Connection
    timed out
EOF
	else
		cat <<EOF
I'm sorry to have to inform you that your message could not
be delivered to one or more recipients. It's attached below.

For further assistance, please send mail to postmaster.

If you do so, please include this problem report. You can
delete your own text from the attached returned message.

                   The mail system

<nobody@example.net>: host mx.example.net[192.0.2.25] said: 550 5.1.1
    <nobody@example.net>: Recipient address rejected: User unknown in local
    recipient table (in reply to RCPT TO command)
EOF
	fi
	cat <<EOF

--$b
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.org
X-Postfix-Queue-ID: 4Y0Q1R2S3T
X-Postfix-Sender: rfc822; alice@example.org
Arrival-Date: Thu, 28 Nov 2024 15:58:00 +0000 (UTC)

Final-Recipient: rfc822; nobody@example.net
Original-Recipient: rfc822;nobody@example.net
Action: $act
Status: $st
Remote-MTA: dns; mx.example.net
Diagnostic-Code: smtp; 550 5.1.1 <nobody@example.net>: Recipient address
    rejected: User unknown in local recipient table

--$b
Content-Description: $desc
Content-Type: $ctype
EOF
	if [ "$part" = rfc822 ] || [ "$part" = noid ]; then
		printf 'Content-Transfer-Encoding: 8bit\n'
	fi
	printf '\n'
	if [ "$part" != empty ]; then
		printf 'Return-Path: <alice@example.org>\n'
		printf 'Received: from [192.0.2.99] (unknown [192.0.2.99])\n'
		printf '\tby mx.example.org (Postfix) with ESMTP id 4Y0Q1R2S3T\n'
		printf '\tfor <nobody@example.net>; Thu, 28 Nov 2024 15:58:00 +0000 (UTC)\n'
		[ "$part" = noid ] || printf 'Message-ID: <%s>\n' "$id"
		printf 'From: Alice Example <alice@example.org>\n'
		printf 'To: nobody@example.net\n'
		printf 'Subject: Re: invoice\n'
		printf 'Date: Thu, 28 Nov 2024 15:58:00 +0000\n'
		printf 'MIME-Version: 1.0\n'
		printf 'Content-Type: text/plain; charset=us-ascii\n'
		if [ "$part" != headers ]; then
			printf '\nPlease find the invoice attached.\n'
		fi
	fi
	printf '\n--%s--\n' "$b"
}

# make_exim_bounce MSGID: an Exim 4.96 bounce of MSGID as the pipe
# transport gives it: mbox From line, no top-level Return-Path (the only
# Return-Path, <alice@example.org>, is inside the returned message),
# References: <MSGID>, X-Failed-Recipients.  BOUNCE_ID as for make_bounce.
make_exim_bounce() {
	local id=$1 b=1732809601-eximdsn-1804289383
	local own=${BOUNCE_ID:-E1tGabc-000123-AB@mx.example.org}
	cat <<EOF
From MAILER-DAEMON Thu Nov 28 16:00:01 2024
Received: from Debian-exim by mx.example.org with local (Exim 4.96)
	id 1tGabc-000123-AB
	for alice@example.org;
	Thu, 28 Nov 2024 16:00:01 +0000
X-Failed-Recipients: nobody@example.net
Auto-Submitted: auto-replied
From: Mail Delivery System <Mailer-Daemon@mx.example.org>
To: alice@example.org
References: <$id>
Content-Type: multipart/report; report-type=delivery-status; boundary=$b
MIME-Version: 1.0
Subject: Mail delivery failed: returning message to sender
Message-Id: <$own>
Date: Thu, 28 Nov 2024 16:00:01 +0000

--$b
Content-type: text/plain; charset=us-ascii

This message was created automatically by mail delivery software.

A message that you sent could not be delivered to one or more of its
recipients. This is a permanent error. The following address(es) failed:

  nobody@example.net
    host mx.example.net [192.0.2.25]
    SMTP error from remote mail server after RCPT TO:<nobody@example.net>:
    550 5.1.1 <nobody@example.net>: Recipient address rejected: User unknown

--$b
Content-type: message/delivery-status

Reporting-MTA: dns; mx.example.org

Action: failed
Final-Recipient: rfc822;nobody@example.net
Status: 5.0.0
Remote-MTA: dns; mx.example.net
Diagnostic-Code: smtp; 550 5.1.1 <nobody@example.net>: Recipient address rejected: User unknown

--$b
Content-type: message/rfc822

Return-path: <alice@example.org>
Received: from alice by mx.example.org with local (Exim 4.96)
	(envelope-from <alice@example.org>)
	id 1tGab9-000120-AA
	for nobody@example.net;
	Thu, 28 Nov 2024 15:58:00 +0000
Message-ID: <$id>
From: Alice Example <alice@example.org>
To: nobody@example.net
Subject: Re: invoice
Date: Thu, 28 Nov 2024 15:58:00 +0000

Please find the invoice attached.

--$b--
EOF
}

# make_autoreply [IN_REPLY_TO]: an RFC 3834 auto-reply (Exim autoreply
# style: Auto-Submitted, In-Reply-To and References).  Without an argument
# there is no In-Reply-To/References.
make_autoreply() {
	cat <<EOF
Return-Path: <>
Received: from mail.example.net (mail.example.net [192.0.2.10])
	by mx.example.org (Postfix) with ESMTP id 4Y0AR00001
	for <alice@example.org>; Thu, 28 Nov 2024 16:05:00 +0000 (UTC)
From: Bob <bob@example.net>
To: alice@example.org
Subject: Out of office: Re: invoice
Date: Thu, 28 Nov 2024 16:05:00 +0000
Message-ID: <autoreply-$$-${_msgno}@example.net>
Auto-Submitted: auto-replied
Precedence: bulk
X-Autoreply: yes
EOF
	if [ $# -gt 0 ]; then
		printf 'In-Reply-To: <%s>\n' "$1"
		printf 'References: <%s>\n' "$1"
	fi
	cat <<EOF
MIME-Version: 1.0
Content-Type: text/plain; charset=us-ascii

I am out of the office until Monday and will answer your message then.

Bob
EOF
}

# with_from_line: prefix stdin with a Postfix-style mbox From line.
FROM_LINE='From MAILER-DAEMON  Thu Nov 28 16:00:01 2024'
with_from_line() {
	printf '%s\n' "$FROM_LINE"
	cat
}

# to_crlf: LF -> CRLF on stdin.
to_crlf() {
	sed 's/$/\r/'
}

# ---------------------------------------------------------------- delivery

# deliver FILE [ARG...]: run "$BACKSTOP" ARG... < FILE, then wait for
# the batch indexer it may have started (wait_indexer), as a user who
# looks a moment later would; DELIVER_WAIT=no returns at once.
# Sets RC, OUT (stdout) and ERR (stderr); also left in $WORKDIR/out, err.
deliver() {
	local f=$1
	shift
	"$BACKSTOP" "$@" < "$f" > "$WORKDIR/out" 2> "$WORKDIR/err"
	RC=$?
	[ "${DELIVER_WAIT:-yes}" = no ] || wait_settled
	OUT=$(cat "$WORKDIR/out")
	ERR=$(cat "$WORKDIR/err")
	if [ "$RC" -ne 0 ] && [ -s "$WORKDIR/err" ]; then
		diag "backstop exit $RC, stderr:" "$ERR"
	fi
	return 0
}

# msgs FOLDER: list the message files in FOLDER/new and FOLDER/cur.
msgs() {
	local d
	for d in "$1/new" "$1/cur"; do
		[ -d "$d" ] || continue
		find "$d" -mindepth 1 -maxdepth 1 -type f
	done | sort
}

# count FOLDER: how many messages are in FOLDER's new/ and cur/.
count() {
	msgs "$1" | wc -l | tr -d ' '
}

# newest FOLDER: the most recently modified message file in FOLDER.
newest() {
	local d
	for d in "$1/new" "$1/cur"; do
		[ -d "$d" ] || continue
		find "$d" -mindepth 1 -maxdepth 1 -type f -printf '%T@ %p\n'
	done | sort -n | tail -n 1 | cut -d' ' -f2-
}

# first_line FILE: the first line, without its LF (a CR is kept).
first_line() {
	head -n 1 "$1"
}

# body_after N FILE: FILE without its first N lines.
body_after() {
	tail -n "+$(($1 + 1))" "$2"
}

# The line delivery adds to a message notmuch would skip (mda/bare.h).
BARE_SUBJECT='Subject: (backstop: delivered without From, To or Subject)'

# same_after N STORED INPUT: STORED minus N first lines == INPUT, bytewise.
# When line N+1 is $BARE_SUBJECT (added to a message without From, To or
# Subject, with an empty line after it when the input has no header),
# those added lines are skipped too: the input's bytes follow them.
same_after() {
	if [ "$(sed -n "$(($1 + 1))p" "$2" | tr -d '\r')" = "$BARE_SUBJECT" ]; then
		body_after $(($1 + 1)) "$2" | cmp -s - "$3" ||
			body_after $(($1 + 2)) "$2" | cmp -s - "$3"
	else
		body_after "$1" "$2" | cmp -s - "$3"
	fi
}

# mode PATH: octal permission bits.
mode() {
	stat -c %a "$1"
}

# tags MSGID: the notmuch tags of id:MSGID, one per line, sorted.
tags() {
	nm search --output=tags -- "id:$1" | sort
}

# has_tag MSGID TAG / lacks_tag MSGID TAG
has_tag() {
	tags "$1" | grep -qxF -- "$2"
}
lacks_tag() {
	! has_tag "$1" "$2"
}

# nm_count QUERY: notmuch count (messages)
nm_count() {
	nm count -- "$@"
}

# Quarantined mail is indexed by the batch indexer that deliveries start
# (mda/background.c), after `backstop` has exited.  Call these once the
# deliveries have finished (while they go on, there is always more).
#
# indexer_idle: true if no batch indexer holds batch.lock right now.
# Read from /proc/locks, not by trying the lock: a try, in the instant an
# indexer lets go to look at the list again, would make it exit.
indexer_idle() {
	local lock=${XDG_STATE_HOME:-$HOME/.local/state}/backstop/batch.lock ino
	ino=$(stat -c %i "$lock" 2>/dev/null) || return 0
	! awk -v ino="$ino" '$2 == "FLOCK" { n = split($6, f, ":"); if (f[n] == ino) found = 1 }
		END { exit !found }' /proc/locks
}

# wait_indexer [SECONDS]: waits (default 20 s) until no batch indexer
# runs, whatever is left pending; returns 1, with a diagnostic, on time-out.
# (An indexer lingers a second after its last batch.)
wait_indexer() {
	local i=0 limit=$(( ${1:-20} * 20 ))
	while ! indexer_idle; do
		i=$((i + 1))
		[ "$i" -ge "$limit" ] && { diag "wait_indexer: the batch indexer still runs after ${1:-20} s"; return 1; }
		sleep 0.05
	done
}

# wait_indexed [SECONDS]: waits (default 20 s) until the batch indexer
# has indexed everything pending (entries go once their commit is
# durable; the indexer may linger a second longer); 1 on time-out.
wait_indexed() {
	local i=0 limit=$(( ${1:-20} * 20 ))
	local dir=${XDG_STATE_HOME:-$HOME/.local/state}/backstop/pending
	until [ -z "$(ls -A "$dir" 2>/dev/null)" ]; do
		i=$((i + 1))
		[ "$i" -ge "$limit" ] && { diag "wait_indexed: $(ls -A "$dir" 2>/dev/null | wc -l) entries still pending after ${1:-20} s"; return 1; }
		sleep 0.05
	done
}

# wait_settled [SECONDS]: waits (default 20 s) until nothing is pending
# or no batch indexer runs (it gave up on what is left).
wait_settled() {
	local i=0 limit=$(( ${1:-20} * 20 ))
	local dir=${XDG_STATE_HOME:-$HOME/.local/state}/backstop/pending
	until [ -z "$(ls -A "$dir" 2>/dev/null)" ] || indexer_idle; do
		i=$((i + 1))
		[ "$i" -ge "$limit" ] && { diag "wait_settled: still pending, the indexer still runs after ${1:-20} s"; return 1; }
		sleep 0.05
	done
}

# judge_pid: the pid of the resident judge (mda/judge-server.c) that
# holds this HOME's judge lock, or nothing.
judge_pid() {
	local pid
	pid=$(cat "${XDG_STATE_HOME:-$HOME/.local/state}/backstop/judge/lock" 2>/dev/null)
	case $pid in
	''|*[!0-9]*) return 0 ;;
	esac
	grep -qa -- '--serve' "/proc/$pid/cmdline" 2>/dev/null && echo "$pid"
	return 0
}

# start_judge [ARG...]: starts a resident judge now, as a delivery
# would (detached, in the current environment; ARG... e.g. -c FILE, as
# a delivery passes its config file), and waits (up to 10 s) until it
# listens.  Returns 1, with a diagnostic, if it does not.
start_judge() {
	local i=0 sock=${XDG_STATE_HOME:-$HOME/.local/state}/backstop/judge/socket
	(setsid "$BACKSTOP" judge --serve "$@" < /dev/null > /dev/null 2>&1 &)
	until [ -S "$sock" ] && [ -n "$(judge_pid)" ]; do
		i=$((i + 1))
		[ "$i" -ge 200 ] && { diag "start_judge: no judge listens after 10 s"; return 1; }
		sleep 0.05
	done
}

# stop_judge: ends the resident judge a delivery left waiting for more
# mail (it would linger [delivery] judge_idle seconds), and waits for it.
stop_judge() {
	local pid i=0
	pid=$(judge_pid)
	[ -n "$pid" ] || return 0
	kill "$pid" 2>/dev/null
	while [ -d "/proc/$pid" ] && [ "$i" -lt 100 ]; do
		grep -q '^State:.*Z' "/proc/$pid/status" 2>/dev/null && break
		i=$((i + 1))
		sleep 0.05
	done
}

# now_ms: milliseconds since the epoch.
now_ms() {
	date +%s%3N
}

# valid_name FILE: the file name has the form sec.M<usec>P<pid>Q<n>.<host>
# (plus a :2,FLAGS suffix in cur/).
valid_name() {
	basename "$1" | grep -Eq '^[0-9]+\.M[0-9]+P[0-9]+Q[0-9]+\.[^/:]+(:2,[A-Za-z]*)?$'
}

# xb_re VERDICT CLASS [REF]: ERE for the X-Backstop line (whole line).
xb_re() {
	local r="^X-Backstop: $1; class=$2"
	if [ $# -ge 3 ]; then
		r="$r; ref=$(ere_quote "$3")"
	fi
	printf '%s' "$r(; failed=[^;]*(; status=[0-9.]+)?(; others=[0-9]+)?)?(; evidence=[^;]*)?\$"
}

# ere_quote STRING: STRING with ERE metacharacters escaped.
ere_quote() {
	printf '%s' "$1" | sed 's/[][\.*^$+?(){}|/]/\\&/g'
}

# find_id DIR MSGID: the delivered files (in some new/ or cur/ below DIR,
# not in .notmuch) whose text contains <MSGID>.
find_id() {
	find "$1" -name .notmuch -prune -o -type f \
		\( -path '*/new/*' -o -path '*/cur/*' \) -print0 2>/dev/null |
		xargs -0 -r grep -lF -- "<$2>" | sort
}
