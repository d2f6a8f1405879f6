#!/usr/bin/env bash
# mta/0310: backstop for every user under a real Exim, through the router
# and transport that contrib/exim.txt prints (taken from that file, so the
# text and the test cannot drift): the transport runs backstop as the
# user and adds Return-Path and Envelope-To, which Debian's address_pipe
# (mta/0300) does not.  No ~/.forward at all.
#
#   - ordinary mail lands in the inbox, with Envelope-To;
#   - the user's own bounce (top-level Return-Path: <> now) is genuine;
#   - a bounce of a forgery is quarantined;
#   - backstop fails temporarily: temp_errors = 75 defers; after the
#     repair and a forced queue run it lands exactly once.
. "${TESTS_DIR:-$(dirname "$0")/..}/lib.sh"
. "$TESTS_DIR/mta/lib-postfix.sh"
EX_ROUTE=contrib
. "$TESTS_DIR/mta/lib-exim.sh"
ex_require 17
ex_setup
rm -f "$PF_HOME/.forward"

message() {
	cat <<MSG
From: $2
To: $3
Subject: $4
Date: $(date -R)
Message-ID: <$1>

Hello from the Exim router test ($1).
MSG
}

header_of() {
	sed '/^$/q' "$1"
}

ok "the config has contrib/exim.txt's router and transport" \
	eval "grep -q '^  backstop_user:' $EX_CONF && grep -q '^    command = $PF_BIN\$' $EX_CONF"

message ham-exr-1@example.net 'Carol <carol@example.net>' "$PF_ADDR" 'lunch?' > ham.eml
ok "SMTP submission of an ordinary message" ex_smtp carol@example.net "$PF_ADDR" ham.eml
ok "it lands (within 30 s)" wait_for 30 copies_are ham-exr-1@example.net 1
f=$(settled_path ham-exr-1@example.net)
like "$f" "^$MAILDIR/new/" "ordinary mail: in the inbox"
like "$(head -n 1 "$f")" "$(xb_re ham none)" "ordinary mail: X-Backstop: ham"
like "$(header_of "$f")" "Envelope-to: $PF_ADDR" "the transport added Envelope-To"
ok "Exim logged the delivery through backstop_pipe" \
	ex_log_has "=> $PF_USER <$PF_ADDR> R=backstop_user T=backstop_pipe"

message sent-exr-2@user.test "Bs Test <$PF_ADDR>" "nosuchuser@$PF_DOMAIN" 'invoice' > sent.eml
mkdir -p "$MAILDIR/.Sent/cur"
cp sent.eml "$MAILDIR/.Sent/cur/1700000000.M1.exr:2,S"
nm new --quiet && nm tag +sent -- id:sent-exr-2@user.test
pf_chown
ex_sendmail "$PF_ADDR" "nosuchuser@$PF_DOMAIN" sent.eml
ok "Exim's bounce of the user's message lands (within 30 s)" \
	wait_for 30 copies_are sent-exr-2@user.test 1 '/\.Sent/'
f=$(settled_path sent-exr-2@user.test "/\.Sent/")
like "$(head -n 1 "$f")" "$(xb_re genuine bounce sent-exr-2@user.test)" "genuine bounce: X-Backstop: genuine"
like "$(header_of "$f")" 'Return-path: <>' "the transport added a top-level Return-Path: <>"

message forged-exr-3@spam.example.net "Bs Test <$PF_ADDR>" "nobody-here@$PF_DOMAIN" 'pills' > forged.eml
ex_smtp "$PF_ADDR" "nobody-here@$PF_DOMAIN" forged.eml
ok "the bounce of a forgery lands (within 30 s)" wait_for 30 copies_are forged-exr-3@spam.example.net 1
f=$(settled_path forged-exr-3@spam.example.net)
like "$f" "^$QUARANTINE/(new|cur)/" "backscatter: in the quarantine"
like "$(head -n 1 "$f")" "$(xb_re backscatter bounce forged-exr-3@spam.example.net)" "backscatter: X-Backstop line"

message tempfail-exr-4@example.net 'Carol <carol@example.net>' "$PF_ADDR" 'retry me' > tf.eml
chmod 500 "$MAILDIR/tmp"
ex_smtp carol@example.net "$PF_ADDR" tf.eml
ok "temp_errors = 75: Exim defers (within 30 s)" \
	wait_for 30 ex_log_has "== $PF_ADDR R=backstop_user T=backstop_pipe defer \\(0\\): Child process of backstop_pipe transport returned 75"
is "$(copies tempfail-exr-4@example.net) $(ex_queue_count)" "0 1" "deferred: not delivered, still queued"
chmod 700 "$MAILDIR/tmp"
ok "after the repair and forced queue runs it lands (within 30 s)" ex_flush_until tempfail-exr-4@example.net
sleep 3
is "$(copies tempfail-exr-4@example.net) $(ex_queue_count)" "1 0" "exactly once; the queue is empty"
