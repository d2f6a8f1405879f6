#!/usr/bin/env bash
# 3010: `backstop setup` keeps the quarantine inside the Maildir backstop
# delivers to (also without a notmuch config, whose built-in ~/mail
# nobody chose); mail in the sent folders counts as sent; the hint to tag
# sent mail names the user's own address.
. "${TESTS_DIR:-$(dirname "$0")/..}/lib.sh"
plan 14
CFG_REL=.xdg-config/backstop/config.ini

# No notmuch config at all.
mkhome
rm -f "$HOME/.notmuch-config"
"$BACKSTOP" setup > out 2> err
is "$?" 0 "no notmuch: exit 0"
like "$(cat out)" "quarantine created: $(ere_quote "$HOME/Maildir/.Backscatter")\$" "no notmuch: the quarantine is inside ~/Maildir"
ok "no notmuch: nothing created under ~/mail" test ! -e "$HOME/mail"
unlike "$(grep -v '^#' "$HOME/$CFG_REL")" "^quarantine = " "no notmuch: config.ini does not move the quarantine"
unlike "$(cat "$HOME/$CFG_REL")" "notmuch config found" "no notmuch: config.ini names no notmuch config"
BOUNCE_ID=bs-3010@mx.example.org make_bounce forged-3010@example.org > bs.eml
deliver bs.eml
is "$RC:$(count "$HOME/Maildir/.Backscatter")" "0:1" "no notmuch: a forged bounce is quarantined inside ~/Maildir"

# notmuch's root is elsewhere and not a Maildir: the quarantine stays in
# ~/Maildir, and setup says notmuch will not index it.
mkhome
mkdir -p "$HOME/mail"
write_notmuch_config "$HOME/.notmuch-config" "$HOME/mail"
nm new --quiet > /dev/null 2>&1
"$BACKSTOP" setup > out 2> err
like "$(cat out)" "quarantine created: $(ere_quote "$HOME/Maildir/.Backscatter")\$" "root elsewhere: the quarantine is inside ~/Maildir"
like "$(cat out)" "outside notmuch's mail root" "root elsewhere: says it will not be indexed"

# Sent mail in .Sent, untagged: it counts.
mkhome
add_message .Sent sent-3010@example.org 'Alice Example <alice@example.org>' no
"$BACKSTOP" setup > out 2> err
is "$?" 0 "untagged .Sent: exit 0"
unlike "$(cat out)" "no mail counts as sent|none is tagged" "untagged .Sent: mail in the sent folders counts as sent"

# No sent mail: the hint names the user's address from notmuch.
mkhome
"$BACKSTOP" setup > out 2> err
like "$(cat out)" "notmuch tag \+sent -- from:alice@example\.org\$" "no sent mail: the hint names alice@example.org"
unlike "$(cat out)" "from:you" "no sent mail: not 'from:you'"

# setup's file names only keys the settings table knows, with defaults
# that parse: uncommented, config check finds no unknown key, no bad value.
sed -E 's/^#([a-z_]+ = )/\1/' "$HOME/$CFG_REL" > all-keys.ini
out=$("$BACKSTOP" config check -c all-keys.ini 2>&1)
unlike "$out" "unknown key" "every key setup writes is a known key"
unlike "$out" "is not allowed|cuts the value" "every default setup shows parses"
