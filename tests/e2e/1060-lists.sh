#!/usr/bin/env bash
# 1060: [lists] allow and deny, matched against the answer's sender, the
# reporting MTA and the failed recipient: addresses, domains (with their
# subdomains) and globs.  allow sends to the inbox, deny to the
# quarantine, above every other source; deny is tried before allow.
. "${TESTS_DIR:-$(dirname "$0")/..}/lib.sh"
. "$TESTS_DIR/lib-send.sh"
plan 14
mkhome
mksend </dev/null

make_autoreply unknown-1060@example.org > ar.eml
SENDER=bob@example.net deliver ar.eml
like "$(xb_of "$(delivered_with "$(sed -n 's/^Message-ID: <\(.*\)>/\1/p' ar.eml)")")" "^X-Backstop: unverified; " \
	"no lists: an auto-reply naming an unknown message is unverified (notmuch off)"

# lists NAME: deliver ar.eml (as NAME) with the [lists] lines on stdin.
lists() {
	{ printf '[lists]\n'; cat; } | send_config
	sed "s/^Message-ID: .*/Message-ID: <$1@example.net>/" ar.eml > "$1.eml"
	SENDER=bob@example.net deliver "$1.eml"
	f=$(delivered_with "$1@example.net")
}

lists allow-addr <<'EOF'
allow = bob@example.net
EOF
is "$(folder_of "$f")" inbox "allow bob@example.net: inbox"
like "$(xb_of "$f")" "^X-Backstop: genuine; class=autoreply; .*evidence=lists:sent(,|$)" "genuine by the allow list, listed first"
lists allow-domain <<'EOF'
allow = example.net
EOF
is "$(folder_of "$f")" inbox "allow example.net (a domain): inbox"
lists allow-glob <<'EOF'
allow = b?b@*.net
EOF
is "$(folder_of "$f")" inbox "allow b?b@*.net (a glob): inbox"
lists allow-case <<'EOF'
allow = BOB@EXAMPLE.NET
EOF
is "$(folder_of "$f")" inbox "entries are matched without regard to case"
lists allow-other <<'EOF'
allow = carol@example.net, example.com
EOF
like "$(xb_of "$f")" "^X-Backstop: unverified; .*lists:no-opinion" "no entry matches: no opinion"
lists deny-over-allow <<'EOF'
allow = example.net
deny = bob@example.net
EOF
is "$(folder_of "$f")" quarantine "deny bob@ within allowed example.net: quarantine (deny first)"
like "$(xb_of "$f")" "^X-Backstop: backscatter; .*evidence=lists:not-sent(,|$)" "backscatter by the deny list"

# deny outranks even a valid signature.
make_outgoing > out.eml
send out.eml nobody@example.net
id=$(sent_id)
{ printf '[lists]\ndeny = mx.example.org\n'; } | send_config
BOUNCE_ID=deny-mta-1060@mx.example.org make_bounce "$id" > dm.eml
SENDER= deliver dm.eml
f=$(delivered_with deny-mta-1060@mx.example.org)
is "$(folder_of "$f")" quarantine "deny the reporting MTA: quarantine, though the signature is valid"
like "$(xb_of "$f")" "lists:not-sent,signature:sent" "deny ranks above the signature"
"$BACKSTOP" check --json dm.eml > dm.json
like "$(jq -r '.evidence[0].detail' dm.json)" "^deny mx\.example\.org matches the sender mailer-daemon@mx\.example\.org$" "check --json: names the entry and what it matched"

# allow by failed recipient rescues an unverifiable bounce.
{ printf '[lists]\nallow = nobody@example.net\n'; } | send_config
BOUNCE_ID=allow-rcpt-1060@mx.example.org make_bounce forged-1060@example.org > ar2.eml
SENDER= deliver ar2.eml
f=$(delivered_with allow-rcpt-1060@mx.example.org)
is "$(folder_of "$f")" inbox "allow the failed recipient: inbox, though the sent log says not sent"
like "$(jq -r '.evidence[0].detail' <("$BACKSTOP" check --json ar2.eml))" "failed recipient nobody@example\.net" "the detail names the failed recipient"
