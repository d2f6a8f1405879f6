#!/usr/bin/env bash
# 2040: SIGKILL at random moments during the delivery of a large message.
# Whatever the moment, no partial file ever appears in new/ or cur/: each
# file there is the whole message.  What a killed delivery leaves in tmp/
# is removed by a later delivery once it is 36 hours old.
#
# 20 runs of a 4 MB message; with BACKSTOP_STRESS=1 (`make stress`) 200
# runs of a 32 MB message.
. "${TESTS_DIR:-$(dirname "$0")/..}/lib.sh"
STRESS=${BACKSTOP_STRESS:-0}
RUNS=20 MB=4
[ "$STRESS" = 1 ] && RUNS=200 MB=32
plan 7
mkhome
write_config <<'EOF2'
[notmuch]
config = none
EOF2

{ make_ham kill-2040@example.net; yes 'kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk' |
	head -c $((MB * 1048576)); } > big.eml

# How long one delivery takes (the slowest of three), to spread the kills
# over it and a little beyond, so that some runs complete.
one=20
for i in 1 2 3; do
	t0=$(now_ms)
	"$BACKSTOP" < big.eml > /dev/null 2>&1
	t=$(( $(now_ms) - t0 ))
	[ "$t" -gt "$one" ] && one=$t
done
one=$((one * 3 / 2))
diag "one delivery of $MB MB: $((one * 2 / 3)) ms; killing $RUNS deliveries at random moments in 0..$((one * 5 / 4)) ms"
msgs "$MAILDIR" | xargs -r rm -f

completed=0 killed=0 other=0
for i in $(seq 1 "$RUNS"); do
	"$BACKSTOP" < big.eml > /dev/null 2>&1 &
	pid=$!
	d=$(( RANDOM * one * 5 / 4 / 32768 ))
	sleep "$(printf '%d.%03d' $((d / 1000)) $((d % 1000)))"
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	rc=$?
	case $rc in
	0) completed=$((completed + 1)) ;;
	137) killed=$((killed + 1)) ;;
	*) other=$((other + 1)); diag "run $i: exit $rc" ;;
	esac
done
files=$(msgs "$MAILDIR" | wc -l | tr -d ' ')
diag "runs: $RUNS; completed (exit 0): $completed; killed: $killed; files in new/: $files; left in tmp/: $(find "$MAILDIR/tmp" -type f | wc -l)"
is "$other" 0 "no exit status but 0 or death by SIGKILL"
ok "some runs were killed and some completed ($killed, $completed)" test "$killed" -gt 0 -a "$completed" -gt 0
partial=0
for f in $(msgs "$MAILDIR"); do
	same_after 1 "$f" big.eml || { partial=$((partial + 1)); diag "partial: $f"; }
done
is "$partial" 0 "no partial file in new/ or cur/ ($files files checked)"
# A killed run may have published before it died (then the MTA retries:
# a duplicate, never a loss); a completed one always did.
ok "every completed delivery is there ($files >= $completed)" test "$files" -ge "$completed"
ok "at most one file per run ($files <= $RUNS)" test "$files" -le "$RUNS"

# The debris in tmp/, 37 hours later.
left=$(find "$MAILDIR/tmp" -type f | wc -l | tr -d ' ')
find "$MAILDIR/tmp" -type f -exec touch -d '37 hours ago' {} +
make_ham after-2040@example.net > ham.eml
deliver ham.eml
is "$RC" 0 "a later delivery: exit 0"
is "$(find "$MAILDIR/tmp" -type f | wc -l | tr -d ' ')" 0 "it removed the $left file(s) killed deliveries left in tmp/"
