#!/usr/bin/env bash
# 2080: the batch indexer (mda/background.c) killed at any point loses
# nothing and indexes nothing twice.  Through the real binary, with the
# notmuch-fault shim (tests/shims/notmuch-fault.c) in the indexer:
#   - SIGKILL in the middle of a batch, before its commit;
#   - SIGKILL right after the commit, before the pending entries go;
#   - SIGKILL from outside while it is stuck indexing;
# then the next delivery's indexer, or `backstop index`, finishes the
# work: every message indexed once (one document, one file name, the
# file that exists), with its tags, nothing left pending.  And the race
# of an indexer that decides to exit just as a delivery adds an entry
# (tests/shims/unlock-pause.c holds it at its unlock): the delivery
# starts no second indexer, and the first one, looking again after it
# let the lock go, indexes the entry.
. "${TESTS_DIR:-$(dirname "$0")/..}/lib.sh"
plan 37
mkhome
ASAN_RT=$(ldd "$BACKSTOP" 2>/dev/null | awk '/libasan/ { print $3 " " }')
if [ -n "$ASAN_RT" ] && [ "${ASAN_OPTIONS#*verify_asan_link_order=0}" = "${ASAN_OPTIONS:-}" ]; then
	skip 37 "sanitizer build without ASAN_OPTIONS=verify_asan_link_order=0: the notmuch-fault shim cannot be preloaded"
	exit 0
fi
if ! ${CC:-cc} -shared -fPIC -O1 -o notmuch-fault.so "$TESTS_DIR/shims/notmuch-fault.c" \
	-Wl,--no-as-needed -lnotmuch -ldl 2> cc.err; then
	diag "$(cat cc.err)"
	skip 37 "cannot build tests/shims/notmuch-fault.c"
	exit 0
fi
add_sent sent-2070@example.org
LOCK=$XDG_STATE_HOME/backstop/batch.lock
mkdir -p "$XDG_STATE_HOME/backstop"

pending() { find "$PENDING_DIR" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l | tr -d ' '; }

# queue NAME...: deliver forged bounces while the test holds batch.lock,
# so that no indexer starts and they wait in the pending list together.
queue() {
	local n
	rm -f release
	flock "$LOCK" sh -c 'touch held; while [ ! -e release ]; do sleep 0.05; done; rm -f held' &
	local holder=$!
	until [ -e held ]; do sleep 0.05; done
	for n in "$@"; do
		BOUNCE_ID=$n@mx.example.org make_bounce "forged-$n@example.org" > "$n.eml"
		SENDER= DELIVER_WAIT=no deliver "$n.eml"
	done
	touch release
	wait "$holder"
}

# indexer FAULT: the batch indexer, run the way a delivery starts it,
# with NOTMUCH_FAULT=FAULT.  Sets RC.
indexer() {
	# (in a subshell, whose stderr takes the shell's "Killed")
	(NOTMUCH_FAULT=$1 LD_PRELOAD="$ASAN_RT$WORKDIR/notmuch-fault.so" \
		"$BACKSTOP" index --background < /dev/null > /dev/null; exit $?) 2> /dev/null
	RC=$?
}

# once_each ID...: each message has one document and one file name in
# notmuch, that file exists, and it is tagged as quarantined.
once_each() {
	local id files bad=0
	for id in "$@"; do
		files=$(nm search --output=files "id:$id@mx.example.org")
		if [ "$(nm count "id:$id@mx.example.org")" != 1 ] || [ "$(printf '%s\n' "$files" | grep -c .)" != 1 ] ||
		   [ ! -f "$files" ] || ! has_tag "$id@mx.example.org" backscatter ||
		   ! has_tag "$id@mx.example.org" bounce || has_tag "$id@mx.example.org" inbox ||
		   has_tag "$id@mx.example.org" unread; then
			diag "$id: $(nm count "id:$id@mx.example.org") document(s), files: $files, tags: $(tags "$id@mx.example.org" | tr '\n' ' ')"
			bad=$((bad + 1))
		fi
	done
	[ "$bad" -eq 0 ]
}

# --- killed in the middle of a batch, before its commit
queue a1 a2 a3
is "$(pending)" 3 "three deliveries left three pending entries"
indexer commit-kill
is "$RC" 137 "the indexer died by SIGKILL before its commit"
is "$(pending)" 3 "killed before the commit: all three entries still pending"
is "$(nm_count 'tag:backscatter')" 0 "and nothing of the batch reached notmuch"
ok "and no indexer is left holding the lock" indexer_idle
BOUNCE_ID=a4@mx.example.org make_bounce forged-a4@example.org > a4.eml
SENDER= deliver a4.eml
is "$RC" 0 "the next delivery: exit 0"
ok "its indexer works off all four" wait_indexed 20
ok "each of the four indexed once, with its tags" once_each a1 a2 a3 a4
is "$(count "$QUARANTINE")" 4 "four files in the quarantine, no copy"

# --- killed right after the commit, before the entries are removed
queue b1 b2 b3
indexer committed-kill
is "$RC" 137 "the indexer died by SIGKILL right after its commit"
is "$(pending)" 3 "killed after the commit: the three entries are still pending"
is "$(nm_count 'id:b1@mx.example.org or id:b2@mx.example.org or id:b3@mx.example.org')" 3 "but the three are in notmuch"
"$BACKSTOP" index > index.out 2>&1
is "$?" 0 "backstop index: exit 0"
like "$(cat index.out)" '^backstop: indexed 3 pending message' "it redid the three (idempotent)"
is "$(pending)" 0 "nothing left pending"
ok "each of the three indexed once, with its tags" once_each b1 b2 b3
is "$(nm_count 'tag:backscatter')" 7 "seven in notmuch in all"
is "$(count "$QUARANTINE")" 7 "seven files in the quarantine"

# --- killed from outside while it is stuck in a batch
queue c1 c2
: > "$LOCK"	# (a killed indexer leaves its pid)
NOTMUCH_FAULT=index-block LD_PRELOAD="$ASAN_RT$WORKDIR/notmuch-fault.so" \
	"$BACKSTOP" index --background < /dev/null > /dev/null 2>&1 &
stuck=$!
for _ in $(seq 1 200); do [ "$(cat "$LOCK")" = "$stuck" ] && break; sleep 0.05; done
sleep 0.5
ok "the stuck indexer holds the lock" eval '! indexer_idle'
{ kill -KILL "$stuck"; wait "$stuck"; } 2> /dev/null
is "$(pending)" 2 "killed mid-batch: both entries still pending"
BOUNCE_ID=c3@mx.example.org make_bounce forged-c3@example.org > c3.eml
SENDER= deliver c3.eml
ok "the next delivery's indexer works off all three" wait_indexed 20
ok "each of the three indexed once, with its tags" once_each c1 c2 c3

# --- the exit race: held at its unlock, after its last look at the list
if ${CC:-cc} -shared -fPIC -O1 -o unlock-pause.so "$TESTS_DIR/shims/unlock-pause.c" -ldl 2> cc.err; then
	wait_indexer 10
	mkdir pause
	BOUNCE_ID=d1@mx.example.org make_bounce forged-d1@example.org > d1.eml
	UNLOCK_PAUSE=$WORKDIR/pause LD_PRELOAD="$ASAN_RT$WORKDIR/unlock-pause.so" SENDER= DELIVER_WAIT=no deliver d1.eml
	for _ in $(seq 1 400); do [ -e pause/releasing ] && break; sleep 0.05; done
	ok "the indexer indexed d1 and is letting the lock go" test -e pause/releasing
	first=$(cat "$LOCK")
	BOUNCE_ID=d2@mx.example.org make_bounce forged-d2@example.org > d2.eml
	SENDER= DELIVER_WAIT=no deliver d2.eml
	is "$RC:$(pending)" "0:1" "a delivery in that instant: exit 0, its entry pending"
	is "$(cat "$LOCK")" "$first" "it started no second indexer (the lock was still held)"
	touch pause/go
	ok "the first indexer, looking again after the unlock, indexes it" wait_indexed 20
	ok "d1 and d2 indexed once, with their tags" once_each d1 d2
	ok "and it exits" wait_indexer 10
else
	diag "$(cat cc.err)"
	skip 6 "cannot build tests/shims/unlock-pause.c"
	BOUNCE_ID=d1@mx.example.org make_bounce forged-d1@example.org > d1.eml
	BOUNCE_ID=d2@mx.example.org make_bounce forged-d2@example.org > d2.eml
	SENDER= deliver d1.eml
	SENDER= deliver d2.eml
fi

# --- every file in the quarantine is in notmuch exactly once
nm search --output=files 'tag:backscatter' | sort > indexed.files
msgs "$QUARANTINE" | sort > quarantine.files
is "$(wc -l < indexed.files | tr -d ' ')" 12 "twelve file names in notmuch"
is "$(diff indexed.files quarantine.files && echo same)" same "exactly the twelve files in the quarantine"
ok "no indexer left running" wait_indexer 10

# --- a new entry while a failed one is taken away by someone else: the
# indexer tells new work by the entries' names, not by their count.
# e1 fails once (its entry stays); held at its unlock, e1's entry goes
# and e2's comes: the same count, but e2 is new and it looks again.
if [ -e unlock-pause.so ]; then
	queue e1
	mkdir pause2 aside
	(NOTMUCH_FAULT=index-fail NOTMUCH_FAULT_ONCE=$WORKDIR/fault-spent UNLOCK_PAUSE=$WORKDIR/pause2 \
		LD_PRELOAD="$ASAN_RT$WORKDIR/notmuch-fault.so $WORKDIR/unlock-pause.so" \
		"$BACKSTOP" index --background < /dev/null > /dev/null 2>&1) &
	failing=$!
	for _ in $(seq 1 400); do [ -e pause2/releasing ] && break; sleep 0.05; done
	ok "the indexer failed e1 and is letting the lock go" test -e pause2/releasing -a -e fault-spent
	mv "$PENDING_DIR"/* aside/
	BOUNCE_ID=e2@mx.example.org make_bounce forged-e2@example.org > e2.eml
	SENDER= DELIVER_WAIT=no deliver e2.eml
	is "$RC:$(pending)" "0:1" "e2 delivered and pending: as many entries as the failed one left"
	touch pause2/go
	ok "looking again, the indexer takes e2 for new work and indexes it" wait_indexed 20
	wait "$failing"
	ok "e2 indexed once, with its tags" once_each e2
	mv aside/* "$PENDING_DIR"/
	"$BACKSTOP" index > index.out 2>&1
	is "$?" 0 "backstop index then finishes e1: exit 0"
	ok "e1 indexed once, with its tags" once_each e1
else
	skip 6 "cannot build tests/shims/unlock-pause.c"
fi
