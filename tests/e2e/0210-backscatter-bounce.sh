#!/usr/bin/env bash
# 0210: a bounce of a message the user never sent is quarantined in
# ~/Maildir/.Backscatter, indexed with +backscatter +bounce and without
# inbox/unread, and `notmuch search tag:backscatter` finds it.
. "${TESTS_DIR:-$(dirname "$0")/..}/lib.sh"
plan 28
mkhome
add_sent sent-other@example.org    # the DB has sent mail, just not this one

BOUNCE_ID=bs-0210@mx.example.org make_bounce forged-0210@example.org | with_from_line > bs.eml
tail -n +2 bs.eml > bs-rest.eml
SENDER= deliver bs.eml
is "$RC" 0 "exit 0"
is "$(count "$MAILDIR")" 0 "nothing in the inbox"
is "$(count "$QUARANTINE")" 1 "one file in the quarantine"
for d in cur new tmp; do
	is "$(mode "$QUARANTINE/$d" 2>&1)" 700 "quarantine $d/ created with mode 0700"
done
q=$(newest "$QUARANTINE")
ok "name is sec.M<usec>P<pid>Q<n>.<host>[:2,S]" valid_name "$q"
is "$(mode "$q")" 600 "mode 0600"
like "$(first_line "$q")" "$(xb_re backscatter bounce forged-0210@example.org)" "X-Backstop: backscatter; class=bounce; ref=forged-0210@example.org"
like "$(first_line "$q")" '; evidence=([^;]*,)?notmuch:not-sent(,[^;]*)?$' "evidence names notmuch:not-sent"
ok "stored byte for byte after the header lines" same_after 2 "$q" bs-rest.eml

is "$(nm_count id:bs-0210@mx.example.org)" 1 "indexed in notmuch"
ok "tag backscatter" has_tag bs-0210@mx.example.org backscatter
ok "tag bounce" has_tag bs-0210@mx.example.org bounce
ok "no tag inbox" lacks_tag bs-0210@mx.example.org inbox
ok "no tag unread" lacks_tag bs-0210@mx.example.org unread
is "$(nm search --output=messages tag:backscatter)" "id:bs-0210@mx.example.org" "notmuch search tag:backscatter finds it (and only it)"
is "$(nm search --output=files id:bs-0210@mx.example.org)" "$(newest "$QUARANTINE")" "notmuch knows its current path"
ok "the sent message is untouched" lacks_tag sent-other@example.org backscatter

# A second one, without a From line; both are kept and indexed.
BOUNCE_ID=bs2-0210@mx.example.org make_bounce forged2-0210@example.org headers > bs2.eml
SENDER= deliver bs2.eml
is "$RC" 0 "second (delay warning): exit 0"
is "$(count "$QUARANTINE")" 2 "two files in the quarantine"
q2=$(grep -l -F '<bs2-0210@mx.example.org>' $(msgs "$QUARANTINE") /dev/null)
like "$(first_line "${q2:-/dev/null}")" "$(xb_re backscatter delay forged2-0210@example.org)" "delay warning: backscatter; class=delay"
ok "delay warning: tags backscatter and delay" eval 'has_tag bs2-0210@mx.example.org backscatter && has_tag bs2-0210@mx.example.org delay'
is "$(nm_count tag:backscatter)" 2 "two messages tagged backscatter"

# An Exim bounce: no top-level Return-Path, the only one (alice's) is in
# the returned message; the envelope is SENDER= and the From line.
BOUNCE_ID=exim-0210@mx.example.org make_exim_bounce forged-exim-0210@example.org > exim.eml
tail -n +2 exim.eml > exim-rest.eml
SENDER= deliver exim.eml
is "$RC" 0 "Exim bounce: exit 0"
q=$(find_id "$QUARANTINE" exim-0210@mx.example.org | head -n 1)
ok "Exim bounce: quarantined (the embedded Return-Path is not the envelope)" test -n "$q"
like "$(first_line "${q:-/dev/null}")" "$(xb_re backscatter bounce forged-exim-0210@example.org)" "Exim bounce: backscatter; class=bounce; ref"
ok "Exim bounce: stored byte for byte after the header lines" same_after 2 "${q:-/dev/null}" exim-rest.eml
