#!/usr/bin/env bash
# 0220: a bounce that names no original Message-ID, or arrives while
# notmuch is off or unavailable, is "unverified": quarantined by default,
# delivered to the inbox with [delivery] unverified = inbox.
. "${TESTS_DIR:-$(dirname "$0")/..}/lib.sh"
plan 23
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
