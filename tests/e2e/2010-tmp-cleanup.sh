#!/usr/bin/env bash
# 2010: files left in tmp/ by a delivery that was killed are removed by a
# later delivery once they are 36 hours old (the Maildir convention);
# younger files, links and directories there are left alone.
. "${TESTS_DIR:-$(dirname "$0")/..}/lib.sh"
plan 12
mkhome
make_ham tmpclean@example.net > ham.eml

old=$(date -d '37 hours ago' '+%Y%m%d%H%M.%S')
young=$(date -d '35 hours ago' '+%Y%m%d%H%M.%S')
T=$MAILDIR/tmp
printf 'partial' > "$T/1700000000.M1P1Q1.stale"
printf 'partial' > "$T/1700000000.M2P2Q1.stale"
touch -t "$old" "$T/1700000000.M1P1Q1.stale" "$T/1700000000.M2P2Q1.stale"
printf 'young' > "$T/1700000000.M3P3Q1.young"
touch -t "$young" "$T/1700000000.M3P3Q1.young"
printf 'fresh' > "$T/1700000000.M4P4Q1.fresh"
# Read recently, written long ago: someone may still be at it.
printf 'atime' > "$T/1700000000.M5P5Q1.atime"
touch -m -t "$old" "$T/1700000000.M5P5Q1.atime"
touch -a "$T/1700000000.M5P5Q1.atime"
ln -s /etc/passwd "$T/1700000000.M6P6Q1.link"
touch -h -t "$old" "$T/1700000000.M6P6Q1.link"
mkdir "$T/olddir"
touch -t "$old" "$T/olddir"

deliver ham.eml -v
is "$RC" 0 "delivery with debris in tmp/: exit 0"
is "$(count "$MAILDIR")" 1 "delivered once"
ok "a 37-hour-old file is removed" test ! -e "$T/1700000000.M1P1Q1.stale"
ok "another 37-hour-old file is removed" test ! -e "$T/1700000000.M2P2Q1.stale"
ok "a 35-hour-old file is kept" test -e "$T/1700000000.M3P3Q1.young"
ok "a fresh file is kept" test -e "$T/1700000000.M4P4Q1.fresh"
ok "an old file read recently is kept" test -e "$T/1700000000.M5P5Q1.atime"
ok "a symlink is left alone (and /etc/passwd too)" test -L "$T/1700000000.M6P6Q1.link" -a -s /etc/passwd
ok "a directory is left alone" test -d "$T/olddir"
like "$ERR" 'removed 2 file\(s\) older than 36 hours from .*/tmp' "the cleanup is logged"

# The quarantine's tmp/ is cleaned by a delivery into the quarantine.
add_sent sent-2010@example.org
mkdir -p "$QUARANTINE/tmp" "$QUARANTINE/new" "$QUARANTINE/cur"
printf 'partial' > "$QUARANTINE/tmp/1700000000.M7P7Q1.stale"
touch -t "$old" "$QUARANTINE/tmp/1700000000.M7P7Q1.stale"
BOUNCE_ID=bs-2010@mx.example.org make_bounce forged-2010@example.org > bs.eml
SENDER= deliver bs.eml
is "$RC" 0 "a quarantine delivery: exit 0"
ok "the quarantine's old tmp/ file is removed" test ! -e "$QUARANTINE/tmp/1700000000.M7P7Q1.stale"
