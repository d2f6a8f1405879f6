#!/usr/bin/env bash
# 1030: [send] envelope_tag = yes.  `backstop sendmail` sets the envelope
# sender to a signed sub-address (alice+prvs=KDDDSSSSSS@example.org); a
# bounce that quotes nothing but comes back to that address is genuine,
# whether the tag arrives in $RECIPIENT, $EXTENSION or Delivered-To; a
# bad or expired tag is not.  notmuch is off.
. "${TESTS_DIR:-$(dirname "$0")/..}/lib.sh"
. "$TESTS_DIR/lib-send.sh"
plan 23
mkhome
mksend <<'EOF'
envelope_tag = yes
EOF

make_outgoing > out.eml
send out.eml -f alice@example.org bob@example.net
is "$SRC" 0 "tagged send: exit 0"
argv=$(fake_argv)
like "$argv" '^-oi -f alice\+prvs=0[0-9]{3}[0-9a-f]{6}@example\.org bob@example\.net$' "-f alice@... is replaced by the signed sub-address"
tagged=$(sed -n 3p "$FAKE_DIR/argv")
ext=${tagged#alice+}
ext=${ext%@example.org}
send out.eml -fAlice@Example.org bob@example.net
like "$(fake_argv)" '^-oi -f alice\+prvs=0[0-9]{3}[0-9a-f]{6}@example\.org bob@example\.net$' "-fADDRESS (one word) is replaced too, lower-cased"
send out.eml bob@example.net
like "$(fake_argv)" '^-oi -f alice\+prvs=0[0-9]{3}[0-9a-f]{6}@example\.org bob@example\.net$' "without -f, the From: address is tagged"
send out.eml -f '<>' bob@example.net
is "$(fake_argv)" "-oi -f <> bob@example.net" "a null sender (-f '<>') is left alone"

# bare_bounce TO ID: a Postfix free-text bounce that quotes nothing.
bare_bounce() {
	cat <<EOF
Return-Path: <>
Delivered-To: $1
Date: $(date -R)
From: MAILER-DAEMON@mx.example.net (Mail Delivery System)
Subject: Undelivered Mail Returned to Sender
To: $1
Auto-Submitted: auto-replied
Message-Id: <$2@mx.example.net>
MIME-Version: 1.0
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mx.example.net.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients.

                   The mail system

<nobody@example.net>: host mx.example.net[192.0.2.25] said: 550 5.1.1
    <nobody@example.net>: Recipient address rejected: User unknown
EOF
}

# try NAME TO [VAR=VALUE...]: deliver a bare bounce to TO with the env.
try() {
	local name=$1 to=$2
	shift 2
	bare_bounce "$to" "$name" > "$name.eml"
	env SENDER= "$@" "$BACKSTOP" < "$name.eml" > /dev/null 2>&1
	wait_settled
	f=$(delivered_with "$name@mx.example.net")
}

try rcpt-1030 alice@example.org RECIPIENT="$tagged"
is "$(folder_of "$f")" inbox "tag in \$RECIPIENT: inbox"
like "$(xb_of "$f")" "^X-Backstop: genuine; class=bounce; (failed=[^;]*; status=[0-9.]+; )?evidence=signature:no-opinion,envelope-tag:sent," "tag in \$RECIPIENT: genuine by the envelope tag"
try orig-1030 alice@example.org RECIPIENT=alice@example.org ORIGINAL_RECIPIENT="$tagged"
like "$(xb_of "$f")" "^X-Backstop: genuine; .*envelope-tag:sent" "tag in \$ORIGINAL_RECIPIENT: genuine"
try ext-1030 alice@example.org RECIPIENT=alice@example.org EXTENSION="$ext"
like "$(xb_of "$f")" "^X-Backstop: genuine; .*envelope-tag:sent" "tag in \$EXTENSION: genuine"
try hdr-1030 "$tagged" RECIPIENT=
is "$(folder_of "$f")" inbox "tag in Delivered-To only: inbox"
like "$(xb_of "$f")" "^X-Backstop: genuine; .*envelope-tag:sent" "tag in Delivered-To only: genuine"

# Bad tags: one character changed, another user's local part.
last=${ext: -1}
[ "$last" = 0 ] && repl=1 || repl=0
bad="alice+${ext%?}$repl@example.org"
try bad-1030 alice@example.org RECIPIENT="$bad"
is "$(folder_of "$f")" quarantine "a tag altered by one character: quarantine"
like "$(xb_of "$f")" "^X-Backstop: backscatter; .*envelope-tag:not-sent" "altered tag: not sent"
try other-1030 alice@example.org RECIPIENT="mallory+$ext@example.org"
is "$(folder_of "$f")" quarantine "alice's tag on another local part: quarantine"
try untagged-1030 alice@example.org RECIPIENT=alice@example.org
like "$(xb_of "$f")" "envelope-tag:no-opinion" "an untagged address: the tag has no opinion"

# Crafted with the key: valid for 5 more days, expired yesterday.
fresh=$(tag_for alice 5)
try fresh-1030 alice@example.org RECIPIENT="alice+$fresh@example.org"
is "$(folder_of "$f")" inbox "a tag valid 5 more days: inbox"
stale=$(tag_for alice -1)
try stale-1030 alice@example.org RECIPIENT="alice+$stale@example.org"
is "$(folder_of "$f")" quarantine "a tag that expired yesterday: quarantine"
env SENDER= RECIPIENT="alice+$stale@example.org" "$BACKSTOP" check --json < stale-1030.eml > stale.json
is "$(jq -r '.evidence[] | select(.source == "envelope-tag") | .result' stale.json)" no-opinion \
	"check reads no MTA environment: the tag is only in \$RECIPIENT, so no opinion"
sed "s/^Delivered-To: .*/Delivered-To: alice+$stale@example.org/" stale-1030.eml > stale-hdr.eml
"$BACKSTOP" check --json stale-hdr.eml > stale2.json
is "$(jq -r '.evidence[] | select(.source == "envelope-tag") | .detail' stale2.json)" "alice+$stale@example.org carries a tag with an expired" \
	"check --json: an expired tag in Delivered-To, said so"

# A tagged Exim bounce of a message not in the log: the tag outranks the log.
BOUNCE_ID=ex-1030@mx.example.org make_exim_bounce unlogged-1030@laptop.example.org > ex.eml
SENDER= RECIPIENT="$tagged" deliver ex.eml
f=$(delivered_with ex-1030@mx.example.org)
is "$(folder_of "$f")" inbox "tagged Exim bounce of an unlogged id: inbox"
like "$(xb_of "$f")" "envelope-tag:sent,sent-log:not-sent" "the valid tag ranks above the sent log's miss"

# A tagged bounce with no key at all (the key was lost): no opinion.
mv "$KEY" "$KEY.away"
try nokey-1030 alice@example.org RECIPIENT="$tagged"
like "$(xb_of "$f")" "envelope-tag:no-opinion" "no key: a tag cannot be checked, no opinion"
mv "$KEY.away" "$KEY"
try last-1030 alice@example.org RECIPIENT="$tagged"
is "$(folder_of "$f")" inbox "key back: genuine again"
