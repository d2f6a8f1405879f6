#!/usr/bin/env bash
# mta/0200: backstop behind procmail behind a real Postfix, with the
# shipped contrib/procmailrc (EXITCODE=75 and HOST after the recipe).
#
#   - ordinary mail lands in the inbox, a forged bounce in the quarantine
#     (procmail hides $SENDER: backstop reads the From line);
#   - backstop fails temporarily: procmail exits 75, Postfix defers, and
#     procmail has not delivered it to $DEFAULT behind our back; after the
#     repair and a flush it lands exactly once.
. "${TESTS_DIR:-$(dirname "$0")/..}/lib.sh"
. "$TESTS_DIR/mta/lib-postfix.sh"
pf_require 14
if ! command -v procmail >/dev/null; then
	skip 14 "procmail is not installed (apt-get install procmail)"
	exit 0
fi
pf_setup

pf_forward '"|exec /usr/bin/procmail"'
{
	printf 'DEFAULT=%s/default.mbox\nLOGFILE=%s/procmail.log\n' "$PF_HOME" "$PF_HOME"
	sed "s|/usr/local/bin/backstop|$PF_BIN|" "$TESTS_DIR/../contrib/procmailrc"
} > "$PF_HOME/.procmailrc"
pf_chown
chmod 644 "$PF_HOME/.procmailrc"

message() {
	cat <<MSG
From: $2
To: $3
Subject: $4
Date: $(date -R)
Message-ID: <$1>

Hello through procmail ($1).
MSG
}

message pm-ham-1@example.net 'Carol <carol@example.net>' "$PF_ADDR" 'hi' > ham.eml
ok "SMTP submission of an ordinary message" pf_smtp carol@example.net "$PF_ADDR" ham.eml
ok "it lands through procmail (within 30 s)" wait_for 30 copies_are pm-ham-1@example.net 1
f=$(settled_path pm-ham-1@example.net)
like "$f" "^$MAILDIR/new/" "ordinary mail: in the inbox"
like "$(head -n 1 "$f")" "$(xb_re ham none)" "ordinary mail: X-Backstop: ham"

message pm-forged-2@spam.example.net "$PF_ADDR" "nobody-here@$PF_DOMAIN" 'spam' > forged.eml
ok "SMTP submission with the user's address forged" pf_smtp "$PF_ADDR" "nobody-here@$PF_DOMAIN" forged.eml
ok "the bounce lands through procmail (within 30 s)" wait_for 30 copies_are pm-forged-2@spam.example.net 1
f=$(settled_path pm-forged-2@spam.example.net)
like "$f" "^$QUARANTINE/(new|cur)/" "backscatter through procmail: in the quarantine"
like "$(head -n 1 "$f")" "$(xb_re backscatter bounce pm-forged-2@spam.example.net)" \
	"backscatter through procmail: X-Backstop line"

message pm-tempfail-3@example.net 'Carol <carol@example.net>' "$PF_ADDR" 'retry' > tf.eml
chmod 500 "$MAILDIR/tmp"
ok "SMTP submission while tmp/ is not writable" pf_smtp carol@example.net "$PF_ADDR" tf.eml
ok "procmail exits 75 and Postfix defers (within 30 s)" \
	wait_for 30 log_has "to=<$PF_ADDR>.*status=deferred"
is "$(copies pm-tempfail-3@example.net)" 0 "deferred: not in the Maildir"
ok "deferred: procmail did not deliver it to \$DEFAULT" \
	eval "! grep -q pm-tempfail-3 '$PF_HOME/default.mbox' 2>/dev/null"
chmod 700 "$MAILDIR/tmp"
pf_flush
ok "after the repair and a flush it lands (within 30 s)" \
	wait_for 30 copies_are pm-tempfail-3@example.net 1
sleep 3
is "$(copies pm-tempfail-3@example.net) $(pf_queue_count)" "1 0" "exactly once; the queue is empty"
