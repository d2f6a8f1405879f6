#!/usr/bin/env bash
# 2030: hostile input, generated here.  Each message is delivered (exit 0,
# stored once, byte for byte) in bounded time and with peak memory (RSS)
# of at most 64 MB.  backstop streams the message to disk and gives the
# MIME parser only a bounded prefix (filters/parse.c), so size, depth and
# counts do not turn into memory.
#
# With BACKSTOP_STRESS=1 (`make stress`) it adds the long cases: a 1 GB
# message and a million Received: headers.
. "${TESTS_DIR:-$(dirname "$0")/..}/lib.sh"
STRESS=${BACKSTOP_STRESS:-0}
CASES=11
[ "$STRESS" = 1 ] && CASES=13
plan $((CASES * 4))
mkhome
write_config <<'EOF2'
[notmuch]
index_timeout = 5
EOF2
RSS_LIMIT_KB=65536
TIMER=/usr/bin/time
[ -x "$TIMER" ] || TIMER=
# AddressSanitizer's shadow memory and quarantine make RSS meaningless.
ASAN=
grep -aq __asan_init "$BACKSTOP" && ASAN=1

# hostile NAME FILE SECONDS: deliver FILE; 4 tests.
hostile() {
	local name=$1 file=$2 limit=$3 before after f g secs kb
	before=$(( $(count "$MAILDIR") + $(count "$QUARANTINE") ))
	if [ -n "$TIMER" ]; then
		SENDER= "$TIMER" -f '%e %M' -o time.out timeout $((limit * 2)) "$BACKSTOP" < "$file" > out 2> err
		RC=$?
		read -r secs kb < <(tail -n 1 time.out)
	else
		local t0=$(now_ms)
		SENDER= timeout $((limit * 2)) "$BACKSTOP" < "$file" > out 2> err
		RC=$?
		secs=$(( ($(now_ms) - t0) / 1000 )) kb=
	fi
	is "$RC" 0 "$name: exit 0"
	wait_settled	# it may rename a quarantined file to cur/
	after=$(( $(count "$MAILDIR") + $(count "$QUARANTINE") ))
	f=$(newest "$MAILDIR")
	g=$(newest "$QUARANTINE")
	[ -n "$g" ] && { [ -z "$f" ] || [ "$g" -nt "$f" ]; } && f=$g
	if [ "$after" = $((before + 1)) ] && [ -n "$f" ] && same_after 1 "$f" "$file"; then
		_pass "$name: stored exactly once, byte for byte"
	else
		_fail "$name: stored exactly once, byte for byte (files $before -> $after)"
	fi
	ok "$name: ${secs} s (limit $limit s)" awk -v s="$secs" -v l="$limit" 'BEGIN { exit !(s <= l) }'
	if [ -n "$ASAN" ]; then
		skip 1 "$name: memory is not measured under AddressSanitizer"
	elif [ -n "$kb" ]; then
		ok "$name: peak RSS $((kb / 1024)) MB (limit $((RSS_LIMIT_KB / 1024)) MB)" test "$kb" -le "$RSS_LIMIT_KB"
	else
		skip 1 "$name: no $TIMER to measure memory (apt-get install time)"
	fi
	diag "$name: $(stat -c %s "$file") bytes, ${secs} s, peak RSS ${kb:-?} KB, $(head -n 1 "$f" | cut -c1-90)"
	# Keep the disk small for the next case.
	[ -n "$f" ] && rm -f "$f"
}

# 10,000-deep multipart nesting.
awk 'BEGIN { n = 10000
	printf "From: x@example.net\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"b0\"\n\n"
	for (i = 1; i <= n; i++) printf "--b%d\nContent-Type: multipart/mixed; boundary=\"b%d\"\n\n", i - 1, i
	printf "--b%d\nContent-Type: text/plain\n\ndeep\n", n
	for (i = n; i >= 0; i--) printf "--b%d--\n", i }' > deep.eml
hostile "10,000-deep multipart nesting" deep.eml 20

# 100,000 parts.
awk 'BEGIN { printf "From: x@example.net\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"b\"\n\n"
	for (i = 0; i < 100000; i++) printf "--b\nContent-Type: text/plain\n\np%d\n", i
	printf "--b--\n" }' > parts.eml
hostile "100,000 parts" parts.eml 20

# A 1 MB header line.
{ printf 'Subject: '; head -c 1048576 /dev/zero | tr '\0' 'A'; printf '\nFrom: x@example.net\n\nbody\n'; } > hline.eml
hostile "a 1 MB header line" hline.eml 10

# NUL bytes in header and body.
{ printf 'From: a\0b@example.net\nSubject: nul\0in\0header\nMessage-ID: <n\0ul@x>\n\nbody\0with\0NULs\n'; head -c 100000 /dev/zero; } > nul.eml
hostile "NUL bytes" nul.eml 10

# CR-only line ends, a bounce.
add_sent sent-2030@example.org
BOUNCE_ID=cr-2030@mx.example.org make_bounce sent-2030@example.org | tr '\n' '\r' > cr.eml
hostile "CR-only line ends (a bounce)" cr.eml 10

# No header at all; only headers.
{ printf '\nno header here, just a body\n'; head -c 20000 /dev/urandom | base64; } > nohdr.eml
hostile "no header at all" nohdr.eml 10
awk 'BEGIN { for (i = 0; i < 3000; i++) printf "X-H%d: value %d\n", i, i }' > onlyhdr.eml
hostile "only headers, no body, no blank line" onlyhdr.eml 10

# Invalid UTF-8 and unknown charsets, in a bounce.
BOUNCE_ID=utf-2030@mx.example.org make_bounce utf-2030@example.org |
	sed 's/^Subject: .*/Subject: =?x-no-such-charset?q?=FF=FE?= \xff\xfe\xc3\x28 =?utf-8?b?_+7_?=/;
	     s/charset=us-ascii/charset=x-unknown-8/;
	     s/^Final-Recipient: .*/Final-Recipient: rfc822; \xe2\x28\xa1@example.net/' > utf.eml
hostile "invalid UTF-8 and unknown charsets" utf.eml 10

# A Message-ID of 100 KB.
{ printf 'From: x@example.net\nMessage-ID: <'; head -c 102400 /dev/zero | tr '\0' 'm'; printf '@example.net>\nIn-Reply-To: <'; head -c 102400 /dev/zero | tr '\0' 'r'; printf '@x>\n\nbody\n'; } > mid.eml
hostile "a 100 KB Message-ID" mid.eml 10

# A bounce whose embedded original is itself a bounce, ten levels deep.
nest() {
	local level=$1
	if [ "$level" -eq 0 ]; then
		printf 'Message-ID: <nest-orig-2030@example.org>\nFrom: alice@example.org\nTo: nobody@example.net\nSubject: hello\n\ninner\n'
		return
	fi
	printf 'Return-Path: <>\nFrom: MAILER-DAEMON@mx%d.example.net (Mail Delivery System)\n' "$level"
	printf 'To: alice@example.org\nSubject: Undelivered Mail Returned to Sender\nAuto-Submitted: auto-replied\n'
	printf 'Message-Id: <nest-%d-2030@mx%d.example.net>\nMIME-Version: 1.0\n' "$level" "$level"
	printf 'Content-Type: multipart/report; report-type=delivery-status; boundary="n%d"\n\n' "$level"
	printf -- '--n%d\nContent-Type: text/plain\n\nYour message could not be delivered.\n\n' "$level"
	printf -- '--n%d\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx%d.example.net\n\n' "$level" "$level"
	printf 'Final-Recipient: rfc822; nobody@example.net\nAction: failed\nStatus: 5.1.1\n\n'
	printf -- '--n%d\nContent-Type: message/rfc822\n\n' "$level"
	nest $((level - 1))
	printf -- '\n--n%d--\n' "$level"
}
nest 10 > nest.eml
hostile "a bounce of a bounce, ten levels deep" nest.eml 10

# 64 KiB of random bytes.
head -c 65536 /dev/urandom > random.eml
hostile "random bytes" random.eml 10

if [ "$STRESS" = 1 ]; then
	awk 'BEGIN { for (i = 0; i < 1000000; i++)
		printf "Received: from h%d.example.net by mx.example.org; Thu, 28 Nov 2024 16:00:00 +0000\n", i
		printf "From: x@example.net\nSubject: many\nMessage-ID: <many-2030@x>\n\nbody\n" }' > rcvd.eml
	hostile "a million Received: headers" rcvd.eml 30
	rm -f rcvd.eml
	{ make_ham big-2030@example.net; yes 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' |
		head -c 1073741824; } > big.eml
	hostile "a 1 GB message" big.eml 120
	rm -f big.eml
fi
