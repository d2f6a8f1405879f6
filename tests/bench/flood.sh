#!/bin/bash
# tests/bench/flood.sh BACKSTOP [N] [PARALLEL]: a bounce flood.  N forged
# bounces (default 1000) delivered PARALLEL at a time (default 8) through
# backstop, against N `notmuch insert` runs of the same messages into the
# quarantine with the same tags, the same way (tests/bench/bench-flood.c,
# no shell per message).  Prints the wall time until the last delivery
# exits (target: backstop <= 0.4x), the CPU time of every process, the
# batch indexer and the resident judge included (<= 0.6x; the judge is
# ended with `backstop judge --stop` once all is indexed, rather than
# waited for through its idle time), and how long after the last delivery
# the last message became searchable (the indexer's exit; <= 2 s); then
# checks that every message is in the quarantine and indexed once, with
# nothing left pending and without `backstop index`, and that the inbox
# got one notice.  Run on demand (make bench-flood); not part of make check.
set -eu
BACKSTOP=${1:?usage: flood.sh BACKSTOP [N] [PARALLEL]}
BENCH_BIN=${BENCH_BIN:-$(dirname "$BACKSTOP")/../tests/bench}
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

# flood HOME CMD...: "wall_us settle_us cpu_us failures" of delivering every
# message with CMD, PARALLEL at a time (tests/bench/bench-flood.c); settle
# is when backstop's pending list is empty, i.e. the last one searchable.
flood() {
	local home=$1
	shift
	HOME=$home BENCH_WAIT_EMPTY=$home/.local/state/backstop/pending \
	BENCH_STOP="HOME='$home' '$BACKSTOP' judge --stop >/dev/null 2>&1 || true" \
		"$BENCH_BIN/bench-flood" "$N" "$work/msgs/%d.eml" "$P" "$@"
}
ms() { awk -v u="$1" 'BEGIN { printf "%.0f", u / 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
verdict() { awk -v r="$1" -v t="$2" 'BEGIN { printf "%s <= %s", (r <= t) ? "met" : "MISSED", t }'; }

mkhome "$work/b"
mkhome "$work/n"
read -r bs_wall bs_settle bs_cpu bs_fail < <(flood "$work/b" "$BACKSTOP")
read -r nm_wall nm_settle nm_cpu nm_fail < <(flood "$work/n" notmuch insert --folder=.Backscatter --create-folder +backscatter -inbox -unread)
# bench-flood returns once the batch indexer has exited (it lingers 1 s),
# so this is the state a user finds then, without `backstop index`.
left=$(find "$work/b/.local/state/backstop/pending" -type f 2>/dev/null | wc -l)
idx=$(HOME=$work/b notmuch count tag:backscatter)
t0=$(date +%s%N)
HOME=$work/b "$BACKSTOP" index > /dev/null 2>&1 || true
idx_ms=$(( ($(date +%s%N) - t0) / 1000000 ))

printf '%d forged bounces, %d at a time, %d cores (%s, load average %s)\n' "$N" "$P" "$(nproc)" \
    "$(date -u +%Y-%m-%dT%H:%MZ)" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '  %-34s %10s %10s %7s  %s\n' "" backstop "notmuch insert" ratio target
printf '  %-34s %7s ms %7s ms %7s  %s\n' "wall, until the last delivery exits" \
    "$(ms "$bs_wall")" "$(ms "$nm_wall")" "$(ratio "$bs_wall" "$nm_wall")" "$(verdict "$(ratio "$bs_wall" "$nm_wall")" 0.40)"
printf '  %-34s %7s ms %7s ms %7s  %s\n' "CPU, user+sys of every process" \
    "$(ms "$bs_cpu")" "$(ms "$nm_cpu")" "$(ratio "$bs_cpu" "$nm_cpu")" "$(verdict "$(ratio "$bs_cpu" "$nm_cpu")" 0.60)"
printf '  %-34s\n' "(every process: deliveries, the batch indexer, the resident judge)"
printf '  %-34s %7s ms %10s %7s  %s\n' "last searchable, after the last exit" \
    "$(ms $((bs_settle - bs_wall)))" "0" "-" "$(awk -v s=$((bs_settle - bs_wall)) 'BEGIN { printf "%s <= 2000 ms", (s <= 2000000) ? "met" : "MISSED" }')"
printf '  per message: backstop %.1f ms wall, %.1f ms CPU; notmuch insert %.1f ms wall, %.1f ms CPU\n' \
    "$(awk -v a="$bs_wall" -v n="$N" 'BEGIN { print a / n / 1000 }')" "$(awk -v a="$bs_cpu" -v n="$N" 'BEGIN { print a / n / 1000 }')" \
    "$(awk -v a="$nm_wall" -v n="$N" 'BEGIN { print a / n / 1000 }')" "$(awk -v a="$nm_cpu" -v n="$N" 'BEGIN { print a / n / 1000 }')"
printf '  failed runs: backstop %d, notmuch insert %d; backstop index afterwards: %d ms\n' "$bs_fail" "$nm_fail" "$idx_ms"

q=$(find "$work/b/Maildir/.Backscatter/new" "$work/b/Maildir/.Backscatter/cur" -type f | wc -l)
files=$(HOME=$work/b notmuch search --output=files tag:backscatter | wc -l)
notices=$(grep -l '^Subject: backstop: .* forged bounces quarantined' "$work/b/Maildir/new"/* 2>/dev/null | wc -l)
printf '  quarantined %d, indexed %d (%d file names) with nothing left pending (%d left), inbox notices %d\n' \
    "$q" "$idx" "$files" "$left" "$notices"
grep -h '^Subject: backstop' "$work/b/Maildir/new"/* 2>/dev/null | sed 's/^/  notice: /' || true
[ "$q" -eq "$N" ] && [ "$idx" -eq "$N" ] && [ "$files" -eq "$N" ] && [ "$left" -eq 0 ] && [ "$notices" -eq 1 ] &&
    [ "$bs_fail" -eq 0 ] || { echo "flood.sh: CHECK FAILED"; exit 1; }
