#!/usr/bin/env bash
# 0200: a bounce of a message the user really sent goes to the inbox as
# "genuine", whichever of the three kinds of sent evidence notmuch has:
# the sent tag or From: the user on a copy that came from no outside
# host, or a sent folder.
. "${TESTS_DIR:-$(dirname "$0")/..}/lib.sh"
plan 34
mkhome

# genuine NAME ORIG-ID [PART [CLASS]]: deliver a bounce of ORIG-ID and
# check it is in the inbox, genuine, and stored unchanged.
genuine() {
	local name=$1 id=$2 part=${3:-rfc822} class=${4:-bounce} bid f
	nb=$((nb + 1))
	bid="bounce-$nb-$id"
	BOUNCE_ID=$bid make_bounce "$id" "$part" > "$name.eml"
	SENDER= deliver "$name.eml"
	is "$RC" 0 "$name: exit 0"
	f=$(grep -l -F "<$bid>" $(msgs "$MAILDIR") /dev/null)
	ok "$name: in the inbox" test -n "$f"
	is "$(grep -l -F "<$bid>" $(msgs "$QUARANTINE") /dev/null)" "" "$name: not in the quarantine"
	like "$(first_line "${f:-/dev/null}")" "$(xb_re genuine "$class" "$id")" "$name: X-Backstop genuine; class=$class; ref=$id"
	ok "$name: stored byte for byte" same_after 1 "${f:-/dev/null}" "$name.eml"
}

nb=0

# All three kinds of evidence at once: .Sent, tag sent, From alice.
add_sent sent-all@example.org
genuine "sent message" sent-all@example.org
# Only text/rfc822-headers is returned (a Postfix delay warning).
genuine "delay warning" sent-all@example.org headers delay

# Only the sent tag: in the inbox folder, From an address notmuch does
# not know as the user's, and no Received: (it came from no outside host).
add_message "" sent-tag@example.org 'Alice <alice@laptop.example>' no sent
genuine "sent tag only" sent-tag@example.org

# Only a sent folder (.Sent), no tag, a Received: header.
add_message .Sent sent-folder@example.org 'Alice <alice@example.org>' yes
genuine "in .Sent only" sent-folder@example.org

# The other default sent folder, "Sent" (a path component).
add_message Sent sent-folder2@example.org 'Alice <alice@example.org>' yes
genuine "in Sent only" sent-folder2@example.org

# Only From: the user with no Received: (notmuch insert of an outgoing copy).
add_message "" sent-from@example.org 'Alice <alice@example.org>' no
genuine "From user, no Received" sent-from@example.org

# An Exim bounce (From line, no top-level Return-Path, References:).
BOUNCE_ID=exim-0200@mx.example.org make_exim_bounce sent-all@example.org > exim.eml
SENDER= deliver exim.eml
is "$RC" 0 "Exim bounce: exit 0"
f=$(grep -lF "<exim-0200@mx.example.org>" $(msgs "$MAILDIR") /dev/null)
ok "Exim bounce: in the inbox" test -n "$f"
like "$(first_line "${f:-/dev/null}")" "$(xb_re genuine bounce sent-all@example.org)" "Exim bounce: genuine; class=bounce; ref"

is "$(count "$QUARANTINE")" 0 "nothing quarantined"
