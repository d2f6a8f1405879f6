#!/usr/bin/env bash
# 0810: -v prints the one-line verdict on stderr; without -v, stdout and
# stderr stay empty (an MTA copies MDA output into DSNs), even for a bounce
# whose empty message/rfc822 part makes GMime print criticals.
. "${TESTS_DIR:-$(dirname "$0")/..}/lib.sh"
plan 21
mkhome
add_sent sent-0810@example.org
make_ham > ham.eml
BOUNCE_ID=gen-0810@mx.example.org make_bounce sent-0810@example.org > gen.eml
BOUNCE_ID=bs-0810@mx.example.org make_bounce forged-0810@example.org > bs.eml
BOUNCE_ID=empty-0810@mx.example.org make_bounce forged-empty-0810@example.org empty > empty.eml
BOUNCE_ID=empty2-0810@mx.example.org make_bounce forged-empty2-0810@example.org empty > empty2.eml

# Without -v: silence.
for m in ham gen bs empty; do
	SENDER= deliver $m.eml
	is "$RC${OUT}${ERR}" 0 "$m without -v: exit 0, stdout and stderr empty"
done
q=$(grep -lF '<empty-0810@mx.example.org>' $(msgs "$QUARANTINE") /dev/null)
ok "empty message/rfc822 bounce: quarantined" test -n "$q"
is "$(nm_count id:empty-0810@mx.example.org)" 1 "empty message/rfc822 bounce: indexed"
ok "empty message/rfc822 bounce: tagged backscatter" has_tag empty-0810@mx.example.org backscatter

# With -v: exactly one line on stderr, nothing on stdout.
re_path='(/[^ ]+)'
SENDER= deliver ham.eml -v
is "$RC" 0 "ham -v: exit 0"
is "$OUT" "" "ham -v: stdout empty"
is "$(printf '%s\n' "$ERR" | wc -l | tr -d ' ')" 1 "ham -v: one line on stderr"
like "$ERR" "^backstop: delivered to inbox $re_path: ham class=none ref=-( evidence=.*)?\$" "ham -v: verdict line"
p=$(printf '%s\n' "$ERR" | sed -n 's/^backstop: delivered to inbox \([^ ]*\): .*/\1/p')
is "${p%/*}" "$MAILDIR/new" "ham -v: the path is the file in ~/Maildir/new"
ok "ham -v: that file exists" test -f "$p"

SENDER= deliver gen.eml -v
like "$ERR" "^backstop: delivered to inbox $re_path: genuine class=bounce ref=sent-0810@example\\.org evidence=([^ ]*,)?notmuch:[a-z-]+" "genuine -v: verdict line"

SENDER= deliver bs.eml deliver -v
like "$ERR" "^backstop: delivered to quarantine $re_path: backscatter class=bounce ref=forged-0810@example\\.org evidence=([^ ]*,)?notmuch:not-sent" "backscatter -v: verdict line"
is "$(printf '%s\n' "$ERR" | wc -l | tr -d ' ')" 1 "backscatter -v: one line"
p=$(printf '%s\n' "$ERR" | sed -n 's/^backstop: delivered to quarantine \([^ ]*\): .*/\1/p')
case $p in
"$QUARANTINE"/new/*) r=ok ;;
*) r="$p" ;;
esac
is "$r" ok "backscatter -v: the path is in the quarantine's new/"

SENDER= deliver empty2.eml -v
is "$RC" 0 "empty message/rfc822 -v: exit 0"
is "$(printf '%s\n' "$ERR" | wc -l | tr -d ' ')" 1 "empty message/rfc822 -v: only the verdict line"
unlike "$ERR" 'CRITICAL|WARNING|gmime|GMime' "empty message/rfc822 -v: no GMime noise"
like "$ERR" "^backstop: delivered to quarantine " "empty message/rfc822 -v: verdict line"
