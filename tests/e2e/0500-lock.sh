#!/usr/bin/env bash
# 0500: another process holds notmuch's write lock (which blocks a second
# writer forever).  A quarantine delivery does not wait for it at all: it
# leaves the message in the quarantine and a pending entry, exits 0, and
# the batch indexer it started waits for the lock instead, then indexes
# the message with its tags by itself.  `backstop index` waits at most
# index_timeout for that indexer (exit 75 if it is still held up).  An
# indexer killed while it waits loses nothing: the next quarantine
# delivery's indexer does the work.
. "${TESTS_DIR:-$(dirname "$0")/..}/lib.sh"
plan 40
mkhome
LOCKHOLDER=$TOOLS_DIR/lockholder
if [ ! -x "$LOCKHOLDER" ]; then
	echo "Bail out! $LOCKHOLDER not built (make tests/tools/lockholder)"
	exit 1
fi
write_config <<'EOF'
[notmuch]
index_timeout = 3
EOF
# A delivery that waited for the lock would take index_timeout (3 s).
DELIVERY_MS=2500
LIMIT_MS=$((3000 + 3000))
add_sent sent-0500@example.org

pending_count() {
	find "$1" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l | tr -d ' '
}

# indexer_pid: the running batch indexer's pid, from its lock file.
indexer_pid() {
	cat "$XDG_STATE_HOME/backstop/batch.lock" 2>/dev/null
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
	SENDER= DELIVER_WAIT=no deliver "$@" 7> mta-fd 8< /dev/zero 9> >(cat > /dev/null)
	MS=$(( $(now_ms) - t0 ))
}

hold 6
BOUNCE_ID=bs1-0500@mx.example.org make_bounce forged1-0500@example.org > bs1.eml
timed_deliver bs1.eml
is "$RC" 0 "backscatter under a held lock: exit 0"
ok "it did not wait for the lock (${MS} ms <= $DELIVERY_MS)" test "$MS" -le "$DELIVERY_MS"
is "$(count "$QUARANTINE")" 1 "the message is in the quarantine"
q=$(newest "$QUARANTINE")
ok "stored byte for byte" same_after 1 "$q" bs1.eml
like "$(first_line "$q")" "$(xb_re backscatter bounce forged1-0500@example.org)" "classified (reading is not blocked by the lock)"
is "$(pending_count "$PENDING_DIR")" 1 "one pending entry in \$XDG_STATE_HOME/backstop/pending"
is "$(nm_count id:bs1-0500@mx.example.org)" 0 "not indexed yet"
for _ in $(seq 1 200); do [ -n "$(indexer_pid)" ] && break; sleep 0.05; done
ok "a batch indexer runs, waiting for the lock" eval '! indexer_idle'
like "$(indexer_pid)" '^[0-9]+$' "it wrote its pid into batch.lock"
like "$(tr '\0' ' ' < "/proc/$(indexer_pid)/cmdline" 2>/dev/null)" 'index --background' "the pid is the indexer's"
is "$(awk '{ print $6 }' "/proc/$(indexer_pid)/stat" 2>/dev/null)" "$(indexer_pid)" "it is in a session of its own (/proc/PID/stat: session)"
is "$(readlink "/proc/$(indexer_pid)/fd/0"):$(readlink "/proc/$(indexer_pid)/fd/1"):$(readlink "/proc/$(indexer_pid)/fd/2")" \
	"/dev/null:/dev/null:/dev/null" "its stdin, stdout and stderr are /dev/null"
is "$(readlink "/proc/$(indexer_pid)/fd/3")" "$XDG_STATE_HOME/backstop/batch.lock" "descriptor 3 is its lock"
is "$(readlink "/proc/$(indexer_pid)/cwd")" / "its working directory is / (none of the MTA's)"
is "$(for f in /proc/"$(indexer_pid)"/fd/*; do readlink "$f"; done | grep -c -e mta-fd -e /dev/zero -e pipe -e "$WORKDIR/out")" 0 \
	"no descriptor the delivery had from its caller (a file, a pipe, its stdout)"

# Inbox deliveries do not wait for the lock.
make_ham > ham.eml
timed_deliver ham.eml
is "$RC" 0 "ham under a held lock: exit 0"
is "$(count "$MAILDIR")" 1 "ham in the inbox"
ok "ham did not wait (${MS} ms <= $DELIVERY_MS)" test "$MS" -le "$DELIVERY_MS"
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
like "$(cat idx.out)" 'batch indexer \(pid [0-9]+\) is still at work' "it says the batch indexer is held up"
is "$(pending_count "$PENDING_DIR")" 1 "still one pending entry"

wait "$HOLDER"
is "$?" 0 "lockholder finished cleanly"

# Once the lock is free, the waiting indexer does the work by itself.
ok "the indexer finishes by itself once the lock is free" wait_indexed 20
is "$(pending_count "$PENDING_DIR")" 0 "pending dir is empty"
is "$(nm_count id:bs1-0500@mx.example.org)" 1 "now indexed"
ok "tags backscatter, bounce; not inbox, unread" eval 'has_tag bs1-0500@mx.example.org backscatter && has_tag bs1-0500@mx.example.org bounce && lacks_tag bs1-0500@mx.example.org inbox && lacks_tag bs1-0500@mx.example.org unread'
is "$(nm search --output=files id:bs1-0500@mx.example.org)" "$(newest "$QUARANTINE")" "notmuch has its current path"
"$BACKSTOP" index > idx.out 2>&1
is "$?:$(cat idx.out)" "0:backstop: indexed 0 pending message(s)" "backstop index afterwards: nothing to do, exit 0"

# An indexer killed while it waits: the next quarantine delivery's
# indexer picks up what is pending.  Also: with XDG_STATE_HOME unset,
# the pending list is ~/.local/state/backstop/pending.
unset XDG_STATE_HOME
PENDING_DIR=$HOME/.local/state/backstop/pending
hold 4
BOUNCE_ID=bs2-0500@mx.example.org make_bounce forged2-0500@example.org > bs2.eml
timed_deliver bs2.eml
is "$(pending_count "$PENDING_DIR")" 1 "without XDG_STATE_HOME: pending in ~/.local/state/backstop/pending"
for _ in $(seq 1 200); do [ -s "$HOME/.local/state/backstop/batch.lock" ] && break; sleep 0.05; done
pid=$(cat "$HOME/.local/state/backstop/batch.lock")
kill -KILL "$pid" 2>/dev/null
ok "the waiting indexer is killed" wait_indexer 5
wait "$HOLDER"
is "$(pending_count "$PENDING_DIR")" 1 "its entry is still pending"
BOUNCE_ID=bs3-0500@mx.example.org make_bounce forged3-0500@example.org > bs3.eml
SENDER= deliver bs3.eml
is "$RC" 0 "next quarantine delivery: exit 0"
ok "its indexer works off everything" wait_indexed 20
ok "the pending one got its tags" eval 'has_tag bs2-0500@mx.example.org backscatter && has_tag bs2-0500@mx.example.org bounce && lacks_tag bs2-0500@mx.example.org inbox'
ok "the new one got its tags" eval 'has_tag bs3-0500@mx.example.org backscatter && has_tag bs3-0500@mx.example.org bounce'
is "$(nm search --output=files 'tag:backscatter' | wc -l | tr -d ' ')" 3 "three files in notmuch, one per message"
