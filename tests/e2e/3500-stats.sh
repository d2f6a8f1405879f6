#!/usr/bin/env bash
# 3500: `backstop stats`: per day counts by verdict and class from the
# delivered files (today and yesterday), as a table with bars, as JSON,
# and as an SVG chart.
. "${TESTS_DIR:-$(dirname "$0")/..}/lib.sh"
plan 26
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
# What a person looks at (issue 13): a title, both axes labelled, a scale
# with gridlines, dates with the year, backscatter on its own baseline,
# not stacked on the ham, and no run of empty days before the first mail.
svg=$(cat chart.svg)
like "$svg" '>backstop: mail delivered per day</text>' "--svg: a title"
like "$svg" '>messages per day</text>' "--svg: the value axis is labelled"
like "$svg" '>day of delivery \(local time\)</text>' "--svg: the date axis is labelled"
like "$svg" ">$today</text>" "--svg: dates carry the year ($today)"
unlike "$svg" ">$(date -d @"$(( $(date +%s) - 3 * 86400 ))" +%Y-%m-%d)</text>" \
	"--svg: the empty days before the first mail are left out"
like "$svg" '\(the 5 days before had no mail\)' "--svg: and it says so"
# bottom ID: y + height of the bar whose tooltip is ID.
bottom() {
	sed -n "s|.*<rect x=\"[0-9.]*\" y=\"\([0-9.]*\)\" width=\"[0-9.]*\" height=\"\([0-9.]*\)\".*<title>$1</title>.*|\1 \2|p" chart.svg |
		awk '{ printf "%.0f\n", $1 + $2 }'
}
bs_bottom=$(bottom "$today backscatter: 3")
ham_bottom=$(bottom "$today ham: 2")
ok "--svg: backscatter and ham are bars of their own ($bs_bottom, $ham_bottom)" \
	test -n "$bs_bottom" -a -n "$ham_bottom" -a "$bs_bottom" != "$ham_bottom"
# The gridlines: 0 at each bar's baseline, and a scale above it.
is "$(grep -c '<line x1="80" y1="[0-9.]*" x2="930"' chart.svg)" 8 \
	"--svg: gridlines at 0, 1, 2, 3 in each panel (3 messages a day at most)"
ok "--svg: each panel's 0 is its bars' baseline" \
	eval "grep -q '<line x1=\"80\" y1=\"$bs_bottom.0\" x2=\"930\" y2=\"$bs_bottom.0\" stroke=\"#333\"' chart.svg &&
	grep -q '<line x1=\"80\" y1=\"$ham_bottom.0\" x2=\"930\" y2=\"$ham_bottom.0\" stroke=\"#333\"' chart.svg"
if ! command -v rsvg-convert > /dev/null; then
	skip 1 "rsvg-convert is not installed (apt-get install librsvg2-bin)"
else
	rsvg-convert -o chart.png chart.svg 2> rsvg.err
	is "$?:$(od -An -tx1 -j16 -N4 chart.png | tr -d ' ')" "0:000003c0" "--svg: rsvg-convert renders it (a PNG 960 pixels wide)"
fi
"$BACKSTOP" stats --days 0 > /dev/null 2>&1
is "$?" 64 "--days 0: refused"
"$BACKSTOP" stats --svg /nonexistent/dir/x.svg > /dev/null 2>&1
is "$?" 1 "--svg into a missing directory: exit 1"
