#!/usr/bin/env bash
# 3300: `backstop scan` over mail already in the inbox: a dry run counts
# and changes nothing; --apply moves the backscatter into the quarantine
# and tags it; a rerun does nothing more; an interrupted move is finished
# without a duplicate; SIGINT stops it safely; an mbox is only read;
# --query takes notmuch's files; a progress bar only on a terminal.
. "${TESTS_DIR:-$(dirname "$0")/..}/lib.sh"
plan 32
mkhome
add_sent sent-3300@example.org
n=0
# put FILE: into the inbox's cur/ as an already delivered, read message.
put() {
	n=$((n + 1))
	cp "$1" "$MAILDIR/cur/1700000000.M${n}P1Q1.old:2,S"
}
make_ham ham1-3300@example.net > m; put m
make_ham ham2-3300@example.net > m; put m
BOUNCE_ID=gen-3300@mx.example.org make_bounce sent-3300@example.org > m; put m
BOUNCE_ID=bs1-3300@mx.example.org make_bounce forged1-3300@example.org > m; put m
BOUNCE_ID=bs2-3300@mx.example.org make_exim_bounce forged2-3300@example.org | tail -n +2 > m; put m
nm new --quiet > /dev/null
snapshot() { find "$HOME" -path '*/.notmuch' -prune -o -type f -print | sort | xargs md5sum; }
before=$(snapshot)

"$BACKSTOP" scan > out 2> err
is "$?" 0 "dry run: exit 0"
like "$(cat out)" '^backstop scan: 5 message\(s\) in ' "dry run: five messages"
like "$(cat out)" '^  automated answers: 3$' "dry run: three automated answers"
like "$(cat out)" '^    genuine: +1$' "dry run: one genuine"
like "$(cat out)" '^    backscatter: +2$' "dry run: two backscatter"
like "$(cat out)" 'would move 2 backscatter' "dry run: says what --apply would do"
is "$(snapshot)" "$before" "dry run: no file changed"
unlike "$(cat err)" 'scanning' "no progress bar when stderr is not a terminal"

"$BACKSTOP" scan --apply > out 2> err
is "$?" 0 "--apply: exit 0"
like "$(cat out)" '^moved 2 backscatter' "--apply: says it moved two"
is "$(count "$MAILDIR"):$(count "$QUARANTINE")" "3:2" "--apply: two moved out of the inbox"
is "$(find_id "$HOME" bs1-3300@mx.example.org | wc -l | tr -d ' ')" 1 "--apply: one copy of each"
ok "--apply: tagged backscatter" has_tag bs1-3300@mx.example.org backscatter
ok "--apply: no longer in the inbox tag" lacks_tag bs2-3300@mx.example.org inbox
like "$(nm search --output=files id:bs1-3300@mx.example.org)" "^$(ere_quote "$QUARANTINE")/" "--apply: notmuch has the quarantine path only"
ok "--apply: the genuine bounce stays" has_tag gen-3300@mx.example.org inbox
moved=$(find_id "$QUARANTINE" bs1-3300@mx.example.org)
like "$(first_line "${moved:-/dev/null}")" '^X-Backstop: backscatter; class=bounce; ref=forged1-3300@example\.org' "--apply: a moved file gets an X-Backstop line like a delivered one"
ok "--apply: the rest of the file is as it was" same_after 1 "${moved:-/dev/null}" <(BOUNCE_ID=bs1-3300@mx.example.org make_bounce forged1-3300@example.org)
"$BACKSTOP" quarantine list > out 2> err
like "$(grep bs2-3300 out)" ' backscatter +bounce +<bs2-3300@mx\.example\.org>' "quarantine list: the verdict and class of what scan moved"
"$BACKSTOP" scan --apply > out 2> err
like "$(cat out)" '^moved 0 backscatter' "rerun: nothing more to move"

# An earlier run stopped between link and unlink: finished, no duplicate.
BOUNCE_ID=bs3-3300@mx.example.org make_bounce forged3-3300@example.org > m; put m
ln "$MAILDIR/cur/1700000000.M${n}P1Q1.old:2,S" "$QUARANTINE/new/1700000000.M${n}P1Q1.old"
"$BACKSTOP" scan --apply > out 2> err
is "$(find_id "$HOME" bs3-3300@mx.example.org | wc -l | tr -d ' ')" 1 "half-done move: one copy after the rerun"
like "$(find_id "$HOME" bs3-3300@mx.example.org)" "^$(ere_quote "$QUARANTINE")/" "half-done move: it is in the quarantine"

# SIGINT in the middle of a larger run, then a rerun: each message once.
for i in $(seq 1 150); do
	BOUNCE_ID=f$i-3300@mx.example.org make_bounce forged-f$i-3300@example.org > m; put m
done
"$BACKSTOP" scan --apply > out-int 2> err &
pid=$!
sleep 0.5
kill -INT "$pid" 2> /dev/null
wait "$pid"
diag "first run: $(tail -n 1 out-int)"
"$BACKSTOP" scan --apply > out 2> err
is "$(grep -rl --include='*' -e '^Message-Id: <f[0-9]*-3300@mx.example.org>' "$MAILDIR/cur" "$MAILDIR/new" | wc -l | tr -d ' ')" 0 "SIGINT and rerun: none left in the inbox"
is "$(msgs "$QUARANTINE" | xargs cat | grep -c '^Message-Id: <f[0-9]*-3300@mx.example.org>')" 150 "SIGINT and rerun: each of the 150 once in the quarantine"
is "$(nm_count tag:backscatter)" 153 "SIGINT and rerun: all tagged in notmuch"

# An mbox is only read.
{ make_ham mb1@example.net | with_from_line; echo; BOUNCE_ID=mb2@mx.example.org make_bounce forged-mb@example.org | with_from_line; } > box.mbox
"$BACKSTOP" scan box.mbox > out 2> err
like "$(cat out)" '^    backscatter: +1$' "mbox: counted"
"$BACKSTOP" scan --apply box.mbox > out 2> err
is "$?" 64 "mbox --apply: refused"

# --query
"$BACKSTOP" scan --query 'tag:inbox' > out 2> err
like "$(cat out)" '^backstop scan: 4 message\(s\) in tag:inbox' "--query: notmuch's files (ham, genuine, sent)"

# A progress bar on a terminal.
if command -v script > /dev/null; then
	script -qec "$BACKSTOP scan" /dev/null > tty.out 2>&1
	like "$(tr '\r' '\n' < tty.out)" '^scanning +[0-9]+/[0-9]+ \[#' "on a terminal: a progress bar"
else
	skip 1 "script(1) is not installed"
fi

# --apply drains the pending queue under batch.lock, as `backstop index`
# does: while a batch indexer holds it, the moved message stays pending.
write_config <<'CONF'
[notmuch]
index_timeout = 1
CONF
LOCK=$XDG_STATE_HOME/backstop/batch.lock
mkdir -p "$(dirname "$LOCK")"
BOUNCE_ID=bs9-3300@mx.example.org make_bounce forged9-3300@example.org > m; put m
nm new --quiet > /dev/null
rm -f release held
flock "$LOCK" sh -c 'touch held; while [ ! -e release ]; do sleep 0.05; done' &
holder=$!
until [ -e held ]; do sleep 0.05; done
"$BACKSTOP" scan --apply > out 2> err
is "$?:$(ls -A "$PENDING_DIR" | wc -l | tr -d ' ')" "0:1" "--apply beside a batch indexer: exit 0, the moved message left pending"
like "$(cat err)" 'the batch indexer is busy; 1 message\(s\) left pending' "--apply beside a batch indexer: says so"
touch release; wait "$holder"
"$BACKSTOP" index > out 2>&1
ok "then backstop index tags it backscatter" has_tag bs9-3300@mx.example.org backscatter
