#!/usr/bin/env bash
# 1080: the sent folders on disk (issue 11, item 1).  When notmuch does
# not hold the original's ID, the newest 500 files of the last 7 days in
# the sent folders are read (header blocks only), new/ and cur/, found
# by name in any common or localised form; an older or further file, a
# file in another folder, is not looked at.
. "${TESTS_DIR:-$(dirname "$0")/..}/lib.sh"
. "$TESTS_DIR/lib-sent.sh"
plan 13
mkhome
now=$(date +%s)

# copy_at DIR NAME MSGID: a sent copy file, not indexed.
copy_at() {
	mkdir -p "$MAILDIR/$1/cur" "$MAILDIR/$1/new" "$MAILDIR/$1/tmp"
	sent_copy "$3" < /dev/null > "$MAILDIR/$1/$2"
}

# verdict_of MSGID: deliver a bounce of MSGID; print its X-Backstop line.
verdict_of() {
	BOUNCE_ID="b-$1" make_bounce "$1" > "b-$1.eml"
	SENDER= deliver "b-$1.eml"
	first_line "$(grep -a -l -F "<b-$1>" $(msgs "$MAILDIR") $(msgs "$QUARANTINE") /dev/null | head -n1)"
}

copy_at .Sent "new/$now.M1P1.host" in-new@example.org
like "$(verdict_of in-new@example.org)" '^X-Backstop: genuine; .*notmuch:not-sent,sent-folder:sent$' "a copy in .Sent/new: genuine"
"$BACKSTOP" check --json < b-in-new@example.org.eml > j.json
like "$(cat j.json)" '"detail":"<in-new@example.org> is in .Sent on disk, not yet indexed"' "check names the folder"

copy_at ".INBOX.Gesendete Objekte" "cur/$now.M2P1.host:2,S" german@example.org
like "$(verdict_of german@example.org)" '^X-Backstop: genuine;' "a copy in .INBOX.Gesendete Objekte: genuine"

copy_at "account/[Gmail]/Sent Mail" "cur/$now.M3P1.host,U=7:2,S" gmail@example.org
like "$(verdict_of gmail@example.org)" '^X-Backstop: genuine;' "a copy three levels down, in account/[Gmail]/Sent Mail: genuine"

# Copies on disk that notmuch has not indexed lower its measured coverage
# (coverage.c samples every sent folder), so a miss then weighs little:
# what is not found is unverified or backscatter, never genuine.
copy_at .Drafts "cur/$now.M4P1.host:2,D" draft@example.org
like "$(verdict_of draft@example.org)" '^X-Backstop: (backscatter|unverified);' "a copy in .Drafts proves nothing"

copy_at .Sent "cur/$((now - 8 * 86400)).M5P1.host:2,S" old@example.org
touch -d "@$((now - 8 * 86400))" "$MAILDIR/.Sent/cur/$((now - 8 * 86400)).M5P1.host:2,S"
like "$(verdict_of old@example.org)" '^X-Backstop: (backscatter|unverified);' "a copy 8 days old is beyond the look"

copy_at .Sent "cur/fcc-copy-by-a-script" mtime@example.org
like "$(verdict_of mtime@example.org)" '^X-Backstop: genuine;' "a file without a Maildir name: dated by its mtime"
copy_at .Sent "cur/1700000000.M9P1.host:2,S" oldname@example.org
like "$(verdict_of oldname@example.org)" '^X-Backstop: genuine;' "an old Maildir name, written now: dated by its mtime"

# 520 fresh copies: the oldest 20 are beyond the 500 files looked at.
for i in $(seq 1 520); do
	copy_at Sent "cur/$((now - 3600 + i)).M${i}P2.host:2,S" "many-$i@example.org"
done
# Not found on disk: no sent copy; with the unindexed sent folder the notmuch
# miss weighs little (coverage), so unverified or backscatter, never genuine.
like "$(verdict_of many-1@example.org)" '^X-Backstop: (backscatter|unverified);' "the 520th newest file is not read"
like "$(verdict_of many-520@example.org)" '^X-Backstop: genuine;' "the newest is"
t0=$(now_ms)
for i in 1 2 3 4 5; do "$BACKSTOP" check < b-many-1@example.org.eml > /dev/null; done
diag "a miss with 520 fresh sent copies on disk: $(( ($(now_ms) - t0) / 5 )) ms per check"

# notmuch turned off: the inbox Maildir's sent folders still count.
write_config <<'EOF2'
[notmuch]
config = none
EOF2
copy_at .Sent "new/$now.M7P1.host" off@example.org
like "$(verdict_of off@example.org)" '^X-Backstop: genuine; .*notmuch:no-opinion,sent-folder:sent$' "notmuch off: the copy on disk still counts"

# A copy indexed by notmuch as from outside is not looked for on disk.
write_config < /dev/null
add_message "" indexed-out@example.org 'Alice <alice@example.org>' yes
copy_at .Sent "cur/$now.M6P1.host:2,S" indexed-out@example.org
like "$(verdict_of indexed-out@example.org)" '^X-Backstop: backscatter; .*notmuch:not-sent$' "an ID notmuch holds: the disk is not searched"
is "$(cat $(msgs "$MAILDIR/.Sent") $(msgs "$MAILDIR/Sent") | grep -a -c '^X-Backstop:')" 0 "nothing delivered into a sent folder"
