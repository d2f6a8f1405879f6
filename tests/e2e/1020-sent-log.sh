#!/usr/bin/env bash
# 1020: the sent log.  A message with the client's own Message-ID is kept
# as it is and recognised from the log when its bounce comes; lines older
# than keep_days are pruned; a log locked by another process does not
# stop the message (it is sent, and why it was not logged is said).
. "${TESTS_DIR:-$(dirname "$0")/..}/lib.sh"
. "$TESTS_DIR/lib-send.sh"
plan 17
mkhome
mksend </dev/null

# The client's own Message-ID.
make_outgoing own-1020@laptop.example.org > own.eml
send own.eml bob@example.net
is "$SRC" 0 "own Message-ID: sent"
ok "own Message-ID: unchanged" cmp -s "$FAKE_DIR/msg" own.eml
BOUNCE_ID=pf-1020@mx.example.org make_bounce own-1020@laptop.example.org > pf.eml
SENDER= deliver pf.eml
f=$(delivered_with pf-1020@mx.example.org)
is "$(folder_of "$f")" inbox "its Postfix bounce: inbox"
like "$(xb_of "$f")" "^X-Backstop: genuine; class=bounce; ref=own-1020@laptop\.example\.org; (failed=[^;]*; status=[0-9.]+; )?evidence=sent-log:sent\$" \
	"recognised from the sent log (no key was needed, so no signature source)"
BOUNCE_ID=ex-1020@mx.example.org make_exim_bounce own-1020@laptop.example.org > ex.eml
SENDER= deliver ex.eml
f=$(delivered_with ex-1020@mx.example.org)
is "$(folder_of "$f")" inbox "its Exim bounce: inbox"

# A client id that was never sent (the send failed): not in the log.
fake_status 1
make_outgoing failed-1020@laptop.example.org > failed.eml
send failed.eml bob@example.net
fake_status 0
is "$SRC" 1 "failed send: exit 1"
BOUNCE_ID=pf2-1020@mx.example.org make_bounce failed-1020@laptop.example.org > pf2.eml
SENDER= deliver pf2.eml
f=$(delivered_with pf2-1020@mx.example.org)
is "$(folder_of "$f")" quarantine "bounce naming a message whose send failed: quarantine"
like "$(xb_of "$f")" "sent-log:not-sent" "the sent log says not sent"

# Pruning: a line older than keep_days goes at the next send.
old=$(( $(date +%s) - 100 * 86400 ))
{ printf '%s\told-1020@laptop.example.org\tbob@example.net\n' "$old"; cat "$SENT_LOG"; } > "$SENT_LOG.new"
mv "$SENT_LOG.new" "$SENT_LOG"
chmod 600 "$SENT_LOG"
make_outgoing new-1020@laptop.example.org > new.eml
send new.eml bob@example.net
nok "a line 100 days old is pruned (keep_days 90)" grep -q old-1020 "$SENT_LOG"
ok "the other lines stay" grep -q own-1020 "$SENT_LOG"
ok "the new line is there" grep -q new-1020 "$SENT_LOG"
is "$(mode "$SENT_LOG")" 600 "the pruned log is still mode 0600"
# ... and old lines are not evidence even before pruning.
send_config <<'EOF'
keep_days = 1
EOF
BOUNCE_ID=pf3-1020@mx.example.org make_bounce own-1020@laptop.example.org > pf3.eml
sed -i "s/^[0-9]*\(\town-1020\)/$old\1/" "$SENT_LOG"
SENDER= deliver pf3.eml
like "$(xb_of "$(delivered_with pf3-1020@mx.example.org)")" "sent-log:not-sent" "a line older than keep_days is not evidence"
send_config </dev/null

# A locked log: the message is sent anyway, and the reason is given.
lines=$(log_lines)
flock "$SENT_LOG.lock" sleep 8 &
holder=$!
sleep 0.3
make_outgoing locked-1020@laptop.example.org > locked.eml
send locked.eml bob@example.net
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null
is "$SRC" 0 "locked sent log: the message is still sent, exit 0"
ok "locked sent log: the real sendmail got it" cmp -s "$FAKE_DIR/msg" locked.eml
like "$SERR" "not recorded in the sent log: .*locked" "locked sent log: said on stderr"
is "$(log_lines)" "$lines" "locked sent log: nothing half-written"
