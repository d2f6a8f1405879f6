#!/usr/bin/env bash
# 0100: an ordinary message lands in ~/Maildir/new byte for byte, under a
# Maildir name, mode 0600, with only the X-Backstop line added.
. "${TESTS_DIR:-$(dirname "$0")/..}/lib.sh"
plan 22
mkhome

make_ham > ham.eml
deliver ham.eml
is "$RC" 0 "plain delivery exits 0"
is "$(count "$MAILDIR")" 1 "one message in the inbox"
is "$(find "$MAILDIR/new" -type f | wc -l)" 1 "it is in new/"
f=$(newest "$MAILDIR")
ok "file name is sec.M<usec>P<pid>Q<n>.<host>" valid_name "$f"
is "$(mode "$f")" 600 "file mode is 0600"
is "$(first_line "$f")" "X-Backstop: ham; class=none" "first line is the X-Backstop header"
ok "the rest is the input, byte for byte" same_after 1 "$f" ham.eml
is "$(find "$MAILDIR/tmp" -type f | wc -l)" 0 "nothing left in tmp/"
is "$OUT" "" "nothing on stdout"
is "$ERR" "" "nothing on stderr"
is "$(count "$QUARANTINE")" 0 "nothing in the quarantine"

# The explicit command name does the same.
make_ham ham-2@example.net > ham2.eml
deliver ham2.eml deliver
is "$RC" 0 "'backstop deliver' exits 0"
is "$(count "$MAILDIR")" 2 "a second, distinct file"
f2=$(grep -l 'ham-2@example.net' $(msgs "$MAILDIR"))
ok "second file has a valid name" valid_name "$f2"
ok "second file holds the input" same_after 1 "$f2" ham2.eml

# No final newline, a body 'From ' line, trailing blank lines, 8-bit bytes:
# none of it is touched (no >From quoting, no newline added).
{ make_ham ham-3@example.net; printf 'From here on\n\n\ncaf\303\251 \377\nlast line'; } > ham3.eml
deliver ham3.eml
is "$RC" 0 "odd body exits 0"
f3=$(grep -l 'ham-3@example.net' $(msgs "$MAILDIR"))
ok "odd body stored byte for byte" same_after 1 "$f3" ham3.eml
is "$(tail -c 9 "$f3")" "last line" "no newline added at the end"

# Ten quick deliveries in a row get ten distinct names.
for i in 1 2 3 4 5 6 7 8 9 10; do
	"$BACKSTOP" < ham.eml || echo "exit $?" >> rcs
done
is "$(cat rcs 2>/dev/null)" "" "ten deliveries in a row all exit 0"
is "$(count "$MAILDIR")" 13 "ten more files"
names=$(msgs "$MAILDIR" | xargs -n1 basename | sort -u | wc -l)
is "$names" 13 "all names distinct"
bad=$(for f in $(msgs "$MAILDIR"); do valid_name "$f" || echo "$f"; done)
is "$bad" "" "all names valid"
