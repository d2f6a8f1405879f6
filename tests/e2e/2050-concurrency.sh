#!/usr/bin/env bash
# 2050: many deliveries at once while another process keeps taking the
# notmuch write lock.  Every message is delivered exactly once, with no
# exit status but 0; every quarantined one is indexed and tagged by the
# batch indexer the deliveries start, which waits for the lock (no entry
# is stranded, even when the indexer exits just as a delivery adds one);
# nothing is left in tmp/.
#
# 200 deliveries, 8 at a time; with BACKSTOP_STRESS=1 (`make stress`)
# 2,000.  Half are ordinary mail, half forged bounces (quarantined).
. "${TESTS_DIR:-$(dirname "$0")/..}/lib.sh"
STRESS=${BACKSTOP_STRESS:-0}
N=200
[ "$STRESS" = 1 ] && N=2000
PAR=8
plan 10
mkhome
LOCKHOLDER=$TOOLS_DIR/lockholder
if [ ! -x "$LOCKHOLDER" ]; then
	echo "Bail out! $LOCKHOLDER not built (make tests/tools/lockholder)"
	exit 1
fi
write_config <<'EOF2'
[notmuch]
index_timeout = 1
EOF2
add_sent sent-2050@example.org

mkdir -p msgs
for i in $(seq 1 "$N"); do
	if [ $((i % 2)) -eq 0 ]; then
		{ printf 'X-Test-Seq: %d\n' "$i"; make_ham "ham-$i-2050@example.net"; } > "msgs/$i.eml"
	else
		{ printf 'X-Test-Seq: %d\n' "$i"
		  BOUNCE_ID="bs-$i-2050@mx.example.org" make_bounce "forged-$i-2050@example.org"; } > "msgs/$i.eml"
	fi
done

# The lock holder: holds the write lock 2 s, lets go for 0.3 s, again.
touch holding
(
	while [ -e holding ]; do
		NOTMUCH_CONFIG=$HOME/.notmuch-config "$LOCKHOLDER" 2 "$WORKDIR/ready" 2>/dev/null
		sleep 0.3
	done
) &
holder=$!

cat > one.sh <<'EOS'
#!/bin/sh
SENDER= "$BACKSTOP" < "msgs/$1.eml" > /dev/null 2>> errors
echo "$1 $?" >> statuses
EOS
t0=$(now_ms)
seq 1 "$N" | xargs -P "$PAR" -n 1 sh one.sh
ms=$(( $(now_ms) - t0 ))
rm -f holding
wait "$holder"
pending_left=$(find "$PENDING_DIR" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l | tr -d ' ')
diag "$N deliveries, $PAR at a time, in $ms ms ($(( N * 1000 / (ms + 1) ))/s); pending after the run: $pending_left"

is "$(wc -l < statuses | tr -d ' ')" "$N" "every delivery finished"
is "$(awk '$2 != 0' statuses | wc -l | tr -d ' ')" 0 "no exit status but 0"
seqs=$(cat "$MAILDIR"/new/* "$MAILDIR"/cur/* "$QUARANTINE"/new/* "$QUARANTINE"/cur/* 2>/dev/null |
	grep -a '^X-Test-Seq: ' | sort | uniq -c)
is "$(printf '%s\n' "$seqs" | grep -c .)" "$N" "every message delivered (none lost)"
is "$(printf '%s\n' "$seqs" | awk '$1 != 1' | wc -l | tr -d ' ')" 0 "none delivered twice"
is "$(cat "$QUARANTINE"/new/* "$QUARANTINE"/cur/* 2>/dev/null | grep -a -c '^X-Test-Seq: ')" $(( (N + 1) / 2 )) \
	"the forged bounces are in the quarantine"

ok "the batch indexer works off every entry by itself" wait_indexed 30
"$BACKSTOP" index > index.out 2>&1
is "$?" 0 "backstop index: exit 0"
is "$(find "$PENDING_DIR" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l | tr -d ' ')" 0 "no pending entry left"
is "$(nm_count tag:backscatter and tag:bounce)" $(( (N + 1) / 2 )) \
	"every quarantined message is indexed and tagged backscatter, bounce"
is "$(find "$MAILDIR" -type f | grep -c '/tmp/[^/]*$')" 0 "nothing left in any tmp/"
if [ -s errors ]; then
	diag "stderr of the deliveries:" "$(sort errors | uniq -c | sort -rn | head -n 5)"
fi
