#!/usr/bin/env bash
# 0410: config mistakes cost only what they touch, and say so.
# - a bad value: that key keeps its default, the rest of the file counts,
#   and a warning names the key, the value and what is allowed;
# - notmuch-style ';' lists (quarantine_tags = +backscatter;-inbox;-unread)
#   are read whole, not cut at the ';' as iniparser does;
# - a value the INI syntax cuts (maildir = ~/Mail#2) is refused loudly;
# - an unknown key is named with the nearest known key, by every command;
# - [log] file gets the delivery lines, and never fails a delivery;
# - an unreadable config file says "Permission denied".
. "${TESTS_DIR:-$(dirname "$0")/..}/lib.sh"
plan 29
mkhome

n=0
# bs: a fresh backscatter bounce; sets BID and BSF.
bs() {
	n=$((n + 1))
	BID="bs-$n-0410@mx.example.org"
	BSF="bs$n.eml"
	BOUNCE_ID=$BID make_bounce "forged-$n-0410@example.org" > "$BSF"
}
# stored BID: the delivered file of BID below $HOME.
stored() {
	find_id "$HOME" "$1" | head -n 1
}

# One bad value among good ones: only that key falls back.
write_config <<'EOF'
[delivery]
maildir = ~/Other
unverified = sometimes
header = perhaps
EOF
bs
SENDER= deliver "$BSF" -v
is "$RC" 0 "bad values: exit 0"
f=$(stored "$BID")
like "${f#$HOME/}" '^Other/\.Backscatter/new/' "bad values: maildir = ~/Other still counts, backscatter quarantined under it"
like "$(first_line "${f:-/dev/null}")" "^X-Backstop: backscatter; class=bounce" "bad values: judged, not 'unchecked; error=config' (header default yes)"
like "$ERR" "config.ini:3: \[delivery\] unverified = 'sometimes' is not allowed: use quarantine or inbox; using the default, quarantine" "bad value: warning names key, value, what is allowed and the default"
like "$ERR" "config.ini:4: \[delivery\] header = 'perhaps' is not allowed: use yes or no" "second bad value: its own warning"
make_ham > ham.eml
deliver ham.eml

# notmuch-style ';' list: the quarantined message loses inbox and unread.
write_config <<'EOF'
[notmuch]
quarantine_tags = +backscatter;-inbox;-unread
EOF
bs
SENDER= deliver "$BSF" -v
is "$RC" 0 "';' list: exit 0"
t=$(tags "$BID" | tr '\n' ' ')
ok "';' list: quarantined message tagged backscatter (tags: $t)" has_tag "$BID" backscatter
ok "';' list: no inbox tag (tags: $t)" lacks_tag "$BID" inbox
ok "';' list: no unread tag (tags: $t)" lacks_tag "$BID" unread
unlike "$ERR" "quarantine_tags" "';' list: no warning about it"

# The same with blanks after the ';' and a trailing comment.
write_config <<'EOF'
[notmuch]
quarantine_tags = +junk; -inbox; -unread   # notmuch style
EOF
bs
SENDER= deliver "$BSF"
t=$(tags "$BID" | tr '\n' ' ')
is "$t" "bounce junk " "'; ' list with a '#' comment: +junk -inbox -unread (tags: $t)"

# A ';' list of addresses.
write_config <<'EOF'
[user]
addresses = alice@old.example;a.example@example.com
EOF
add_message "" ua-0410@example.org 'Alice <a.example@example.com>' no
BOUNCE_ID=uab-0410@mx.example.org make_bounce ua-0410@example.org > ua.eml
SENDER= deliver ua.eml
like "$(stored uab-0410@mx.example.org)" "^$HOME/Maildir/new/" "';' list of [user] addresses: the second address counts"

# A plain value cut at '#': refused loudly, the default used.
write_config <<'EOF'
[delivery]
maildir = ~/Mail#2
EOF
deliver ham.eml -v
is "$RC" 0 "value cut at '#': exit 0"
ok "value cut at '#': nothing delivered to ~/Mail" test ! -e "$HOME/Mail"
like "$ERR" "maildir = ~/Mail#2: the INI syntax cuts the value at '#' \(a comment\); write it in quotes, maildir = \"~/Mail#2\"; using the default, ~/Maildir" "value cut at '#': says so, and how to quote it"

# Unknown keys: the nearest known key, for delivery and other commands.
write_config <<'EOF'
[delivery]
quarantin = ~/Maildir/.Q
[notmuch]
sent_folder = Sent
[evidence]
sent_tag = sent
[frobnicate]
zzz = 1
EOF
deliver ham.eml -v
is "$RC" 0 "unknown keys: exit 0"
like "$ERR" "config.ini:2: unknown key \[delivery\] quarantin ignored; did you mean \[delivery\] quarantine\?" "unknown key: nearest key named (deliver)"
like "$ERR" "config.ini:4: unknown key \[notmuch\] sent_folder ignored; did you mean \[notmuch\] sent_folders\?" "unknown key: plural"
like "$ERR" "unknown key \[evidence\] sent_tag ignored; did you mean \[notmuch\] sent_tag\?" "unknown key: the same name in another section"
like "$ERR" "unknown key \[frobnicate\] zzz ignored \(see backstop.conf\(5\)" "unknown key: nothing near, points to the manual"
err=$("$BACKSTOP" stats 2>&1 >/dev/null)
like "$err" "did you mean \[delivery\] quarantine\?" "unknown key: stats warns too"
err=$("$BACKSTOP" check < ham.eml 2>&1 >/dev/null)
like "$err" "did you mean \[delivery\] quarantine\?" "unknown key: check warns too"

# [log] file: the delivery line, appended.
write_config <<'EOF'
[log]
file = ~/backstop.log
EOF
echo "an older line" > "$HOME/backstop.log"
deliver ham.eml
is "$RC" 0 "[log] file: exit 0"
is "$(head -n 1 "$HOME/backstop.log")" "an older line" "[log] file: appended, not replaced"
like "$(cat "$HOME/backstop.log")" "^[0-9T:+-]+ backstop\[[0-9]+\]: delivered to inbox $HOME/Maildir/new/" "[log] file: the delivery line, time-stamped"
bs
SENDER= deliver "$BSF"
like "$(cat "$HOME/backstop.log")" "delivered to quarantine .*backscatter class=bounce" "[log] file: a quarantined delivery too"
write_config <<'EOF'
[log]
file = ~/no/such/dir/backstop.log
EOF
c0=$(count "$MAILDIR")
deliver ham.eml
is "$RC" 0 "[log] file that cannot be opened: the delivery still succeeds"
is "$(count "$MAILDIR")" "$((c0 + 1))" "[log] file that cannot be opened: the message is delivered"

# An unreadable config file: "Permission denied", not a vague error.
if [ "$(id -u)" -ne 0 ]; then
	write_config <<'EOF'
[delivery]
header = yes
EOF
	chmod 000 "$XDG_CONFIG_HOME/backstop/config.ini"
	deliver ham.eml -v
	like "$ERR" "config.ini: Permission denied" "unreadable config: says Permission denied"
	chmod 600 "$XDG_CONFIG_HOME/backstop/config.ini"
else
	skip 1 "root reads a mode 000 file"
fi
