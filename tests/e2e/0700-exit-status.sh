#!/usr/bin/env bash
# 0700: whatever arrives, deliver exits 0 or 75 and nothing else (any other
# status makes the MTA bounce the mail), and on 0 the message is stored
# once, unchanged.  Each run is bounded by a timeout.
. "${TESTS_DIR:-$(dirname "$0")/..}/lib.sh"
plan 35
mkhome

# hostile NAME FILE: 0 or 75; on 0 exactly one more file, stored unchanged.
hostile() {
	local name=$1 file=$2 before f
	before=$(( $(count "$MAILDIR") + $(count "$QUARANTINE") ))
	SENDER= timeout 30 "$BACKSTOP" < "$file" > out 2> err
	RC=$?
	wait_settled	# it may rename a quarantined file to cur/
	ok "$name: exit 0 or 75 (got $RC)" test "$RC" = 0 -o "$RC" = 75
	after=$(( $(count "$MAILDIR") + $(count "$QUARANTINE") ))
	if [ "$RC" = 0 ]; then
		is "$after" $((before + 1)) "$name: stored exactly once"
		f=$(newest "$MAILDIR")
		g=$(newest "$QUARANTINE")
		[ -n "$g" ] && [ "$g" -nt "$f" ] && f=$g
		ok "$name: stored byte for byte" same_after 1 "$f" "$file"
	else
		is "$after" "$before" "$name: (75) nothing stored"
		skip 1 "$name: exit 75"
	fi
}

: > empty.eml
hostile "empty" empty.eml

head -c 65536 /dev/urandom > random.eml
hostile "64 KiB of random bytes" random.eml

{ printf 'From: a\0b@example.net\nSubject: nul\0in\0header\nMessage-ID: <n\0ul@x>\n\nbody\0with\0NULs\n'; head -c 1000 /dev/zero; } > nul.eml
hostile "NUL bytes" nul.eml

{ printf 'Subject: '; head -c 2097152 /dev/zero | tr '\0' 'A'; printf '\nFrom: x@example.net\n\nbody\n'; } > longline.eml
hostile "a 2 MB header line" longline.eml

# 200-deep multipart nesting.
{
	printf 'From: x@example.net\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b0"\n\n'
	for i in $(seq 1 200); do
		printf -- '--b%d\nContent-Type: multipart/mixed; boundary="b%d"\n\n' $((i - 1)) "$i"
	done
	printf -- '--b200\nContent-Type: text/plain\n\ndeep\n'
	for i in $(seq 200 -1 0); do printf -- '--b%d--\n' "$i"; done
} > deep.eml
hostile "200-deep multipart" deep.eml

# A bounce with 200-deep message/rfc822 nesting.
{
	make_bounce deep-0700@example.org | sed '/^Content-Type: message\/rfc822$/q'
	printf '\n'
	for i in $(seq 1 200); do
		printf 'Return-Path: <>\nFrom: MAILER-DAEMON@mx%d.example.org\nSubject: Undelivered Mail Returned to Sender\nContent-Type: message/rfc822\n\n' "$i"
	done
	printf 'Message-ID: <deep-0700@example.org>\nFrom: alice@example.org\n\ninner\n'
} > deep822.eml
hostile "200-deep message/rfc822 in a bounce" deep822.eml

# A multipart/report without its boundary, and one never closed.
make_bounce nob-0700@example.org | sed 's/^\tboundary=.*$/\tfoo=bar/' > nobound.eml
hostile "multipart/report without boundary" nobound.eml
make_bounce open-0700@example.org | head -n 40 > unclosed.eml
hostile "bounce cut in the middle" unclosed.eml

# 20000 header lines.
{ for i in $(seq 1 20000); do printf 'Received: from h%d.example.net by mx.example.org; Thu, 28 Nov 2024 16:00:00 +0000\n' "$i"; done; make_ham many@example.net; } > many.eml
hostile "20000 Received lines" many.eml

# Garbage base64 and an undecodable charset in a bounce part.
make_bounce b64-0700@example.org | sed 's/^Content-Type: message\/delivery-status$/&\nContent-Transfer-Encoding: base64/; s/^Content-Type: text\/plain; charset=us-ascii$/Content-Type: text\/plain; charset=x-no-such-charset/' > b64.eml
hostile "bad base64 and charset in a bounce" b64.eml

# Only a newline; only CRs.
printf '\n' > nl.eml
hostile "a single newline" nl.eml

# stdin closed, stdin a directory: 0 or 75, nothing else.
SENDER= timeout 30 "$BACKSTOP" <&- > out 2> err
rc=$?
ok "stdin closed: exit 0 or 75 (got $rc)" test "$rc" = 0 -o "$rc" = 75
SENDER= timeout 30 "$BACKSTOP" < "$WORKDIR" > out 2> err
rc=$?
ok "stdin a directory: exit 0 or 75 (got $rc)" test "$rc" = 0 -o "$rc" = 75
