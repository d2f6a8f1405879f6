#!/bin/sh
# tests/fuzz/run.sh FUZZER SRCDIR SECONDS: run the classifier fuzzer for a
# bounded time, seeded from testdata/ (and ../shared/corpora when it is
# there: real bounces and ham make the pre-screen property bite) with
# classify.dict.  Prints the
# number of executions; exits non-zero on a crash, a leak, a sanitizer
# report or a timeout (libFuzzer leaves the input as crash-*/leak-*/
# timeout-* in the work directory, which is then kept).
set -u
fuzzer=$1 srcdir=$2 seconds=${3:-180}
work=$(mktemp -d "${TMPDIR:-/tmp}/backstop-fuzz.XXXXXX") || exit 1
mkdir "$work/corpus" "$work/seeds"
i=0
find "$srcdir/testdata" -type f -name '*.eml' | while read -r f; do
	i=$((i + 1))
	cp "$f" "$work/seeds/$i.eml"
done
if [ -d "$srcdir/../shared/corpora" ]; then
	find "$srcdir/../shared/corpora" -type f ! -name 'LICENSE*' ! -name '*.md' ! -name '*.tsv' -size -64k | while read -r f; do
		i=$((i + 1))
		cp "$f" "$work/seeds/shared-$(basename "$(dirname "$f")")-$(basename "$f")"
	done
else
	echo "fuzz: ../shared/corpora absent; seeding from testdata/ only"
fi
cd "$work" || exit 1
"$fuzzer" -dict="$srcdir/tests/fuzz/classify.dict" -max_total_time="$seconds" \
	-max_len=65536 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
	-artifact_prefix="$work/" corpus seeds > fuzz.log 2>&1
rc=$?
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' fuzz.log | tail -n 1)
speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' fuzz.log | tail -n 1)
corpus=$(find corpus -type f | wc -l)
echo "fuzz: ${execs:-0} executions in ${seconds} s (${speed:-?}/s), corpus $corpus inputs, exit $rc"
if [ "$rc" -ne 0 ]; then
	tail -n 60 fuzz.log
	echo "fuzz: FAILED; inputs and log kept in $work"
	exit 1
fi
cd / && rm -rf "$work"
echo "fuzz: no crash, leak, sanitizer report or timeout"
