#!/usr/bin/env bash
# 0220: a bounce that names no original Message-ID, or arrives while
# notmuch is off or unavailable, is "unverified": quarantined by default,
# delivered to the inbox with [delivery] unverified = inbox.
. "${TESTS_DIR:-$(dirname "$0")/..}/lib.sh"
plan 31
mkhome
add_sent sent-0220@example.org
# Sent a month ago: beyond the look at the sent folders on disk, so only
# notmuch can prove it (1080-sent-folders.sh tests that look).
touch -d '30 days ago' "$MAILDIR"/.Sent/cur/*
# The correspondence check (tests/e2e/1040) would judge the no-reference
# bounces below by their failed recipient; turned off, they stay unverified.
write_config <<'EOF'
[evidence]
correspondence_days = 0
EOF

# No reference at all: the returned message has no Message-ID.
BOUNCE_ID=noref-0220@mx.example.org make_bounce unused noid > noref.eml
SENDER= deliver noref.eml
is "$RC" 0 "no reference: exit 0"
is "$(count "$QUARANTINE")" 1 "no reference: quarantined by default"
is "$(count "$MAILDIR")" 0 "no reference: not in the inbox"
q=$(newest "$QUARANTINE")
like "$(first_line "$q")" "$(xb_re unverified bounce)" "no reference: X-Backstop: unverified; class=bounce (no ref)"
ok "no reference: stored byte for byte" same_after 1 "$q" noref.eml
is "$(nm_count id:noref-0220@mx.example.org)" 1 "no reference: indexed"
ok "no reference: tagged backscatter (quarantine_tags)" has_tag noref-0220@mx.example.org backscatter
ok "no reference: tagged bounce" has_tag noref-0220@mx.example.org bounce
ok "no reference: not tagged inbox" lacks_tag noref-0220@mx.example.org inbox

# unverified = inbox.
write_config <<'EOF'
[delivery]
unverified = inbox
[evidence]
correspondence_days = 0
EOF
BOUNCE_ID=noref2-0220@mx.example.org make_bounce unused noid > noref2.eml
SENDER= deliver noref2.eml
is "$RC" 0 "unverified=inbox: exit 0"
f=$(grep -l -F '<noref2-0220@mx.example.org>' $(msgs "$MAILDIR") /dev/null)
ok "unverified=inbox: in the inbox" test -n "$f"
like "$(first_line "${f:-/dev/null}")" "$(xb_re unverified bounce)" "unverified=inbox: still marked unverified"
is "$(count "$QUARANTINE")" 1 "unverified=inbox: quarantine unchanged"

# unverified = quarantine, spelled out.
write_config <<'EOF'
[delivery]
unverified = quarantine
[evidence]
correspondence_days = 0
EOF
BOUNCE_ID=noref3-0220@mx.example.org make_bounce unused noid > noref3.eml
SENDER= deliver noref3.eml
is "$(count "$QUARANTINE")" 2 "unverified=quarantine: quarantined"

# notmuch = none: even a bounce of a real sent message is unverified.
write_config <<'EOF'
[notmuch]
config = none
EOF
BOUNCE_ID=off-0220@mx.example.org make_bounce sent-0220@example.org > off.eml
SENDER= deliver off.eml
is "$RC" 0 "notmuch off: exit 0"
q=$(grep -l -F '<off-0220@mx.example.org>' $(msgs "$QUARANTINE") /dev/null)
ok "notmuch off: quarantined by default" test -n "$q"
like "$(first_line "${q:-/dev/null}")" "^X-Backstop: unverified; class=bounce(;|$)" "notmuch off: unverified"
is "$(nm_count id:off-0220@mx.example.org)" 0 "notmuch off: not indexed"

write_config <<'EOF'
[delivery]
unverified = inbox
[notmuch]
config = none
EOF
BOUNCE_ID=off2-0220@mx.example.org make_bounce forged-0220@example.org > off2.eml
SENDER= deliver off2.eml
f=$(grep -l -F '<off2-0220@mx.example.org>' $(msgs "$MAILDIR") /dev/null)
ok "notmuch off + unverified=inbox: a would-be backscatter goes to the inbox" test -n "$f"
like "$(first_line "${f:-/dev/null}")" "^X-Backstop: unverified; class=bounce(;|$)" "notmuch off + unverified=inbox: unverified"

# notmuch unavailable: its config names a database that does not exist.
write_notmuch_config "$HOME/broken-notmuch-config" "$HOME/NoSuchMail"
write_config <<EOF
[notmuch]
config = $HOME/broken-notmuch-config
EOF
BOUNCE_ID=unav-0220@mx.example.org make_bounce sent-0220@example.org > unav.eml
SENDER= deliver unav.eml
is "$RC" 0 "notmuch unavailable: exit 0"
q=$(grep -l -F '<unav-0220@mx.example.org>' $(msgs "$QUARANTINE") /dev/null)
ok "notmuch unavailable: quarantined by default" test -n "$q"
like "$(first_line "${q:-/dev/null}")" "^X-Backstop: unverified; class=bounce(;|$)" "notmuch unavailable: unverified"

# ... and the user hears of it in the mailbox: one notice today, not one
# per message (issue 13 item 6).
notices() { grep -l '^X-Backstop: notice; kind=notmuch' $(msgs "$MAILDIR") /dev/null 2>/dev/null | wc -l | tr -d ' '; }
is "$(notices)" 1 "notmuch unavailable: one notice in the inbox"
n=$(grep -l '^X-Backstop: notice; kind=notmuch' $(msgs "$MAILDIR") | head -n 1)
like "$(grep '^Subject:' "${n:-/dev/null}")" 'cannot read your notmuch database' "the notice says what is wrong"
like "$(cat "${n:-/dev/null}")" "NoSuchMail" "the notice names the database"
like "$(cat "${n:-/dev/null}")" 'To fix it: ' "the notice says how to fix it"
BOUNCE_ID=unav2-0220@mx.example.org make_bounce sent-0220@example.org > unav2.eml
SENDER= deliver unav2.eml
is "$RC:$(notices)" "0:1" "a second message the same day: delivered, no second notice"
"$BACKSTOP" check "$n" > out 2> err
like "$(cat out)" ': ham class=none folder=inbox' "the notice itself is ordinary mail to check"
is "$(cat "$XDG_STATE_HOME/backstop/notices" 2>/dev/null)" "notmuch $(date +%F)" "the state file has today's date for the kind"
# The next day (the state file says yesterday): one more.
echo "notmuch 2000-01-01" > "$XDG_STATE_HOME/backstop/notices"
SENDER= deliver unav2.eml
is "$(notices)" 2 "the next day: one more notice"
