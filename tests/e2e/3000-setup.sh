#!/usr/bin/env bash
# 3000: `backstop setup`: per user, idempotent; reads notmuch's config,
# writes config.ini with every key of backstop.conf(5), creates the
# quarantine and the key (0600), prints the .forward line and recipes;
# --install writes ~/.forward with a backup; an edited config is never
# replaced.  Then a forged bounce delivered with that config is sorted.
. "${TESTS_DIR:-$(dirname "$0")/..}/lib.sh"
plan 38
mkhome
add_sent sent-3000@example.org
CFG=$XDG_CONFIG_HOME/backstop/config.ini
MAN5=$TESTS_DIR/../man/backstop.conf.5

"$BACKSTOP" setup > out 2> err
is "$?" 0 "setup: exit 0"
ok "config.ini written" test -f "$CFG"
is "$(mode "$CFG")" 600 "config.ini is mode 0600"
like "$(cat out)" "wrote $(ere_quote "$CFG")" "says it wrote the config"
ok "the quarantine exists as a Maildir" test -d "$QUARANTINE/cur" -a -d "$QUARANTINE/new" -a -d "$QUARANTINE/tmp"
ok "the key exists" test -s "$XDG_CONFIG_HOME/backstop/key"
is "$(mode "$XDG_CONFIG_HOME/backstop/key")" 600 "the key is mode 0600"
like "$(cat out)" "^  \"\\|$(ere_quote "$BACKSTOP")\"\$" "prints the .forward line with this program's path"
like "$(cat out)" "^  \\| $(ere_quote "$BACKSTOP") filter\$" "prints the procmail filter recipe"
like "$(cat out)" '^  EXITCODE=75$' "the procmail recipe has EXITCODE=75"
like "$(cat out)" "^  xfilter \"$(ere_quote "$BACKSTOP") filter\"\$" "prints the maildrop recipe"
like "$(cat out)" '^Left to do:' "says what is left to do"
ok "no ~/.forward without --install" test ! -e "$HOME/.forward"
like "$(cat "$CFG")" "notmuch config found: $(ere_quote "$HOME/.notmuch-config")" "names the notmuch config it read"
like "$(cat "$CFG")" 'your addresses in notmuch: alice@example.org' "names the addresses from notmuch"

# Every key of backstop.conf(5), in its section, commented or set.
if [ ! -f "$MAN5" ]; then
	skip 2 "no man/backstop.conf.5 next to the tests"
else
missing=$(awk '/^\.Ss \[/ { s = $2; gsub(/[][]/, "", s) }
	/^\.It Cm [a-z_]+ No =/ { print s ":" $3 }' "$MAN5" | while IFS=: read -r sec key; do
	awk -v s="[$sec]" -v k="$key" '$0 == s { in_s = 1; next } /^\[/ { in_s = 0 }
		in_s && ($0 ~ "^#?" k " = ") { found = 1 } END { exit !found }' "$CFG" || echo "$sec:$key"
done)
is "$missing" "" "every key of backstop.conf(5) is in the file, in its section"
ok "backstop.conf(5) lists keys at all" test "$(grep -c '^\.It Cm [a-z_]* No =' "$MAN5")" -gt 10
fi
make_ham > ham.eml
"$BACKSTOP" check -c "$CFG" ham.eml > /dev/null 2> err
is "$?:$(cat err)" "0:" "the written file loads without a warning"

# Idempotent.
sum1=$(cat "$CFG" "$XDG_CONFIG_HOME/backstop/key" | md5sum)
"$BACKSTOP" setup > out2 2> err
is "$?" 0 "second run: exit 0"
is "$(cat "$CFG" "$XDG_CONFIG_HOME/backstop/key" | md5sum)" "$sum1" "second run: config and key unchanged"
like "$(cat out2)" 'is up to date' "second run: says the config is up to date"

# An edited config is never replaced.
printf '\n[delivery]\nunverified = inbox\n' >> "$CFG"
sum2=$(md5sum < "$CFG")
"$BACKSTOP" setup > out3 2> err
is "$(md5sum < "$CFG")" "$sum2" "edited config: left alone"
ok "edited config: setup's version goes next to it" test -f "$CFG.setup-new"
like "$(cat out3)" 'kept .*you edited it' "edited config: says so"

# --install: ~/.forward, the old one kept.
printf '"|/usr/bin/procmail"\n' > "$HOME/.forward"
"$BACKSTOP" setup --install > out4 2> err
is "$?" 0 "--install: exit 0"
is "$(cat "$HOME/.forward")" "\"|$BACKSTOP\"" "--install: ~/.forward pipes to backstop"
is "$(cat "$HOME/.forward.backstop-backup")" '"|/usr/bin/procmail"' "--install: the old .forward is kept"
"$BACKSTOP" setup --install > out5 2> err
like "$(cat out5)" 'already pipes to backstop' "--install again: nothing to do"
is "$(cat "$HOME/.forward.backstop-backup")" '"|/usr/bin/procmail"' "--install again: the backup is not overwritten"

"$BACKSTOP" setup --help > out 2>&1
like "$(cat out)" '^usage: backstop setup' "--help"
"$BACKSTOP" setup --bogus > /dev/null 2>&1
is "$?" 64 "unknown option: exit 64"

# Every command has --help, and a place in backstop(1).
bad=
for c in deliver check index sendmail filter setup quarantine scan stats; do
	"$BACKSTOP" "$c" --help < /dev/null > help.out 2>&1 && grep -q '^usage: backstop' help.out || bad="$bad $c"
done
is "$bad" "" "--help on every command: exit 0 and a usage line"
bad=
[ -f "$TESTS_DIR/../man/backstop.1" ] || bad=" (no man/backstop.1 next to the tests)"
for c in $("$BACKSTOP" --help | sed -n 's/^ *\(usage: \)\{0,1\}backstop \([a-z]\{2,\}\).*/\2/p' | grep -v '^deliver$'); do
	grep -q "^\.It Nm Cm $c" "$TESTS_DIR/../man/backstop.1" || bad="$bad $c"
done
is "$bad" "" "every command in backstop --help is described in backstop(1)"

# A notmuch mail root that is not ~/Maildir: setup points backstop there,
# and a forged bounce then lands in its quarantine, indexed and tagged.
mkhome
rm -rf "$MAILDIR"
mkdir -p "$HOME/mail/cur" "$HOME/mail/new" "$HOME/mail/tmp"
write_notmuch_config "$HOME/.notmuch-config" "$HOME/mail"
nm new --quiet > /dev/null
"$BACKSTOP" setup > out 2> err
like "$(grep -E '^maildir = ' "$CFG")" "^maildir = \"$(ere_quote "$HOME/mail")\"\$" "mail root elsewhere: maildir set to it"
ok "mail root elsewhere: its quarantine exists" test -d "$HOME/mail/.Backscatter/new"
BOUNCE_ID=bs-3000@mx.example.org make_bounce forged-3000@example.org > bs.eml
deliver bs.eml
is "$RC:$(count "$HOME/mail/.Backscatter")" "0:1" "with that config, a forged bounce is quarantined there"
ok "and tagged backscatter in notmuch" has_tag bs-3000@mx.example.org backscatter

# No notmuch at all: setup still works and says what is missing.
mkhome
rm -f "$HOME/.notmuch-config"
"$BACKSTOP" setup > out 2> err
like "$(cat out)" 'set up notmuch' "no notmuch: says to set it up"
