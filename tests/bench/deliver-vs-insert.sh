#!/bin/bash
# deliver-vs-insert.sh BACKSTOP [RUNS]: time per delivery of backstop against
# `notmuch insert` of the same message into the same kind of database.
# Prints medians (ms) and ratios.  Run on demand; it is not part of make check.
set -eu
BACKSTOP=${1:?usage: deliver-vs-insert.sh BACKSTOP [RUNS]}
RUNS=${2:-50}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME=$work LC_ALL=C
unset NOTMUCH_CONFIG NOTMUCH_PROFILE XDG_CONFIG_HOME XDG_STATE_HOME BACKSTOP_CONFIG
mkdir -p "$HOME/Maildir/cur" "$HOME/Maildir/new" "$HOME/Maildir/tmp" "$HOME/Maildir/.Sent/cur"
cat > "$HOME/.notmuch-config" <<CFG
[database]
path=$HOME/Maildir
[user]
primary_email=alice@example.org
[new]
tags=unread;inbox;
[maildir]
synchronize_flags=true
CFG
printf 'From: alice@example.org\nTo: x@example.net\nSubject: s\nMessage-ID: <sent@example.org>\n\nhi\n' \
    > "$HOME/Maildir/.Sent/cur/sent:2,S"
notmuch new >/dev/null
notmuch tag +sent id:sent@example.org

body=$(head -c 7000 /dev/zero | tr '\0' 'x' | fold -w 72)
ordinary() { printf 'From: bob@example.com\nTo: alice@example.org\nSubject: hello %s\nMessage-ID: <o%s@example.com>\n\n%s\n' "$1" "$1" "$body"; }
bounce() {
	printf 'Return-Path: <>\nFrom: MAILER-DAEMON@mx.example.net\nTo: alice@example.org\nSubject: Undelivered Mail Returned to Sender\nMessage-ID: <b%s@mx.example.net>\nMIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary="B"\n\n--B\nContent-Type: text/plain\n\nThis is the mail system at host mx.example.net.\n\n--B\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.net\n\nFinal-Recipient: rfc822; nobody@example.net\nAction: failed\nStatus: 5.1.1\n\n--B\nContent-Type: message/rfc822\n\nFrom: alice@example.org\nTo: nobody@example.net\nMessage-ID: <%s>\n\nhi\n--B--\n' "$1" "$2"
}

# median of the times (ns) of RUNS runs of "$@" with stdin from a generated file
time_runs() {
	local gen=$1; shift
	local times=() i t0 t1
	for i in $(seq 1 "$RUNS"); do
		$gen "$i" > "$work/msg"
		t0=$(date +%s%N)
		"$@" < "$work/msg" >/dev/null 2>&1
		t1=$(date +%s%N)
		times+=($((t1 - t0)))
	done
	printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.2f", a[int((NR+1)/2)]/1e6}'
}
forged() { bounce "$1" "forged$1@example.org"; }
genuine() { bounce "$1" "sent@example.org"; }
ord_bs=$(time_runs ordinary "$BACKSTOP")
ord_nm=$(time_runs ordinary notmuch insert)
bs_bs=$(time_runs forged "$BACKSTOP")
bs_nm=$(time_runs forged notmuch insert --folder=.Backscatter --create-folder +backscatter -inbox -unread)
gen_bs=$(time_runs genuine "$BACKSTOP")
printf '%-44s %8s %8s %7s\n' "case ($RUNS runs, median ms)" backstop notmuch ratio
printf '%-44s %8s %8s %7.2f\n' "ordinary 7 KB message -> inbox" "$ord_bs" "$ord_nm" "$(echo "$ord_bs / $ord_nm" | bc -l)"
printf '%-44s %8s %8s %7.2f\n' "forged bounce -> quarantine, indexed" "$bs_bs" "$bs_nm" "$(echo "$bs_bs / $bs_nm" | bc -l)"
printf '%-44s %8s %8s %7.2f\n' "genuine bounce (lookup hit) -> inbox" "$gen_bs" "$ord_nm" "$(echo "$gen_bs / $ord_nm" | bc -l)"
