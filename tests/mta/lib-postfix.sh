# tests/mta/lib-postfix.sh: a private Postfix instance on 127.0.0.1 for the
# real-MTA tests, and a local user whose ~/.forward pipes to backstop.
#
# Sourced after tests/lib.sh.  Needs root (to add the user and start
# Postfix) and Debian's postfix package; pf_require skips the whole script,
# saying why, when either is missing.
#
# The instance is our own: its config, queue and data directories live in
# the test's WORKDIR, it listens on 127.0.0.1:$PF_PORT only, it relays
# nowhere (every non-local transport is error:), and it is stopped with
# `postfix -c DIR stop` on exit, so the system's own Postfix (if any) is
# never touched.  Only one such test runs at a time (flock).
#
# Variables set by pf_setup:
#   PF_CONF     the instance's config_directory
#   PF_PORT     its SMTP port on 127.0.0.1
#   PF_USER     the local test user (home $PF_HOME, mail to $PF_ADDR)
#   PF_DOMAIN   the local domain (user.test)
#   PF_LOG      Postfix's log file (maillog_file)
#   PF_BIN      the copy of backstop the user's .forward runs

PF_DOMAIN=user.test
PF_USER=bstest
PF_ADDR=$PF_USER@$PF_DOMAIN
PF_PORT=${PF_PORT:-10025}
PF_LOCK=/run/lock/backstop-mta-test.lock
[ -d /run/lock ] || PF_LOCK=${TMPDIR:-/tmp}/backstop-mta-test.lock
_pf_started=
_pf_user_added=

# pf_require N: skip all N tests (and exit) unless root, Postfix and swaks
# are there.
pf_require() {
	local why=
	if [ "$(id -u)" -ne 0 ]; then
		why="not root (the real-MTA tests add a user and start Postfix)"
	elif ! command -v postfix >/dev/null || ! command -v postconf >/dev/null ||
	    [ ! -f /usr/share/postfix/master.cf.dist ]; then
		why="Postfix is not installed (apt-get install postfix)"
	elif ! command -v swaks >/dev/null; then
		why="swaks is not installed (apt-get install swaks)"
	elif ! command -v useradd >/dev/null; then
		why="useradd is missing"
	fi
	if [ -n "$why" ]; then
		echo "1..0 # SKIP $why"
		_tap_plan=
		exit 0
	fi
	plan "$1"
}

# pf_setup: WORKDIR, the user, the user's Maildir and notmuch database, the
# Postfix instance; then starts Postfix.
pf_setup() {
	exec 9>"$PF_LOCK"
	if ! flock -w 600 9; then
		echo "Bail out! another real-MTA test holds $PF_LOCK"
		exit 1
	fi
	trap '_pf_cleanup; _lib_finish' EXIT

	WORKDIR=$(mktemp -d "${TMPDIR:-/tmp}/backstop-mta.XXXXXX") ||
		{ echo "Bail out! mktemp -d failed"; exit 1; }
	chmod 755 "$WORKDIR"
	PF_HOME=$WORKDIR/home/$PF_USER
	PF_CONF=$WORKDIR/postfix
	PF_LOG=$WORKDIR/maillog
	PF_BIN=$WORKDIR/bin/backstop
	mkdir -p "$WORKDIR/home" "$WORKDIR/bin" "$PF_CONF" "$WORKDIR/mail"
	chmod 755 "$WORKDIR/home" "$WORKDIR/bin"
	# The checkout may lie where the user cannot enter: run a copy.
	cp "$BACKSTOP" "$PF_BIN"
	chmod 755 "$PF_BIN"

	_pf_add_user
	_pf_user_home
	_pf_write_config
	mkdir -p "$WORKDIR/spool" "$WORKDIR/data"
	chown postfix "$WORKDIR/data"
	if ! postfix -c "$PF_CONF" start >"$WORKDIR/postfix-start.out" 2>&1; then
		diag "$(cat "$WORKDIR/postfix-start.out")" "$(tail -n 5 "$PF_LOG" 2>/dev/null)"
		echo "Bail out! postfix -c $PF_CONF start failed"
		exit 1
	fi
	_pf_started=1
	pf_wait_port || { echo "Bail out! Postfix does not listen on 127.0.0.1:$PF_PORT"; exit 1; }
}

_pf_add_user() {
	if id "$PF_USER" >/dev/null 2>&1; then
		# Left by an earlier run that was killed: take it over.
		usermod -d "$PF_HOME" "$PF_USER" || exit 1
	else
		useradd -M -d "$PF_HOME" -s /bin/sh -U "$PF_USER" ||
			{ echo "Bail out! useradd $PF_USER failed"; exit 1; }
	fi
	_pf_user_added=1
}

# The user's HOME as lib.sh's mkhome makes it (Maildir, notmuch database,
# XDG dirs), owned by the user, with ~/.forward piping to backstop.
_pf_user_home() {
	local save_workdir=$WORKDIR
	unset NOTMUCH_CONFIG NOTMUCH_PROFILE NOTMUCH_DATABASE BACKSTOP_CONFIG \
		MAIL MAILDIR XDG_CONFIG_HOME XDG_STATE_HOME XDG_DATA_HOME \
		XDG_CACHE_HOME XDG_CONFIG_DIRS SENDER RECIPIENT ORIGINAL_RECIPIENT \
		EXTENSION LOCAL DOMAIN USER LOGNAME MAIL_CONFIG
	mkdir -p "$PF_HOME"
	HOME=$PF_HOME
	MAILDIR=$HOME/Maildir
	QUARANTINE=$MAILDIR/.Backscatter
	mkdir -p "$MAILDIR/cur" "$MAILDIR/new" "$MAILDIR/tmp"
	write_notmuch_config "$HOME/.notmuch-config" "$MAILDIR"
	sed -i "s/^primary_email=.*/primary_email=$PF_ADDR/" "$HOME/.notmuch-config"
	nm new --quiet >/dev/null || { echo "Bail out! notmuch new failed"; exit 1; }
	pf_forward "\"|$PF_BIN\""
	export HOME
	WORKDIR=$save_workdir
	cd "$WORKDIR" || exit 1
}

# pf_forward LINE: the user's ~/.forward.
pf_forward() {
	printf '%s\n' "$1" > "$PF_HOME/.forward"
	pf_chown
}

# pf_chown: give the user's home back to the user (after root wrote in it).
pf_chown() {
	chown -R "$PF_USER:$PF_USER" "$PF_HOME"
}

_pf_write_config() {
	cp /usr/share/postfix/master.cf.dist "$PF_CONF/master.cf"
	: > "$PF_CONF/main.cf"
	postconf -c "$PF_CONF" -e \
		"compatibility_level = 3.6" \
		"queue_directory = $WORKDIR/spool" \
		"data_directory = $WORKDIR/data" \
		"mail_spool_directory = $WORKDIR/mail" \
		"maillog_file_prefixes = $WORKDIR" \
		"maillog_file = $PF_LOG" \
		"myhostname = mx.$PF_DOMAIN" \
		"mydomain = $PF_DOMAIN" \
		"myorigin = $PF_DOMAIN" \
		"mydestination = $PF_DOMAIN, mx.$PF_DOMAIN, localhost" \
		"inet_interfaces = 127.0.0.1" \
		"inet_protocols = ipv4" \
		"mynetworks = 127.0.0.0/8" \
		"local_recipient_maps =" \
		"alias_maps =" \
		"alias_database =" \
		"default_transport = error:no mail leaves this test" \
		"relay_transport = error:no mail leaves this test" \
		"smtp_dns_support_level = disabled" \
		"smtpd_peername_lookup = no" \
		"mailbox_size_limit = 0" \
		"biff = no" \
		"queue_run_delay = 1s" \
		"minimal_backoff_time = 1s" \
		"maximal_backoff_time = 2s" \
		"delay_warning_time = 0h" \
		"smtputf8_enable = no"
	# Our own SMTP port, no chroot (the queue is not where Debian's
	# init script copies the chroot's files).
	postconf -c "$PF_CONF" -M# smtp/inet
	postconf -c "$PF_CONF" -Me "127.0.0.1:$PF_PORT/inet = 127.0.0.1:$PF_PORT inet n - n - - smtpd"
	postconf -c "$PF_CONF" -F '*/*/chroot = n'
}

# pf_wait_port: wait up to 20 s for the SMTP port.
pf_wait_port() {
	local i
	for i in $(seq 1 100); do
		if (exec 3<>"/dev/tcp/127.0.0.1/$PF_PORT") 2>/dev/null; then
			return 0
		fi
		sleep 0.2
	done
	return 1
}

_pf_cleanup() {
	if [ -n "$_pf_started" ]; then
		postfix -c "$PF_CONF" stop >/dev/null 2>&1
		_pf_started=
	fi
	if [ -n "$_pf_user_added" ]; then
		userdel "$PF_USER" >/dev/null 2>&1
		_pf_user_added=
	fi
	if [ "$_tap_fail" -ne 0 ] && [ -f "${PF_LOG:-}" ]; then
		diag "--- Postfix log ($PF_LOG):"
		diag "$(tail -n 60 "$PF_LOG")"
	fi
}

# pf_smtp FROM TO FILE: submit FILE over SMTP to 127.0.0.1:$PF_PORT, as a
# third party would (swaks).
pf_smtp() {
	swaks --server 127.0.0.1 --port "$PF_PORT" --helo client.example.net \
		--from "$1" --to "$2" --data "@$3" >"$WORKDIR/swaks.out" 2>&1 ||
		{ diag "swaks failed:" "$(tail -n 5 "$WORKDIR/swaks.out")"; return 1; }
}

# pf_sendmail FROM TO FILE: submit FILE with Postfix's sendmail, as the
# user's mail program does.
pf_sendmail() {
	/usr/sbin/sendmail -C "$PF_CONF" -f "$1" -- "$2" < "$3"
}

# pf_queue_count: messages in the instance's queue.
pf_queue_count() {
	postqueue -c "$PF_CONF" -j 2>/dev/null | grep -c '"queue_id"'
}

# pf_flush: retry the deferred mail now.
pf_flush() {
	postqueue -c "$PF_CONF" -f
}

# wait_for SECONDS CMD [ARG...]: poll CMD every 0.2 s until it succeeds.
wait_for() {
	local limit=$(( $1 * 5 )) i=0
	shift
	while ! "$@"; do
		i=$((i + 1))
		[ "$i" -ge "$limit" ] && return 1
		sleep 0.2
	done
}

# log_has ERE: the Postfix log has a line matching ERE.
log_has() {
	grep -Eq -- "$1" "$PF_LOG" 2>/dev/null
}

# copies_are ID N [GREP-V-ERE]: copies ID is N (files whose path matches
# GREP-V-ERE left out); for wait_for.
copies_are() {
	if [ $# -ge 3 ]; then
		[ "$(find_id "$MAILDIR" "$1" | grep -Evc -- "$3")" = "$2" ]
	else
		[ "$(copies "$1")" = "$2" ]
	fi
}

# copies ID: how many files in the user's Maildir (any folder) carry
# Message-ID <ID> at the top level or anywhere.
copies() {
	find_id "$MAILDIR" "$1" | wc -l | tr -d ' '
}

# settled_path ID [GREP-V-ERE]: the one file holding <ID> (paths matching
# GREP-V-ERE left out), once it has stopped moving: backstop renames a
# quarantined file from new/ to cur/ when notmuch syncs its flags, which
# can happen after the file first shows up.  Empty after 10 s without.
settled_path() {
	local a b i
	for i in $(seq 1 50); do
		a=$(find_id "$MAILDIR" "$1" | grep -Ev -- "${2:-^$}")
		sleep 0.2
		b=$(find_id "$MAILDIR" "$1" | grep -Ev -- "${2:-^$}")
		if [ -n "$a" ] && [ "$a" = "$b" ] && [ "$(printf '%s\n' "$a" | wc -l)" = 1 ]; then
			printf '%s\n' "$a"
			return 0
		fi
	done
	return 1
}
