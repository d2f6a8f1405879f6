#!/usr/bin/env bash
# 0240: the "original" of a bounce is in notmuch, but it is a forged copy
# that reached the user from outside (From: the user, a Received: header,
# no sent tag, not in a sent folder): the bounce is still backscatter.
. "${TESTS_DIR:-$(dirname "$0")/..}/lib.sh"
plan 15
mkhome

# The spam run forged alice as sender and also hit alice herself.
add_message "" forged-0240@example.org 'Alice Example <alice@example.org>' yes
is "$(nm_count id:forged-0240@example.org)" 1 "the forged copy is in notmuch"

BOUNCE_ID=bs-0240@mx.example.org make_bounce forged-0240@example.org > bs.eml
SENDER= deliver bs.eml
is "$RC" 0 "exit 0"
is "$(count "$QUARANTINE")" 1 "quarantined"
is "$(count "$MAILDIR")" 1 "the inbox holds only the forged copy"
q=$(newest "$QUARANTINE")
like "$(first_line "$q")" "$(xb_re backscatter bounce forged-0240@example.org)" "backscatter; class=bounce; ref=forged-0240@example.org"
ok "byte for byte" same_after 1 "$q" bs.eml
ok "tagged backscatter" has_tag bs-0240@mx.example.org backscatter

# Same with the copy tagged by the user (inbox, unread, even "replied"),
# but not "sent".
add_message "" forged2-0240@example.org 'alice@example.org' yes replied flagged
BOUNCE_ID=bs2-0240@mx.example.org make_bounce forged2-0240@example.org headers > bs2.eml
SENDER= deliver bs2.eml
is "$RC" 0 "tagged copy: exit 0"
q=$(grep -l -F '<bs2-0240@mx.example.org>' $(msgs "$QUARANTINE") /dev/null)
ok "tagged copy: quarantined" test -n "$q"
like "$(first_line "${q:-/dev/null}")" "$(xb_re backscatter delay forged2-0240@example.org)" "tagged copy: backscatter"

# From a configured [user] address, from outside: still backscatter.
write_config <<'EOF'
[user]
addresses = alice@example.org, alice@old.example
EOF
add_message "" forged3-0240@example.org 'Alice <alice@old.example>' yes
BOUNCE_ID=bs3-0240@mx.example.org make_bounce forged3-0240@example.org > bs3.eml
SENDER= deliver bs3.eml
q=$(grep -l -F '<bs3-0240@mx.example.org>' $(msgs "$QUARANTINE") /dev/null)
ok "copy From an extra address, with Received: quarantined" test -n "$q"
like "$(first_line "${q:-/dev/null}")" "$(xb_re backscatter bounce forged3-0240@example.org)" "extra address copy: backscatter"

# Tagged sent by the common recipe `notmuch tag +sent -- from:me`, but it
# came from outside (an inbound hop at the user's MX) and lies in the
# inbox: the tag proves nothing (issue 11, item 6).
add_message "" forged4-0240@example.org 'Alice <alice@example.org>' yes sent
BOUNCE_ID=bs4-0240@mx.example.org make_bounce forged4-0240@example.org > bs4.eml
SENDER= deliver bs4.eml
q=$(grep -l -F '<bs4-0240@mx.example.org>' $(msgs "$QUARANTINE") /dev/null)
ok "copy tagged sent, from outside: quarantined" test -n "$q"
like "$(first_line "${q:-/dev/null}")" "$(xb_re backscatter bounce forged4-0240@example.org)" "tagged sent from outside: backscatter"
"$BACKSTOP" check --json < bs4.eml > bs4.json 2>/dev/null
like "$(cat bs4.json)" '"detail":"<forged4-0240@example.org> is in the database but arrived from outside"' "check says it arrived from outside"
