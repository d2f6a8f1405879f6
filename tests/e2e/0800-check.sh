#!/usr/bin/env bash
# 0800: `backstop check` classifies without delivering: readable lines,
# --json objects with all the fields, files, a Maildir directory, stdin,
# and its exit statuses (1 for an unreadable file, 64 for misuse).
. "${TESTS_DIR:-$(dirname "$0")/..}/lib.sh"
plan 47
mkhome
if ! command -v jq > /dev/null; then
	echo "Bail out! jq is needed to check the JSON output"
	exit 1
fi
add_sent sent-0800@example.org
make_ham > ham.eml
BOUNCE_ID=gen-0800@mx.example.org make_bounce sent-0800@example.org > gen.eml
BOUNCE_ID=bs-0800@mx.example.org make_bounce forged-0800@example.org > bs.eml
nm_before=$(nm count '*')

# j FILE EXPR: jq -r EXPR on the JSON output.
j() {
	jq -r "$2" < "$1" 2>/dev/null
}

"$BACKSTOP" check --json ham.eml gen.eml bs.eml > out.json 2> err
is "$?" 0 "check --json on three files: exit 0"
is "$(wc -l < out.json | tr -d ' ')" 3 "one line per message"
ok "every line is a JSON object" eval 'jq -e "type == \"object\"" < out.json > /dev/null'
keys='["class","evidence","folder","original_message_ids","path","reason","recogniser","verdict"]'
is "$(jq -c '[keys[] | select(IN("class","evidence","folder","original_message_ids","path","reason","recogniser","verdict"))]' < out.json | sort -u)" "$keys" "all eight fields are there in every object"

sed -n 1p out.json > ham.json
sed -n 2p out.json > gen.json
sed -n 3p out.json > bs.json
is "$(j ham.json '.path')" ham.eml "ham: path"
is "$(j ham.json '[.verdict,.class,.folder] | join(" ")')" "ham none inbox" "ham: verdict ham, class none, folder inbox"
is "$(j ham.json '.original_message_ids | length')" 0 "ham: no original_message_ids"
is "$(j ham.json '.evidence | type')" array "ham: evidence is an array"

is "$(j gen.json '.path')" gen.eml "genuine: path"
is "$(j gen.json '[.verdict,.class,.folder] | join(" ")')" "genuine bounce inbox" "genuine: verdict genuine, class bounce, folder inbox"
is "$(j gen.json '.original_message_ids | index("sent-0800@example.org") != null')" true "genuine: original_message_ids has the sent id"
is "$(j gen.json '[.evidence[] | select(.source == "notmuch")] | length > 0')" true "genuine: notmuch evidence"
is "$(j gen.json '[.evidence[] | has("source") and has("result") and has("detail")] | all')" true "genuine: evidence objects have source, result, detail"
is "$(j gen.json '.recogniser | type')" string "genuine: recogniser is a string"
isnt "$(j gen.json '.recogniser')" "" "genuine: recogniser named"
is "$(j gen.json '.reason | type')" string "genuine: reason is a string"

is "$(j bs.json '[.verdict,.class,.folder] | join(" ")')" "backscatter bounce quarantine" "backscatter: verdict, class, folder quarantine"
is "$(j bs.json '.original_message_ids | index("forged-0800@example.org") != null')" true "backscatter: original_message_ids"
is "$(j bs.json '[.evidence[] | select(.source == "notmuch" and .result == "not-sent")] | length')" 1 "backscatter: evidence notmuch/not-sent"

is "$(count "$MAILDIR") $(count "$QUARANTINE")" "0 0" "check delivered nothing"
is "$(nm count '*')" "$nm_before" "check indexed nothing"

# Readable output.
"$BACKSTOP" check ham.eml gen.eml bs.eml > out.txt 2> err
is "$?" 0 "readable: exit 0"
like "$(sed -n 1p out.txt)" '^ham\.eml: ham class=none folder=inbox ref=- -- not an automated answer$' "readable: ham line"
like "$(sed -n 2p out.txt)" '^gen\.eml: genuine class=bounce folder=inbox ref=sent-0800@example\.org -- DSN: 1 recipient\(s\) failed; <sent-0800@example\.org> carries the sent tag$' "readable: genuine line, the reason in words"
like "$(sed -n 3p out.txt)" '^bs\.eml: backscatter class=bounce folder=quarantine ref=forged-0800@example\.org -- DSN: 1 recipient\(s\) failed; no message with id <forged-0800@example\.org>$' "readable: backscatter line, the reason in words"
unlike "$(cat out.txt)" 'no-opinion|evidence=' "readable: no source:result pairs without -v"
"$BACKSTOP" check -v bs.eml > outv.txt 2> err
like "$(sed -n 1p outv.txt)" '^bs\.eml: backscatter class=bounce folder=quarantine ref=forged-0800@example\.org evidence=([^ ]*,)?notmuch:not-sent.* -- DSN' "-v: the evidence words too"
like "$(cat outv.txt)" '^  notmuch: not-sent: no message with id <forged-0800@example\.org>$' "-v: each piece of evidence on its own line"
printf '[notmuch]\nconfig = none\n[evidence]\ncorrespondence_days = 0\n' > blind.ini
"$BACKSTOP" check -c blind.ini "$TESTDATA/autoreply/vacation-x-autoreply.eml" > outu.txt 2> err
like "$(cat outu.txt)" ': unverified class=autoreply .* -- X-Autoreply; nothing could tell whether you sent the original; notmuch is turned off$' "readable: unverified says why nothing could tell"

# stdin.
"$BACKSTOP" check --json < bs.eml > stdin.json 2> err
is "$?" 0 "stdin: exit 0"
is "$(j stdin.json '.path')" - "stdin: path is \"-\""
is "$(j stdin.json '.verdict')" backscatter "stdin: verdict"
"$BACKSTOP" check < ham.eml > stdin.txt 2> err
like "$(cat stdin.txt)" '^-: ham class=none folder=inbox ref=-( |$)' "stdin, readable: '-: ham ...'"

# A Maildir: the files in cur/ and new/, not tmp/.
mkdir -p md/cur md/new md/tmp
cp ham.eml md/new/1.a.host
cp gen.eml md/cur/2.b.host:2,S
cp bs.eml md/cur/3.c.host:2,
cp bs.eml md/tmp/4.d.host
"$BACKSTOP" check --json md > md.json 2> err
is "$?" 0 "Maildir dir: exit 0"
is "$(jq -r .path < md.json | sort | tr '\n' ' ')" "md/cur/2.b.host:2,S md/cur/3.c.host:2, md/new/1.a.host " "Maildir dir: cur/ and new/ files, not tmp/"
is "$(jq -r '.path + " " + .verdict' < md.json | sort | tr '\n' ,)" "md/cur/2.b.host:2,S genuine,md/cur/3.c.host:2, backscatter,md/new/1.a.host ham," "Maildir dir: verdicts"

# A plain directory of files.
mkdir plain
cp ham.eml plain/one.eml
cp bs.eml plain/two.eml
"$BACKSTOP" check --json plain > plain.json 2> err
is "$(jq -r .path < plain.json | sort | tr '\n' ' ')" "plain/one.eml plain/two.eml " "plain dir: its files"

# JSON escaping of odd paths and ids.
odd=$(printf 'we"ird\\name\tx.eml')
cp bs.eml "$odd"
BOUNCE_ID=odd-0800@mx.example.org make_bounce "$(printf 'q"uo\\te\001@example.org')" > oddid.eml
"$BACKSTOP" check --json "$odd" oddid.eml > odd.json 2> err
ok "odd path and odd Message-ID: valid JSON" eval 'jq -e . < odd.json > /dev/null'
is "$(jq -r 'select(.path != "oddid.eml") | .path' < odd.json)" "$odd" "odd path round-trips"

# Unreadable files: exit 1, the others still reported.
"$BACKSTOP" check --json ham.eml does-not-exist.eml bs.eml > miss.json 2> miss.err
is "$?" 1 "a missing file: exit 1"
is "$(jq -r .path < miss.json 2>/dev/null | tr '\n' ' ')" "ham.eml bs.eml " "the other files are still reported"
like "$(cat miss.err)" 'does-not-exist\.eml' "the missing file is named on stderr"

# Usage errors: 64.
"$BACKSTOP" check --no-such-option ham.eml > /dev/null 2>&1
is "$?" 64 "unknown option: exit 64"

# -c: unverified = inbox changes the folder of an unverified bounce.
BOUNCE_ID=noref-0800@mx.example.org make_bounce unused noid > noref.eml
# Without the correspondence check (tests/e2e/1040) it stays unverified.
write_config <<'EOF'
[evidence]
correspondence_days = 0
EOF
"$BACKSTOP" check --json noref.eml > nr1.json 2> err
is "$(j nr1.json '[.verdict,.folder] | join(" ")')" "unverified quarantine" "unverified: folder quarantine by default"
is "$(j nr1.json '.original_message_ids | length')" 0 "unverified: no original_message_ids"
write_config c.ini <<'EOF'
[delivery]
unverified = inbox
[evidence]
correspondence_days = 0
EOF
"$BACKSTOP" check --json -c "$WORKDIR/c.ini" noref.eml > nr2.json 2> err
is "$(j nr2.json '[.verdict,.folder] | join(" ")')" "unverified inbox" "check -c: unverified = inbox"
is "$(count "$MAILDIR") $(count "$QUARANTINE")" "0 0" "still nothing delivered"
