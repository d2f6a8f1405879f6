#!/usr/bin/env bash
# 2060: valgrind (memcheck) on a sample of deliveries: no invalid read or
# write, no use of uninitialised memory, no definite leak, and the
# message delivered.  The sample: ordinary mail, a genuine bounce, a
# forged bounce (quarantined and indexed in a forked child), CR-only
# and garbage input; with BACKSTOP_STRESS=1 (`make stress`) also every
# message in testdata/.  Skipped without valgrind or under ASan.
. "${TESTS_DIR:-$(dirname "$0")/..}/lib.sh"
STRESS=${BACKSTOP_STRESS:-0}
mkhome
samples=()
make_ham vg-ham@example.net > ham.eml; samples+=(ham.eml)
add_sent sent-2060@example.org
BOUNCE_ID=vg-gen@mx.example.org make_bounce sent-2060@example.org > genuine.eml; samples+=(genuine.eml)
BOUNCE_ID=vg-bs@mx.example.org make_bounce forged-2060@example.org > forged.eml; samples+=(forged.eml)
tr '\n' '\r' < genuine.eml > cr.eml; samples+=(cr.eml)
head -c 20000 /dev/urandom > garbage.eml; samples+=(garbage.eml)
if [ "$STRESS" = 1 ]; then
	while IFS= read -r f; do samples+=("$f"); done < <(find "$TESTDATA" -type f -name '*.eml' | sort)
fi
plan $(( ${#samples[@]} * 2 ))

why=
if ! command -v valgrind >/dev/null; then
	why="valgrind is not installed"
elif grep -aq __asan_init "$BACKSTOP"; then
	why="the binary is built with AddressSanitizer"
fi
if [ -n "$why" ]; then
	skip $(( ${#samples[@]} * 2 )) "$why"
	exit 0
fi

n=0
for s in "${samples[@]}"; do
	n=$((n + 1))
	before=$(( $(count "$MAILDIR") + $(count "$QUARANTINE") ))
	SENDER= valgrind -q --error-exitcode=99 --suppressions="$TESTS_DIR/valgrind.supp" \
		--leak-check=full --errors-for-leak-kinds=definite \
		--show-leak-kinds=definite --trace-children=no --log-file="vg.$n.%p" \
		"$BACKSTOP" < "$s" > /dev/null 2> err
	rc=$?
	wait_indexed	# the batch indexer moves a quarantined file into cur/
	name=${s#"$TESTDATA/"}
	if [ "$rc" -eq 0 ] && ! grep -q . vg."$n".* 2>/dev/null; then
		_pass "$name: valgrind clean"
	else
		_fail "$name: valgrind clean (exit $rc)"
		diag "$(cat vg."$n".* | head -n 40)"
	fi
	# backstop's own mailbox notices (at most one per problem a day) are
	# not the message: count them apart, and say which problem it was.
	notices=$(cat $(msgs "$MAILDIR") /dev/null | grep -a -c '^X-Backstop: notice;')
	[ "$notices" -gt "${seen_notices:-0}" ] &&
		diag "$name: a mailbox notice: $(cat $(msgs "$MAILDIR") /dev/null | grep -a '^X-Backstop: notice;' | tail -n 1)"
	seen_notices=$notices
	is "$(( $(count "$MAILDIR") + $(count "$QUARANTINE") - notices ))" $((before + 1 - ${before_notices:-0})) "$name: delivered"
	before_notices=$notices
done
