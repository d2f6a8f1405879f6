#!/usr/bin/env bash
# 1040: answers that name no original (Debian vacation, a bounce quoting
# no Message-ID) are judged by correspondence: did the user write to the
# auto-replier, or to the failed recipient, in the last
# correspondence_days?  By the sent log (notmuch off) and by notmuch
# (from:alice to:ADDRESS).
. "${TESTS_DIR:-$(dirname "$0")/..}/lib.sh"
. "$TESTS_DIR/lib-send.sh"
plan 18
mkhome
mksend </dev/null

make_outgoing > out.eml
send out.eml bob@example.net
is "$SRC" 0 "alice writes to bob through backstop sendmail"

# vac NAME FROM: deliver a vacation reply from FROM (envelope sender FROM).
vac() {
	make_vacation "$2" | sed "s/^Message-ID: .*/Message-ID: <$1@example.net>/" > "$1.eml"
	SENDER=$2 deliver "$1.eml"
	f=$(delivered_with "$1@example.net")
}

vac bob-1040 bob@example.net
is "$(folder_of "$f")" inbox "vacation reply from bob, whom alice wrote to: inbox"
like "$(xb_of "$f")" "^X-Backstop: genuine; class=autoreply; evidence=signature:no-opinion,sent-log:no-opinion,notmuch:no-opinion,correspondence:sent\$" \
	"genuine by correspondence (the logs have no Message-ID to look up)"
vac bobcase-1040 'Bob <BOB@Example.NET>'
is "$(folder_of "$f")" inbox "the address is compared without regard to case"
vac dave-1040 dave@example.net
is "$(folder_of "$f")" quarantine "vacation reply from dave, whom alice never wrote to: quarantine"
like "$(xb_of "$f")" "^X-Backstop: backscatter; class=autoreply; .*correspondence:not-sent\$" "backscatter by correspondence"
"$BACKSTOP" check --json dave-1040.eml > dave.json
like "$(jq -r '.evidence[] | select(.source == "correspondence") | .detail' dave.json)" "dave@example\.net in 30 days" "check --json: the detail names the address and the window"

# A bounce that quotes no Message-ID: judged by its failed recipient.
BOUNCE_ID=noid1-1040@mx.example.org make_bounce unused noid > noid1.eml
SENDER= deliver noid1.eml
is "$(folder_of "$(delivered_with noid1-1040@mx.example.org)")" quarantine "bounce without id, alice never wrote to nobody@: quarantine"
send out.eml nobody@example.net
BOUNCE_ID=noid2-1040@mx.example.org make_bounce unused noid > noid2.eml
SENDER= deliver noid2.eml
f=$(delivered_with noid2-1040@mx.example.org)
is "$(folder_of "$f")" inbox "bounce without id after alice wrote to nobody@: inbox"
like "$(xb_of "$f")" "correspondence:sent\$" "by correspondence with the failed recipient"

# Older than correspondence_days: not evidence.
send_config <<'EOF'
[evidence]
correspondence_days = 1
EOF
sed -i "s/^[0-9]*\(\t[^\t]*\tbob@example.net\)/$(( $(date +%s) - 3 * 86400 ))\1/" "$SENT_LOG"
vac bobold-1040 bob@example.net
is "$(folder_of "$f")" quarantine "alice wrote to bob 3 days ago, correspondence_days = 1: quarantine"
send_config <<'EOF'
[evidence]
correspondence_days = 0
EOF
vac bowoff-1040 bob@example.net
like "$(xb_of "$f")" "^X-Backstop: unverified; class=autoreply; evidence=signature:no-opinion,sent-log:no-opinion,notmuch:no-opinion\$" \
	"correspondence_days = 0: not consulted, unverified"

# notmuch: a message alice sent to erin, indexed; no sent log involved.
rm -f "$SENT_LOG"
printf '[send]\nsendmail = %s\n' "$FAKE" | write_config
mkdir -p "$MAILDIR/.Sent/cur" "$MAILDIR/.Sent/new" "$MAILDIR/.Sent/tmp"
cat > "$MAILDIR/.Sent/cur/1.sent-1040:2,S" <<EOF
From: Alice Example <alice@example.org>
To: Erin <erin@example.net>
Subject: hello erin
Date: $(date -R)
Message-ID: <to-erin-1040@example.org>

Hi Erin.
EOF
nm new --quiet
vac erin-1040 erin@example.net
is "$(folder_of "$f")" inbox "notmuch: vacation reply from erin, whom alice wrote to: inbox"
like "$(xb_of "$f")" "correspondence:sent\$" "notmuch: genuine by correspondence"
"$BACKSTOP" check --json erin-1040.eml > erin.json
like "$(jq -r '.evidence[] | select(.source == "correspondence") | .detail' erin.json)" "notmuch" "notmuch: the detail says where it was found"
vac frank-1040 frank@example.net
is "$(folder_of "$f")" quarantine "notmuch: vacation reply from frank: quarantine"
like "$(xb_of "$f")" "notmuch:no-opinion,correspondence:not-sent\$" "notmuch: backscatter by correspondence"
# A query-breaking address is only a search term.
vac quote-1040 '"x\" or *"@example.net'
like "$(xb_of "$f")" "correspondence:" "an address full of query syntax is looked up safely"
