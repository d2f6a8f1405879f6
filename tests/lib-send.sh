# tests/lib-send.sh: helpers for the tests of `backstop sendmail` and the
# evidence sources (tests/e2e/1xxx-*.sh).  Source it after tests/lib.sh
# and mkhome.
#
# A recording fake sendmail stands in for the real one: it saves its
# argv (one word per line) in $FAKE_DIR/argv and its standard input in
# $FAKE_DIR/msg, counts its runs in $FAKE_DIR/runs, and exits with the
# status in $FAKE_DIR/status (default 0).

# mksend: the fake sendmail, $KEY and $SENT_LOG, and a config that uses
# the fake with notmuch off.  Extra config lines come from stdin (give
# </dev/null for none); they are appended after the [send] section's
# first line, so section headers may follow.
mksend() {
	FAKE_DIR=$WORKDIR/fake
	FAKE=$FAKE_DIR/sendmail
	KEY=$XDG_CONFIG_HOME/backstop/key
	SENT_LOG=$XDG_STATE_HOME/backstop/sent.log
	export FAKE_DIR
	mkdir -p "$FAKE_DIR"
	cat > "$FAKE" <<'EOF'
#!/bin/sh
d=${FAKE_DIR:?}
printf '%s\n' "$@" > "$d/argv"
cat > "$d/msg"
echo x >> "$d/runs"
exit "$(cat "$d/status" 2>/dev/null || echo 0)"
EOF
	chmod +x "$FAKE"
	send_config
}

# send_config: rewrite the config: fake sendmail, notmuch off, plus stdin.
send_config() {
	{
		printf '[send]\nsendmail = %s -oi\n' "$FAKE"
		cat
		printf '[notmuch]\nconfig = none\n'
	} | write_config
}

# fake_status N: the exit status of the next fake runs.
fake_status() {
	echo "$1" > "$FAKE_DIR/status"
}

# fake_runs: how often the fake ran.
fake_runs() {
	if [ -f "$FAKE_DIR/runs" ]; then wc -l < "$FAKE_DIR/runs" | tr -d ' '; else echo 0; fi
}

# send FILE [ARG...]: backstop sendmail ARG... < FILE; sets SRC, SERR.
send() {
	local f=$1
	shift
	rm -f "$FAKE_DIR/argv" "$FAKE_DIR/msg"
	"$BACKSTOP" sendmail "$@" < "$f" > "$WORKDIR/sout" 2> "$WORKDIR/serr"
	SRC=$?
	SERR=$(cat "$WORKDIR/serr")
}

# fake_argv: the fake's argv, one line.
fake_argv() {
	tr '\n' ' ' < "$FAKE_DIR/argv" 2>/dev/null | sed 's/ $//'
}

# sent_id: the Message-ID of the message the fake got (no <>).
sent_id() {
	sed -n 's/^Message-I[Dd]: *<\(.*\)>\r*$/\1/p' "$FAKE_DIR/msg" | head -n 1
}

# log_lines: lines in the sent log.
log_lines() {
	if [ -f "$SENT_LOG" ]; then wc -l < "$SENT_LOG" | tr -d ' '; else echo 0; fi
}

# make_outgoing [MSGID]: a message from alice to bob (and carol in Cc),
# with the Message-ID MSGID, or none.
make_outgoing() {
	printf 'From: Alice Example <alice@example.org>\n'
	printf 'To: Bob <bob@example.net>\n'
	printf 'Cc: carol@example.com\n'
	printf 'Subject: the invoice\n'
	printf 'Date: %s\n' "$(date -R)"
	[ $# -gt 0 ] && printf 'Message-ID: <%s>\n' "$1"
	printf 'MIME-Version: 1.0\n'
	printf 'Content-Type: text/plain; charset=us-ascii\n\n'
	printf 'Please find the invoice attached.\nFrom the office.\n'
}

# key_hex: the newest key's secret in hex.
key_hex() {
	grep -v '^#' "$KEY" | tail -n 1 | cut -d' ' -f3 | base64 -d | od -An -tx1 | tr -d ' \n'
}

# hmac TEXT: HMAC-SHA256 of TEXT with the newest key, in hex.
hmac() {
	printf '%s' "$1" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$(key_hex)" | sed 's/.*= *//'
}

# signed_id SECONDS-AGO DOMAIN: a Message-ID signed with key 0 as
# `backstop sendmail` makes them (filters/signature.h), made SECONDS-AGO.
signed_id() {
	local t r sig
	t=$(printf '%08x' $(( $(date +%s) - $1 )))
	r=0123456789abcdef
	sig=$(hmac "msgid:bs1.0.$t.$r@$2")
	printf 'bs1.0.%s.%s.%s@%s' "$t" "$r" "${sig:0:20}" "$2"
}

# tag_for LOCAL DAYS-FROM-NOW: "prvs=0DDDSSSSSS" for LOCAL with key 0,
# expiring DAYS-FROM-NOW days from today (negative: in the past).
tag_for() {
	local day sig
	day=$(( ( $(date +%s) / 86400 + $2 ) % 1000 ))
	day=$(printf '%03d' "$day")
	sig=$(hmac "prvs:0$day:$1")
	printf 'prvs=0%s%s' "$day" "${sig:0:6}"
}

# make_dsn ID: a Postfix DSN whose returned message has the header
# block on stdin (ID is only used for the bounce's own Message-Id).
make_dsn() {
	local b=4Y0Q1R2S3T.1732809601/mx.example.org
	cat <<EOF
Return-Path: <>
Delivered-To: alice@example.org
Date: $(date -R)
From: MAILER-DAEMON@mx.example.org (Mail Delivery System)
Subject: Undelivered Mail Returned to Sender
To: alice@example.org
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
	boundary="$b"
Message-Id: <dsn-$1@mx.example.org>

--$b
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mx.example.org.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients. It's attached below.

<nobody@example.net>: host mx.example.net[192.0.2.25] said: 550 5.1.1
    User unknown (in reply to RCPT TO command)

--$b
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.org

Final-Recipient: rfc822; nobody@example.net
Action: failed
Status: 5.1.1

--$b
Content-Type: message/rfc822

EOF
	cat
	printf '\nPlease find the invoice attached.\n\n--%s--\n' "$b"
}

# make_vacation FROM: a Debian vacation(1) reply as Postfix delivers it:
# no In-Reply-To or References, Precedence: bulk.
make_vacation() {
	cat <<EOF
Return-Path: <$1>
Delivered-To: alice@example.org
From: $1
To: alice@example.org
Subject: away from my mail
Date: $(date -R)
Message-ID: <vacation-$RANDOM-$RANDOM@example.net>
Precedence: bulk
Auto-Submitted: auto-replied

I will not be reading my mail for a while.
Your mail regarding "the invoice" will be read when I'm back.
EOF
}

# verdict_of FILE: "VERDICT EVIDENCE" of the delivered file's X-Backstop line.
xb_of() {
	first_line "${1:-/dev/null}"
}

# delivered_with ID: the delivered file (inbox or quarantine) holding <ID>.
delivered_with() {
	find_id "$MAILDIR" "$1" | head -n 1
}

# folder_of FILE: inbox or quarantine.
folder_of() {
	case $1 in
	"$QUARANTINE"/*) echo quarantine ;;
	"$MAILDIR"/*) echo inbox ;;
	*) echo none ;;
	esac
}
