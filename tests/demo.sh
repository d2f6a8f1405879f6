#!/bin/sh
# demo.sh: show backstop at work, and check that it did the right thing.
#
# Usage: tests/demo.sh BACKSTOP_BINARY      (what `make demo` runs)
#        KEEP=1 tests/demo.sh ...           keep the throwaway HOME
#
# The demo builds a throwaway HOME for alice@example.org: a Maildir, a
# ~/.notmuch-config and a notmuch database holding one message she sent.
# Then it delivers three messages through the real binary, the way the
# MTA does from ~/.forward (a bare environment, the envelope in $SENDER
# and $RECIPIENT, an mbox "From " line first, no backstop config at all):
#
#   1. an ordinary message                      -> inbox, "ham"
#   2. a Postfix bounce of the message she sent -> inbox, "genuine"
#   3. the same kind of bounce of a message she
#      never sent (backscatter of a forgery)    -> quarantine, "backscatter"
#
# It prints where each landed and its X-Backstop line, then what
# `notmuch search tag:backscatter` finds (the forged bounce only).  Any
# other outcome makes it exit 1, so `make demo` is a check as well.

set -u

if [ $# -ne 1 ]; then
	echo "usage: $0 BACKSTOP_BINARY" >&2
	exit 64
fi
case $1 in
/*) BIN=$1 ;;
*) BIN=$(pwd)/$1 ;;
esac
if [ ! -x "$BIN" ]; then
	echo "demo: $BIN: not an executable (run make first)" >&2
	exit 1
fi
for tool in notmuch timeout mktemp; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "demo: $tool not found (as root, run ./bootstrap to install it)" >&2
		exit 1
	fi
done

DEMO_HOME=$(mktemp -d "${TMPDIR:-/tmp}/backstop-demo.XXXXXX") || exit 1
# shellcheck disable=SC2317 # called by the trap
cleanup() {
	if [ "${KEEP:-0}" = 1 ]; then
		echo "demo: kept $DEMO_HOME"
	else
		# The deliveries left a resident judge waiting for more mail.
		as_alice "$BIN" judge --stop >/dev/null 2>&1
		rm -rf "$DEMO_HOME"
	fi
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

FAILED=0
fail() {
	echo "   FAIL: $*"
	FAILED=$((FAILED + 1))
}

# Run a command as alice would be run by the MTA: nothing of our own
# environment leaks in, so notmuch finds ~/.notmuch-config by its own lookup.
as_alice() {
	env -i HOME="$DEMO_HOME" USER=alice LOGNAME=alice \
	    PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 "$@"
}

MAILDIR=$DEMO_HOME/Maildir
SENT_ID=20261126094500.1234@laptop.example.org
FORGED_ID=20261126231501.5F3A@spammer.example.net
# The forged bounce's own Message-Id (write_bounce derives it from the queue id).
FORGED_BOUNCE_ID=20261126231509.7C11E9D02@mail.example.org

# --- alice's mail setup --------------------------------------------------
mkdir -p "$MAILDIR/cur" "$MAILDIR/new" "$MAILDIR/tmp" \
	"$MAILDIR/.Sent/cur" "$MAILDIR/.Sent/new" "$MAILDIR/.Sent/tmp"
cat >"$DEMO_HOME/.notmuch-config" <<EOF
[database]
path=$MAILDIR

[user]
name=Alice Liddell
primary_email=alice@example.org

[new]
tags=unread;inbox;
ignore=

[search]
exclude_tags=deleted;spam;

[maildir]
synchronize_flags=true
EOF

# The message alice sent (her mail client filed a copy in .Sent).
cat >"$MAILDIR/.Sent/cur/1764150300.M1P1234Q1.laptop:2,S" <<EOF
From: Alice Liddell <alice@example.org>
To: Bob <bob@nowhere.example>
Subject: Lunch on Friday?
Date: Thu, 26 Nov 2026 09:45:00 +0000
Message-ID: <$SENT_ID>
MIME-Version: 1.0
Content-Type: text/plain; charset=us-ascii

Hi Bob, are we still on for lunch on Friday?

Alice
EOF

if ! as_alice notmuch new --quiet; then
	echo "demo: notmuch new failed" >&2
	exit 1
fi
as_alice notmuch tag +sent -inbox -unread -- "id:$SENT_ID" || exit 1

# --- the three messages --------------------------------------------------
write_ordinary() {
	cat <<'EOF'
From carol@example.net  Thu Nov 26 14:02:11 2026
Return-Path: <carol@example.net>
X-Original-To: alice@example.org
Delivered-To: alice@example.org
Received: from mx.example.net (mx.example.net [198.51.100.7])
	by mail.example.org (Postfix) with ESMTPS id 9C0D2140F
	for <alice@example.org>; Thu, 26 Nov 2026 14:02:11 +0000 (UTC)
From: Carol <carol@example.net>
To: alice@example.org
Subject: Slides from Tuesday
Date: Thu, 26 Nov 2026 14:02:09 +0000
Message-ID: <8a1f3c2e-77b0-4d1e@example.net>
MIME-Version: 1.0
Content-Type: text/plain; charset=us-ascii

Hi Alice,

the slides are on the shared drive now.

Carol
EOF
}

# write_bounce QUEUE_ID ORIGINAL_MESSAGE_ID ORIGINAL_SUBJECT
# A Postfix non-delivery report to alice, as Postfix's local(8) hands it
# to a ~/.forward pipe, quoting a message "From" alice whole.
write_bounce() {
	cat <<EOF
From MAILER-DAEMON  Thu Nov 26 23:15:09 2026
Return-Path: <>
X-Original-To: alice@example.org
Delivered-To: alice@example.org
Received: by mail.example.org (Postfix)
	id $1; Thu, 26 Nov 2026 23:15:09 +0000 (UTC)
Date: Thu, 26 Nov 2026 23:15:09 +0000 (UTC)
From: MAILER-DAEMON@mail.example.org (Mail Delivery System)
Subject: Undelivered Mail Returned to Sender
To: alice@example.org
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
	boundary="$1.1764198909/mail.example.org"
Content-Transfer-Encoding: 8bit
Message-Id: <20261126231509.$1@mail.example.org>

This is a MIME-encapsulated message.

--$1.1764198909/mail.example.org
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mail.example.org.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients. It's attached below.

For further assistance, please send mail to postmaster.

If you do so, please include this problem report. You can
delete your own text from the attached returned message.

                   The mail system

<bob@nowhere.example>: host mx.nowhere.example[192.0.2.25] said: 550 5.1.1
    <bob@nowhere.example>: Recipient address rejected: User unknown (in reply
    to RCPT TO command)

--$1.1764198909/mail.example.org
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; mail.example.org
X-Postfix-Queue-ID: $1
X-Postfix-Sender: rfc822; alice@example.org
Arrival-Date: Thu, 26 Nov 2026 23:15:02 +0000 (UTC)

Final-Recipient: rfc822; bob@nowhere.example
Original-Recipient: rfc822;bob@nowhere.example
Action: failed
Status: 5.1.1
Remote-MTA: dns; mx.nowhere.example
Diagnostic-Code: smtp; 550 5.1.1 <bob@nowhere.example>: Recipient address
    rejected: User unknown

--$1.1764198909/mail.example.org
Content-Description: Undelivered Message
Content-Type: message/rfc822
Content-Transfer-Encoding: 8bit

Return-Path: <alice@example.org>
Received: from laptop.example.org (unknown [203.0.113.9])
	by mail.example.org (Postfix) with ESMTPSA id $1
	for <bob@nowhere.example>; Thu, 26 Nov 2026 23:15:02 +0000 (UTC)
From: Alice Liddell <alice@example.org>
To: Bob <bob@nowhere.example>
Subject: $3
Date: Thu, 26 Nov 2026 09:45:00 +0000
Message-ID: <$2>
MIME-Version: 1.0
Content-Type: text/plain; charset=us-ascii

(the body of the returned message)

--$1.1764198909/mail.example.org--
EOF
}

list_files() {
	find "$MAILDIR" -path "$MAILDIR/.notmuch" -prune -o -type f -print | sort
}

# deliver TITLE SENDER EXPECT_FOLDER EXPECT_HEADER_PREFIX
# Pipe $DEMO_HOME/msg to backstop as the MTA would, then report where it
# went.  (Not at the end of a pipeline: FAILED must survive.)
deliver() {
	title=$1 sender=$2 want_folder=$3 want_header=$4
	echo
	echo "== $title"
	list_files >"$DEMO_HOME/before"
	as_alice SENDER="$sender" RECIPIENT=alice@example.org \
	    ORIGINAL_RECIPIENT=alice@example.org \
	    timeout 60 "$BIN" -v <"$DEMO_HOME/msg" 2>"$DEMO_HOME/stderr"
	status=$?
	# A quarantined message is indexed (and renamed to cur/) by the batch
	# indexer after backstop exits; `backstop index` waits for it.
	as_alice timeout 60 "$BIN" index >/dev/null 2>&1
	list_files >"$DEMO_HOME/after"
	echo "   exit status: $status"
	sed 's/^/   stderr: /' "$DEMO_HOME/stderr"
	[ "$status" = 0 ] || fail "exit status $status, want 0"

	new=$(comm -13 "$DEMO_HOME/before" "$DEMO_HOME/after")
	count=$(printf '%s' "$new" | grep -c .)
	if [ "$count" != 1 ]; then
		fail "$count new files in the Maildir, want 1"
		[ -z "$new" ] || printf '%s\n' "$new" | sed 's/^/   new file: /'
		return
	fi
	rel=${new#"$MAILDIR"/}
	case $rel in
	.Backscatter/new/* | .Backscatter/cur/*) folder=quarantine ;;
	new/* | cur/*) folder=inbox ;;
	*) folder=elsewhere ;;
	esac
	echo "   landed in:   $folder ~/Maildir/$rel"
	header=$(sed -n '1{s/\r$//;p;}' "$new")
	echo "   header:      $header"
	[ "$folder" = "$want_folder" ] || fail "landed in $folder, want $want_folder"
	case $header in
	"$want_header"*) ;;
	*) fail "first line is not '$want_header...'" ;;
	esac
}

echo "backstop demo: HOME=$DEMO_HOME"
echo "alice@example.org sent one message, <$SENT_ID> (tagged sent, in ~/Maildir/.Sent)."

write_ordinary >"$DEMO_HOME/msg"
deliver "an ordinary message from carol@example.net" \
    carol@example.net inbox "X-Backstop: ham; class=none"
write_bounce 4F2A81234 "$SENT_ID" "Lunch on Friday?" >"$DEMO_HOME/msg"
deliver "a bounce of the message alice sent (genuine)" \
    "" inbox "X-Backstop: genuine; class=bounce; ref=$SENT_ID;"
write_bounce 7C11E9D02 "$FORGED_ID" "Cheap watches" >"$DEMO_HOME/msg"
deliver "a bounce of a message alice never sent (forged in her name)" \
    "" quarantine "X-Backstop: backscatter; class=bounce; ref=$FORGED_ID;"

echo
echo "== notmuch search tag:backscatter"
as_alice notmuch search tag:backscatter | sed 's/^/   /'
found=$(as_alice notmuch search --output=messages tag:backscatter | tr '\n' ' ')
if [ "$found" != "id:$FORGED_BOUNCE_ID " ]; then
	fail "tag:backscatter finds '$found', want the forged bounce" \
	    "(id:$FORGED_BOUNCE_ID) only"
fi

echo
if [ "$FAILED" -ne 0 ]; then
	echo "demo: $FAILED expectation(s) failed (run with KEEP=1 to inspect)"
	exit 1
fi
echo "demo: all as expected: ordinary and genuine bounce in the inbox," \
    "forged bounce quarantined and tagged backscatter."
exit 0
