#!/usr/bin/env bash
# 2070: a busy index never turns a genuine answer into backscatter
# (issue 15).  A read-only handle whose database a writer has modified
# fails with a Xapian exception; backstop must reopen and retry, and if
# the lookup still fails, say "error" and weigh nothing, never "not
# sent".  Genuine and forged bounces are delivered:
#   1. with libnotmuch's find failing every other call (a shim,
#      deterministic): retried, decided by notmuch;
#   2. with every find failing: genuine ones proved by their sent copy
#      on disk, forged ones unverified with notmuch:error, none
#      backscatter; an answer whose only evidence is the error says so;
#   3. 8 at a time while another process keeps taking the write lock,
#      with the flaky shim;
#   4. the same without the shim, while the quarantined ones are being
#      indexed (the race of issue 15, not deterministic).
# Every phase: 0 genuine quarantined, 0 forged in the inbox, exit 0.
# N per kind and phase: 12; with BACKSTOP_STRESS=1 (`make stress`) 150.
. "${TESTS_DIR:-$(dirname "$0")/..}/lib.sh"
. "$TESTS_DIR/lib-send.sh"
N=12
[ "${BACKSTOP_STRESS:-0}" = 1 ] && N=150
PAR=8
plan 24
mkhome
CC=${CC:-cc}
LOCKHOLDER=$TOOLS_DIR/lockholder
ASAN_RT=$(ldd "$BACKSTOP" 2>/dev/null | awk '/libasan/ { print $3 " " }')
write_config <<'EOF2'
[notmuch]
index_timeout = 1
EOF2

# The user's sent copies: in .Sent, indexed in one go.  Those of phase 2
# are named as delivered now, inside the look at sent folders on disk
# (the newest 500 of 7 days); the others 8 days ago, beyond it, so that
# only notmuch can prove them.
mkdir -p "$MAILDIR/.Sent/cur" "$MAILDIR/.Sent/new" "$MAILDIR/.Sent/tmp" msgs
now=$(date +%s)
for phase in 1 2 3 4; do
	t=$((now - 8 * 86400))
	[ "$phase" = 2 ] && t=$now
	for i in $(seq 1 "$N"); do
		# the message make_bounce quotes
		printf 'From: Alice <alice@example.org>\nTo: nobody@example.net\nSubject: Re: invoice\nMessage-ID: <gen.%s.%s@user.test>\nDate: %s\n\nhi\n' \
			"$phase" "$i" 'Thu, 28 Nov 2024 15:58:00 +0000' > "$MAILDIR/.Sent/cur/$t.M$phase.$i.host:2,S"
		# An old name with a fresh mtime counts as written now: age the file too.
		[ "$phase" = 2 ] || touch -d "@$t" "$MAILDIR/.Sent/cur/$t.M$phase.$i.host:2,S"
		{ printf 'X-Test: genuine %s.%s\n' "$phase" "$i"
		  BOUNCE_ID="gb.$phase.$i@mx.example.org" make_bounce "gen.$phase.$i@user.test"; } > "msgs/g.$phase.$i.eml"
		# a forgery the user never wrote (another subject)
		{ printf 'X-Test: forged %s.%s\n' "$phase" "$i"
		  BOUNCE_ID="fb.$phase.$i@mx.example.org" make_bounce "forged.$phase.$i@user.test" |
			sed 's/^Subject: Re: invoice$/Subject: Your parcel is waiting/'; } > "msgs/f.$phase.$i.eml"
	done
done
nm new --quiet > /dev/null

# An old sent copy, beyond the look on disk: only notmuch knows it.
add_sent old-2070@user.test
touch -d '30 days ago' $(grep -l -F '<old-2070@user.test>' "$MAILDIR"/.Sent/cur/*)
BOUNCE_ID=old-b@mx.example.org make_bounce old-2070@user.test > old.eml

# run PHASE [ENV...]: delivers phase PHASE's 2N messages, PAR at a time
# when PAR_RUN is set, else one by one; statuses in status.PHASE.
run() {
	local phase=$1
	shift
	printf '%s\n' msgs/g."$phase".*.eml msgs/f."$phase".*.eml | sort -t. -k3n |
		xargs -P "${PAR_RUN:-1}" -I{} env "$@" sh -c \
		'SENDER= "$BACKSTOP" < "$1" > /dev/null 2>> errors; echo "$1 $?" >> "status.'"$phase"'"' sh {}
}

# check PHASE LABEL: 4 tests.
check() {
	local phase=$1 label=$2
	wait_indexed	# the batch indexer moves quarantined files into cur/
	is "$(wc -l < "status.$phase" | tr -d ' '):$(awk '$2 != 0' "status.$phase" | wc -l | tr -d ' ')" \
		"$((2 * N)):0" "$label: every delivery finished, exit 0"
	is "$(cat $(msgs "$QUARANTINE") /dev/null | grep -a -c "^X-Test: genuine $phase\.")" 0 \
		"$label: 0 genuine quarantined"
	is "$(cat $(msgs "$MAILDIR") /dev/null | grep -a -c "^X-Test: forged $phase\.")" 0 \
		"$label: 0 forged in the inbox"
	is "$(cat $(msgs "$MAILDIR") $(msgs "$QUARANTINE") /dev/null | grep -a -c "^X-Test: [a-z]* $phase\.")" \
		"$((2 * N))" "$label: every message delivered once"
}

shim_ok=
if [ -n "$ASAN_RT" ] && [ "${ASAN_OPTIONS#*verify_asan_link_order=0}" = "${ASAN_OPTIONS:-}" ]; then
	diag "sanitizer build without ASAN_OPTIONS=verify_asan_link_order=0: the notmuch-fault shim cannot be preloaded"
elif "$CC" -shared -fPIC -O1 -o notmuch-fault.so "$TESTS_DIR/shims/notmuch-fault.c" \
	-Wl,--no-as-needed -lnotmuch -ldl 2> shim.err; then
	shim_ok=1
else
	diag "$(cat shim.err)"
fi
# Preloaded alone, even in a sanitizer build: after the ASan runtime it
# hangs at start-up (2020-faults.sh says why).
SHIM="LD_PRELOAD=$WORKDIR/notmuch-fault.so"

if [ -n "$shim_ok" ]; then
	run 1 "$SHIM" NOTMUCH_FAULT=find-flaky
	check 1 "find fails every other call"
	is "$(cat $(msgs "$MAILDIR") | grep -a -c '^X-Backstop: genuine; .*notmuch:sent')" "$N" \
		"find fails every other call: the genuine ones are decided by notmuch after a reopen"

	run 2 "$SHIM" NOTMUCH_FAULT=find-fail
	check 2 "every find fails"
	is "$(grep -a -l '^X-Test: genuine 2\.' $(msgs "$MAILDIR") | xargs head -qn1 | grep -c 'notmuch:error,sent-folder:sent')" "$N" \
		"every find fails: the genuine ones are proved by the copy on disk, the error named"
	is "$(grep -a -l '^X-Test: forged 2\.' $(msgs "$QUARANTINE") | xargs head -qn1 | grep -c '^X-Backstop: unverified; .*notmuch:error$')" "$N" \
		"every find fails: the forged ones are unverified with notmuch:error, not backscatter"

	env LD_PRELOAD="$WORKDIR/notmuch-fault.so" NOTMUCH_FAULT=find-fail SENDER= \
		"$BACKSTOP" < old.eml > /dev/null 2>> errors
	f=$(grep -a -l 'old-b@mx.example.org' $(msgs "$MAILDIR") $(msgs "$QUARANTINE") /dev/null)
	like "$(first_line "${f:-/dev/null}")" '^X-Backstop: unverified; class=bounce; ref=old-2070@user\.test; evidence=notmuch:error$' \
		"an answer whose only evidence is the error: unverified, stamped notmuch:error"
	env LD_PRELOAD="$WORKDIR/notmuch-fault.so" NOTMUCH_FAULT=find-fail \
		"$BACKSTOP" check --json < old.eml > old.json 2>/dev/null
	like "$(cat old.json)" '"source":"notmuch","result":"no-opinion",("weight":0,)?"detail":"error \(A Xapian exception occurred looking up <old-2070@user\.test>, 2 reopens\)"' \
		"check --json gives the error's detail"
	is "$("$BACKSTOP" check < "${f:-/dev/null}" | head -n1 | awk '{ print $2 }')" genuine \
		"checked again without the fault: genuine"

	# Correspondence (an answer naming no original): alice's sent log
	# lacks carol, and the notmuch query fails: no opinion, not "you did
	# not write to carol".
	mksend < /dev/null
	{ printf '[send]\nsendmail = %s -oi\n' "$FAKE"; printf '[notmuch]\nindex_timeout = 1\n'; } | write_config
	make_outgoing > out.eml
	send out.eml bob@example.net
	make_vacation carol@example.net > vac.eml
	env LD_PRELOAD="$WORKDIR/notmuch-fault.so" NOTMUCH_FAULT=count-fail SENDER=carol@example.net \
		"$BACKSTOP" check --json < vac.eml > vac.json 2>/dev/null
	like "$(cat vac.json)" '"source":"correspondence","result":"no-opinion",("weight":0,)?"detail":"error \(notmuch: ' \
		"a failed correspondence query: no opinion, the error named"
	like "$(cat vac.json)" '"verdict":"unverified"' "a failed correspondence query: unverified, not backscatter"

	if [ -x "$LOCKHOLDER" ]; then
		touch holding
		( while [ -e holding ]; do
			NOTMUCH_CONFIG=$HOME/.notmuch-config "$LOCKHOLDER" 1 "$WORKDIR/ready" 2>/dev/null
			sleep 0.2
		  done ) &
		holder=$!
		PAR_RUN=$PAR run 3 "$SHIM" NOTMUCH_FAULT=find-flaky
		rm -f holding
		wait "$holder"
		check 3 "$PAR at a time, write lock taken, find flaky"
	else
		skip 4 "$LOCKHOLDER not built"
	fi
else
	skip 20 "cannot build or preload tests/shims/notmuch-fault.c"
fi

# 4: no shim: the quarantined ones are indexed (writers) while others look up.
touch holding
if [ -x "$LOCKHOLDER" ]; then
	( while [ -e holding ]; do
		NOTMUCH_CONFIG=$HOME/.notmuch-config "$LOCKHOLDER" 1 "$WORKDIR/ready" 2>/dev/null
		sleep 0.2
	  done ) &
	holder=$!
fi
( while [ -e holding ]; do nm new --quiet > /dev/null 2>&1; sleep 0.1; done ) &
indexer=$!
PAR_RUN=$PAR run 4
rm -f holding
wait
check 4 "$PAR at a time, notmuch new and the write lock racing"
if [ -s errors ]; then
	diag "stderr of the deliveries:" "$(sort errors | uniq -c | sort -rn | head -n 5)"
fi
grep -a -h '^X-Backstop:.*notmuch:error' $(msgs "$MAILDIR") $(msgs "$QUARANTINE") /dev/null |
	sed 's/;.*evidence=/ /' | sort | uniq -c | while read -r line; do diag "errors met: $line"; done
