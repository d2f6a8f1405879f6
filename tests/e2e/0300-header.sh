#!/usr/bin/env bash
# 0300: the X-Backstop line: its content, header = no (bytes identical to
# the input), and hostile Message-IDs that must not split or forge the
# header line nor make it longer than 998 bytes.
. "${TESTS_DIR:-$(dirname "$0")/..}/lib.sh"
plan 35
mkhome
add_sent sent-0300@example.org

# Content.
make_ham > ham.eml
deliver ham.eml
is "$(first_line "$(newest "$MAILDIR")")" "X-Backstop: ham; class=none" "ham: exactly 'X-Backstop: ham; class=none'"

BOUNCE_ID=bs-0300@mx.example.org make_bounce forged-0300@example.org > bs.eml
SENDER= deliver bs.eml
h=$(first_line "$(newest "$QUARANTINE")")
like "$h" '^X-Backstop: backscatter; class=bounce; ref=forged-0300@example.org; evidence=[a-z0-9-]+:[a-z0-9-]+(,[a-z0-9-]+:[a-z0-9-]+)*$' \
	"backscatter: verdict; class; ref (no <>); evidence=source:result list"
like "$h" 'evidence=([^;]*,)?notmuch:not-sent(,|$)' "backscatter: evidence notmuch:not-sent"

BOUNCE_ID=gen-0300@mx.example.org make_bounce sent-0300@example.org > gen.eml
SENDER= deliver gen.eml
f=$(grep -l -F '<gen-0300@mx.example.org>' $(msgs "$MAILDIR") /dev/null)
like "$(first_line "${f:-/dev/null}")" '^X-Backstop: genuine; class=bounce; ref=sent-0300@example.org; failed=nobody@example.net; status=5\.1\.1; evidence=([^;]*,)?notmuch:[a-z0-9-]+(,[^;]*)?$' \
	"genuine: verdict; class; ref; failed; status; evidence=notmuch:..."
unlike "$(first_line "${f:-/dev/null}")" 'notmuch:not-sent' "genuine: evidence is not notmuch:not-sent"

# failed=: a genuine bounce's failed recipient comes from the message, so
# it is bounded and sanitised like the reference.  Each NAME replaces
# nobody@example.net of the bounce with ADDR (raw bytes).
failed_addr() {
	local addr=$1 name=$2 f h
	BOUNCE_ID=f-$name-0300@mx.example.org make_bounce sent-0300@example.org |
		ADDR=$addr perl -pe 's/nobody\@example\.net/$ENV{ADDR}/g' > "f-$name.eml"
	SENDER= deliver "f-$name.eml"
	f=$(find_id "$MAILDIR" "f-$name-0300@mx.example.org" | head -n 1)
	h=$(first_line "${f:-/dev/null}")
	ok "failed= $name: delivered to the inbox, one header line added" same_after 1 "${f:-/dev/null}" "f-$name.eml"
	is "$(printf '%s' "$h" | LC_ALL=C tr -d '\040-\176' | wc -c)" 0 "failed= $name: printable ASCII only"
	FAILED_LINE=$h
}
failed_addr "$(printf 'y%.0s' $(seq 240))@example.net" long
like "$FAILED_LINE" "; failed=$(printf 'y%.0s' $(seq 200))\\.\\.\\.; status=5\\.1\\.1; evidence=" "failed= long: cut at 200 bytes and marked"
failed_addr "$(printf 'n\303\251ko@example.net')" utf8
like "$FAILED_LINE" "; failed=n\\?\\?ko@example\\.net; status=5\\.1\\.1;" "failed= utf8: 8-bit bytes shown as '?'"
ok "failed= utf8: one field, no forged ones" test "$(printf '%s' "$FAILED_LINE" | grep -o 'failed=' | wc -l)" = 1

# header = no: the file is the input, byte for byte.
write_config <<'EOF'
[delivery]
header = no
EOF
make_ham ham-nohdr@example.net > nohdr.eml
deliver nohdr.eml
f=$(grep -l -F 'ham-nohdr@example.net' $(msgs "$MAILDIR") /dev/null)
ok "header = no: ham stored identical to the input" cmp -s "${f:-/dev/null}" nohdr.eml
BOUNCE_ID=bs-nohdr-0300@mx.example.org make_bounce forged-nohdr-0300@example.org > bsn.eml
SENDER= deliver bsn.eml
q=$(grep -l -F '<bs-nohdr-0300@mx.example.org>' $(msgs "$QUARANTINE") /dev/null)
ok "header = no: backscatter still quarantined" test -n "$q"
ok "header = no: quarantined file identical to the input" cmp -s "${q:-/dev/null}" bsn.eml
ok "header = no: still tagged backscatter" has_tag bs-nohdr-0300@mx.example.org backscatter
write_config <<'EOF'
[delivery]
header = yes
EOF

# hostile ID NAME: deliver a backscatter bounce whose returned Message-ID is
# ID (raw bytes) and check the stored file is one header line + the input.
hostile() {
	local id=$1 name=$2 bid q h
	bid="h-$name-0300@mx.example.org"
	BOUNCE_ID=$bid make_bounce "$id" > "$name.eml"
	SENDER= deliver "$name.eml"
	q=$(grep -l -F "<$bid>" $(msgs "$QUARANTINE") $(msgs "$MAILDIR") /dev/null | head -n 1)
	h=$(first_line "${q:-/dev/null}")
	ok "$name: exit 0 and delivered" test "$RC" = 0 -a -n "$q"
	ok "$name: one header line, then the input unchanged" same_after 1 "${q:-/dev/null}" "$name.eml"
	like "$h" '^X-Backstop: [a-z]+; class=[a-z]+' "$name: line 1 is an X-Backstop line"
	is "$(printf '%s' "$h" | LC_ALL=C tr -d '\040-\176' | wc -c)" 0 "$name: only printable ASCII in it (no CR, no NUL, no 8-bit)"
	ok "$name: at most 998 bytes" test "$(printf '%s' "$h" | wc -c)" -le 998
}

# A bare CR inside the Message-ID, trying to forge a header on a CR-reading MUA.
hostile "$(printf 'abc\rX-Backstop: ham; class=none\r@example.org')" cr
# A folded Message-ID (the continuation starts with a header-like text).
hostile "$(printf 'abc\n X-Forged: yes\n @example.org')" folded
# A 3000-byte Message-ID.
hostile "$(printf 'x%.0s' $(seq 3000))@example.org" long

# An auto-reply whose In-Reply-To carries CR LF and a forged header.
make_autoreply "$(printf 'x\r\nX-Backstop: ham; class=none\r\n@example.org')" |
	sed 's/^Message-ID: .*/Message-ID: <ar-crlf-0300@example.net>/' > arcr.eml
SENDER=bob@example.net deliver arcr.eml
f=$(find_id "$MAILDIR" ar-crlf-0300@example.net | head -n 1)
ok "In-Reply-To with CR LF: exit 0 and delivered" test "$RC" = 0 -a -n "$f"
ok "In-Reply-To with CR LF: one header line, then the input unchanged" same_after 1 "${f:-/dev/null}" arcr.eml
is "$(printf '%s' "$(first_line "${f:-/dev/null}")" | LC_ALL=C tr -d '\040-\176' | wc -c)" 0 "In-Reply-To with CR LF: header line is printable ASCII"
is "$(grep -c '^X-Backstop:' "${f:-/dev/null}")" 3 "In-Reply-To with CR LF: ours plus the two forged ones of the input (In-Reply-To, References), no more"
