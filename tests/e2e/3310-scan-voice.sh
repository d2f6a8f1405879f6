#!/usr/bin/env bash
# 3310: `backstop scan` says what it does: a missing or unreadable path is
# an error (not "0 message(s)"); --list shows each automated answer, move
# or keep, and why; --json gives counts and list; files it moves get an
# X-Backstop line like delivered ones (an old one of ours replaced), so
# stats counts them; unverified answers stay, and it says so.
. "${TESTS_DIR:-$(dirname "$0")/..}/lib.sh"
plan 27
mkhome
add_sent sent-3310@example.org
now=$(date +%s)
n=0
# put FILE: into the inbox's cur/ as a message delivered today, read.
put() {
	n=$((n + 1))
	cp "$1" "$MAILDIR/cur/$now.M${n}P1Q1.old:2,S"
	PUT=$MAILDIR/cur/$now.M${n}P1Q1.old:2,S
}
make_ham ham1-3310@example.net > m; put m
BOUNCE_ID=gen-3310@mx.example.org make_bounce sent-3310@example.org > gen.eml; put gen.eml
BOUNCE_ID=bs1-3310@mx.example.org make_bounce forged1-3310@example.org > bs1.eml; put bs1.eml
# Delivered earlier, judged unverified then (notmuch was down): our line is first.
BOUNCE_ID=bs2-3310@mx.example.org make_bounce forged2-3310@example.org > bs2.eml
{ printf 'X-Backstop: unverified; class=bounce; ref=forged2-3310@example.org\n'; cat bs2.eml; } > bs2s.eml
put bs2s.eml
# An auto-reply naming nothing, with correspondence off: unverified.
cat > ar.eml <<'EOF'
From: Carol <carol@example.net>
To: alice@example.org
Subject: Out of office
Auto-Submitted: auto-replied
Message-ID: <ar-3310@example.net>
Date: Thu, 28 Nov 2024 16:00:00 +0000

I am away until Monday.
EOF
put ar.eml
nm new --quiet > /dev/null
write_config <<'EOF'
[evidence]
correspondence_days = 0
EOF

# Mistaken paths.
"$BACKSTOP" scan "$WORKDIR/no-such-dir" > out 2> err
is "$?" 1 "missing path: exit 1"
is "$(cat err)" "backstop: scan: $WORKDIR/no-such-dir: No such file or directory" "missing path: says so"
unlike "$(cat out)" "0 message" "missing path: no '0 message(s)'"
mkdir plain-dir
"$BACKSTOP" scan plain-dir > out 2> err
is "$?" 1 "a directory that is no Maildir: exit 1"
like "$(cat err)" "plain-dir: not a Maildir \(no cur/ or new/\)" "a directory that is no Maildir: says so"
if [ "$(id -u)" -ne 0 ]; then
	mkdir -p locked/cur locked/new
	chmod 000 locked/cur
	"$BACKSTOP" scan locked > out 2> err
	is "$?" 1 "unreadable Maildir: exit 1"
	like "$(cat err)" "Permission denied" "unreadable Maildir: Permission denied"
	chmod 700 locked/cur
else
	skip 2 "root reads a mode 000 directory"
fi

# --list: automated answers only, move or keep, and why.
"$BACKSTOP" scan --list > out 2> err
is "$?" 0 "--list: exit 0"
is "$(grep -c '' out | tr -d ' ')" "$(($(grep -c '' < <("$BACKSTOP" scan) ) + 4))" "--list: one line per automated answer (4) above the report"
like "$(cat out)" "^move  $MAILDIR/cur/[^ ]*: backscatter class=bounce ref=forged1-3310@example\.org -- DSN: 1 recipient\(s\) failed; no message with id <forged1-3310@example\.org>\$" "--list: a backscatter line says move, and why"
like "$(cat out)" "^keep  $MAILDIR/cur/[^ ]*: genuine class=bounce ref=sent-3310@example\.org -- .*carries the sent tag\$" "--list: genuine is kept, and why"
like "$(cat out)" "^keep  $MAILDIR/cur/[^ ]*: unverified class=autoreply ref=- -- .*nothing could tell" "--list: unverified is kept, and why"
unlike "$(cat out)" "ham1-3310|class=none" "--list: ordinary mail is not listed"
like "$(cat out)" "unverified: +1 \(left where they are" "the report says what happens to unverified mail"

# --json.
"$BACKSTOP" scan --json > out.json 2> err
is "$?" 0 "--json: exit 0"
is "$(jq -r '[.messages, .answers, .genuine, .backscatter, .unverified] | map(tostring) | join(" ")' out.json)" "5 4 1 2 1" "--json: the counts"
is "$(jq -r '[.list[] | select(.action == "move")] | length' out.json)" 2 "--json: two to move"
is "$(jq -r '.unverified_action' out.json)" keep "--json: unverified are kept"
ok "--json: the reason in words" grep -qxF "DSN: 1 recipient(s) failed; no message with id <forged1-3310@example.org>" <(jq -r '.list[] | select(.verdict == "backscatter") | .reason' out.json)

# --apply: the moved files carry the X-Backstop line.
"$BACKSTOP" scan --apply > out 2> err
is "$?" 0 "--apply: exit 0"
f1=$(find_id "$QUARANTINE" bs1-3310@mx.example.org)
f2=$(find_id "$QUARANTINE" bs2-3310@mx.example.org)
like "$(first_line "${f1:-/dev/null}")" "$(xb_re backscatter bounce forged1-3310@example.org)" "moved: an X-Backstop line like a delivery's"
ok "moved: the rest is the original, byte for byte" same_after 1 "${f1:-/dev/null}" bs1.eml
like "$(first_line "${f2:-/dev/null}")" "$(xb_re backscatter bounce forged2-3310@example.org)" "moved: our old line replaced by the new verdict"
is "$(grep -c '^X-Backstop:' "${f2:-/dev/null}")" 1 "moved: one X-Backstop line, not two"
ok "moved: the rest is the delivered message, byte for byte" same_after 1 "${f2:-/dev/null}" bs2.eml
is "$(find_id "$HOME" bs1-3310@mx.example.org | wc -l | tr -d ' ')" 1 "moved: one copy"
"$BACKSTOP" stats --days 1 --json > st.json 2> err
is "$(jq -r '.verdicts.backscatter' st.json)" 2 "stats counts the two moved messages as backscatter"
