#!/usr/bin/env bash
# mta/0100: backstop behind a real Postfix (Debian's package, a private
# instance on 127.0.0.1), run from the user's ~/.forward as Postfix runs it.
#
#   - ordinary mail over SMTP lands in the inbox;
#   - the user sends (sendmail, the sent copy in notmuch) to an unknown
#     local recipient: Postfix's own bounce lands in the inbox (genuine);
#   - a third party submits over SMTP with the user's address forged as
#     the sender, to an unknown recipient: Postfix's bounce lands in the
#     quarantine, tagged backscatter and bounce in notmuch;
#   - backstop fails temporarily (tmp/ not writable): Postfix defers;
#     once tmp/ is repaired and the queue flushed, the message lands once.
. "${TESTS_DIR:-$(dirname "$0")/..}/lib.sh"
. "$TESTS_DIR/mta/lib-postfix.sh"
pf_require 25
pf_setup

# A message with a given Message-ID, From and To, on stdout.
message() {
	cat <<MSG
From: $2
To: $3
Subject: $4
Date: $(date -R)
Message-ID: <$1>
MIME-Version: 1.0
Content-Type: text/plain; charset=us-ascii

Hello from the real-MTA test ($1).
MSG
}

# 1. ordinary mail from a third party over SMTP.
message ham-mta-1@example.net 'Carol <carol@example.net>' "$PF_ADDR" 'lunch?' > ham.eml
ok "SMTP submission of an ordinary message" pf_smtp carol@example.net "$PF_ADDR" ham.eml
ok "it lands (within 30 s)" wait_for 30 copies_are ham-mta-1@example.net 1
f=$(settled_path ham-mta-1@example.net)
like "$f" "^$MAILDIR/new/" "ordinary mail: in the inbox's new/"
like "$(head -n 1 "$f")" "$(xb_re ham none)" "ordinary mail: X-Backstop: ham"
like "$(sed -n 2p "$f")" '^X-Envelope-From: carol@example.net ' "Postfix's From line kept as X-Envelope-From"
ok "Postfix logged the delivery through backstop" log_has "to=<$PF_ADDR>.*status=sent \\(delivered to command: $PF_BIN\\)"

# 2. the user sends to an unknown local recipient; the sent copy is in notmuch.
message sent-mta-2@user.test "Bs Test <$PF_ADDR>" "nosuchuser@$PF_DOMAIN" 'invoice' > sent.eml
mkdir -p "$MAILDIR/.Sent/cur"
cp sent.eml "$MAILDIR/.Sent/cur/1700000000.M1.mta:2,S"
nm new --quiet && nm tag +sent -- id:sent-mta-2@user.test
pf_chown
ok "sendmail -f the user to an unknown local recipient" \
	pf_sendmail "$PF_ADDR" "nosuchuser@$PF_DOMAIN" sent.eml
ok "Postfix bounces it back to the user (within 30 s)" \
	wait_for 30 copies_are sent-mta-2@user.test 1 '/\.Sent/'
f=$(settled_path sent-mta-2@user.test "/\.Sent/")
like "$f" "^$MAILDIR/new/" "genuine bounce: in the inbox"
like "$(head -n 1 "$f")" "$(xb_re genuine bounce sent-mta-2@user.test)" \
	"genuine bounce: X-Backstop: genuine; class=bounce; ref=<the sent message>"

# 3. a forged sender over SMTP, to an unknown recipient: backscatter.
message forged-mta-3@spam.example.net "Bs Test <$PF_ADDR>" "nobody-here@$PF_DOMAIN" 'cheap pills' > forged.eml
ok "SMTP submission with the user's address forged as sender" \
	pf_smtp "$PF_ADDR" "nobody-here@$PF_DOMAIN" forged.eml
ok "Postfix's bounce is delivered (within 30 s)" \
	wait_for 30 copies_are forged-mta-3@spam.example.net 1
# The batch indexer indexes it (and renames it to cur/) after backstop exits.
wait_for 20 eval '[ -z "$(find "$QUARANTINE/new" -type f 2>/dev/null)" ]'
f=$(settled_path forged-mta-3@spam.example.net)
like "$f" "^$QUARANTINE/(new|cur)/" "backscatter: in the quarantine"
like "$(head -n 1 "$f")" "$(xb_re backscatter bounce forged-mta-3@spam.example.net)" \
	"backscatter: X-Backstop: backscatter; class=bounce; ref=<the forged message>"
bid=$(grep -m1 -i '^Message-Id:' "$f" | sed 's/^[^<]*<//; s/>.*//')
ok "backscatter: tagged backscatter and bounce in notmuch (within 20 s)" \
	wait_for 20 eval "has_tag '$bid' backscatter && has_tag '$bid' bounce && lacks_tag '$bid' inbox"

# 4. a temporary failure: Postfix defers, and after the repair it lands once.
message tempfail-mta-4@example.net 'Carol <carol@example.net>' "$PF_ADDR" 'retry me' > tf.eml
chmod 500 "$MAILDIR/tmp"
ok "SMTP submission while the user's tmp/ is not writable" \
	pf_smtp carol@example.net "$PF_ADDR" tf.eml
ok "Postfix defers it: backstop exited 75 (within 30 s)" \
	wait_for 30 log_has "to=<$PF_ADDR>.*status=deferred.*(75|temporary failure)"
is "$(copies tempfail-mta-4@example.net)" 0 "deferred: not delivered anywhere"
is "$(pf_queue_count)" 1 "deferred: still in Postfix's queue"
chmod 700 "$MAILDIR/tmp"
pf_flush
ok "after the repair and a flush it lands (within 30 s)" \
	wait_for 30 copies_are tempfail-mta-4@example.net 1
sleep 3
is "$(copies tempfail-mta-4@example.net)" 1 "exactly once, and the queue is empty ($(pf_queue_count) left)"

# 5. backstop sendmail -bv: Postfix mails the user a delivery report; the
#    request was recorded like a send, so the report is genuine (issue 13
#    item 7), not quarantined as backscatter.
#    It runs as root (only root may point Postfix's sendmail at this
#    private instance with -C); the real sendmail is a wrapper that first
#    gives the user's files back, the sent log among them (-bv is recorded
#    before the real sendmail runs, since the report may come at once).
mkdir -p "$HOME/.config/backstop"
printf '#!/bin/sh\nchown -R %s:%s %s\nexec /usr/sbin/sendmail -C %s "$@"\n' \
	"$PF_USER" "$PF_USER" "$PF_HOME" "$PF_CONF" > "$WORKDIR/bin/sendmail-wrap"
chmod 755 "$WORKDIR/bin/sendmail-wrap"
printf '[send]\nsendmail = %s -oi\n' "$WORKDIR/bin/sendmail-wrap" > "$HOME/.config/backstop/config.ini"
printf 'Subject: verify me\n\n' > bv.eml
HOME=$PF_HOME "$BACKSTOP" sendmail -f "$PF_ADDR" -bv "$PF_ADDR" < bv.eml > bv.out 2>&1
is "$?" 0 "backstop sendmail -bv: exit 0"
reports() { grep -l '^Subject: Mail Delivery Status Report' $(msgs "$MAILDIR") $(msgs "$QUARANTINE") /dev/null 2>/dev/null; }
ok "Postfix's delivery report is delivered (within 30 s)" wait_for 30 eval '[ -n "$(reports)" ]'
f=$(reports | head -n 1)
like "$f" "^$MAILDIR/new/" "the -bv report: in the inbox"
like "$(head -n 1 "${f:-/dev/null}")" '^X-Backstop: genuine; class=delivered' "the -bv report: genuine, class delivered"
