#!/usr/bin/env bash
# 0600: when the message cannot be made durable, exit 75 (EX_TEMPFAIL) and
# leave nothing in new/, so the MTA keeps it and retries.
. "${TESTS_DIR:-$(dirname "$0")/..}/lib.sh"
plan 14
mkhome
make_ham > ham.eml

# tempfail NAME: deliver ham.eml into the broken ~/Maildir; expect 75 and
# nothing in new/ or cur/.
tempfail() {
	deliver ham.eml "${@:2}"
	is "$RC" 75 "$1: exit 75"
	is "$(count "$MAILDIR")" 0 "$1: nothing in new/ or cur/"
}

# tmp/ is a regular file (works as root too).
rm -rf "$MAILDIR/tmp"
: > "$MAILDIR/tmp"
tempfail "tmp/ is a regular file"

# tmp/ is a dangling symlink.
rm -f "$MAILDIR/tmp"
ln -s "$WORKDIR/nowhere/tmp" "$MAILDIR/tmp"
tempfail "tmp/ is a dangling symlink"
ok "the dangling symlink was not followed into a new dir" test ! -e "$WORKDIR/nowhere"

# tmp/ not writable (meaningless for root, who writes anyway).
rm -f "$MAILDIR/tmp"
mkdir "$MAILDIR/tmp"
if [ "$(id -u)" -ne 0 ]; then
	chmod 500 "$MAILDIR/tmp"
	tempfail "tmp/ mode 0500"
	chmod 700 "$MAILDIR/tmp"
else
	skip 2 "root can write into a mode 0500 tmp/"
fi

# new/ is a regular file: cannot be published.
rm -rf "$MAILDIR/new"
: > "$MAILDIR/new"
deliver ham.eml
is "$RC" 75 "new/ is a regular file: exit 75"
is "$(find_id "$MAILDIR" ham-1@example.net | wc -l)" 0 "new/ is a regular file: not published anywhere"
rm -f "$MAILDIR/new"
mkdir "$MAILDIR/new"

# A file-size limit (Postfix's mailbox_size_limit; SIGXFSZ ignored as
# Postfix does): writes fail with EFBIG.
{ make_ham big@example.net; head -c 300000 /dev/zero | tr '\0' 'x' | fold -w 76; } > big.eml
( trap '' XFSZ; ulimit -f 100; "$BACKSTOP" < big.eml > /dev/null 2>&1; echo $? > rc )
is "$(cat rc)" 75 "file-size limit (EFBIG): exit 75"
is "$(count "$MAILDIR")" 0 "file-size limit: nothing in new/"

# The Maildir is sane again: the same message goes through.
deliver ham.eml
is "$RC" 0 "after repair: exit 0"
is "$(count "$MAILDIR")" 1 "after repair: delivered once"

# A quarantine whose new/ is a regular file: either 75 with nothing
# published, or 0 with the message in some folder's new/ (never lost).
BOUNCE_ID=bs-0600@mx.example.org make_bounce forged-0600@example.org > bs.eml
mkdir -p "$QUARANTINE/cur" "$QUARANTINE/tmp"
: > "$QUARANTINE/new"
SENDER= deliver bs.eml
n=$(find_id "$MAILDIR" bs-0600@mx.example.org | wc -l)
ok "broken quarantine: exit 75 and nothing published, or exit 0 and published once (rc=$RC, copies=$n)" \
	test "$RC" = 75 -a "$n" = 0 -o "$RC" = 0 -a "$n" = 1
