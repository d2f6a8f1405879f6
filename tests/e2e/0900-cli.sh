#!/usr/bin/env bash
# 0900: --help, --version, CMD --help; they deliver nothing.  Misuse of
# deliver still exits only 0 or 75.
. "${TESTS_DIR:-$(dirname "$0")/..}/lib.sh"
plan 12
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
