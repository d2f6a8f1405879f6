#!/usr/bin/env bash
# 1110: why each recipient failed, through the real binary: check --json
# lists every failed recipient with its status, reply code, diagnostic and
# permanence; the X-Backstop line of a genuine bounce names the first one
# and its status; a bounce that names no Message-ID is judged by
# correspondence with its failed recipient (issue 11 item 8), and when it
# cannot be, the evidence says why.
. "${TESTS_DIR:-$(dirname "$0")/..}/lib.sh"
if ! command -v jq > /dev/null; then
	echo "Bail out! jq is needed to check the JSON output"
	exit 1
fi
. "$TESTDATA/scenarios/08-noid.lib"
plan 18
mkhome

# A Postfix DSN: one recipient, every field.
make_bounce gone-1110@example.org > dsn.eml
"$BACKSTOP" check --json dsn.eml > dsn.json
is "$(jq -c '.recipients | length' dsn.json)" 1 "DSN: one failed recipient"
is "$(jq -c '.recipients[0] | keys' dsn.json)" '["address","diagnostic","permanent","reply_code","status"]' \
	"each recipient has address, status, reply_code, diagnostic, permanent"
is "$(jq -r '.recipients[0] | "\(.address) \(.status) \(.reply_code) \(.permanent)"' dsn.json)" \
	"nobody@example.net 5.1.1 550 true" "DSN: address, status, reply code, permanent"
like "$(jq -r '.recipients[0].diagnostic' dsn.json)" '^550 5\.1\.1 <nobody@example\.net>: Recipient address rejected: User unknown' \
	"DSN: the diagnostic, unfolded onto one line"

# Ordinary mail: an empty list.
make_ham > ham.eml
is "$("$BACKSTOP" check --json ham.eml | jq -c '.recipients')" '[]' "ham: no recipients"

# qmail's free text, no Message-ID: the recipient paragraph.
qmail_noid bob@example.net > qmail.eml
"$BACKSTOP" check --json qmail.eml > qmail.json
is "$(jq -r '.recipients[0] | "\(.address) \(.status) \(.reply_code) \(.permanent)"' qmail.json)" \
	"bob@example.net 5.1.1 null true" "qmail: recipient and #5.1.1, no reply code"

# Final-Recipient system;<>: the Original-Recipient.
dsn_system bob@example.net > system.eml
is "$("$BACKSTOP" check --json system.eml | jq -r '.recipients[0].address')" bob@example.net \
	"Final-Recipient system;<>: the Original-Recipient"

# Delivered: the user wrote to bob last week, so the bounce is genuine and
# the X-Backstop line says who failed and why.
sent_to bob@example.net 7
SENDER= deliver qmail.eml
f=$(newest "$MAILDIR")
is "$RC" 0 "qmail bounce to a correspondent: exit 0"
like "$(first_line "$f")" '^X-Backstop: genuine; class=bounce; failed=bob@example\.net; status=5\.1\.1; evidence=.*correspondence:sent' \
	"genuine: failed= and status= before the evidence; correspondence:sent"
"$BACKSTOP" check --json qmail.eml > qmail2.json
like "$(jq -r '.evidence[] | select(.source == "correspondence") | .detail' qmail2.json)" 'you wrote to bob@example\.net \(notmuch\)' \
	"correspondence names the failed recipient it found"

# A stranger: quarantined, and the header names no failed= (not genuine).
qmail_noid zed@example.com > stranger.eml
SENDER= deliver stranger.eml
q=$(newest "$QUARANTINE")
like "$(first_line "$q")" '^X-Backstop: backscatter; class=bounce; evidence=.*correspondence:not-sent' "stranger: backscatter by correspondence"
unlike "$(first_line "$q")" 'failed=' "backscatter: no failed= field"

# Several failed recipients: the first in the header, the count of the others.
{ qmail_noid bob@example.net | sed '/^<bob@example.net>:$/i\
<carol@example.com>:\
Sorry, no mailbox here by that name. (#5.1.1)\
'; } > two.eml
SENDER= deliver two.eml
like "$(first_line "$(newest "$MAILDIR")")" '; failed=carol@example\.com; status=5\.1\.1; others=1; evidence=.*correspondence:sent' \
	"two recipients: the first named, others=1, genuine through the second"

# A bounce naming the user's own address: mail she wrote to herself is no
# evidence (a forger can write her address into any text).
sent_to alice@example.org 3
qmail_noid alice@example.org > self.eml
SENDER= deliver self.eml
like "$(first_line "$(newest "$QUARANTINE")")" '^X-Backstop: unverified; class=bounce;' "own address as failed recipient: not genuine"
unlike "$(first_line "$(newest "$QUARANTINE")")" 'correspondence:sent' "own address: correspondence does not count it"

# Nothing to go by: unverified, and the detail says why.
returned_to bob@example.net | sed '/^--BND.08.ret$/,$d' > bare.eml
printf -- '--BND.08.ret--\n' >> bare.eml
"$BACKSTOP" check --json bare.eml > bare.json
is "$(jq -r '.verdict' bare.json)" unverified "no ID, no recipient, no original: unverified"
like "$(jq -r '.evidence[] | select(.source == "correspondence") | .detail' bare.json)" 'no address to look up: the answer names no failed recipient and quotes no original' \
	"unverified says why"
# The same with its original attached: the original's To: is asked about.
returned_to bob@example.net > orig.eml
is "$("$BACKSTOP" check --json orig.eml | jq -r '.verdict')" genuine "the original's To: is someone the user wrote to: genuine"
