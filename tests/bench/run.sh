#!/bin/bash
# tests/bench/run.sh: `make bench`.  Every figure is a median over RUNS runs
# (default 30) with its ratio to the peer measured in the same run, since
# absolute times on shared machines are noise.  Needs notmuch; procmail and
# Sisimai (libsisimai-perl) are used when installed, and skipped, saying
# so, when not.  BENCH_BIG=0 skips the 20,000-message database (built once
# per run, ~1 minute).
set -eu
BACKSTOP=${BACKSTOP:?set BACKSTOP to the binary}
BENCH_BIN=${BENCH_BIN:?set BENCH_BIN to the directory of bench-exec and parse-only}
RUNS=${RUNS:-30}
SHARED_DIR=${SHARED_DIR:-}
work=$(mktemp -d "${TMPDIR:-/tmp}/backstop-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
export LC_ALL=C
unset NOTMUCH_CONFIG NOTMUCH_PROFILE XDG_CONFIG_HOME XDG_STATE_HOME BACKSTOP_CONFIG SENDER RECIPIENT

row() { printf '%-52s %10s %10s %7s %8s\n' "$@"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
ms() { awk -v u="$1" 'BEGIN { printf "%.2f", u / 1000 }'; }
verdict() { awk -v r="$1" -v t="$2" -v op="$3" 'BEGIN {
	ok = (op == "<=") ? (r <= t) : (r >= t); printf "%s %s%s", ok ? "met" : "MISSED", op, t }'; }

# mkhome DIR N: a HOME with a Maildir and a notmuch database of N messages
# plus one sent message <sent@example.org>.
mkhome() {
	local home=$1 n=$2 i
	mkdir -p "$home/Maildir/cur" "$home/Maildir/new" "$home/Maildir/tmp" "$home/Maildir/.Sent/cur"
	cat > "$home/.notmuch-config" <<CFG
[database]
path=$home/Maildir
[user]
primary_email=alice@example.org
[new]
tags=unread;inbox;
[maildir]
synchronize_flags=true
CFG
	printf 'From: alice@example.org\nTo: x@example.net\nSubject: s\nMessage-ID: <sent@example.org>\nDate: Sat, 28 Nov 2026 10:00:00 +0000\n\nhi\n' \
	    > "$home/Maildir/.Sent/cur/sent:2,S"
	for ((i = 1; i <= n; i++)); do
		printf 'From: p%d@example.net\nTo: alice@example.org\nSubject: old mail %d\nMessage-ID: <old%d@example.net>\nDate: Sat, 21 Nov 2026 10:00:00 +0000\n\nSome text of message %d, about this and that.\n' \
		    "$i" "$i" "$i" "$i" > "$home/Maildir/cur/old$i:2,S"
	done
	HOME=$home notmuch new --quiet
	HOME=$home notmuch tag +sent id:sent@example.org
	# <logged@example.org> went out through `backstop sendmail`, so it is
	# in the sent log (the real sendmail is a stand-in that reads the message).
	printf '#!/bin/sh\ncat >/dev/null\n' > "$home/fake-sendmail"
	chmod +x "$home/fake-sendmail"
	printf '[send]\nsendmail = %s\n' "$home/fake-sendmail" > "$home/send.ini"
	printf 'From: alice@example.org\nTo: x@example.net\nSubject: s\nMessage-ID: <logged@example.org>\n\nhi\n' |
	    HOME=$home BACKSTOP_CONFIG=$home/send.ini "$BACKSTOP" sendmail x@example.net
}

body=$(head -c 9800 /dev/zero | tr '\0' 'x' | fold -w 70)
gen_ordinary() {
	local dir=$1 i
	mkdir -p "$dir"
	for ((i = 1; i <= RUNS; i++)); do
		printf 'From: bob@example.com\nTo: alice@example.org\nSubject: hello %d\nMessage-ID: <o%d.%s@example.com>\nDate: Sat, 28 Nov 2026 10:00:00 +0000\n\n%s\n' \
		    "$i" "$i" "$dir" "$body" > "$dir/$i.eml"
	done
}
# gen_bounce DIR ORIGINAL-ID-PREFIX: Postfix-style DSNs; "sent" means the sent message.
gen_bounce() {
	local dir=$1 ref=$2 i id
	mkdir -p "$dir"
	for ((i = 1; i <= RUNS; i++)); do
		id=$ref$i@example.org
		[ "$ref" = sent ] && id=sent@example.org
		[ "$ref" = logged ] && id=logged@example.org
		printf 'Return-Path: <>\nFrom: MAILER-DAEMON@mx.example.net (Mail Delivery System)\nTo: alice@example.org\nSubject: Undelivered Mail Returned to Sender\nMessage-ID: <b%d.%s@mx.example.net>\nDate: Sat, 28 Nov 2026 10:00:00 +0000\nAuto-Submitted: auto-replied\nMIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary="B"\n\n--B\nContent-Type: text/plain\n\nThis is the mail system at host mx.example.net.\n\n--B\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.net\n\nFinal-Recipient: rfc822; nobody@example.net\nAction: failed\nStatus: 5.1.1\n\n--B\nContent-Type: message/rfc822\n\nFrom: alice@example.org\nTo: nobody@example.net\nSubject: s\nMessage-ID: <%s>\n\nhi\n--B--\n' \
		    "$i" "$dir" "$id" > "$dir/$i.eml"
	done
}

# timed HOME DIR CMD...: median microseconds of CMD over the files in DIR
# (fork to exit).  Also sets CPU_FILE to a file holding the CPU
# microseconds per run of CMD and of what it left running (the batch
# indexer), and SETTLE_FILE to the median fork-to-indexed time (with
# BENCH_WAIT_EMPTY set to the pending list; see bench-exec.c).
timed() {
	local home=$1 dir=$2 out
	shift 2
	out=$(HOME=$home "$BENCH_BIN/bench-exec" "$RUNS" "$dir/%d.eml" "$@") || true
	set -- $out
	[ "${3:-1}" = 0 ] || echo "bench: $* failed some runs" >&2
	echo "${4:-0}" > "$work/cpu"
	echo "${5:-0}" > "$work/settle"
	echo "$1"
}
cpu() { cat "$work/cpu"; }
settle() { cat "$work/settle"; }

# The resident judge (mda/judge-server.c) runs between deliveries: it is
# started before a figure (ensure_judge) so that bench-exec, which waits
# for every process a run leaves, does not wait for its idle exit, and
# its CPU time during the runs (judge_cpu, from /proc) is added to the
# CPU figure.  judge_pid HOME; judge_cpu HOME: microseconds used so far.
judge_pid() { cat "$1/.local/state/backstop/judge/lock" 2>/dev/null; }
judge_cpu() {
	local pid
	pid=$(judge_pid "$1")
	[ -n "$pid" ] && [ -r "/proc/$pid/stat" ] || { echo 0; return; }
	sed 's/.*) //' "/proc/$pid/stat" | awk -v t="$(getconf CLK_TCK)" '{ printf "%d", ($12 + $13) * 1000000 / t }'
}
# ensure_judge HOME MESSAGE: a delivery of MESSAGE starts the judge; waits until it listens.
ensure_judge() {
	local i=0
	[ -S "$1/.local/state/backstop/judge/socket" ] && [ -n "$(judge_pid "$1")" ] &&
	    [ -d "/proc/$(judge_pid "$1")" ] && return 0
	HOME=$1 "$BACKSTOP" < "$2" > /dev/null 2>&1 || true
	while [ "$i" -lt 200 ] && ! { [ -S "$1/.local/state/backstop/judge/socket" ] && [ -n "$(judge_pid "$1")" ]; }; do
		sleep 0.05
		i=$((i + 1))
	done
}

delivery_cases() {
	local label=$1 n=$2 home=$work/home-$2 bs nm pm
	mkhome "$home" "$n"
	gen_ordinary "$work/ord-$n-a"
	gen_ordinary "$work/ord-$n-b"
	gen_ordinary "$work/ord-$n-c"
	gen_bounce "$work/forged-$n-a" forged-a
	gen_bounce "$work/forged-$n-b" forged-b
	gen_bounce "$work/forged-$n-c" forged-c
	gen_bounce "$work/forged-$n-d" forged-d
	gen_bounce "$work/genuine-$n-a" sent
	gen_bounce "$work/genuine-$n-b" sent
	gen_bounce "$work/logged-$n-a" logged
	gen_bounce "$work/logged-$n-b" logged

	echo "== $label"
	row "case" "backstop" "peer" "ratio" "target"
	bs=$(timed "$home" "$work/ord-$n-a" "$BACKSTOP")
	nm=$(timed "$home" "$work/ord-$n-b" notmuch insert)
	row "ordinary 10 KB -> inbox (peer: notmuch insert)" "$(ms "$bs") ms" "$(ms "$nm") ms" \
	    "$(ratio "$bs" "$nm")" "$(verdict "$(ratio "$bs" "$nm")" 0.25 "<=")"
	if command -v procmail >/dev/null; then
		pm=$(timed "$home" "$work/ord-$n-c" procmail -p -m "DEFAULT=$home/Maildir/" /dev/null)
		row "  reference: procmail -> Maildir" "$(ms "$bs") ms" "$(ms "$pm") ms" "$(ratio "$bs" "$pm")" "-"
	else
		row "  reference: procmail (not installed, skipped)" "-" "-" "-" "-"
	fi
	# One delivery on an idle system, the resident judge running (it stays
	# up between deliveries): bench-exec records when the batch
	# indexer has indexed the message (the pending list is empty) and
	# starts the next run once the indexer has exited (it lingers 1 s),
	# so the CPU per message counts a whole indexer run and the judge's
	# share; a flood shares one indexer between many (make bench-flood).
	ensure_judge "$home" "$work/forged-$n-c/1.eml"
	j0=$(judge_cpu "$home")
	bs=$(BENCH_WAIT_EMPTY=$home/.local/state/backstop/pending timed "$home" "$work/forged-$n-a" "$BACKSTOP")
	bs_cpu=$(( $(cpu) + ($(judge_cpu "$home") - j0) / RUNS )) bs_settle=$(settle)
	nm=$(timed "$home" "$work/forged-$n-b" notmuch insert --folder=.Backscatter --create-folder +backscatter -inbox -unread)
	nm_cpu=$(cpu)
	row "backscatter -> quarantine (peer: insert), fork to exit" "$(ms "$bs") ms" "$(ms "$nm") ms" \
	    "$(ratio "$bs" "$nm")" "$(verdict "$(ratio "$bs" "$nm")" 0.5 "<=")"
	row "  CPU, with a whole batch indexer run and the judge" "$(ms "$bs_cpu") ms" "$(ms "$nm_cpu") ms" \
	    "$(ratio "$bs_cpu" "$nm_cpu")" "-"
	row "  fork to searchable (indexed, tagged)" "$(ms "$bs_settle") ms" "$(ms "$nm") ms" \
	    "$(ratio "$bs_settle" "$nm")" "-"
	# The same with [delivery] judge = inline: what a delivery costs
	# when it classifies itself (the first after the judge's idle exit).
	bs=$(BACKSTOP_CONFIG=$work/inline.ini BENCH_WAIT_EMPTY=$home/.local/state/backstop/pending \
	    timed "$home" "$work/forged-$n-d" "$BACKSTOP")
	row "  reference: judge = inline, fork to exit" "$(ms "$bs") ms" "$(ms "$nm") ms" \
	    "$(ratio "$bs" "$nm")" "-"
	ensure_judge "$home" "$work/forged-$n-c/2.eml"
	bs=$(timed "$home" "$work/genuine-$n-a" "$BACKSTOP")
	nm=$(timed "$home" "$work/genuine-$n-b" notmuch insert)
	row "genuine bounce, lookup hit -> inbox (peer: insert)" "$(ms "$bs") ms" "$(ms "$nm") ms" \
	    "$(ratio "$bs" "$nm")" "$(verdict "$(ratio "$bs" "$nm")" 0.7 "<=")"
	bs=$(timed "$home" "$work/logged-$n-a" "$BACKSTOP")
	nm=$(timed "$home" "$work/logged-$n-b" notmuch insert)
	row "  the same, original sent via backstop sendmail" "$(ms "$bs") ms" "$(ms "$nm") ms" \
	    "$(ratio "$bs" "$nm")" "(0.5)"
	HOME=$home "$BACKSTOP" judge --stop > /dev/null 2>&1 || true
}

classify_case() {
	local dir=$SHARED_DIR/corpora/bounces/set-of-emails files bs po ss cfg=$work/nonotmuch.ini
	echo "== classifying the set-of-emails corpus in one process"
	if [ ! -d "$dir" ]; then
		echo "   skipped: $dir not found (../shared is absent)"
		return
	fi
	files=("$dir"/*.eml)
	printf '[notmuch]\nconfig = none\n' > "$cfg"
	row "case (${#files[@]} files, median of 5)" "backstop" "peer" "ratio" "target"
	bs=$(for i in 1 2 3 4 5; do s=$(date +%s%N); "$BACKSTOP" check --json -c "$cfg" "${files[@]}" >/dev/null; echo $(( ($(date +%s%N) - s) / 1000 )); done | sort -n | sed -n 3p)
	po=$(for i in 1 2 3 4 5; do s=$(date +%s%N); "$BENCH_BIN/parse-only" "${files[@]}" >/dev/null; echo $(( ($(date +%s%N) - s) / 1000 )); done | sort -n | sed -n 3p)
	row "check --json vs GMime parse only" "$(ms "$bs") ms" "$(ms "$po") ms" \
	    "$(ratio "$bs" "$po")" "$(verdict "$(ratio "$bs" "$po")" 1.5 "<=")"
	if perl -MSisimai -e 1 2>/dev/null; then
		ss=$(for i in 1 2 3; do s=$(date +%s%N); perl "$(dirname "$0")/sisimai.pl" "${files[@]}" >/dev/null 2>&1; echo $(( ($(date +%s%N) - s) / 1000 )); done | sort -n | sed -n 2p)
		row "check --json vs Sisimai (speed-up)" "$(ms "$bs") ms" "$(ms "$ss") ms" \
		    "$(ratio "$ss" "$bs")" "$(verdict "$(ratio "$ss" "$bs")" 50 ">=")"
	else
		row "Sisimai (libsisimai-perl not installed, skipped)" "-" "-" "-" "-"
	fi
}

rss_case() {
	local home=$work/home-rss rss
	mkdir -p "$home"
	echo "== peak memory"
	{ printf 'From: bob@example.com\nTo: alice@example.org\nSubject: big\nMessage-ID: <big@example.com>\n\n'
	  head -c 100000000 /dev/zero | tr '\0' 'y' | fold -w 76; } > "$work/big.eml"
	rss=$(HOME=$home /usr/bin/time -f %M "$BACKSTOP" < "$work/big.eml" 2>&1 >/dev/null | tail -1)
	row "peak RSS delivering a 100 MB message" "$((rss / 1024)) MB" "-" "-" "$(verdict "$((rss / 1024))" 16 "<=")"
}

printf '[delivery]\njudge = inline\n' > "$work/inline.ini"
echo "backstop bench: $RUNS runs per figure, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ), load average $(cut -d' ' -f1-3 /proc/loadavg)"
delivery_cases "deliveries, small notmuch database (600 messages)" 600
if [ "${BENCH_BIG:-1}" != 0 ]; then
	delivery_cases "deliveries, 20,000-message notmuch database" 20000
fi
classify_case
rss_case
