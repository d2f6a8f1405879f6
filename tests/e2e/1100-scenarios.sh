#!/usr/bin/env bash
# 1100: the scenario suite of issue 11.  Each case is a user's setup (the
# notmuch database, sent folders on disk, config, sent log) plus one
# incoming message plus the folder it belongs in; every kind of case
# comes as a genuine and a forged twin.  A case is a directory
# testdata/scenarios/NAME/ holding case.sh, which this script sources in
# a subshell after mkhome (tests/lib.sh and tests/lib-send.sh are loaded,
# so add_message, add_sent, make_bounce, write_config, ... are there):
#
#   EXPECT=inbox|quarantine   required: where the message belongs
#   KIND="..."                optional: a short label for the report
#   SENDER=...                optional: the envelope sender (default <>)
#   ENVELOPE=none             optional: no SENDER nor RECIPIENT at all (as
#                             under procmail, which replaces the environment)
#   setup()                   optional: builds the user's setup
#   message()                 prints the incoming message on stdout
#                             (or the directory holds message.eml)
#
# The case then checks that `backstop check` of the stored file agrees
# with the delivery's verdict (check must see what delivery saw).  The
# script prints "genuine quarantined G/N, backscatter in inbox B/N" and
# fails unless both are 0.
#
# Then every case runs a second time with a resident judge
# (mda/judge-server.c) started after setup(): the delivery must not fall
# back to judging in-process, every automated answer must be judged by
# the judge, and the X-Backstop line must be the first pass's, byte for
# byte (the first pass judges in-process: its delivery finds no judge).
. "${TESTS_DIR:-$(dirname "$0")/..}/lib.sh"
. "$TESTS_DIR/lib-send.sh"

dir=$TESTDATA/scenarios
cases=()
for c in "$dir"/*/; do
	[ -f "$c/case.sh" ] && cases+=("${c%/}")
done
plan $(( ${#cases[@]} * 4 + 2 ))

# delivered FOLDER: the newest message in FOLDER that is not a notice
# backstop delivered itself (mda/mailbox-notice.c: "X-Backstop: notice").
delivered() {
	local f
	for f in $(msgs "$1" | xargs -r ls -t --); do
		head -n 1 "$f" | grep -q '^X-Backstop: notice' || { echo "$f"; return; }
	done
}

# run_case DIR [judge]: prints "EXPECT GOT XBACKSTOP-LINE",
# "check: VERDICT" and "judged" or "here" (three lines), in a subshell
# of its own; with "judge", a resident judge is started before the
# delivery.
run_case() (
	local c=$1 mode=${2:-} f before_q after_q
	EXPECT= KIND= SENDER= ENVELOPE=
	unset -f setup message
	mkhome
	# shellcheck source=/dev/null
	. "$c/case.sh"
	if declare -F setup >/dev/null; then
		setup >"$WORKDIR/setup.log" 2>&1
	fi
	if [ -f "$c/message.eml" ]; then
		cp "$c/message.eml" "$WORKDIR/in.eml"
	else
		message > "$WORKDIR/in.eml"
	fi
	before_q=$(count "$QUARANTINE")
	before_i=$(count "$MAILDIR")
	export BACKSTOP_DEBUG=1		# for the judge's word in -v's output
	[ "$mode" = judge ] && start_judge
	if [ "$ENVELOPE" = none ]; then
		unset SENDER RECIPIENT
		deliver "$WORKDIR/in.eml" -v
	else
		SENDER=${SENDER:-} deliver "$WORKDIR/in.eml" -v
	fi
	after_q=$(count "$QUARANTINE")
	after_i=$(count "$MAILDIR")
	if [ "$RC" -ne 0 ]; then
		got="exit-$RC"
	elif [ "$after_q" -gt "$before_q" ]; then
		got=quarantine
		f=$(delivered "$QUARANTINE")
	elif [ "$after_i" -gt "$before_i" ]; then
		got=inbox
		f=$(delivered "$MAILDIR")
	else
		got=nowhere
	fi
	printf '%s %s %s\n' "$EXPECT" "$got" "$(first_line "${f:-/dev/null}")"
	if [ -n "${f:-}" ]; then
		# As `check` and `scan` run later: without the MTA's envelope.
		env -u SENDER -u RECIPIENT -u ORIGINAL_RECIPIENT -u EXTENSION \
		    "$BACKSTOP" check < "$f" 2>/dev/null | head -n 1 | sed 's/^[^ ]*: //'

	else
		echo "check: no file"
	fi
	if grep -qE 'started backstop judge|answered |no answer from|cannot reach the resident' "$WORKDIR/err"; then
		echo "fell-back"
	elif grep -q 'classified by the resident judge' "$WORKDIR/err"; then
		echo judged
	else
		echo here
	fi
	stop_judge
	# The subshell does not run lib.sh's EXIT trap: its home goes here
	# (kept, with its path, when the message landed elsewhere).
	if [ "$got" = "$EXPECT" ]; then
		chmod -R u+rwx "$WORKDIR" 2>/dev/null
		rm -rf "$WORKDIR"
	else
		echo "# workdir kept: $WORKDIR" >&2
	fi
)

genuine_n=0 genuine_bad=0 forged_n=0 forged_bad=0
declare -A first_xb
for c in "${cases[@]}"; do
	name=${c##*/}
	out=$(run_case "$c")
	first_xb[$name]=$(printf '%s\n' "$out" | head -n 1 | cut -d' ' -f2-)
	read -r want got xb <<<"$(printf '%s\n' "$out" | head -n 1)"
	checked=$(printf '%s\n' "$out" | sed -n 2p)
	case $want in
	inbox) genuine_n=$((genuine_n + 1)) ;;
	quarantine) forged_n=$((forged_n + 1)) ;;
	esac
	if [ -z "$want" ]; then
		# The case's subshell died before it said where the message belongs.
		_fail "$name: the case did not run (no EXPECT): $(printf '%s\n' "$out" | head -n 1)"
		genuine_n=$((genuine_n + 1)) genuine_bad=$((genuine_bad + 1))
	elif [ "$got" = "$want" ]; then
		_pass "$name: $want"
	else
		_fail "$name: belongs in the $want, went to $got"
		diag "  $xb"
		[ "$want" = inbox ] && genuine_bad=$((genuine_bad + 1))
		[ "$want" = quarantine ] && forged_bad=$((forged_bad + 1))
	fi
	# check names the same verdict as the stored X-Backstop line.
	verdict=$(printf '%s\n' "$xb" | sed -n 's/^X-Backstop: \([a-z]*\).*/\1/p')
	like "$checked" "^${verdict:-ham} " "$name: check agrees (${verdict:-ham})"
done
echo "# genuine quarantined $genuine_bad/$genuine_n, backscatter in inbox $forged_bad/$forged_n"
is "$genuine_bad/$forged_bad" "0/0" "scenarios: genuine quarantined $genuine_bad/$genuine_n, backscatter in inbox $forged_bad/$forged_n"

judged=0
for c in "${cases[@]}"; do
	name=${c##*/}
	out=$(run_case "$c" judge)
	xb=$(printf '%s\n' "$out" | head -n 1 | cut -d' ' -f2-)
	how=$(printf '%s\n' "$out" | sed -n 3p)
	is "$xb" "${first_xb[$name]}" "$name, with a resident judge: the same folder and X-Backstop line"
	case ${xb#* } in
	'X-Backstop: ham;'*|'') ok "$name, with a resident judge: not judged in-process ($how)" \
		test "$how" != fell-back ;;
	*) is "$how" judged "$name, with a resident judge: judged by it" ;;
	esac
	[ "$how" = judged ] && judged=$((judged + 1))
done
echo "# with a resident judge: $judged of ${#cases[@]} judged by it"
ok "with a resident judge: most cases judged by it ($judged of ${#cases[@]})" test "$judged" -gt $(( ${#cases[@]} / 2 ))
