#!/usr/bin/env bash
# 0710: GMime is loaded only when a message is parsed (filters/gmime-lazy.c).
#
# Loading GMime and what it pulls in (GObject, GIO, gpgme, libmount, ...)
# costs ~3.5 ms at every start, so backstop is not linked with it.  This
# fails if someone links it again: the binary must not need libgmime,
# libgobject or libgio, and neither --help nor an `index` with nothing
# pending may map libgmime (the loader's LD_DEBUG=files trace), while a
# bounce delivery loads it and still classifies.  With GMime missing, a
# delivery exits 75 and stores nothing, so the MTA keeps the message.
. "${TESTS_DIR:-$(dirname "$0")/..}/lib.sh"
plan 14
mkhome
unset LD_DEBUG_OUTPUT

# loaded TRACE: the libraries an LD_DEBUG=files trace shows being loaded.
loaded() {
	sed -n 's/.*file=\([^ ]*\) .*/\1/p' "$1" | sed 's|.*/||' | sort -u | tr '\n' ' '
}

if command -v readelf >/dev/null; then
	needed=$(readelf -d "$BACKSTOP" | grep NEEDED)
	unlike "$needed" 'libgmime|libgobject|libgio' "no GMime, GObject or GIO among the NEEDED libraries"
	unlike "$needed" 'libnotmuch' "no libnotmuch among them either"
else
	skip 2 "readelf is not installed"
fi

LD_DEBUG=files "$BACKSTOP" --help > out 2> trace
is "$?" 0 "--help: exit 0"
like "$(loaded trace)" 'libglib-2\.0' "--help: the trace lists GLib (LD_DEBUG works here)"
unlike "$(loaded trace)" 'libgmime|libgobject|libnotmuch' "--help: GMime, GObject and notmuch are not loaded"

LD_DEBUG=files "$BACKSTOP" index > out 2> trace
is "$?" 0 "index, nothing pending: exit 0"
unlike "$(loaded trace)" 'libgmime|libgobject|libnotmuch' "index: GMime, GObject and notmuch are not loaded"

BOUNCE_ID=bs-0710@mx.example.org make_bounce forged-0710@example.org > bounce.eml
SENDER= LD_DEBUG=files "$BACKSTOP" < bounce.eml > out 2> trace
is "$?" 0 "bounce: exit 0"
wait_settled
like "$(loaded trace)" 'libgmime-3\.0' "bounce: GMime is loaded"
f=$(find_id "$QUARANTINE" bs-0710@mx.example.org)
like "$(first_line "${f:-/dev/null}")" "$(xb_re backscatter bounce forged-0710@example.org)" \
	"bounce: X-Backstop backscatter; class=bounce"

# GMime missing: a shim makes its dlopen() fail.
cat > nogmime.c <<'EOF'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <string.h>
void *dlopen(const char *file, int flags) {
	static void *(*real)(const char *, int);
	if (real == NULL)
		real = (void *(*)(const char *, int))dlsym(RTLD_NEXT, "dlopen");
	if (file != NULL && strncmp(file, "libgmime", 8) == 0)
		return NULL;
	return real(file, flags);
}
EOF
if ! ${CC:-cc} -shared -fPIC -o nogmime.so nogmime.c -ldl 2> cc.err; then
	diag "$(cat cc.err)"
	skip 4 "cannot build the dlopen shim with ${CC:-cc}"
elif ldd "$BACKSTOP" 2>/dev/null | grep -q 'libasan'; then
	skip 4 "sanitizer build: LD_PRELOAD not possible (and no crash handler)"
else
	before=$(( $(count "$MAILDIR") + $(count "$QUARANTINE") ))
	BOUNCE_ID=bs2-0710@mx.example.org make_bounce forged2-0710@example.org > bounce2.eml
	LD_PRELOAD=$WORKDIR/nogmime.so SENDER= deliver bounce2.eml -v
	is "$RC" 75 "GMime missing: exit 75"
	like "$ERR" '^backstop: cannot load GMime from libgmime' "GMime missing: the log says so"
	is "$(( $(count "$MAILDIR") + $(count "$QUARANTINE") ))" "$before" "GMime missing: nothing stored"
	is "$(find "$MAILDIR/tmp" -mindepth 1 | wc -l | tr -d ' ')" 0 "GMime missing: nothing left in tmp/"
fi
