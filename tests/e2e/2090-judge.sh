#!/usr/bin/env bash
# 2090: the resident judge (mda/judge*.c).  A delivery that finds no
# judge starts one and judges the message itself; later deliveries hand
# theirs to the judge and get the in-process verdict.  The judge sees a
# sent message added after it started, answers "stale" (and exits) when
# the config file changed, is replaced when it died and left its socket
# behind, exits when idle, and is not used with judge = inline or from
# a directory others may enter.  Killed in the middle of a request, or
# stuck there, it costs the delivery time only: the mail is delivered
# with the right verdict, exit 0.  (tests/shims/judge-stall.c stalls
# its answer.)
. "${TESTS_DIR:-$(dirname "$0")/..}/lib.sh"
plan 51
mkhome
export BACKSTOP_DEBUG=1		# the judge inherits it: the same identity
JDIR=$XDG_STATE_HOME/backstop/judge
JUDGED='classified by the resident judge'

# bounce_for NAME ID: a bounce quoting Message-ID ID, in NAME.eml.
bounce_for() {
	BOUNCE_ID=$1@mx.example.org make_bounce "$2" > "$1.eml"
}
# wait_for COND...: until COND succeeds (10 s at most).
wait_for() {
	local i=0
	until "$@"; do
		i=$((i + 1))
		[ "$i" -ge 200 ] && return 1
		sleep 0.05
	done
}
listening() { [ -S "$JDIR/socket" ] && [ -n "$(judge_pid)" ]; }
no_judge() { [ -z "$(judge_pid)" ]; }
where() {	# where ID: inbox, quarantine or nowhere
	if [ -n "$(find_id "$QUARANTINE" "$1")" ]; then echo quarantine
	elif [ -n "$(find_id "$MAILDIR" "$1")" ]; then echo inbox
	else echo nowhere; fi
}
stamp() { first_line "$(find_id "$MAILDIR" "$1" | head -n 1)"; }

# 1. The first delivery starts a judge and judges here; the next one is judged there.
bounce_for j1 forged-1@example.org
SENDER= deliver j1.eml -v
is "$RC" 0 "first delivery: exit 0"
unlike "$ERR" "$JUDGED" "first delivery: judged here (no judge ran)"
like "$ERR" 'started backstop judge --serve' "first delivery: starts a judge"
is "$(where j1@mx.example.org)" quarantine "first delivery: forged bounce quarantined"
ok "the judge listens" wait_for listening
is "$(stat -c %a "$JDIR")" 700 "its directory is private (0700)"
pid1=$(judge_pid)
bounce_for j2 forged-2@example.org
SENDER= deliver j2.eml -v
like "$ERR" "$JUDGED" "second delivery: judged by the resident judge"
is "$(where j2@mx.example.org)" quarantine "second delivery: quarantined"
like "$(stamp j2@mx.example.org)" "$(xb_re backscatter bounce forged-2@example.org)" \
	"second delivery: X-Backstop backscatter, as in-process"

# 2. A sent message added after the judge started: genuine.
add_sent sent-2090@example.org
bounce_for j3 sent-2090@example.org
SENDER= deliver j3.eml -v
like "$ERR" "$JUDGED" "bounce of new sent mail: judged by the judge"
is "$(where j3@mx.example.org)" inbox "bounce of mail sent after the judge started: inbox"
like "$(stamp j3@mx.example.org)" '^X-Backstop: genuine; class=bounce' "  stamped genuine"
is "$(judge_pid)" "$pid1" "the same judge answered throughout"

# 3. The same verdict, word for word, judged here (judge = inline).
write_config <<'EOF'
[delivery]
judge = inline
EOF
bounce_for j4 forged-2@example.org
SENDER= deliver j4.eml -v
unlike "$ERR" "$JUDGED" "judge = inline: judged here"
same() { first_line "$(find_id "$QUARANTINE" "$1" | head -n 1)" | sed 's/ref=[^;]*//'; }
is "$(same j4@mx.example.org)" "$(same j2@mx.example.org)" "  the stamp is the judge's, word for word"
ok "  the judge, asked by nobody, lingers" test -n "$(judge_pid)"
stop_judge
ok "  until stopped" no_judge

# 4. Config changed under a running judge: it answers stale, the new config holds.
write_config <<'EOF'
[delivery]
judge = resident
EOF
bounce_for j5 forged-5@example.org
SENDER= deliver j5.eml -v
ok "a judge runs again" wait_for listening
write_config <<'EOF'
[delivery]
judge = resident
header = no
EOF
bounce_for j6 forged-6@example.org
SENDER= deliver j6.eml -v
like "$ERR" 'answered stale' "config changed: the judge answers stale"
is "$(where j6@mx.example.org)" quarantine "  the message is quarantined"
unlike "$(stamp j6@mx.example.org)" '^X-Backstop:' "  with the new config (header = no)"
ok "  the stale judge exits" wait_for no_judge

# 5. A dead judge's socket: replaced; the delivery meanwhile judges here.
bounce_for j7 forged-7@example.org
SENDER= deliver j7.eml -v
ok "a judge runs with the new config" wait_for listening
pid=$(judge_pid)
kill -9 "$pid"
wait_for no_judge
ok "SIGKILL leaves the socket file behind" test -S "$JDIR/socket"
bounce_for j8 forged-8@example.org
SENDER= deliver j8.eml -v
is "$RC" 0 "stale socket: exit 0"
unlike "$ERR" "$JUDGED" "  judged here"
is "$(where j8@mx.example.org)" quarantine "  quarantined"
ok "  and a new judge listens" wait_for listening
isnt "$(judge_pid)" "$pid" "  a new process"
stop_judge

# 6. Killed in the middle of a request, or stuck there.
ASAN_RT=$(ldd "$BACKSTOP" 2>/dev/null | awk '/libasan/ { print $3 " " }')
if { [ -n "$ASAN_RT" ] && [ "${ASAN_OPTIONS#*verify_asan_link_order=0}" = "${ASAN_OPTIONS:-}" ]; } ||
    ! ${CC:-cc} -shared -fPIC -O1 -o judge-stall.so "$TESTS_DIR/shims/judge-stall.c" -ldl 2> cc.err; then
	skip 10 "cannot preload tests/shims/judge-stall.c here"
else
	export LD_PRELOAD="$ASAN_RT$WORKDIR/judge-stall.so" JUDGE_STALL=$WORKDIR
	start_judge
	touch stall
	bounce_for j9 forged-9@example.org
	# (not through deliver: a variable set for it would differ from the judge's environment)
	SENDER= "$BACKSTOP" -v < j9.eml > /dev/null 2> j9.err &
	dpid=$!
	ok "the judge stalls in the middle of the request" wait_for test -e stalled
	kill -9 "$(judge_pid)"
	wait "$dpid"
	is "$?" 0 "judge killed mid-request: exit 0"
	deliver_out=$(cat j9.err)
	wait_settled
	is "$(where j9@mx.example.org)" quarantine "judge killed mid-request: quarantined all the same"
	unlike "$deliver_out" "$JUDGED" "  judged here"
	like "$deliver_out" 'delivered to quarantine .*: backscatter class=bounce ref=forged-9@example.org ' \
		"  as a backscatter bounce, as in-process"
	rm -f stalled
	wait_for no_judge
	start_judge		# stalling too
	t0=$(now_ms)
	bounce_for j10 forged-10@example.org
	SENDER= deliver j10.eml -v
	t=$(( $(now_ms) - t0 ))
	is "$RC" 0 "judge stuck: exit 0"
	is "$(where j10@mx.example.org)" quarantine "  quarantined"
	unlike "$ERR" "$JUDGED" "  judged here"
	ok "  after the wait, not 60 s (${t} ms)" test "$t" -ge 4000 -a "$t" -lt 15000
	ok "  the stuck judge ends itself" wait_for no_judge
	rm -f stall
	unset LD_PRELOAD JUDGE_STALL
fi

# 6b. Something else on the socket that answers garbage (python3, when there is one).
if python3 -c 'import socket; socket.AF_UNIX; socket.SOCK_SEQPACKET' 2> /dev/null; then
	stop_judge
	rm -f "$JDIR/socket"
	python3 - "$JDIR/socket" <<'PY' &
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
s.bind(sys.argv[1]); s.listen(4)
open(sys.argv[1] + ".ready", "w").close()
for reply in (b"BSJ1\0status\0ok\0verdict\0", b"BSJ1\0status\0ok\0verdict\0" + b"0\0class\0" + b"0\0folder\00\0summary\0ham\0header\0X-Backstop: ham\nEvil: 1\n\0"):
	c, _ = s.accept(); c.recvmsg(65536, 256); c.send(reply); c.close()
PY
	fake=$!
	wait_for test -e "$JDIR/socket.ready"
	for n in 13 14; do
		bounce_for j$n forged-$n@example.org
		SENDER= deliver j$n.eml -v
		is "$(where j$n@mx.example.org)" quarantine "garbage answer $((n - 12)): quarantined all the same"
		like "$ERR" 'answered garbage' "  judged here"
	done
	wait "$fake"
	rm -f "$JDIR/socket" "$JDIR/socket.ready"
else
	skip 4 "no python3 with AF_UNIX SOCK_SEQPACKET for a fake judge"
fi

# 7. Idle: gone after judge_idle seconds.
write_config <<'EOF'
[delivery]
judge_idle = 1
EOF
bounce_for j11 forged-11@example.org
SENDER= deliver j11.eml
ok "judge_idle = 1: a judge starts" wait_for listening
sleep 2.5
ok "  and exits after a second without mail" no_judge
ok "  removing its socket" test ! -e "$JDIR/socket"

# 8. A judge directory others may enter is not used.
chmod 755 "$JDIR"
bounce_for j12 forged-12@example.org
SENDER= deliver j12.eml -v
is "$(where j12@mx.example.org)" quarantine "judge directory 0755: delivered"
unlike "$ERR" 'started backstop judge' "  no judge started there"

# 9. A state directory whose socket path is longer than sun_path's 108 bytes.
chmod 700 "$JDIR"
stop_judge
export XDG_STATE_HOME=$WORKDIR/$(printf 'long-%.0s' $(seq 1 20))/state
JDIR=$XDG_STATE_HOME/backstop/judge
ok "the socket's path is $(printf %s "$JDIR/socket" | wc -c) bytes long" test "$(printf %s "$JDIR/socket" | wc -c)" -gt 108
bounce_for j15 forged-15@example.org
SENDER= deliver j15.eml
wait_for listening
bounce_for j16 forged-16@example.org
SENDER= deliver j16.eml -v
like "$ERR" "$JUDGED" "  judged by the resident judge all the same"
is "$(where j16@mx.example.org)" quarantine "  quarantined"
