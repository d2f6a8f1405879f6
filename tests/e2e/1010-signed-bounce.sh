#!/usr/bin/env bash
# 1010: a message sent through `backstop sendmail` gets a signed
# Message-ID; its bounces (Postfix and Exim DSN shapes) prove themselves
# and land in the inbox, even with no sent log; the same bounce with the
# Message-ID altered by one character, or with an expired signature, or
# the bounce of a forged message, lands in the quarantine.  notmuch is
# off: the point is the other sources.  The X-Backstop line, the -v log
# line and check --json list every source consulted.
. "${TESTS_DIR:-$(dirname "$0")/..}/lib.sh"
. "$TESTS_DIR/lib-send.sh"
plan 26
mkhome
mksend </dev/null
make_outgoing > out.eml
send out.eml bob@example.net
is "$SRC" 0 "sent through backstop sendmail"
id=$(sent_id)
like "$id" '^bs1\.' "with a signed Message-ID"

# deliver_bounce NAME MAKER ID: deliver MAKER's bounce of ID (own id NAME).
deliver_bounce() {
	BOUNCE_ID=$1@mx.example.org $2 "$3" > "$1.eml"
	SENDER= deliver "$1.eml" -v
	f=$(delivered_with "$1@mx.example.org")
}

deliver_bounce pf-1010 make_bounce "$id"
is "$(folder_of "$f")" inbox "Postfix bounce of the signed message: inbox"
like "$(xb_of "$f")" "^X-Backstop: genuine; class=bounce; ref=$(ere_quote "$id"); (failed=[^;]*; status=[0-9.]+; )?evidence=signature:sent,sent-log:sent\$" \
	"Postfix bounce: genuine, by signature and sent log (notmuch, settled, is not asked)"
like "$ERR" "genuine class=bounce ref=$(ere_quote "$id") evidence=signature:sent,sent-log:sent( |\$)" \
	"the log line lists the same sources"

deliver_bounce ex-1010 make_exim_bounce "$id"
is "$(folder_of "$f")" inbox "Exim bounce of the signed message: inbox"
like "$(xb_of "$f")" "^X-Backstop: genuine; class=bounce; .*evidence=signature:sent" "Exim bounce: genuine by signature"

# Altered by one character: in the signature, the time, the domain.
# flip S POS: S with the character at POS changed (0 <-> 1, else -> 0).
flip() {
	local c=${1:$2:1}
	case $c in 0) c=1 ;; *) c=0 ;; esac
	printf '%s%s%s' "${1:0:$2}" "$c" "${1:$(($2 + 1))}"
}
at=${id%%@*}
n=0
for alt in "$(flip "$id" $((${#at} - 1)))" "$(flip "$id" 13)" "${id/@example.org/@example.orh}"; do
	n=$((n + 1))
	isnt "$alt" "$id" "altered ($n): differs"
	deliver_bounce alt$n-1010 make_bounce "$alt"
	is "$(folder_of "$f")" quarantine "Message-ID altered by one character ($n): quarantine"
	like "$(xb_of "$f")" "^X-Backstop: backscatter; class=bounce; .*evidence=signature:not-sent" "altered ($n): the signature says forged"
done

# A forged message: another Message-ID, not in the log.
deliver_bounce forged-1010 make_bounce forged-1010@spammer.example.net
is "$(folder_of "$f")" quarantine "bounce of a forged message: quarantine"
like "$(xb_of "$f")" "evidence=signature:no-opinion,sent-log:not-sent,notmuch:no-opinion\$" "forged: the sent log says not sent, the signature has no opinion"

# The signature needs no state: without the sent log it still proves itself.
mv "$SENT_LOG" "$SENT_LOG.away"
deliver_bounce nolog-1010 make_bounce "$id"
is "$(folder_of "$f")" inbox "no sent log: the signed bounce is still genuine"
like "$(xb_of "$f")" "evidence=signature:sent\$" "no sent log: the sent log is not consulted, not listed"
mv "$SENT_LOG.away" "$SENT_LOG"

# An expired signature (made 40 days ago, key_days 30): not sent.
old=$(signed_id $((40 * 86400)) example.org)
deliver_bounce old-1010 make_bounce "$old"
is "$(folder_of "$f")" quarantine "expired signature: quarantine"
"$BACKSTOP" check --json old-1010.eml > old.json
is "$(jq -r '.evidence[] | select(.source == "signature") | .result' old.json)" not-sent "check --json: signature not-sent"
like "$(jq -r '.evidence[] | select(.source == "signature") | .detail' old.json)" "expired" "check --json: the detail says expired"
# ... but valid with key_days = 60.
send_config <<'EOF'
key_days = 60
EOF
deliver_bounce old2-1010 make_bounce "$old"
is "$(folder_of "$f")" inbox "the same signature with key_days = 60: genuine"

# check --json lists every source consulted, with a result and detail
# (notmuch is not consulted: the signature has settled the verdict).
"$BACKSTOP" check --json pf-1010.eml > pf.json
is "$(jq -r '[.evidence[].source] | join(",")' pf.json)" "signature,sent-log" "check --json: every source consulted, in order of precedence"
is "$(jq -r '[.evidence[] | (.detail | length > 0)] | all' pf.json)" true "check --json: each with a detail"
