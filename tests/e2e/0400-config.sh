#!/usr/bin/env bash
# 0400: configuration: lookup order (-c, $BACKSTOP_CONFIG,
# $XDG_CONFIG_HOME, ~/.config), defaults, quoting, ~ expansion, folder
# creation, the notmuch keys, and a file that cannot be parsed (inbox,
# "unchecked").
. "${TESTS_DIR:-$(dirname "$0")/..}/lib.sh"
plan 34
mkhome
umask 022

n=0
# bs: write a fresh backscatter bounce; sets BID (its id), BSF (its file).
bs() {
	n=$((n + 1))
	BID="bs-$n-0400@mx.example.org"
	BSF="bs$n.eml"
	BOUNCE_ID=$BID make_bounce "forged-$n-0400@example.org" > "$BSF"
}
# where BID: the folder (relative to $HOME) holding the message BID.
where() {
	local f
	f=$(find_id "$HOME" "$1" | head -n 1)
	f=${f#$HOME/}
	f=${f%/*}
	echo "${f%/*}"
}

# No config anywhere: defaults.
bs
SENDER= deliver "$BSF"
is "$RC" 0 "no config: exit 0"
is "$(where "$BID")" "Maildir/.Backscatter" "no config: default quarantine ~/Maildir/.Backscatter"
make_ham > ham.eml
deliver ham.eml
is "$(count "$MAILDIR")" 1 "no config: default inbox ~/Maildir"

# ${XDG_CONFIG_HOME}/backstop/config.ini
write_config <<'EOF'
[delivery]
quarantine = ~/Maildir/.QXdg
EOF
bs
SENDER= deliver "$BSF"
is "$(where "$BID")" "Maildir/.QXdg" "XDG_CONFIG_HOME/backstop/config.ini is read"

# ~/.config/backstop/config.ini when XDG_CONFIG_HOME is unset.
write_config "$HOME/.config/backstop/config.ini" <<'EOF'
[delivery]
quarantine = ~/Maildir/.QDot
EOF
bs
(unset XDG_CONFIG_HOME; SENDER= deliver "$BSF")
is "$(where "$BID")" "Maildir/.QDot" "~/.config/backstop/config.ini without XDG_CONFIG_HOME"

# $BACKSTOP_CONFIG beats XDG.
write_config env.ini <<'EOF'
[delivery]
quarantine = ~/Maildir/.QEnv
EOF
bs
BACKSTOP_CONFIG=$WORKDIR/env.ini SENDER= deliver "$BSF"
is "$(where "$BID")" "Maildir/.QEnv" "BACKSTOP_CONFIG beats XDG"

# -c beats both.
write_config opt.ini <<'EOF'
[delivery]
quarantine = ~/Maildir/.QOpt
EOF
bs
BACKSTOP_CONFIG=$WORKDIR/env.ini SENDER= deliver "$BSF" -c "$WORKDIR/opt.ini"
is "$(where "$BID")" "Maildir/.QOpt" "-c beats BACKSTOP_CONFIG"
bs
SENDER= deliver "$BSF" deliver -c "$WORKDIR/opt.ini"
is "$(where "$BID")" "Maildir/.QOpt" "'deliver -c FILE'"
bs
(cd "$WORKDIR" && SENDER= deliver "$BSF" -c opt.ini)
is "$(where "$BID")" "Maildir/.QOpt" "a relative -c FILE is relative to the current directory"
rm -f "$XDG_CONFIG_HOME/backstop/config.ini" "$HOME/.config/backstop/config.ini"

# ~ expansion and folder creation with mode 0700.
write_config <<'EOF'
[delivery]
maildir = ~/Mail2
quarantine = ~/Mail2/.Junk
EOF
deliver ham.eml
is "$RC" 0 "new maildir: exit 0"
is "$(count "$HOME/Mail2")" 1 "maildir = ~/Mail2: delivered under \$HOME/Mail2"
ok "no literal '~' directory was created" test ! -e "$WORKDIR/~" -a ! -e "$HOME/~"
for d in cur new tmp; do
	is "$(mode "$HOME/Mail2/$d" 2>&1)" 700 "~/Mail2/$d created with mode 0700"
done
bs
SENDER= deliver "$BSF"
is "$(where "$BID")" "Mail2/.Junk" "quarantine = ~/Mail2/.Junk"
for d in cur new tmp; do
	is "$(mode "$HOME/Mail2/.Junk/$d" 2>&1)" 700 "~/Mail2/.Junk/$d created with mode 0700"
done

# quarantine_tags, quoted, with ';' and '#' inside.
write_config <<'EOF'
[notmuch]
quarantine_tags = "+junk;x +a#b -inbox -unread"   ; a comment
EOF
bs
SENDER= deliver "$BSF"
t=$(tags "$BID" | tr '\n' ' ')
is "$t" "a#b bounce junk;x " "quoted quarantine_tags with ; and # (tags: $t)"

# sent_tag.
write_config <<'EOF'
[notmuch]
sent_tag = outgoing
EOF
add_message "" st1-0400@example.org 'Alice <alice@example.org>' yes outgoing
add_message "" st2-0400@example.org 'Alice <alice@example.org>' yes sent
BOUNCE_ID=st1b-0400@mx.example.org make_bounce st1-0400@example.org > st1.eml
BOUNCE_ID=st2b-0400@mx.example.org make_bounce st2-0400@example.org > st2.eml
SENDER= deliver st1.eml
is "$(where st1b-0400@mx.example.org)" "Maildir" "sent_tag = outgoing: tagged outgoing is sent"
SENDER= deliver st2.eml
is "$(where st2b-0400@mx.example.org)" "Maildir/.Backscatter" "sent_tag = outgoing: tagged sent is not"

# sent_folders.
write_config <<'EOF'
[notmuch]
sent_folders = Outbox
EOF
add_message Outbox sf1-0400@example.org 'Alice <alice@example.org>' yes
add_message .Sent sf2-0400@example.org 'Alice <alice@example.org>' yes
BOUNCE_ID=sf1b-0400@mx.example.org make_bounce sf1-0400@example.org > sf1.eml
BOUNCE_ID=sf2b-0400@mx.example.org make_bounce sf2-0400@example.org > sf2.eml
SENDER= deliver sf1.eml
is "$(where sf1b-0400@mx.example.org)" "Maildir" "sent_folders = Outbox: Outbox counts"
SENDER= deliver sf2.eml
is "$(where sf2b-0400@mx.example.org)" "Maildir/.Backscatter" "sent_folders = Outbox: .Sent no longer counts"

# [user] addresses.
write_config <<'EOF'
[user]
addresses = alice@old.example, a.example@example.com
EOF
add_message "" ua-0400@example.org 'Alice <a.example@example.com>' no
BOUNCE_ID=uab-0400@mx.example.org make_bounce ua-0400@example.org > ua.eml
SENDER= deliver ua.eml
is "$(where uab-0400@mx.example.org)" "Maildir" "[user] addresses: From an extra address, no Received = sent"

# [notmuch] config = another notmuch config (whose DB has the sent mail).
mkdir -p "$HOME/AltMail/cur" "$HOME/AltMail/new" "$HOME/AltMail/tmp"
write_notmuch_config "$HOME/alt-notmuch-config" "$HOME/AltMail"
cat > "$HOME/AltMail/cur/1.alt:2,S" <<'EOF'
Message-ID: <alt-0400@example.org>
From: Alice <alice@example.org>
To: nobody@example.net
Subject: alt
Date: Thu, 28 Nov 2024 15:58:00 +0000

alt
EOF
NOTMUCH_CONFIG=$HOME/alt-notmuch-config notmuch new --quiet >/dev/null
NOTMUCH_CONFIG=$HOME/alt-notmuch-config notmuch tag +sent -- id:alt-0400@example.org
BOUNCE_ID=altb-0400@mx.example.org make_bounce alt-0400@example.org > alt.eml
SENDER= deliver alt.eml
is "$(where altb-0400@mx.example.org)" "Maildir/.Backscatter" "default notmuch config (~/.notmuch-config) lacks it: backscatter"
write_config <<EOF
[notmuch]
config = $HOME/alt-notmuch-config
EOF
BOUNCE_ID=altb2-0400@mx.example.org make_bounce alt-0400@example.org > alt2.eml
SENDER= deliver alt2.eml
is "$(where altb2-0400@mx.example.org)" "Maildir" "[notmuch] config = alt config: genuine"
rm -f "$XDG_CONFIG_HOME/backstop/config.ini"
BOUNCE_ID=altb3-0400@mx.example.org make_bounce alt-0400@example.org > alt3.eml
NOTMUCH_CONFIG=$HOME/alt-notmuch-config SENDER= deliver alt3.eml
is "$(where altb3-0400@mx.example.org)" "Maildir" "\$NOTMUCH_CONFIG is honoured by the default lookup"

# [notmuch] config = none: nothing indexed, unverified.
write_config <<'EOF'
[notmuch]
config = none
EOF
bs
SENDER= deliver "$BSF"
is "$RC" 0 "notmuch none: exit 0"
like "$(head -n 1 "$(find_id "$HOME/Maildir" "$BID" | head -n 1)")" '^X-Backstop: unverified; class=bounce' "notmuch none: unverified"
is "$(nm_count "id:$BID")" 0 "notmuch none: not indexed"

# broken NAME: the config (stdin) is broken; a backscatter bounce lands in
# INBOX (relative to $HOME) marked unchecked; exit 0.
broken() {
	local name=$1 inbox=$2 f
	write_config
	bs
	SENDER= deliver "$BSF"
	is "$RC" 0 "broken config ($name): exit 0"
	is "$(where "$BID")" "$inbox" "broken config ($name): delivered to the inbox $inbox"
	f=$(find_id "$HOME/$inbox" "$BID" | head -n 1)
	like "$(first_line "${f:-/dev/null}")" '^X-Backstop: unchecked; error=config$' "broken config ($name): X-Backstop: unchecked; error=config"
}
broken "syntax error" Maildir <<'EOF'
[delivery]
quarantine : ~/Maildir/.Q
EOF
# A bad value is no longer a broken file: 0410-config-mistakes.sh.
