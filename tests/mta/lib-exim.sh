# tests/mta/lib-exim.sh: a private Exim daemon on 127.0.0.1 for the
# real-MTA tests, beside Postfix, and the same local user as
# lib-postfix.sh (whose user, home and polling helpers it uses).
#
# Sourced after tests/lib.sh and tests/mta/lib-postfix.sh.  Debian's Exim
# conflicts with Postfix, so it is not installed but unpacked from its
# package into $EX_DIR by tests/mta/exim-unpack.sh (.ci/run does that);
# ex_require skips the whole script, saying why, when it is not there.
#
# Exim drops root privilege for a -C config given by anyone but root, and
# its deliveries re-exec it, so the config must sit at the compiled-in
# path /etc/exim4/exim4.conf while the test runs: it is written there only
# when no such file exists, and removed on exit.  Everything else (spool,
# log, pid) lives in the test's WORKDIR; the daemon listens on
# 127.0.0.1:$EX_PORT only, routes to local users only, and is stopped by
# its pid.
#
# Variables: EX_BIN (the exim4 binary), EX_PORT, EX_LOG (main log),
# and lib-postfix.sh's PF_USER, PF_ADDR, PF_DOMAIN, PF_HOME, PF_BIN.

EX_DIR=${BACKSTOP_EXIM_DIR:-/opt/backstop-exim}
EX_BIN=$EX_DIR/usr/sbin/exim4
EX_CONF=/etc/exim4/exim4.conf
EX_PORT=${EX_PORT:-10026}
_ex_conf_written=
_ex_etc_made=
_ex_pid=

# ex_require N: skip all N tests (and exit) unless root, the unpacked Exim,
# its user, swaks and a free /etc/exim4/exim4.conf are there.
ex_require() {
	local why=
	if [ "$(id -u)" -ne 0 ]; then
		why="not root (the real-MTA tests add a user and start Exim)"
	elif [ ! -x "$EX_BIN" ] || [ ! -u "$EX_BIN" ]; then
		why="no setuid Exim at $EX_BIN (unpack it with tests/mta/exim-unpack.sh, as root)"
	elif ! id Debian-exim >/dev/null 2>&1; then
		why="no Debian-exim user (tests/mta/exim-unpack.sh adds it)"
	elif ! command -v swaks >/dev/null; then
		why="swaks is not installed (apt-get install swaks)"
	elif ! command -v useradd >/dev/null; then
		why="useradd is missing"
	elif [ -e "$EX_CONF" ] && ! _ex_conf_is_ours; then
		why="$EX_CONF exists (a real Exim is configured here; not touching it)"
	fi
	if [ -n "$why" ]; then
		echo "1..0 # SKIP $why"
		_tap_plan=
		exit 0
	fi
	plan "$1"
}

# ex_setup: WORKDIR, the user and its home (as lib-postfix.sh makes them),
# the config at $EX_CONF; then starts the daemon.
ex_setup() {
	exec 9>"$PF_LOCK"
	if ! flock -w 600 9; then
		echo "Bail out! another real-MTA test holds $PF_LOCK"
		exit 1
	fi
	trap '_ex_cleanup; _lib_finish' EXIT

	WORKDIR=$(mktemp -d "${TMPDIR:-/tmp}/backstop-exim.XXXXXX") ||
		{ echo "Bail out! mktemp -d failed"; exit 1; }
	chmod 755 "$WORKDIR"
	PF_HOME=$WORKDIR/home/$PF_USER
	PF_BIN=$WORKDIR/bin/backstop
	EX_LOG=$WORKDIR/log/mainlog
	mkdir -p "$WORKDIR/home" "$WORKDIR/bin" "$WORKDIR/spool" "$WORKDIR/log"
	chmod 755 "$WORKDIR/home" "$WORKDIR/bin"
	chown Debian-exim: "$WORKDIR/spool" "$WORKDIR/log"
	cp "$BACKSTOP" "$PF_BIN"
	chmod 755 "$PF_BIN"

	_pf_add_user
	_pf_user_home
	_ex_write_config
	if ! "$EX_BIN" -bV >"$WORKDIR/exim-bV.out" 2>&1; then
		diag "$(cat "$WORKDIR/exim-bV.out")"
		echo "Bail out! exim4 -bV rejects the test config"
		exit 1
	fi
	"$EX_BIN" -bd -q2s >"$WORKDIR/exim-start.out" 2>&1 ||
		{ diag "$(cat "$WORKDIR/exim-start.out")"; echo "Bail out! exim4 -bd failed"; exit 1; }
	PF_PORT=$EX_PORT pf_wait_port ||
		{ echo "Bail out! Exim does not listen on 127.0.0.1:$EX_PORT"; exit 1; }
	_ex_pid=$(cat "$WORKDIR/exim.pid" 2>/dev/null)
}

# _ex_conf_is_ours: $EX_CONF is one this file wrote (left by a test that
# was killed; ex_setup, holding the lock, replaces it).
_ex_conf_is_ours() {
	head -n 1 "$EX_CONF" 2>/dev/null | grep -q "^# backstop's real-MTA test "
}

_ex_write_config() {
	if [ ! -d /etc/exim4 ]; then
		mkdir -p /etc/exim4
		_ex_etc_made=1
	fi
	_ex_conf_written=1
	cat > "$EX_CONF" <<EOF
# backstop's real-MTA test ($WORKDIR); removed when the test ends.
exim_path = $EX_BIN
spool_directory = $WORKDIR/spool
log_file_path = $WORKDIR/log/%slog
pid_file_path = $WORKDIR/exim.pid
primary_hostname = mx.$PF_DOMAIN
qualify_domain = $PF_DOMAIN
domainlist local_domains = $PF_DOMAIN : mx.$PF_DOMAIN : localhost
local_interfaces = 127.0.0.1
daemon_smtp_ports = $EX_PORT
host_lookup =
rfc1413_hosts =
tls_advertise_hosts =
keep_environment =
never_users = root
# The user's `backstop sendmail` sets a tagged envelope sender (-f).
untrusted_set_sender = *
acl_smtp_rcpt = acl_check_rcpt

begin acl
# Every local part is accepted and unknown ones are bounced afterwards:
# the setting that makes an MTA produce backscatter.
acl_check_rcpt:
  accept domains = +local_domains
  deny   message = relay not permitted

begin routers
$(_ex_user_router)

# bob is on holiday: Exim's autoreply transport answers every message.
bob_vacation:
  driver = accept
  local_parts = bob
  transport = bob_autoreply

begin transports
$(_ex_user_transport)

# Debian's address_pipe.
address_pipe:
  driver = pipe
  return_fail_output

address_reply:
  driver = autoreply

bob_autoreply:
  driver = autoreply
  from = Bob <bob@$PF_DOMAIN>
  to = \$sender_address
  subject = Away: \$h_subject:
  text = I am away until Monday.
  user = Debian-exim

begin retry
*  *  F,2h,1m
EOF
}

# How mail reaches the local user: EX_ROUTE=forward (default), Debian's
# userforward router and the user's ~/.forward; EX_ROUTE=contrib, the
# router and transport of contrib/exim.txt for every user, taken from that
# file as printed (only the program's path is this test's).
EX_ROUTE=${EX_ROUTE:-forward}
_ex_user_router() {
	if [ "$EX_ROUTE" = contrib ]; then
		_ex_contrib_block backstop_user
		return
	fi
	cat <<'EOF'
# Debian's userforward router, with a local_part_suffix so that mail to
# user+tag@ goes through ~/.forward too (contrib/exim.txt).
userforward:
  driver = redirect
  check_local_user
  local_part_suffix = +*
  local_part_suffix_optional
  file = $home/.forward
  allow_filter
  no_verify
  no_expn
  check_ancestor
  pipe_transport = address_pipe
  reply_transport = address_reply
EOF
}

_ex_user_transport() {
	[ "$EX_ROUTE" = contrib ] && _ex_contrib_block backstop_pipe
}

# _ex_contrib_block NAME: the indented block "  NAME:" of contrib/exim.txt,
# up to its empty line.
_ex_contrib_block() {
	awk -v name="  $1:" '$0 == name { on = 1 } on && /^$/ { exit } on { print }' \
		"$TESTS_DIR/../contrib/exim.txt" | sed "s|/usr/local/bin/backstop|$PF_BIN|"
}

_ex_cleanup() {
	if [ -n "$_ex_pid" ]; then
		kill "$_ex_pid" 2>/dev/null
		_ex_pid=
	fi
	if [ -n "$_ex_conf_written" ]; then
		rm -f "$EX_CONF"
		[ -n "$_ex_etc_made" ] && rmdir /etc/exim4 2>/dev/null
		_ex_conf_written=
	fi
	if [ -n "$_pf_user_added" ]; then
		userdel "$PF_USER" >/dev/null 2>&1
		_pf_user_added=
	fi
	if [ "$_tap_fail" -ne 0 ] && [ -f "${EX_LOG:-}" ]; then
		diag "--- Exim log ($EX_LOG):"
		diag "$(tail -n 60 "$EX_LOG")"
	fi
}

# ex_smtp FROM TO FILE: submit FILE over SMTP as a third party would.
ex_smtp() {
	swaks --server 127.0.0.1 --port "$EX_PORT" --helo client.example.net \
		--from "$1" --to "$2" --data "@$3" >"$WORKDIR/swaks.out" 2>&1 ||
		{ diag "swaks failed:" "$(tail -n 5 "$WORKDIR/swaks.out")"; return 1; }
}

# ex_sendmail FROM TO FILE: submit FILE with Exim's sendmail interface, as
# the user's mail program does.
ex_sendmail() {
	"$EX_BIN" -f "$1" -- "$2" < "$3"
}

# ex_queue_count: messages in Exim's queue.
ex_queue_count() {
	"$EX_BIN" -bpc 2>/dev/null
}

# ex_flush: retry every queued message now.
ex_flush() {
	"$EX_BIN" -qff
}

# ex_flush_until ID: force queue runs (every second, up to 30 s) until
# the message with Message-ID <ID> is in the Maildir.  One -qff is not
# enough: the process that deferred it may still hold its spool file
# ("Spool file ... is locked"), and then the forced run skips it.
ex_flush_until() {
	local i
	for i in $(seq 1 30); do
		ex_flush
		sleep 1
		[ "$(copies "$1")" -ge 1 ] && return 0
	done
	return 1
}

# ex_log_has ERE: Exim's main log has a line matching ERE.
ex_log_has() {
	grep -Eq -- "$1" "$EX_LOG" 2>/dev/null
}

