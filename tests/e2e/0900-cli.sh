#!/usr/bin/env bash
# 0900: --help, --version, CMD --help, help; they deliver nothing.  Misuse of
# deliver still exits only 0 or 75.  A word that is not a command is a
# usage error (64), with or without an MTA's environment; global options go
# before the command; delivery from a terminal is refused; every form an
# MTA or a recipe uses still delivers; a broken config: 78 for the
# commands that judge or move mail.
. "${TESTS_DIR:-$(dirname "$0")/..}/lib.sh"
plan 48
mkhome
make_ham > ham.eml

"$BACKSTOP" --help < ham.eml > out 2> err
is "$?" 0 "--help: exit 0"
like "$(cat out err)" 'deliver' "--help mentions deliver"
like "$(cat out err)" 'check' "--help mentions check"
like "$(cat out err)" 'index' "--help mentions index"

"$BACKSTOP" --version < ham.eml > out 2> err
is "$?" 0 "--version: exit 0"
like "$(cat out)" '[0-9]+\.[0-9]+' "--version prints a version on stdout"

for c in deliver check index; do
	"$BACKSTOP" $c --help < ham.eml > out 2> err
	is "$?" 0 "$c --help: exit 0"
done
is "$(count "$MAILDIR") $(count "$QUARANTINE")" "0 0" "none of that delivered anything"

"$BACKSTOP" deliver --no-such-option < ham.eml > out 2> err
rc=$?
ok "deliver with an unknown option: exit 0 or 75 (got $rc)" test "$rc" = 0 -o "$rc" = 75
"$BACKSTOP" -c < ham.eml > out 2> err
rc=$?
ok "deliver with -c and no file: exit 0 or 75 (got $rc)" test "$rc" = 0 -o "$rc" = 75

# ---- help, unknown words, global options (issue 13 item 2)
before=$(count "$MAILDIR")
"$BACKSTOP" help < ham.eml > out 2> err
is "$?" 0 "help: exit 0"
like "$(cat out)" '^usage: backstop' "help: the usage on standard output"
"$BACKSTOP" help stats < ham.eml > out 2> err
is "$?:$(head -c 21 out)" "0:usage: backstop stats" "help stats: the command's usage"
env -u RECIPIENT -u SENDER "$BACKSTOP" bogus < ham.eml > out 2> err
is "$?" 64 "bogus: exit 64 (EX_USAGE)"
is "$(head -n 1 err)" "backstop: 'bogus' is not a command" "bogus: says what was wrong"
like "$(cat err)" 'backstop quarantine' "bogus: lists the commands"
printf '[notmuch]\nconfig = none\n' > other.ini
env -u RECIPIENT "$BACKSTOP" -c other.ini stats --days 1 < ham.eml > out 2> err
is "$?" 0 "-c FILE stats: exit 0"
like "$(cat out)" '^date ' "-c FILE stats: the stats table"
env -u RECIPIENT "$BACKSTOP" --config=other.ini stats --days 1 < ham.eml > out 2> err
is "$?" 0 "--config=FILE stats: exit 0"
"$BACKSTOP" -v check ham.eml < /dev/null > out 2> err
is "$?" 0 "-v check FILE: exit 0"
like "$(cat out)" 'ham' "-v check FILE: the verdict"
is "$(count "$MAILDIR")" "$before" "help, bogus, -c FILE stats, -v check: nothing delivered"

# With an MTA's environment (RECIPIENT set by mkhome, SENDER) too.
SENDER=bob@example.net "$BACKSTOP" bogus < ham.eml > out 2> err
is "$?" 64 "bogus with SENDER and RECIPIENT set: exit 64 all the same"
is "$(count "$MAILDIR")" "$before" "bogus with SENDER and RECIPIENT set: nothing delivered"

# Every form an MTA, a .forward or a recipe uses still delivers.
n=$before
for form in "" "deliver" "-v" "-c other.ini" "deliver -c other.ini" "-f bob@example.net" \
    "-a ext" "--" "-c other.ini --" "-d alice"; do
	"$BACKSTOP" $form < ham.eml > out 2> err
	rc=$?
	n=$((n + 1))
	is "$rc:$(count "$MAILDIR")" "0:$n" "backstop $form < msg: delivered"
done

# Delivery from a terminal is refused (a pty through script(1)).
if command -v script > /dev/null && script -qec true /dev/null > /dev/null 2>&1; then
	timeout 10 script -qec "'$BACKSTOP'" /dev/null < /dev/null > out 2>&1
	is "$?" 64 "delivery from a terminal: exit 64"
	like "$(cat out)" 'standard input is a terminal' "delivery from a terminal: says why"
	is "$(count "$MAILDIR")" "$n" "delivery from a terminal: nothing delivered"
else
	skip 3 "script(1) cannot make a terminal here"
fi

# A broken config: commands that judge or move mail exit 78 and say why;
# stats goes on with the defaults; delivery goes to the inbox unchecked.
printf '[delivery\n' > broken.ini
for c in "check ham.eml" "scan" "index" "quarantine list"; do
	"$BACKSTOP" -c broken.ini $c < /dev/null > out 2> err
	is "$?" 78 "broken config: $c exits 78 (EX_CONFIG)"
	like "$(head -n 1 err)" '^backstop: broken config: ' "broken config: $c says why"
done
"$BACKSTOP" -c broken.ini stats --days 1 < /dev/null > out 2> err
is "$?" 0 "broken config: stats goes on with the defaults"
