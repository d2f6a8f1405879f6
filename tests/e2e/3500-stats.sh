#!/usr/bin/env bash
# 3500: `backstop stats`: per day counts by verdict and class from the
# delivered files (today and yesterday), as a table with bars, as JSON,
# and as an SVG chart.
. "${TESTS_DIR:-$(dirname "$0")/..}/lib.sh"
plan 16
mkhome
add_sent sent-3500@example.org
make_ham > ham.eml
BOUNCE_ID=gen-3500@mx.example.org make_bounce sent-3500@example.org > gen.eml
deliver ham.eml
deliver ham.eml
deliver gen.eml
for i in 1 2 3; do
	BOUNCE_ID=bs$i-3500@mx.example.org make_bounce forged$i-3500@example.org > bs.eml
	deliver bs.eml
done
# Yesterday (by the Maildir name, as delivery writes it): one backscatter.
# Two days beyond the period: not counted.
f=$(msgs "$QUARANTINE" | head -n 1)
y=$(( $(date +%s) - 86400 ))
cp "$f" "$QUARANTINE/cur/$y.M1P1Q1.test:2,S"
cp "$f" "$QUARANTINE/cur/$(( y - 40 * 86400 )).M1P1Q1.test:2,S"
today=$(date +%Y-%m-%d)
yesterday=$(date -d @"$y" +%Y-%m-%d)

"$BACKSTOP" stats --days 2 --json > out.json 2> err
is "$?" 0 "--json: exit 0"
is "$(wc -l < out.json | tr -d ' ')" 2 "--days 2: two lines"
is "$(jq -r .date < out.json | tr '\n' ' ')" "$yesterday $today " "oldest first, local dates"
is "$(jq -r 'select(.date == "'"$today"'") | [.verdicts.ham, .verdicts.genuine, .verdicts.backscatter] | map(tostring) | join(" ")' < out.json)" "2 1 3" "today: 2 ham, 1 genuine, 3 backscatter"
is "$(jq -r 'select(.date == "'"$today"'") | [.classes.none, .classes.bounce] | map(tostring) | join(" ")' < out.json)" "2 4" "today: classes none 2, bounce 4"
is "$(jq -r 'select(.date == "'"$yesterday"'") | .verdicts.backscatter' < out.json)" 1 "yesterday: 1 backscatter"
"$BACKSTOP" stats --days 60 --json > out60.json 2> err
is "$(jq -s 'map(.verdicts.backscatter) | add' < out60.json)" 5 "--days 60: the old one counted too"

"$BACKSTOP" stats --days 2 > out.txt 2> err
is "$?" 0 "table: exit 0"
like "$(cat out.txt)" "^$today +2 +1 +3 +0 +0  \\.+g+#+\$" "table: today's counts and a bar"
like "$(cat out.txt)" '^classes: none=2 bounce=5 ' "table: class totals over the period"

"$BACKSTOP" stats --days 7 --svg chart.svg > /dev/null 2> err
is "$?" 0 "--svg: exit 0"
like "$(head -n 2 chart.svg | tail -n 1)" '^<svg xmlns="http://www.w3.org/2000/svg"' "--svg: an SVG document"
like "$(cat chart.svg)" "<title>$today backscatter: 3</title>" "--svg: today's backscatter bar"
if command -v xmllint > /dev/null; then
	ok "--svg: well-formed XML" xmllint --noout chart.svg
else
	ok "--svg: ends properly" test "$(tail -n 1 chart.svg)" = "</svg>"
fi
"$BACKSTOP" stats --days 0 > /dev/null 2>&1
is "$?" 64 "--days 0: refused"
"$BACKSTOP" stats --svg /nonexistent/dir/x.svg > /dev/null 2>&1
is "$?" 1 "--svg into a missing directory: exit 1"
