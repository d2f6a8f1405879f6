#!/usr/bin/env bash
# 0510: with [notmuch] index = delivery, a delivery indexes in its own
# process when notmuch's write lock is free, and only looks before it
# takes it.  If another writer takes
# the lock in the instant between the look and the take, the delivery
# must still end within index_timeout, exit 0 and leave the entry
# pending.  An LD_PRELOAD shim makes the look always say "free" while
# lockholder really holds the lock, to force that instant.
. "${TESTS_DIR:-$(dirname "$0")/..}/lib.sh"
plan 9
mkhome
write_config <<'EOF2'
[notmuch]
index = delivery
index_timeout = 1
EOF2
LIMIT_MS=4000

cat > shim.c <<'EOF2'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdarg.h>
/* F_OFD_GETLK always reports the lock free; everything else is passed on. */
static int pass(const char *name, int fd, int cmd, void *arg)
{
	int (*real)(int, int, ...) = (int (*)(int, int, ...))dlsym(RTLD_NEXT, name);
	if (cmd == F_OFD_GETLK) {
		((struct flock *)arg)->l_type = F_UNLCK;
		return 0;
	}
	return real(fd, cmd, arg);
}
int fcntl(int fd, int cmd, ...) { va_list ap; void *arg; va_start(ap, cmd); arg = va_arg(ap, void *); va_end(ap); return pass("fcntl", fd, cmd, arg); }
int fcntl64(int fd, int cmd, ...) { va_list ap; void *arg; va_start(ap, cmd); arg = va_arg(ap, void *); va_end(ap); return pass("fcntl64", fd, cmd, arg); }
EOF2
if ! ${CC:-cc} -shared -fPIC -o shim.so shim.c -ldl 2>/dev/null; then
	skip 9 "cannot build the fcntl shim (no cc)"
	exit 0
fi
if ldd "$BACKSTOP" 2>/dev/null | grep -q libasan; then
	skip 9 "sanitizer build: LD_PRELOAD not possible"
	exit 0
fi

rm -f ready
NOTMUCH_CONFIG=$HOME/.notmuch-config "$TOOLS_DIR/lockholder" 5 "$WORKDIR/ready" &
HOLDER=$!
for _ in $(seq 1 100); do [ -e ready ] && break; sleep 0.1; done
ok "lockholder holds the write lock" test -e ready

BOUNCE_ID=race1-0510@mx.example.org make_bounce forged1-0510@example.org > bs1.eml
t0=$(now_ms)
LD_PRELOAD=$WORKDIR/shim.so SENDER= deliver bs1.eml
MS=$(( $(now_ms) - t0 ))
is "$RC" 0 "lock taken between look and take: exit 0"
ok "ended within index_timeout + slack (${MS} ms <= $LIMIT_MS)" test "$MS" -le "$LIMIT_MS"
is "$(count "$QUARANTINE")" 1 "the message is in the quarantine"
is "$(find "$PENDING_DIR" -mindepth 1 -maxdepth 1 | wc -l | tr -d ' ')" 1 "its entry is pending"
is "$ERR" "" "nothing on stderr"

wait "$HOLDER"
BOUNCE_ID=race2-0510@mx.example.org make_bounce forged2-0510@example.org > bs2.eml
SENDER= deliver bs2.eml
is "$RC" 0 "the next backscatter delivery: exit 0"
is "$(nm_count 'tag:backscatter')" 2 "it indexed itself and the pending one"
is "$(find "$PENDING_DIR" -mindepth 1 -maxdepth 1 | wc -l | tr -d ' ')" 0 "nothing pending"
