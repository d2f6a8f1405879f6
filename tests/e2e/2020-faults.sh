#!/usr/bin/env bash
# 2020: faults below backstop.
#
# A disk that is full or failing (ENOSPC, EIO) on write, fsync or the
# link into new/ (an LD_PRELOAD shim, tests/shims/faultfs.c, and a real
# 256 KiB tmpfs when we may mount one): exit 75, nothing in new/ or cur/,
# and no debris in tmp/.  libnotmuch failing, missing or blocking
# (tests/shims/notmuch-fault.c, in the delivery and in the batch indexer
# it starts): the message is delivered all the same, exit 0, with a
# pending entry that `backstop index` works off later.
. "${TESTS_DIR:-$(dirname "$0")/..}/lib.sh"
plan 65
mkhome
SHIMS=$TESTS_DIR/shims
CC=${CC:-cc}
# In a sanitizer build the ASan runtime must come first in LD_PRELOAD.
ASAN_RT=$(ldd "$BACKSTOP" 2>/dev/null | awk '/libasan/ { print $3 " " }')

# build_shim NAME [LIBS...]: compile tests/shims/NAME.c into $WORKDIR/NAME.so.
build_shim() {
	local name=$1
	shift
	"$CC" -shared -fPIC -O1 -o "$WORKDIR/$name.so" "$SHIMS/$name.c" "$@" -ldl \
		2> "$WORKDIR/$name.cc.err" || { diag "$(cat "$WORKDIR/$name.cc.err")"; return 1; }
}

tmp_count() {
	find "$1/tmp" -mindepth 1 2>/dev/null | wc -l | tr -d ' '
}

# A 1 MiB message, so that writes come in several pieces.
{ make_ham big-2020@example.net; head -c 1048576 /dev/zero | tr '\0' 'x' | fold -w 76; } > big.eml
SIZE=$(stat -c %s big.eml)

# fault DESC OPS ERRNO [AFTER [MATCH]]: deliver big.eml under faultfs;
# exit 75, the fault was hit, nothing delivered, tmp/ clean.  4 tests.
fault() {
	local desc=$1
	FAULT_OPS=$2 FAULT_ERRNO=$3 FAULT_AFTER=${4:-} FAULT_MATCH=${5:-$MAILDIR} \
		LD_PRELOAD="$ASAN_RT$WORKDIR/faultfs.so" deliver big.eml -v
	is "$RC" 75 "$desc: exit 75"
	like "$ERR" "^faultfs: " "$desc: the fault was hit"
	is "$(count "$MAILDIR")" 0 "$desc: nothing in new/ or cur/"
	is "$(tmp_count "$MAILDIR")" 0 "$desc: nothing left in tmp/"
}

if build_shim faultfs; then
	fault "ENOSPC on the first write" write ENOSPC
	fault "ENOSPC after 100 KB (spooling)" write ENOSPC 100000
	fault "EIO on write" write EIO 4096
	fault "ENOSPC in the final copy" write ENOSPC $((SIZE + 20000))
	fault "EDQUOT on write" write EDQUOT 0
	fault "EIO on fsync" fsync EIO
	fault "ENOSPC on fsync" fsync ENOSPC
	fault "EIO on fsync of new/ (after the link)" fsync EIO "" "$MAILDIR/new"
	fault "EIO on link into new/" link EIO
	fault "ENOSPC on link into new/" link ENOSPC
	like "$ERR" '^backstop: cannot deliver into .*: No space left on device' "the reason reaches the log"
else
	skip 41 "cannot build tests/shims/faultfs.c with $CC"
fi

deliver big.eml
is "$RC:$(count "$MAILDIR")" "0:1" "without faults: delivered once"

# A real full disk: a 256 KiB tmpfs as the Maildir, in a private mount
# namespace (gone when the command ends).
if [ "$(id -u)" -eq 0 ] && unshare -m true 2>/dev/null; then
	mkdir -p small
	printf '[delivery]\nmaildir = %s/small/Maildir\n[notmuch]\nconfig = none\n' "$WORKDIR" > small.ini
	unshare -m sh -c 'mount -t tmpfs -o size=256k tmpfs small &&
		"$0" -v -c small.ini < big.eml > /dev/null 2> tmpfs.err; echo $? > tmpfs.rc
		find small/Maildir/new small/Maildir/cur -type f | wc -l > tmpfs.count
		find small/Maildir/tmp -type f | wc -l > tmpfs.tmp
		head -n 12 big.eml > small.eml
		"$0" -c small.ini < small.eml > /dev/null 2>&1; echo $? > tmpfs.rc2
		find small/Maildir/new -type f | wc -l > tmpfs.count2' "$BACKSTOP"
	is "$(cat tmpfs.rc)" 75 "full 256 KiB tmpfs: exit 75"
	is "$(cat tmpfs.count):$(cat tmpfs.tmp)" "0:0" "full tmpfs: nothing in new/ or cur/, nothing left in tmp/"
	like "$(cat tmpfs.err)" 'No space left on device' "full tmpfs: says why"
	is "$(cat tmpfs.rc2):$(cat tmpfs.count2)" "0:1" "the same tmpfs takes a small message"
else
	skip 4 "cannot mount a tmpfs (not root, or no mount namespace)"
fi

# --- libnotmuch failing, missing or blocking: delivered all the same.
write_config <<'EOF2'
[notmuch]
index_timeout = 2
EOF2
pending_count() {
	find "$PENDING_DIR" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l | tr -d ' '
}

# nm_fault FAULT N: deliver a backscatter bounce with NOTMUCH_FAULT=FAULT;
# exit 0, quarantined, pending entries = N once the batch indexer has
# given up (a blocked one is killed: a crash while it waits), within
# 2 s + slack.  4 tests.
nm_fault() {
	local t0 ms
	BOUNCE_ID=bs-$1@mx.example.org make_bounce forged-$1@example.org > "bs-$1.eml"
	t0=$(now_ms)
	NOTMUCH_FAULT=$1 LD_PRELOAD=$WORKDIR/notmuch-fault.so SENDER= DELIVER_WAIT=no deliver "bs-$1.eml"
	ms=$(( $(now_ms) - t0 ))
	if [ "$1" = open-block ]; then
		sleep 0.5
		kill -KILL "$(cat "$XDG_STATE_HOME/backstop/batch.lock")" 2>/dev/null
	fi
	wait_indexer 10
	is "$RC" 0 "libnotmuch $1: exit 0"
	is "$(find_id "$QUARANTINE" "bs-$1@mx.example.org" | wc -l | tr -d ' ')" 1 \
		"libnotmuch $1: delivered to the quarantine"
	is "$(pending_count)" "$2" "libnotmuch $1: a pending entry ($2 in all)"
	ok "libnotmuch $1: done in $ms ms (<= 7000)" test "$ms" -le 7000
}

if [ -n "$ASAN_RT" ] && [ "${ASAN_OPTIONS#*verify_asan_link_order=0}" = "${ASAN_OPTIONS:-}" ]; then
	# Preloaded after the ASan runtime, this shim (a dlopen() wrapper
	# linked with libnotmuch) hangs any process at start-up, in a futex;
	# preloaded alone, ASan refuses it unless its link-order check is off
	# (.ci/run turns it off, and then the cases run).
	skip 19 "sanitizer build without ASAN_OPTIONS=verify_asan_link_order=0: the notmuch-fault shim cannot be preloaded"
elif build_shim notmuch-fault -Wl,--no-as-needed -lnotmuch; then
	add_sent sent-2020@example.org
	nm_fault open-fail 1
	nm_fault index-fail 2
	nm_fault open-block 3
	nm_fault noload 4
	"$BACKSTOP" index > index.out 2>&1
	is "$?" 0 "backstop index without the fault: exit 0"
	is "$(pending_count)" 0 "no pending entry left"
	ok "all four are indexed and tagged backscatter" \
		test "$(nm_count tag:backscatter)" = 4
else
	skip 19 "cannot build tests/shims/notmuch-fault.c with $CC -lnotmuch"
fi
