#!/usr/bin/env bash
# 3020: `backstop setup` runs in the user's shell, a delivery with the
# MTA's environment (HOME, USER, LOGNAME, SHELL, PATH: no NOTMUCH_* nor
# XDG_* variables, shared/notes/mta.md).  setup names in [notmuch]
# config a notmuch config that a delivery would not find by itself, a
# profile's file selects that profile's database, and setup says when
# the database is found only through a variable a delivery lacks.
. "${TESTS_DIR:-$(dirname "$0")/..}/lib.sh"
plan 14

# The MTA's environment; the user's shell is the same plus $1 (VAR=VALUE ...).
mta_env() {
	unset XDG_CONFIG_HOME XDG_DATA_HOME XDG_CACHE_HOME XDG_STATE_HOME NOTMUCH_PROFILE
	export USER=alice LOGNAME=alice SHELL=/bin/sh
}
CFG_REL=.config/backstop/config.ini

# A profile: ~/.config/notmuch/work/config, database ~/.local/share/notmuch/work.
mkhome
mta_env
rm -rf "$HOME/.notmuch-config" "$MAILDIR/.notmuch"
mkdir -p "$HOME/.config/notmuch/work" "$HOME/.local/share/notmuch/work"
write_notmuch_config "$HOME/.config/notmuch/work/config" "$MAILDIR"
sed -i 's/^path=/mail_root=/' "$HOME/.config/notmuch/work/config"
export NOTMUCH_PROFILE=work
notmuch new --quiet > /dev/null
add_sent_work() {
	mkdir -p "$MAILDIR/.Archive/cur" "$MAILDIR/.Archive/new" "$MAILDIR/.Archive/tmp"
	printf 'From: Alice Example <alice@example.org>\nTo: nobody@example.net\nSubject: Re: invoice\nMessage-ID: <%s>\nDate: Thu, 28 Nov 2024 15:58:00 +0000\n\nhi\n' "$1" \
		> "$MAILDIR/.Archive/cur/1700000000.M1.fixture:2,S"
	notmuch new --quiet > /dev/null
	notmuch tag +sent -- "id:$1"
}
add_sent_work genuine-3020@example.org
"$BACKSTOP" setup > out 2> err
like "$(cat out)" "a delivery would not find it by itself" "profile: setup says the notmuch config must be named"
like "$(grep -v '^#' "$HOME/$CFG_REL")" "^config = \"$(ere_quote "$HOME/.config/notmuch/work/config")\"\$" \
	"profile: config.ini names the profile's notmuch config"
unset NOTMUCH_PROFILE
make_bounce genuine-3020@example.org > g.eml
deliver g.eml
is "$RC:$(count "$MAILDIR")" "0:1" "profile: without NOTMUCH_PROFILE the genuine bounce reaches the inbox"
like "$(head -n 1 "$(newest "$MAILDIR")")" "^X-Backstop: genuine; .*notmuch:sent" \
	"profile: notmuch found the copy in the profile's database"
NOTMUCH_PROFILE=other "$BACKSTOP" check < g.eml > chk 2>&1
like "$(cat chk)" "database unavailable" "profile: NOTMUCH_PROFILE, when set, still wins"

# The default place: nothing to name.
mkhome
mta_env
"$BACKSTOP" setup > out 2> err
is "$?" 0 "~/.notmuch-config: exit 0"
unlike "$(grep -v '^#' "$HOME/$CFG_REL")" "^config = " "~/.notmuch-config: config.ini leaves [notmuch] config alone"
unlike "$(cat out)" "database .* is found through" "~/.notmuch-config: no word about the database"

# The database in a non-default XDG_DATA_HOME, set in the shell only.
mkhome
mta_env
rm -rf "$HOME/.notmuch-config" "$MAILDIR/.notmuch"
mkdir -p "$HOME/.config/notmuch/default" "$HOME/xdg-data/notmuch/default"
write_notmuch_config "$HOME/.config/notmuch/default/config" "$MAILDIR"
sed -i 's/^path=/mail_root=/' "$HOME/.config/notmuch/default/config"
XDG_DATA_HOME=$HOME/xdg-data notmuch new --quiet > /dev/null
XDG_DATA_HOME=$HOME/xdg-data "$BACKSTOP" setup > out 2> err
rc=$?
like "$(cat out)" "found through \\\$XDG_DATA_HOME, which a delivery" "XDG_DATA_HOME in the shell only: setup says so"
is "$rc" 1 "XDG_DATA_HOME in the shell only: exit 1 (left to do)"

# XDG_CONFIG_HOME and XDG_STATE_HOME set in the shell only: backstop's
# own config, key and sent log would be looked for elsewhere by a
# delivery; setup says so and gives the line that passes them on.
mkhome
"$BACKSTOP" setup > out 2> err
rc=$?
like "$(cat out)" "XDG_CONFIG_HOME is set here, but a delivery from the MTA does not have it" \
	"XDG_CONFIG_HOME in the shell: setup says a delivery lacks it"
like "$(cat out)" "^    /usr/bin/env XDG_CONFIG_HOME=$(ere_quote "$XDG_CONFIG_HOME") XDG_STATE_HOME=$(ere_quote "$XDG_STATE_HOME") /[^ ]*/backstop\$" \
	"XDG_CONFIG_HOME in the shell: setup gives the line that passes it on"
is "$rc" 0 "XDG_CONFIG_HOME in the shell: only a word, exit 0"
# That line, run with the MTA's environment, finds the config setup wrote.
sed -i 's/^\[lists\]$/[lists]\nallow = mx.example.org/' "$XDG_CONFIG_HOME/backstop/config.ini"
make_bounce allowed-3020@example.org > d.eml
cmd=$(sed -n 's|^    \(/usr/bin/env .*\)$|\1|p' out)
(mta_env; unset RECIPIENT; $cmd < d.eml > /dev/null 2>&1)
is "$(count "$MAILDIR"):$(count "$QUARANTINE")" 1:0 "XDG_CONFIG_HOME in the shell: the delivery by that line reads the config (its allow list)"
