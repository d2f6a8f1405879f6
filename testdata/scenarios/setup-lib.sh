# testdata/scenarios/setup-lib.sh: helpers for the scenario cases about
# the user's setup (20-setup-*): where notmuch keeps its config and
# database, the environment an MTA gives a delivery, the user's
# addresses and sent folders.  Sourced by a case.sh; tests/lib.sh and
# tests/lib-sent.sh are loaded and mkhome has run.

. "$TESTS_DIR/lib-sent.sh"

# mta_environment: the environment of a delivery from ~/.forward
# (docs: shared/notes/mta.md): HOME, USER, LOGNAME, SHELL, PATH and the
# envelope, no XDG_* variables.  The pending dir etc. then are in their
# default places below HOME, as for the user whose shell has none set.
mta_environment() {
	unset XDG_CONFIG_HOME XDG_DATA_HOME XDG_CACHE_HOME XDG_STATE_HOME \
		NOTMUCH_CONFIG NOTMUCH_PROFILE
	export USER=alice LOGNAME=alice SHELL=/bin/sh PATH=/usr/bin:/bin
}

# nm_layout_xdg [PROFILE]: notmuch >= 0.32's split layout: no
# ~/.notmuch-config, the config in ${XDG_CONFIG_HOME:-~/.config}/notmuch/
# PROFILE/config (default "default") with database.mail_root = ~/Maildir
# and no database.path, so the database lives in
# ${XDG_DATA_HOME:-~/.local/share}/notmuch/PROFILE.  nm (tests/lib.sh)
# then reaches it as the user's shell would (NM_ENV, for the profile).
nm_layout_xdg() {
	local prof=${1:-default}
	NM_CONFIG_FILE=${XDG_CONFIG_HOME:-$HOME/.config}/notmuch/$prof/config
	NM_DATABASE=${XDG_DATA_HOME:-$HOME/.local/share}/notmuch/$prof
	NM_PROFILE=$prof
	rm -rf "$HOME/.notmuch-config" "$MAILDIR/.notmuch"
	mkdir -p "${NM_CONFIG_FILE%/config}" "$NM_DATABASE"
	write_notmuch_config "$NM_CONFIG_FILE" "$MAILDIR"
	sed -i 's/^path=/mail_root=/' "$NM_CONFIG_FILE"
	nm new --quiet >/dev/null
}

nm() {
	if [ -n "${NM_CONFIG_FILE:-}" ]; then
		NOTMUCH_CONFIG=$NM_CONFIG_FILE NOTMUCH_PROFILE=$NM_PROFILE notmuch "$@"
	else
		NOTMUCH_CONFIG=$HOME/.notmuch-config notmuch "$@"
	fi
}

# nm_config KEY VALUE...: notmuch config set, on the layout in use.
nm_config() {
	nm config set "$@"
}

# sent_from MSGID FROM FOLDER [TAG...]: the user's sent copy of the
# message make_bounce quotes, but From: FROM, in FOLDER (Maildir++
# ".Sent", nested "Sent Items", ...), indexed, with the tags given (none:
# not tagged at all, as without a `notmuch tag +sent` recipe).
sent_from() {
	local id=$1 from=$2 folder=$3 t
	shift 3
	sent_copy "$id" "$from" < /dev/null | put_copy "$folder" index
	for t in "$@"; do
		nm tag "+$t" -- "id:$id"
	done
}

# bounce_from MSGID FROM: make_bounce of a message sent From: FROM.
bounce_from() {
	make_bounce "$1" | sed "s/^From: Alice Example <alice@example.org>\$/From: $2/"
}

# unindexed_copy FOLDER MSGID: the client's copy of MSGID, written into
# FOLDER a second ago; notmuch new has not run since.
unindexed_copy() {
	sent_copy "$2" < /dev/null | put_copy "$1"
}

# forged_beside SENT JUNK MSGID: SENT holds another fresh copy of
# alice's; the forgery of MSGID reached JUNK from outside; neither is
# indexed yet.
forged_beside() {
	sent_copy "other-$3" "" "Minutes of Tuesday" < /dev/null | put_copy "$1"
	inbound_hops | sent_copy "$3" | put_copy "$2"
}

# hold_write_lock SECONDS: a process holds notmuch's write lock for
# SECONDS (as a long `notmuch new` does), from when this returns.
hold_write_lock() {
	local ready=$WORKDIR/lock-ready
	rm -f "$ready"
	NOTMUCH_CONFIG=${NM_CONFIG_FILE:-$HOME/.notmuch-config} \
		"$TOOLS_DIR/lockholder" "$1" "$ready" </dev/null >/dev/null 2>&1 &
	for _ in $(seq 100); do
		[ -e "$ready" ] && return 0
		sleep 0.05
	done
	echo "hold_write_lock: the lock was not taken" >&2
}

# procmail_environment: what procmail leaves a program it pipes to
# (shared/notes/mta.md): its own variables, no SENDER or RECIPIENT (the
# case sets ENVELOPE=none), no XDG_* variables; MAILDIR is procmail's
# (the user's .procmailrc sets it), which libnotmuch also reads.
procmail_environment() {
	mta_environment
	export MAILDIR=$HOME/Maildir/ DEFAULT=$HOME/Maildir/ ORGMAIL=/var/mail/alice \
		LOGFILE=$HOME/procmail.log SENDMAIL=/usr/sbin/sendmail HOST=mx.example.org \
		PATH=$HOME/bin:/usr/local/bin:/usr/bin:/bin
}

# many_old_files FOLDER N: N empty files in FOLDER/cur named and dated as
# delivered in September 2020 (stand-ins for years of sent mail).
many_old_files() {
	local dir=$MAILDIR/$1/cur
	mkdir -p "$dir" "$MAILDIR/$1/new" "$MAILDIR/$1/tmp"
	(cd "$dir" && seq 1 "$2" | sed 's/.*/1600000000.M&P1.old:2,S/' | xargs touch -d @1600000000)
}
