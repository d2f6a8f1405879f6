#!/usr/bin/env bash
# 0500: another process holds notmuch's write lock (which blocks a second
# writer forever): a quarantine delivery gives up after index_timeout,
# leaves the message in the quarantine and a pending entry, and exits 0.
# `backstop index`, or the next quarantine delivery, indexes it later.
. "${TESTS_DIR:-$(dirname "$0")/..}/lib.sh"
plan 28
mkhome
LOCKHOLDER=$TOOLS_DIR/lockholder
if [ ! -x "$LOCKHOLDER" ]; then
	echo "Bail out! $LOCKHOLDER not built (make tests/tools/lockholder)"
	exit 1
fi
write_config <<'EOF'
[notmuch]
index_timeout = 1
EOF
SLACK_MS=3000
LIMIT_MS=$((1000 + SLACK_MS))
add_sent sent-0500@example.org

pending_count() {
	find "$1" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l | tr -d ' '
}

# hold SECONDS: start the lock holder, wait until it has the lock.
hold() {
	rm -f ready
	NOTMUCH_CONFIG=$HOME/.notmuch-config "$LOCKHOLDER" "$1" "$WORKDIR/ready" &
	HOLDER=$!
	local i=0
	while [ ! -e ready ] && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	ok "lockholder holds the write lock" test -e ready
}

# timed_deliver FILE: deliver, set MS to the elapsed milliseconds.
timed_deliver() {
	local t0
	t0=$(now_ms)
	SENDER= deliver "$@"
	MS=$(( $(now_ms) - t0 ))
}

hold 6
BOUNCE_ID=bs1-0500@mx.example.org make_bounce forged1-0500@example.org > bs1.eml
timed_deliver bs1.eml
is "$RC" 0 "backscatter under a held lock: exit 0"
ok "it returned within index_timeout + slack (${MS} ms <= $LIMIT_MS)" test "$MS" -le "$LIMIT_MS"
is "$(count "$QUARANTINE")" 1 "the message is in the quarantine"
q=$(newest "$QUARANTINE")
ok "stored byte for byte" same_after 1 "$q" bs1.eml
like "$(first_line "$q")" "$(xb_re backscatter bounce forged1-0500@example.org)" "classified (reading is not blocked by the lock)"
is "$(pending_count "$PENDING_DIR")" 1 "one pending entry in \$XDG_STATE_HOME/backstop/pending"
is "$(nm_count id:bs1-0500@mx.example.org)" 0 "not indexed yet"

# Inbox deliveries do not wait for the lock.
make_ham > ham.eml
timed_deliver ham.eml
is "$RC" 0 "ham under a held lock: exit 0"
is "$(count "$MAILDIR")" 1 "ham in the inbox"
ok "ham did not wait (${MS} ms <= $LIMIT_MS)" test "$MS" -le "$LIMIT_MS"
BOUNCE_ID=gen-0500@mx.example.org make_bounce sent-0500@example.org > gen.eml
timed_deliver gen.eml
is "$(count "$MAILDIR")" 2 "genuine bounce under a held lock: inbox"

# backstop index while still locked: 75 after index_timeout.
t0=$(now_ms)
"$BACKSTOP" index > idx.out 2>&1
rc=$?
MS=$(( $(now_ms) - t0 ))
is "$rc" 75 "backstop index under a held lock: exit 75"
ok "backstop index gave up in time (${MS} ms <= $LIMIT_MS)" test "$MS" -le "$LIMIT_MS"
is "$(pending_count "$PENDING_DIR")" 1 "still one pending entry"

wait "$HOLDER"
is "$?" 0 "lockholder finished cleanly"

"$BACKSTOP" index > idx.out 2>&1
rc=$?
is "$rc" 0 "backstop index after the lock is gone: exit 0"
like "$(cat idx.out)" '^backstop: indexed 1 pending message\(s\)' "it says 'indexed 1 pending message(s)'"
is "$(pending_count "$PENDING_DIR")" 0 "pending dir is empty"
is "$(nm_count id:bs1-0500@mx.example.org)" 1 "now indexed"
ok "tags backscatter, bounce; not inbox, unread" eval 'has_tag bs1-0500@mx.example.org backscatter && has_tag bs1-0500@mx.example.org bounce && lacks_tag bs1-0500@mx.example.org inbox && lacks_tag bs1-0500@mx.example.org unread'
is "$(nm search --output=files id:bs1-0500@mx.example.org)" "$(newest "$QUARANTINE")" "notmuch has its current path"

# The next quarantine delivery picks up what is pending.  Also: with
# XDG_STATE_HOME unset, the pending list is ~/.local/state/backstop/pending.
unset XDG_STATE_HOME
PENDING_DIR=$HOME/.local/state/backstop/pending
hold 3
BOUNCE_ID=bs2-0500@mx.example.org make_bounce forged2-0500@example.org > bs2.eml
timed_deliver bs2.eml
is "$(pending_count "$PENDING_DIR")" 1 "without XDG_STATE_HOME: pending in ~/.local/state/backstop/pending"
wait "$HOLDER"
BOUNCE_ID=bs3-0500@mx.example.org make_bounce forged3-0500@example.org > bs3.eml
timed_deliver bs3.eml
is "$RC" 0 "next quarantine delivery: exit 0"
is "$(pending_count "$PENDING_DIR")" 0 "pending dir emptied by the next quarantine delivery"
ok "the pending one got its tags" eval 'has_tag bs2-0500@mx.example.org backscatter && has_tag bs2-0500@mx.example.org bounce && lacks_tag bs2-0500@mx.example.org inbox'
ok "the new one got its tags" eval 'has_tag bs3-0500@mx.example.org backscatter && has_tag bs3-0500@mx.example.org bounce'
