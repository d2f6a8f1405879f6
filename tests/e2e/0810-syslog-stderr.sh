#!/usr/bin/env bash
# 0810: -v prints the one-line verdict on stderr; without -v, stdout and
# stderr stay empty (an MTA copies MDA output into DSNs), even for a bounce
# whose empty message/rfc822 part makes GMime print criticals.
. "${TESTS_DIR:-$(dirname "$0")/..}/lib.sh"
plan 25
mkhome
add_sent sent-0810@example.org
make_ham > ham.eml
BOUNCE_ID=gen-0810@mx.example.org make_bounce sent-0810@example.org > gen.eml
BOUNCE_ID=bs-0810@mx.example.org make_bounce forged-0810@example.org > bs.eml
BOUNCE_ID=empty-0810@mx.example.org make_bounce forged-empty-0810@example.org empty > empty.eml
BOUNCE_ID=empty2-0810@mx.example.org make_bounce forged-empty2-0810@example.org empty > empty2.eml

# Without -v: silence.
for m in ham gen bs empty; do
	SENDER= deliver $m.eml
	is "$RC${OUT}${ERR}" 0 "$m without -v: exit 0, stdout and stderr empty"
done
q=$(grep -lF '<empty-0810@mx.example.org>' $(msgs "$QUARANTINE") /dev/null)
ok "empty message/rfc822 bounce: quarantined" test -n "$q"
is "$(nm_count id:empty-0810@mx.example.org)" 1 "empty message/rfc822 bounce: indexed"
ok "empty message/rfc822 bounce: tagged backscatter" has_tag empty-0810@mx.example.org backscatter

# With -v: exactly one line on stderr, nothing on stdout.
re_path='(/[^ ]+)'
SENDER= deliver ham.eml -v
is "$RC" 0 "ham -v: exit 0"
is "$OUT" "" "ham -v: stdout empty"
is "$(printf '%s\n' "$ERR" | wc -l | tr -d ' ')" 1 "ham -v: one line on stderr"
like "$ERR" "^backstop: delivered to inbox $re_path: ham class=none ref=-( evidence=.*)?\$" "ham -v: verdict line"
p=$(printf '%s\n' "$ERR" | sed -n 's/^backstop: delivered to inbox \([^ ]*\): .*/\1/p')
is "${p%/*}" "$MAILDIR/new" "ham -v: the path is the file in ~/Maildir/new"
ok "ham -v: that file exists" test -f "$p"

SENDER= deliver gen.eml -v
like "$ERR" "^backstop: delivered to inbox $re_path: genuine class=bounce ref=sent-0810@example\\.org evidence=([^ ]*,)?notmuch:[a-z-]+" "genuine -v: verdict line"

SENDER= deliver bs.eml deliver -v
like "$ERR" "^backstop: delivered to quarantine $re_path: backscatter class=bounce ref=forged-0810@example\\.org evidence=([^ ]*,)?notmuch:not-sent" "backscatter -v: verdict line"
is "$(printf '%s\n' "$ERR" | wc -l | tr -d ' ')" 1 "backscatter -v: one line"
p=$(printf '%s\n' "$ERR" | sed -n 's/^backstop: delivered to quarantine \([^ ]*\): .*/\1/p')
case $p in
"$QUARANTINE"/new/*) r=ok ;;
*) r="$p" ;;
esac
is "$r" ok "backscatter -v: the path is in the quarantine's new/"

SENDER= deliver empty2.eml -v
is "$RC" 0 "empty message/rfc822 -v: exit 0"
is "$(printf '%s\n' "$ERR" | wc -l | tr -d ' ')" 1 "empty message/rfc822 -v: only the verdict line"
unlike "$ERR" 'CRITICAL|WARNING|gmime|GMime' "empty message/rfc822 -v: no GMime noise"
like "$ERR" "^backstop: delivered to quarantine " "empty message/rfc822 -v: verdict line"

# syslog: an LD_PRELOAD shim records what goes to syslog(3) and with which
# facility.  Skipped where it cannot work (no cc, a sanitizer build).
cat > shim.c <<'EOF'
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <syslog.h>
static int facility = LOG_USER;
static void rec(int pri, const char *fmt, va_list ap) {
	FILE *f = fopen(getenv("SYSLOG_SHIM_OUT"), "a");
	int fac = (pri & LOG_FACMASK) ? (pri & LOG_FACMASK) : facility;
	if (f == NULL) return;
	fprintf(f, "%s ", fac == LOG_MAIL ? "mail" : "other");
	vfprintf(f, fmt, ap);
	fputc('\n', f);
	fclose(f);
}
void openlog(const char *id, int opt, int fac) { (void)id; (void)opt; facility = fac; }
void closelog(void) {}
void vsyslog(int pri, const char *fmt, va_list ap) { rec(pri, fmt, ap); }
void __vsyslog_chk(int pri, int fl, const char *fmt, va_list ap) { (void)fl; rec(pri, fmt, ap); }
void syslog(int pri, const char *fmt, ...) { va_list ap; va_start(ap, fmt); rec(pri, fmt, ap); va_end(ap); }
void __syslog_chk(int pri, int fl, const char *fmt, ...) { va_list ap; (void)fl; va_start(ap, fmt); rec(pri, fmt, ap); va_end(ap); }
EOF
if ! ${CC:-cc} -shared -fPIC -o shim.so shim.c 2>/dev/null; then
	skip 4 "cannot build the syslog shim"
elif ldd "$BACKSTOP" 2>/dev/null | grep -q 'libasan'; then
	skip 4 "sanitizer build: LD_PRELOAD not possible"
else
	BOUNCE_ID=bs2-0810@mx.example.org make_bounce forged2-0810@example.org > bs2.eml
	: > syslog.out
	LD_PRELOAD=$WORKDIR/shim.so SYSLOG_SHIM_OUT=$WORKDIR/syslog.out SENDER= deliver bs2.eml
	is "$RC$OUT$ERR" 0 "with the syslog shim, no -v: exit 0, silent"
	like "$(cat syslog.out)" "delivered to quarantine $re_path: backscatter class=bounce ref=forged2-0810@example\\.org evidence=([^ ]*,)?notmuch:not-sent" "the verdict line went to syslog"
	like "$(grep 'delivered to' syslog.out)" '^mail ' "with facility LOG_MAIL"
	LD_PRELOAD=$WORKDIR/shim.so SYSLOG_SHIM_OUT=$WORKDIR/syslog.out SENDER= deliver ham.eml -v
	is "$(grep -c 'delivered to inbox' syslog.out)" 1 "with -v it goes to syslog as well"
fi
