#!/usr/bin/env bash
# 3100: `backstop filter` (procmail :0 fw, maildrop xfilter) and
# `backstop check --quiet`: the same bytes out with one X-Backstop line
# added; nothing lost when a filter fails, under the real procmail and
# maildrop (their behaviour on a failing filter is asserted here, since
# the documentation relies on it).
. "${TESTS_DIR:-$(dirname "$0")/..}/lib.sh"
plan 51
mkhome
add_sent sent-3100@example.org
make_ham > ham.eml
BOUNCE_ID=bs-3100@mx.example.org make_bounce forged-3100@example.org > bs.eml
BOUNCE_ID=gen-3100@mx.example.org make_bounce sent-3100@example.org > gen.eml
with_from_line < bs.eml > bs-from.eml
to_crlf < ham.eml > ham-crlf.eml

# filter_ok IN NAME: run filter on IN into NAME.out; RC set.
filter_to() {
	"$BACKSTOP" filter < "$1" > "$2" 2> "$WORKDIR/err"
	RC=$?
}

# ---- the bytes
filter_to bs.eml bs.out
is "$RC" 0 "backscatter: exit 0"
like "$(first_line bs.out)" "$(xb_re backscatter bounce forged-3100@example.org)" "backscatter: X-Backstop line first"
ok "backscatter: the rest is the input, byte for byte" same_after 1 bs.out bs.eml
filter_to ham.eml ham.out
like "$(first_line ham.out)" "$(xb_re ham none)" "ham: X-Backstop: ham"
ok "ham: the rest is the input" same_after 1 ham.out ham.eml
filter_to gen.eml gen.out
like "$(first_line gen.out)" "$(xb_re genuine bounce sent-3100@example.org)" "genuine bounce: X-Backstop: genuine"
filter_to bs-from.eml bs-from.out
is "$(first_line bs-from.out)" "$FROM_LINE" "From line: stays first, unchanged"
like "$(sed -n 2p bs-from.out)" "$(xb_re backscatter bounce forged-3100@example.org)" "From line: the header comes right after it"
is "$(sed 2d bs-from.out | cmp - bs-from.eml && echo same)" same "From line: otherwise the input, byte for byte"
filter_to ham-crlf.eml ham-crlf.out
is "$(head -n 1 ham-crlf.out | tail -c 2 | od -An -c | tr -d ' ')" '\r\n' "CRLF input: the header ends in CRLF"
ok "CRLF input: the rest is unchanged" same_after 1 ham-crlf.out ham-crlf.eml
printf 'no header at all, \0 and binary \377\n' > garbage.eml
filter_to garbage.eml garbage.out
is "$RC" 0 "binary garbage: exit 0"
ok "binary garbage: passes through unchanged after the header" same_after 1 garbage.out garbage.eml
is "$(count "$MAILDIR") $(count "$QUARANTINE")" "0 0" "filter delivers nothing itself"

# A Message-ID built to inject a header line or a shell command stays inert.
BOUNCE_ID=evil-3100@mx.example.org make_bounce $'x@y>\r\nX-Backstop: ham; class=none\r\n<$(touch pwned)' > evil.eml
filter_to evil.eml evil.out
is "$(sed '/^$/q' evil.out | grep -c '^X-Backstop:')" 1 "hostile Message-ID: one X-Backstop line in the header"
like "$(first_line evil.out)" '^X-Backstop: backscatter; class=bounce; ref=[^;<>]*; evidence=' "hostile Message-ID: our line is intact"
ok "hostile Message-ID: nothing was run" test ! -e pwned

# ---- failures: exit 75 when the output cannot be complete; unchanged when classification fails
"$BACKSTOP" filter < bs.eml >&- 2> err
is "$?" 75 "stdout closed: exit 75 (the caller keeps the original)"
"$BACKSTOP" filter < bs.eml > /dev/full 2> err
is "$?" 75 "stdout full (ENOSPC): exit 75"
# backstop dlopen()s GMime and looks its functions up through that handle
# (filters/gmime-lazy.c), which never searches a preloaded object; so the shim
# answers the dlopen() with a handle to itself, linked with GMime, as
# tests/shims/notmuch-fault.c does for libnotmuch.
cat > crash.c <<'EOF'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>
void *g_mime_parser_construct_message(void *p, void *o) { abort(); }
void *dlopen(const char *file, int flags) {
	void *(*real)(const char *, int) = (void *(*)(const char *, int))dlsym(RTLD_NEXT, "dlopen");
	Dl_info self;
	if (file != NULL && strncmp(file, "libgmime", 8) == 0 &&
	    dladdr((void *)dlopen, &self) != 0 && self.dli_fname != NULL)
		return real(self.dli_fname, flags);
	return real(file, flags);
}
EOF
if ! ${CC:-cc} -shared -fPIC -o crash.so crash.c -Wl,--no-as-needed -lgmime-3.0 -ldl 2>/dev/null; then
	skip 3 "cannot build the crash shim"
elif ldd "$BACKSTOP" 2>/dev/null | grep -q 'libasan'; then
	skip 3 "sanitizer build: LD_PRELOAD not possible"
else
	LD_PRELOAD=$WORKDIR/crash.so "$BACKSTOP" filter < bs.eml > crash.out 2> err
	is "$?" 0 "classification crashes: exit 0"
	ok "classification crashes: the message comes out unchanged" cmp -s crash.out bs.eml
	( LD_PRELOAD=$WORKDIR/crash.so "$BACKSTOP" check -q bs.eml ) > /dev/null 2>&1
	isnt "$?" 0 "check -q, classification crashes: not 0 (not called backscatter)"
fi
write_config broken.ini <<'EOF'
[delivery
EOF
"$BACKSTOP" filter -c broken.ini < bs.eml > broken.out 2> err
is "$(first_line broken.out)" "X-Backstop: unchecked; error=config" "broken config: X-Backstop: unchecked"
ok "broken config: the rest is the input" same_after 1 broken.out bs.eml
notices=$(grep -l '^X-Backstop: notice; kind=config' "$MAILDIR"/new/* 2>/dev/null)
is "$(echo "$notices" | grep -c .)" 1 "broken config: one notice in the inbox"
"$BACKSTOP" filter -c broken.ini < bs.eml > /dev/null 2> err
is "$(grep -l '^X-Backstop: notice; kind=config' "$MAILDIR"/new/* | wc -l)" 1 "broken config again: still one notice today"
rm -f $notices
# A refused value: the message is judged all the same, and the notice names the key.
printf '[delivery]\nheader = perhaps\n' | write_config badvalue.ini
"$BACKSTOP" filter -c badvalue.ini < bs.eml > badvalue.out 2> err
like "$(first_line badvalue.out)" "^X-Backstop: backscatter; " "bad value: judged, not unchecked"
notices=$(grep -l '^X-Backstop: notice; kind=setting' "$MAILDIR"/new/* 2>/dev/null)
like "$(tr -s ' \n' '  ' < "${notices:-/dev/null}")" "badvalue.ini:2: \[delivery\] header = 'perhaps' is not allowed" "bad value: a notice in the inbox names it"
rm -f $notices

# ---- check --quiet
"$BACKSTOP" check -q bs.eml > out 2>&1
is "$?:$(cat out)" "0:" "check -q backscatter: exit 0, silent"
"$BACKSTOP" check --quiet < ham.eml > out 2>&1
is "$?:$(cat out)" "1:" "check --quiet ham on stdin: exit 1, silent"
"$BACKSTOP" check -q gen.eml > out 2>&1
is "$?" 1 "check -q genuine bounce: exit 1"
"$BACKSTOP" check -q bs.eml ham.eml > out 2>&1
is "$?" 1 "check -q, one not backscatter: exit 1"
"$BACKSTOP" check -q missing.eml > out 2>&1
is "$?" 1 "check -q, unreadable file: exit 1"

# ---- the real procmail
# rc_env: procmail -m resets HOME and drops the environment; put it back.
rc_env() {
	printf 'SHELL=/bin/sh\nHOME=%s\nXDG_CONFIG_HOME=%s\nXDG_STATE_HOME=%s\nLOGFILE=%s/procmail.log\nVERBOSE=yes\n' \
		"$HOME" "$XDG_CONFIG_HOME" "$XDG_STATE_HOME" "$WORKDIR"
}
# procmail_run RCFILE MSG: deliver MSG with procmail; PM_RC set.
procmail_run() {
	rm -rf pm-in pm-q
	procmail -m "$1" < "$2" > /dev/null 2>&1
	PM_RC=$?
}
if ! command -v procmail > /dev/null; then
	skip 11 "procmail is not installed"
else
	{ rc_env; cat <<EOF
:0 fw
| $BACKSTOP filter
:0
* ^X-Backstop: (backscatter|unverified)
$WORKDIR/pm-q/
:0
$WORKDIR/pm-in/
EOF
	} > filter.rc
	procmail_run filter.rc bs-from.eml
	is "$PM_RC:$(count pm-q):$(count pm-in)" "0:1:0" "procmail :0 fw: the forged bounce is filed by its header"
	f=$(msgs pm-q)
	like "$(first_line "$f")" "$(xb_re backscatter bounce forged-3100@example.org)" "procmail: the stored message starts with our header"
	# procmail ends the output of any filter (even cat) with an empty line.
	{ cat bs.eml; echo; } > bs-nl.eml
	ok "procmail: the rest is the message, plus the blank line procmail adds" same_after 1 "$f" bs-nl.eml
	procmail_run filter.rc ham.eml
	is "$PM_RC:$(count pm-q):$(count pm-in)" "0:0:1" "procmail :0 fw: ham goes on to the inbox"

	# What procmail does with a failing filter: measured with a stand-in.
	{ rc_env; printf ':0 fw\n| cat > /dev/null; exit 75\n:0\n%s/pm-in/\n' "$WORKDIR"; } > fail-w.rc
	procmail_run fail-w.rc bs.eml
	is "$PM_RC:$(count pm-in)" "0:1" "procmail :0 fw, filter exits 75: the message goes on"
	ok "procmail :0 fw, filter exits 75: unfiltered and whole" cmp -s "$(msgs pm-in)" bs.eml
	like "$(cat procmail.log)" 'Rescue of unfiltered data succeeded' "procmail logs the rescue"
	{ rc_env; printf ':0 f\n| cat > /dev/null; exit 75\n:0\n%s/pm-in/\n' "$WORKDIR"; } > fail-now.rc
	procmail_run fail-now.rc bs.eml
	is "$(wc -c < "$(msgs pm-in)" | tr -d ' ')" 0 "procmail :0 f WITHOUT w, filter fails: the message is emptied (hence: always fw)"

	# check -q as a procmail condition ("HB": feed it the body too, not only the header).
	{ rc_env; printf ':0 HB\n* ? %s check -q\n%s/pm-q/\n:0\n%s/pm-in/\n' "$BACKSTOP" "$WORKDIR" "$WORKDIR"; } > cond.rc
	procmail_run cond.rc bs-from.eml
	is "$(count pm-q):$(count pm-in)" "1:0" "procmail '* ? backstop check -q': backscatter to the quarantine"
	procmail_run cond.rc ham.eml
	is "$(count pm-q):$(count pm-in)" "0:1" "procmail '* ? backstop check -q': ham to the inbox"

	# contrib/procmailrc-filter as shipped, with this binary.
	[ -f "$TESTS_DIR/../contrib/procmailrc-filter" ] || echo "Bail out! no contrib/ next to the tests"
	{ rc_env; sed "s|/usr/local/bin/backstop|$BACKSTOP|" "$TESTS_DIR/../contrib/procmailrc-filter"; } > contrib.rc
	procmail_run contrib.rc bs-from.eml
	procmail_run contrib.rc ham.eml
	is "$(count "$QUARANTINE"):$(count "$MAILDIR")" "1:1" "contrib/procmailrc-filter: one quarantined, one in the inbox"
fi

# ---- the real maildrop
# maildrop_run RCFILE MSG: MD_RC set.
maildrop_run() {
	rm -rf md-in md-q
	mkdir -p md-in/cur md-in/new md-in/tmp md-q/cur md-q/new md-q/tmp
	chmod 600 "$1"
	maildrop "$1" < "$2" > md.out 2>&1
	MD_RC=$?
}
md_probe() {
	printf 'xfilter "/bin/cat"\nto "%s/md-in"\n' "$WORKDIR" > probe.mrc
	maildrop_run probe.mrc ham.eml
	[ "$MD_RC" = 0 ]
}
if ! command -v maildrop > /dev/null; then
	skip 7 "maildrop is not installed"
elif ! md_probe; then
	# Seen as nobody under setpriv --clear-groups: the setgid maildrop's
	# xfilter child fails in setgroups(2) and maildrop exits 75.
	skip 7 "maildrop cannot run even 'xfilter /bin/cat' as this user: $(head -n 1 md.out)"
else
	cat > filter.mrc <<EOF
xfilter "$BACKSTOP filter"
if (/^X-Backstop: (backscatter|unverified)/)
	to "$WORKDIR/md-q"
to "$WORKDIR/md-in"
EOF
	maildrop_run filter.mrc bs.eml
	is "$MD_RC:$(count md-q):$(count md-in)" "0:1:0" "maildrop xfilter: the forged bounce is filed by its header"
	ok "maildrop: the message is ours plus the input, byte for byte" same_after 1 "$(msgs md-q)" bs.eml
	maildrop_run filter.mrc ham.eml
	is "$MD_RC:$(count md-q):$(count md-in)" "0:0:1" "maildrop xfilter: ham to the inbox"
	printf 'xfilter "/bin/sh -c \\"cat >/dev/null; exit 75\\""\nto "%s/md-in"\n' "$WORKDIR" > fail.mrc
	maildrop_run fail.mrc bs.eml
	is "$MD_RC:$(count md-in)" "75:0" "maildrop, xfilter exits 75: maildrop exits 75, delivers nothing (the MTA retries)"
	printf 'xfilter "%s filter"\nto "%s/md-in"\n' "$BACKSTOP" "$WORKDIR" > plain.mrc
	maildrop_run plain.mrc ham.eml
	is "$MD_RC" 0 "maildrop with backstop filter: exit 0"
	like "$(first_line "$(msgs md-in)")" "$(xb_re ham none)" "maildrop: stored with the header"

	# contrib/maildroprc-filter as shipped, with this binary
	# (and this HOME: maildrop takes $HOME from the password file).
	rm -rf "$MAILDIR" "$QUARANTINE"
	mkdir -p "$MAILDIR"/cur "$MAILDIR"/new "$MAILDIR"/tmp "$QUARANTINE"/cur "$QUARANTINE"/new "$QUARANTINE"/tmp
	sed "s|/usr/local/bin/backstop|$BACKSTOP|; s|[\$]HOME|$HOME|" \
		"$TESTS_DIR/../contrib/maildroprc-filter" > contrib.mrc
	maildrop_run contrib.mrc bs.eml
	maildrop_run contrib.mrc ham.eml
	is "$(count "$QUARANTINE"):$(count "$MAILDIR")" "1:1" "contrib/maildroprc-filter: one quarantined, one in the inbox"
fi
