#!/usr/bin/env bash
# 3400: bounce floods.  Quarantined mail is indexed in batches by one
# writer (the batch indexer); every message ends up in the quarantine,
# indexed and tagged, nothing left pending; above [flood] rate per window
# the inbox gets exactly one notice per flood with the count, kept up to
# date by the indexer; below the rate, none.
. "${TESTS_DIR:-$(dirname "$0")/..}/lib.sh"
plan 19
mkhome
write_config <<'EOF2'
[flood]
rate = 5
window = 600
EOF2
for i in $(seq 1 40); do
	BOUNCE_ID=fl$i-3400@mx.example.org make_bounce forged$i-3400@example.org > b$i.eml
done
notices() { grep -l '^Subject: backstop: .* forged bounces quarantined since' $(msgs "$MAILDIR") 2>/dev/null; }

# Below the rate: indexed one by one, no notice.
for i in 1 2 3 4 5; do deliver b$i.eml; done
is "$(count "$QUARANTINE"):$(count "$MAILDIR")" "5:0" "five (the rate): quarantined, no notice"
is "$(nm_count tag:backscatter)" 5 "five: each indexed on arrival"

# Over it, 4 at a time.
seq 6 30 | xargs -P 4 -I{} sh -c '"$BACKSTOP" < b{}.eml'
wait_indexed
wait_indexer	# and the notice it updates after its last batch
is "$(count "$QUARANTINE")" 30 "flood: all 30 in the quarantine"
is "$(nm_count tag:backscatter)" 30 "flood: all 30 indexed and tagged by the batches"
is "$(find "$PENDING_DIR" -type f 2>/dev/null | wc -l | tr -d ' ')" 0 "flood: nothing left pending"
is "$(notices | wc -l | tr -d ' ')" 1 "flood: exactly one notice in the inbox"
n=$(notices)
like "$(grep '^Subject:' "$n")" '^Subject: backstop: 30 forged bounces quarantined since [0-9]{2}:[0-9]{2}$' "the notice counts them all"
like "$(head -n 1 "$n")" '^X-Backstop: notice; class=none$' "the notice says what it is"
is "$(mode "$n")" 600 "the notice is mode 0600"
like "$(cat "$n")" 'backstop quarantine list' "the notice says how to look"
is "$(msgs "$QUARANTINE" | xargs grep -l -- '^--4Y0Q1R2S3T.1732809601/mx.example.org--$' | wc -l | tr -d ' ')" 30 "every quarantined file is whole (ends with its closing boundary)"

# The user reads the notice (cur/): it is no longer rewritten, and the
# flood goes on being counted.
mv "$n" "$MAILDIR/cur/$(basename "$n"):2,S"
deliver b31.eml
is "$(notices | wc -l | tr -d ' ')" 1 "a read notice is left alone: still one"
like "$(grep '^Subject:' "$(notices)")" ' 30 forged' "and unchanged"

# Long after: the flood is over; a new one gets a new notice.
printf 'v1 1 0 0 0 0\n\n' > "$XDG_STATE_HOME/backstop/flood"
for i in $(seq 32 40); do deliver b$i.eml; done
is "$(notices | wc -l | tr -d ' ')" 2 "a new flood: a second notice"
is "$(nm_count tag:backscatter)" 40 "every message indexed"

# rate = 0 turns it off.
mkhome
printf '[flood]\nrate = 0\n' | write_config
for i in $(seq 1 8); do deliver b$i.eml; done
is "$(count "$MAILDIR")" 0 "rate = 0: no notice ever"

# [notmuch] index = delivery: each delivery indexes before it exits, and
# in a flood one delivery at a time does everything pending; no batch
# indexer is started (it would write its pid into batch.lock).
mkhome
printf '[flood]\nrate = 3\n[notmuch]\nindex = delivery\n' | write_config
seq 1 12 | xargs -P 4 -I{} sh -c 'SENDER= "$BACKSTOP" < b{}.eml'
is "$(nm_count tag:backscatter)" 12 "index = delivery, a flood: all 12 indexed when the last delivery exits"
is "$(find "$PENDING_DIR" -type f 2>/dev/null | wc -l | tr -d ' ')" 0 "index = delivery: nothing left pending"
is "$(cat "$XDG_STATE_HOME/backstop/batch.lock" 2>/dev/null)" "" "index = delivery: no batch indexer was started"
