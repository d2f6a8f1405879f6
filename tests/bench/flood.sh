#!/bin/bash
# tests/bench/flood.sh BACKSTOP [N] [PARALLEL]: a bounce flood.  N forged
# bounces (default 1000) delivered PARALLEL at a time (default 8) through
# backstop, against N `notmuch insert` runs of the same messages into the
# quarantine with the same tags, the same way.  Prints both wall times and
# the ratio (target: backstop <= 0.5x), then checks that every message
# is in the quarantine and indexed, and that the inbox got one notice.
# Run on demand (make bench-flood); it is not part of make check.
set -eu
BACKSTOP=${1:?usage: flood.sh BACKSTOP [N] [PARALLEL]}
N=${2:-1000}
P=${3:-8}
work=$(mktemp -d "${TMPDIR:-/tmp}/backstop-flood.XXXXXX")
trap 'rm -rf "$work"' EXIT
export LC_ALL=C
unset NOTMUCH_CONFIG NOTMUCH_PROFILE XDG_CONFIG_HOME XDG_STATE_HOME BACKSTOP_CONFIG SENDER RECIPIENT

# mkhome DIR: a Maildir and notmuch database with one sent message.
mkhome() {
	mkdir -p "$1/Maildir/cur" "$1/Maildir/new" "$1/Maildir/tmp" "$1/Maildir/.Sent/cur"
	cat > "$1/.notmuch-config" <<CFG
[database]
path=$1/Maildir
[user]
primary_email=alice@example.org
[new]
tags=unread;inbox;
[maildir]
synchronize_flags=true
CFG
	printf 'From: alice@example.org\nTo: x@example.net\nSubject: s\nMessage-ID: <sent@example.org>\n\nhi\n' \
	    > "$1/Maildir/.Sent/cur/sent:2,S"
	HOME=$1 notmuch new > /dev/null
	HOME=$1 notmuch tag +sent id:sent@example.org
}

bounce() {
	printf 'Return-Path: <>\nFrom: MAILER-DAEMON@mx%s.example.net\nTo: alice@example.org\nSubject: Undelivered Mail Returned to Sender\nMessage-ID: <b%s@mx.example.net>\nAuto-Submitted: auto-replied\nMIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary="B"\n\n--B\nContent-Type: text/plain\n\nThis is the mail system at host mx.example.net.\n\n--B\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.net\n\nFinal-Recipient: rfc822; victim%s@example.net\nAction: failed\nStatus: 5.1.1\n\n--B\nContent-Type: message/rfc822\n\nFrom: alice@example.org\nTo: victim%s@example.net\nMessage-ID: <spam%s@example.org>\nSubject: cheap pills\n\nbuy now\n--B--\n' \
	    "$(($1 % 50))" "$1" "$1" "$1" "$1"
}

mkdir -p "$work/msgs"
for i in $(seq 1 "$N"); do bounce "$i" > "$work/msgs/$i.eml"; done

elapsed() {	# elapsed HOME CMD...: wall ms of delivering every message with CMD
	local home=$1 t0 t1
	shift
	t0=$(date +%s%N)
	ls "$work/msgs" | HOME=$home xargs -P "$P" -I{} sh -c '"$@" < "$0"' "$work/msgs/{}" "$@"
	t1=$(date +%s%N)
	echo $(((t1 - t0) / 1000000))
}

mkhome "$work/b"
mkhome "$work/n"
bs=$(elapsed "$work/b" "$BACKSTOP")
nm=$(elapsed "$work/n" notmuch insert --folder=.Backscatter --create-folder +backscatter -inbox -unread)
left=$(find "$work/b/.local/state/backstop/pending" -type f 2>/dev/null | wc -l)
HOME=$work/b "$BACKSTOP" index > /dev/null 2>&1 || true

ratio=$(awk -v a="$bs" -v b="$nm" 'BEGIN { printf "%.2f", a / b }')
printf '%d forged bounces, %d at a time (wall time)\n' "$N" "$P"
printf '  backstop deliver        %7d ms  (%.1f ms/message)\n' "$bs" "$(awk -v a="$bs" -v n="$N" 'BEGIN { print a / n }')"
printf '  notmuch insert          %7d ms  (%.1f ms/message)\n' "$nm" "$(awk -v a="$nm" -v n="$N" 'BEGIN { print a / n }')"
printf '  ratio                   %7s    (target <= 0.50: %s)\n' "$ratio" \
    "$(awk -v r="$ratio" 'BEGIN { print (r <= 0.5) ? "met" : "MISSED" }')"

q=$(find "$work/b/Maildir/.Backscatter/new" "$work/b/Maildir/.Backscatter/cur" -type f | wc -l)
idx=$(HOME=$work/b notmuch count tag:backscatter)
notices=$(grep -l '^Subject: backstop: .* forged bounces quarantined' "$work/b/Maildir/new"/* 2>/dev/null | wc -l)
printf '  quarantined %d, indexed %d (left pending by the deliveries: %d), inbox notices %d\n' \
    "$q" "$idx" "$left" "$notices"
grep -h '^Subject: backstop' "$work/b/Maildir/new"/* 2>/dev/null | sed 's/^/  notice: /' || true
[ "$q" -eq "$N" ] && [ "$idx" -eq "$N" ] && [ "$notices" -eq 1 ] || { echo "flood.sh: CHECK FAILED"; exit 1; }
