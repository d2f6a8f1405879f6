#!/usr/bin/env bash
# 3200: `backstop quarantine list|show|release|expire` on a real
# quarantine and notmuch database: listing (--since, --json), showing by
# Message-ID, by the original it answers (ref) and by path, releasing to
# the inbox (moved once, retagged, stamped "released", recorded, --allow
# adds the reporting MTA to [lists] allow), a released message stays
# released (scan --apply leaves it, show says when and why), expiring
# (--dry-run removes nothing; gone from disk and from notmuch).
. "${TESTS_DIR:-$(dirname "$0")/..}/lib.sh"
plan 49
mkhome
for i in 1 2 3; do
	BOUNCE_ID=bs$i-3200@mx.example.org make_bounce forged$i-3200@example.org > bs$i.eml
	deliver bs$i.eml
done
is "$(count "$QUARANTINE")" 3 "three forged bounces quarantined"

# list
"$BACKSTOP" quarantine list > out 2> err
is "$?" 0 "list: exit 0"
is "$(wc -l < out | tr -d ' ')" 4 "list: a header row and one line per message"
like "$(sed -n 1p out)" '^arrived +verdict +class +<message-id> +subject$' "list: the header row"
like "$(sed -n 3p out)" '^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}  backscatter bounce +<bs2-3200@mx\.example\.org>  Undelivered Mail Returned to Sender$' "list: date, verdict, class, id, subject"
like "$(cat err)" '3 of 3 quarantined' "list: a count on stderr"
"$BACKSTOP" quarantine list --json > out.json 2> err
is "$(jq -r .message_id < out.json | tr '\n' ' ')" "bs1-3200@mx.example.org bs2-3200@mx.example.org bs3-3200@mx.example.org " "list --json: every message, oldest first"
is "$(jq -r '[.verdict,.class,.ref] | join(" ")' < out.json | sed -n 1p)" "backscatter bounce forged1-3200@example.org" "list --json: verdict, class, ref"
is "$(jq -r '.arrived | test("^[0-9-]+T[0-9:]+Z$")' < out.json | sort -u)" true "list --json: arrived in ISO 8601"

# A subject with a terminal escape is shown inert.
esc=$(printf '\033')
BOUNCE_ID=esc-3200@mx.example.org make_bounce forged-esc-3200@example.org |
	sed "s/^Subject: Undelivered.*/Subject: x${esc}]0;pwned${esc}\\\\ y/" > esc.eml
deliver esc.eml
"$BACKSTOP" quarantine list > out 2> err
unlike "$(cat out)" "$esc" "list: no escape character reaches the terminal"
like "$(grep esc-3200 out)" 'x\?\]0;pwned\?\\ y$' "list: control characters shown as '?'"
rm -f $(find_id "$QUARANTINE" esc-3200@mx.example.org)
nm new --quiet > /dev/null

# An old one: its Maildir name says when it arrived.
old=$(find_id "$QUARANTINE" bs1-3200@mx.example.org)
mv "$old" "$QUARANTINE/cur/1600000000.M1P1Q1.old:2,S"
nm new --quiet > /dev/null
"$BACKSTOP" quarantine list --since 7d > out 2> err
is "$(wc -l < out | tr -d ' ')" 3 "list --since 7d: the old one is left out"
"$BACKSTOP" quarantine list --since 7x > out 2> err
is "$?" 64 "list --since 7x: refused (exit 64)"

# show
"$BACKSTOP" quarantine show '<bs2-3200@mx.example.org>' > shown 2> err
is "$?" 0 "show: exit 0"
ok "show: prints the stored file" cmp -s shown "$(find_id "$QUARANTINE" bs2-3200@mx.example.org)"
"$BACKSTOP" quarantine show id:bs2-3200@mx.example.org > shown2 2> err
ok "show id:X works too" cmp -s shown shown2
"$BACKSTOP" quarantine show nothere@example.org > /dev/null 2> err
is "$?" 1 "show an unknown id: exit 1"
"$BACKSTOP" quarantine show '<forged2-3200@example.org>' > shown3 2> err
ok "show by the original's Message-ID (ref)" cmp -s shown shown3
"$BACKSTOP" quarantine show "$(find_id "$QUARANTINE" bs2-3200@mx.example.org)" > shown4 2> err
ok "show by path" cmp -s shown shown4

# release
"$BACKSTOP" quarantine release bs2-3200@mx.example.org > out 2> err
is "$?" 0 "release: exit 0"
is "$(count "$QUARANTINE"):$(count "$MAILDIR")" "2:1" "release: moved out of the quarantine into the inbox"
is "$(find_id "$HOME" bs2-3200@mx.example.org | wc -l | tr -d ' ')" 1 "release: exactly one copy"
like "$(find_id "$MAILDIR" bs2-3200@mx.example.org)" "^$(ere_quote "$MAILDIR")/new/[^/:]+\$" "release: in the inbox's new/, flags dropped"
rel=$(find_id "$MAILDIR" bs2-3200@mx.example.org)
ok "release: the file is the stored one but its first line" same_after 1 "$rel" <(tail -n +2 shown)
like "$(first_line "$rel")" '^X-Backstop: released; was=backscatter; at=[0-9-]+T[0-9:]+Z; by=you; class=bounce; ref=forged2-3200@example\.org; .*why=quarantine release$' "release: the X-Backstop line says released, when, by whom, what it was"
"$BACKSTOP" quarantine show bs2-3200@mx.example.org > shown5 2> err
is "$?" 0 "show of a released message: exit 0"
like "$(cat err)" '^backstop: released [0-9-]+ [0-9:]+ [-+0-9]+ by you \(quarantine release\), to ' "show of a released message: when and why"
ok "show of a released message: prints it" cmp -s shown5 "$rel"
"$BACKSTOP" scan --apply > out 2> err
like "$(cat out)" 'left alone 1 backscatter message\(s\) you released' "scan --apply: says it leaves the released one alone"
is "$(find_id "$MAILDIR" bs2-3200@mx.example.org)" "$rel" "scan --apply: the released message stays in the inbox"
is "$(tags bs2-3200@mx.example.org | tr '\n' ' ')" "bounce inbox unread " "release: notmuch tags inbox unread, no backscatter"
is "$(nm search --output=files id:bs2-3200@mx.example.org)" "$(find_id "$MAILDIR" bs2-3200@mx.example.org)" "release: notmuch knows the new path only"
"$BACKSTOP" quarantine release bs2-3200@mx.example.org > out 2> err
is "$?" 1 "release again: exit 1 (not in the quarantine)"

# release --allow
"$BACKSTOP" quarantine release --allow bs3-3200@mx.example.org > out 2> err
is "$?" 0 "release --allow: exit 0"
like "$(cat "$XDG_CONFIG_HOME/backstop/config.ini")" '^allow = mx\.example\.org$' "release --allow: the reporting MTA is in [lists] allow"
BOUNCE_ID=bs4-3200@mx.example.org make_bounce forged4-3200@example.org > bs4.eml
"$BACKSTOP" check bs4.eml > out 2> err
like "$(cat out)" 'folder=inbox' "release --allow: the next bounce from that MTA goes to the inbox"
"$BACKSTOP" quarantine release --allow bs3-3200@mx.example.org > /dev/null 2>&1
is "$(grep -c '^allow' "$XDG_CONFIG_HOME/backstop/config.ini")" 1 "release --allow: one allow line"
printf '[delivery]\nheader = yes\n\n[lists]\nallow = "a.example"\n' > edited.ini
deliver bs4.eml -c edited.ini
"$BACKSTOP" quarantine release --allow -c edited.ini bs4-3200@mx.example.org > /dev/null 2>&1
is "$(cat edited.ini)" "$(printf '[delivery]\nheader = yes\n\n[lists]\nallow = "a.example, mx.example.org"')" "release --allow: an existing quoted allow line is extended, the rest kept"

# expire
"$BACKSTOP" quarantine expire --older-than 30d --dry-run > out 2> err
is "$?" 0 "expire --dry-run: exit 0"
like "$(cat out)" 'would expire 1 of 1 ' "expire --dry-run: says how many"
like "$(cat out)" 'bs1-3200@mx.example.org' "expire --dry-run: lists it"
is "$(count "$QUARANTINE")" 1 "expire --dry-run: nothing removed"
"$BACKSTOP" quarantine expire --older-than 30d > out 2> err
is "$?" 0 "expire: exit 0"
like "$(cat out)" 'expired 1 of 1 ' "expire: says how many"
is "$(count "$QUARANTINE")" 0 "expire: the old one is gone from disk"
is "$(nm_count id:bs1-3200@mx.example.org)" 0 "expire: and from notmuch"
"$BACKSTOP" quarantine expire --older-than soon > /dev/null 2>&1
is "$?" 64 "expire --older-than soon: refused"
"$BACKSTOP" quarantine --help > out 2>&1
like "$(cat out)" '^usage: backstop quarantine list' "quarantine --help"
"$BACKSTOP" quarantine frobnicate > /dev/null 2>&1
is "$?" 64 "unknown subcommand: exit 64"
