#!/usr/bin/env bash
# mta/0300: backstop behind a real Exim 4 (Debian's exim4-daemon-light,
# unpacked beside Postfix by tests/mta/exim-unpack.sh), run from the
# user's ~/.forward as Exim's address_pipe runs it: no shell, no
# Return-Path added, an mbox From line first.  The cases of mta/0100 plus
# what differs under Exim:
#
#   - ordinary mail over SMTP lands in the inbox;
#   - the user sends to an unknown local recipient: Exim's bounce, which
#     has no top-level Return-Path (the only one is in the returned
#     message), lands in the inbox (genuine);
#   - a third party forges the user's address: Exim's bounce lands in the
#     quarantine, tagged backscatter and bounce in notmuch;
#   - Exim's autoreply transport (envelope sender <>, In-Reply-To and
#     References): an answer to the user's own message is genuine, one
#     to a forgery is backscatter;
#   - user+tag@ (LOCAL_PART_SUFFIX): through ~/.forward too, and a forged
#     bounce to the tagged address is quarantined;
#   - `backstop sendmail` with envelope_tag = yes through Exim: the bounce
#     to the signed user+prvs=...@ address is genuine by its tag alone, a
#     forged one to a made-up tag is quarantined;
#   - backstop fails temporarily: Exim defers (75); after the repair and
#     a forced queue run it lands exactly once.
. "${TESTS_DIR:-$(dirname "$0")/..}/lib.sh"
. "$TESTS_DIR/mta/lib-postfix.sh"
. "$TESTS_DIR/mta/lib-exim.sh"
ex_require 40
ex_setup

message() {
	cat <<MSG
From: $2
To: $3
Subject: $4
Date: $(date -R)
Message-ID: <$1>
MIME-Version: 1.0
Content-Type: text/plain; charset=us-ascii

Hello from the Exim test ($1).
MSG
}

# header_of FILE: the top-level header block.
header_of() {
	sed '/^$/q' "$1"
}

# 1. ordinary mail from a third party over SMTP.
message ham-exim-1@example.net 'Carol <carol@example.net>' "$PF_ADDR" 'lunch?' > ham.eml
ok "SMTP submission of an ordinary message" ex_smtp carol@example.net "$PF_ADDR" ham.eml
ok "it lands (within 30 s)" wait_for 30 copies_are ham-exim-1@example.net 1
f=$(settled_path ham-exim-1@example.net)
like "$f" "^$MAILDIR/new/" "ordinary mail: in the inbox's new/"
like "$(head -n 1 "$f")" "$(xb_re ham none)" "ordinary mail: X-Backstop: ham"
like "$(sed -n 2p "$f")" '^X-Envelope-From: carol@example.net ' "Exim's From line kept as X-Envelope-From"
ok "Exim logged the delivery through backstop" \
	ex_log_has "=> \\|$PF_BIN <$PF_ADDR> R=userforward T=address_pipe"

# 2. the user sends to an unknown local recipient; the sent copy is in notmuch.
message sent-exim-2@user.test "Bs Test <$PF_ADDR>" "nosuchuser@$PF_DOMAIN" 'invoice' > sent.eml
mkdir -p "$MAILDIR/.Sent/cur"
cp sent.eml "$MAILDIR/.Sent/cur/1700000000.M1.exim:2,S"
nm new --quiet && nm tag +sent -- id:sent-exim-2@user.test
pf_chown
ok "exim -f the user to an unknown local recipient" \
	ex_sendmail "$PF_ADDR" "nosuchuser@$PF_DOMAIN" sent.eml
ok "Exim bounces it back to the user (within 30 s)" \
	wait_for 30 copies_are sent-exim-2@user.test 1 '/\.Sent/'
f=$(settled_path sent-exim-2@user.test "/\.Sent/")
like "$f" "^$MAILDIR/new/" "genuine bounce: in the inbox"
like "$(head -n 1 "$f")" "$(xb_re genuine bounce sent-exim-2@user.test)" \
	"genuine bounce: X-Backstop: genuine; class=bounce; ref=<the sent message>"
is "$(header_of "$f" | grep -ci '^Return-Path:')" 0 \
	"Exim's bounce has no top-level Return-Path (as measured)"
like "$(header_of "$f")" 'X-Failed-Recipients: nosuchuser@' "it is Exim's (X-Failed-Recipients)"

# 3. a forged sender over SMTP, to an unknown recipient: backscatter.
message forged-exim-3@spam.example.net "Bs Test <$PF_ADDR>" "nobody-here@$PF_DOMAIN" 'cheap pills' > forged.eml
ok "SMTP submission with the user's address forged as sender" \
	ex_smtp "$PF_ADDR" "nobody-here@$PF_DOMAIN" forged.eml
ok "Exim's bounce is delivered (within 30 s)" \
	wait_for 30 copies_are forged-exim-3@spam.example.net 1
f=$(settled_path forged-exim-3@spam.example.net)
like "$f" "^$QUARANTINE/(new|cur)/" "backscatter: in the quarantine"
like "$(head -n 1 "$f")" "$(xb_re backscatter bounce forged-exim-3@spam.example.net)" \
	"backscatter: X-Backstop: backscatter; class=bounce; ref=<the forged message>"
bid=$(grep -m1 -i '^Message-Id:' "$f" | sed 's/^[^<]*<//; s/>.*//')
ok "backscatter: tagged backscatter and bounce in notmuch" \
	eval "has_tag '$bid' backscatter && has_tag '$bid' bounce && lacks_tag '$bid' inbox"

# 4. Exim's autoreply: to the user's own message, and to a forgery.
message sent-exim-4@user.test "Bs Test <$PF_ADDR>" "bob@$PF_DOMAIN" 'the report' > sent4.eml
cp sent4.eml "$MAILDIR/.Sent/cur/1700000000.M4.exim:2,S"
# A user with a history: more sent mail, indexed, so that notmuch's miss of
# the forgery weighs fully (coverage) against bob being a correspondent.
for n in 1 2 3; do
	message "older-exim-$n@user.test" "Bs Test <$PF_ADDR>" "carol@example.net" "note $n" \
	    > "$MAILDIR/.Sent/cur/169000000$n.M$n.exim:2,S"
done
nm new --quiet && nm tag +sent -- id:sent-exim-4@user.test
pf_chown
ok "the user writes to bob, who is away" ex_sendmail "$PF_ADDR" "bob@$PF_DOMAIN" sent4.eml
ok "Exim's autoreply comes back (within 30 s)" \
	wait_for 30 copies_are sent-exim-4@user.test 1 '/\.Sent/'
f=$(settled_path sent-exim-4@user.test "/\.Sent/")
like "$f" "^$MAILDIR/new/" "autoreply to the user's message: in the inbox"
like "$(head -n 1 "$f")" "$(xb_re genuine autoreply sent-exim-4@user.test)" \
	"autoreply to the user's message: genuine; class=autoreply"
message forged-exim-5@spam.example.net "Bs Test <$PF_ADDR>" "bob@$PF_DOMAIN" 'cheap watches' > forged5.eml
ok "a third party writes to bob as the user" ex_smtp "$PF_ADDR" "bob@$PF_DOMAIN" forged5.eml
ok "Exim's autoreply to the forgery is delivered (within 30 s)" \
	wait_for 30 copies_are forged-exim-5@spam.example.net 1
f=$(settled_path forged-exim-5@spam.example.net)
like "$f" "^$QUARANTINE/(new|cur)/" "autoreply to a forgery: in the quarantine"
like "$(head -n 1 "$f")" "$(xb_re backscatter autoreply forged-exim-5@spam.example.net)" \
	"autoreply to a forgery: backscatter; class=autoreply"

# 5. user+tag@: LOCAL_PART_SUFFIX; through ~/.forward all the same.
message ham-exim-6@example.net 'Carol <carol@example.net>' "$PF_USER+news@$PF_DOMAIN" 'news' > tag.eml
ok "SMTP submission to user+news@" ex_smtp carol@example.net "$PF_USER+news@$PF_DOMAIN" tag.eml
ok "it lands through backstop (within 30 s)" wait_for 30 copies_are ham-exim-6@example.net 1
f=$(settled_path ham-exim-6@example.net)
like "$(head -n 1 "$f")" "$(xb_re ham none)" "user+tag@: in the inbox with X-Backstop: ham"
message forged-exim-7@spam.example.net "$PF_USER+news@$PF_DOMAIN" "nobody-here@$PF_DOMAIN" 'pills' > forged7.eml
ex_smtp "$PF_USER+news@$PF_DOMAIN" "nobody-here@$PF_DOMAIN" forged7.eml &&
	wait_for 30 copies_are forged-exim-7@spam.example.net 1
f=$(settled_path forged-exim-7@spam.example.net)
like "$f" "^$QUARANTINE/(new|cur)/" "a forged bounce to user+news@: in the quarantine"

# 6. [send] envelope_tag = yes: the user sends with `backstop sendmail`
# through Exim, the envelope sender becomes a signed user+prvs=...@
# address, and Exim's bounce comes back to it; the sent message is not
# in notmuch, so only the tag (in $RECIPIENT, through the suffix router)
# can show it genuine.  A forged bounce to a made-up tag is not.
mkdir -p "$PF_HOME/.config/backstop"
printf '[send]\nsendmail = %s -oi\nenvelope_tag = yes\n' "$EX_BIN" \
	> "$PF_HOME/.config/backstop/config.ini"
pf_chown
message sent-exim-9@user.test "Bs Test <$PF_ADDR>" "nosuchuser@$PF_DOMAIN" 'tagged' > sent9.eml
chmod 644 sent9.eml
ok "the user sends with backstop sendmail (envelope_tag = yes) through Exim" \
	setpriv --reuid="$PF_USER" --regid="$PF_USER" --init-groups \
	env -i PATH=/usr/bin:/bin HOME="$PF_HOME" "$PF_BIN" sendmail -f "$PF_ADDR" \
	"nosuchuser@$PF_DOMAIN" < sent9.eml
ok "Exim took a signed envelope sender" ex_log_has "<= $PF_USER\\+prvs=[0-9a-f]+@$PF_DOMAIN .*id=sent-exim-9@user.test"
ok "its bounce lands (within 30 s)" wait_for 30 copies_are sent-exim-9@user.test 1
f=$(settled_path sent-exim-9@user.test)
like "$f" "^$MAILDIR/new/" "bounce to the signed address: in the inbox"
like "$(head -n 1 "$f")" '^X-Backstop: genuine; class=bounce;.* evidence=.*envelope-tag:sent' \
	"bounce to the signed address: genuine by the envelope tag"
message forged-exim-10@spam.example.net "$PF_ADDR" "nobody-here@$PF_DOMAIN" 'pills' > forged10.eml
ex_smtp "$PF_USER+prvs=0123abcdef@$PF_DOMAIN" "nobody-here@$PF_DOMAIN" forged10.eml &&
	wait_for 30 copies_are forged-exim-10@spam.example.net 1
f=$(settled_path forged-exim-10@spam.example.net)
like "$f" "^$QUARANTINE/(new|cur)/" "a forged bounce to a made-up tag: in the quarantine"

# 7. a temporary failure: Exim defers, and after the repair it lands once.
message tempfail-exim-8@example.net 'Carol <carol@example.net>' "$PF_ADDR" 'retry me' > tf.eml
chmod 500 "$MAILDIR/tmp"
ok "SMTP submission while the user's tmp/ is not writable" \
	ex_smtp carol@example.net "$PF_ADDR" tf.eml
ok "Exim defers it: backstop exited 75 (within 30 s)" \
	wait_for 30 ex_log_has "== \\|$PF_BIN <$PF_ADDR> .*(returned 75|temporary)"
is "$(copies tempfail-exim-8@example.net) $(ex_queue_count)" "0 1" \
	"deferred: not delivered anywhere, still in Exim's queue"
chmod 700 "$MAILDIR/tmp"
ok "after the repair and forced queue runs it lands (within 30 s)" ex_flush_until tempfail-exim-8@example.net
sleep 3
is "$(copies tempfail-exim-8@example.net) $(ex_queue_count)" "1 0" "exactly once; the queue is empty"
