#!/usr/bin/env bash
# 1070: with notmuch on, the notmuch lookup is skipped once the verdict
# is settled by a stronger source (a valid or forged signature, a hit in
# the sent log), and the X-Backstop line then lists no notmuch entry.  A
# miss in the sent log does not settle it: notmuch is still asked, and
# its "sent" wins.  A backscatter bounce decided without the lookup is
# indexed all the same (the indexer opens the database itself).
. "${TESTS_DIR:-$(dirname "$0")/..}/lib.sh"
. "$TESTS_DIR/lib-send.sh"
plan 17
mkhome
mksend </dev/null
# The fake sendmail, and notmuch on (mksend turns it off).
printf '[send]\nsendmail = %s -oi\n' "$FAKE" | write_config

# deliver_bounce NAME ID: deliver a Postfix bounce (own id NAME) of ID.
deliver_bounce() {
	BOUNCE_ID=$1@mx.example.org make_bounce "$2" > "$1.eml"
	SENDER= deliver "$1.eml"
	f=$(delivered_with "$1@mx.example.org")
}

make_outgoing > out.eml
send out.eml bob@example.net
is "$SRC" 0 "sent through backstop sendmail"
id=$(sent_id)
like "$id" '^bs1\.' "with a signed Message-ID"

deliver_bounce signed-1070 "$id"
is "$(folder_of "$f")" inbox "bounce of the signed message: inbox"
like "$(xb_of "$f")" "^X-Backstop: genuine; class=bounce; ref=$(ere_quote "$id"); (failed=[^;]*; status=[0-9.]+; )?evidence=signature:sent,sent-log:sent\$" \
	"settled by the signature: notmuch not asked, not listed"

make_outgoing own-1070@laptop.example.org > own.eml
send own.eml bob@example.net
deliver_bounce own-1070 own-1070@laptop.example.org
is "$(folder_of "$f")" inbox "bounce of a message in the sent log: inbox"
like "$(xb_of "$f")" "evidence=signature:no-opinion,sent-log:sent\$" "settled by the sent log: notmuch not asked, not listed"

# In notmuch as sent, but not in the sent log: the log's miss settles nothing.
add_sent nmonly-1070@example.org
deliver_bounce nmonly-1070 nmonly-1070@example.org
is "$(folder_of "$f")" inbox "bounce of a message only notmuch knows: inbox"
like "$(xb_of "$f")" "evidence=signature:no-opinion,sent-log:not-sent,notmuch:sent\$" "the sent log's miss: notmuch asked, and its sent wins"

# A forged signature (one character of the signed id changed): backscatter
# without a lookup, and still indexed and tagged.
c=${id:13:1}
case $c in 0) c=1 ;; *) c=0 ;; esac
alt=${id:0:13}$c${id:14}
isnt "$alt" "$id" "the altered id differs"
deliver_bounce forged-1070 "$alt"
is "$RC" 0 "forged signature: exit 0"
is "$(folder_of "$f")" quarantine "forged signature: quarantine"
like "$(xb_of "$f")" "^X-Backstop: backscatter; class=bounce; .*evidence=signature:not-sent,sent-log:not-sent\$" \
	"settled by the forged signature: notmuch not asked, not listed"
is "$(nm_count id:forged-1070@mx.example.org)" 1 "indexed in notmuch all the same"
ok "tagged backscatter" has_tag forged-1070@mx.example.org backscatter
ok "not tagged inbox" lacks_tag forged-1070@mx.example.org inbox
is "$(nm search --output=files id:forged-1070@mx.example.org)" "$f" "notmuch knows its current path"
is "$(find "$PENDING_DIR" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l | tr -d ' ')" 0 "nothing left pending"
