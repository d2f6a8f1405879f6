#!/usr/bin/env bash
# 0130: empty input, binary garbage and text that is not a mail all go to
# the inbox as class none, exit 0, bytes kept.  notmuch new skips a file
# whose header block has no From, To or Subject ("Ignoring non-mail
# file"), so such a delivery gets a Subject line (and an empty line when
# the input has no header block): notmuch must find every one.
. "${TESTS_DIR:-$(dirname "$0")/..}/lib.sh"
plan 51
mkhome
BARE=$BARE_SUBJECT

# check_inbox NAME FILE ADDED: ADDED lines between ours and the input's bytes
check_inbox() {
	local before=$(count "$MAILDIR") f
	deliver "$2"
	is "$RC" 0 "$1: exit 0"
	is "$(count "$MAILDIR")" $((before + 1)) "$1: one more file in the inbox"
	f=$(newest "$MAILDIR")
	like "$(first_line "$f")" '^X-Backstop: ham; class=none(;|$)' "$1: ham, class none"
	ok "$1: rest byte for byte" same_after $((1 + $3)) "$f" "$2"
	if [ "$3" -gt 0 ]; then
		is "$(sed -n 2p "$f")" "$BARE" "$1: a Subject line so notmuch indexes it"
	else
		unlike "$(cat "$f")" "$(ere_quote "$BARE")" "$1: no Subject added"
	fi
	nm new --quiet > /dev/null 2>&1
	is "$(nm search --output=files -- "path:**" | grep -cxF "$f")" 1 "$1: notmuch new indexes it"
}

: > empty.eml
check_inbox "empty input" empty.eml 2

printf '\n \n\t\n' > blank.eml
check_inbox "whitespace only" blank.eml 2

head -c 8192 /dev/urandom > garbage.eml
check_inbox "binary garbage" garbage.eml 2

printf 'this is not\na mail message at all\n\n\001\002\003\n' > text.eml
check_inbox "not a mail" text.eml 2

printf 'Date: Thu, 3 Dec 2026 10:00:00 +0000\nMessage-ID: <bare-0130@example.org>\n\nbody\n' > nofields.eml
check_inbox "headers without From, To or Subject" nofields.eml 1

printf 'Subject: no body and no final newline' > nonl.eml
check_inbox "headers only, no newline" nonl.eml 0

printf 'X-A: 1\nnot a field\nSubject: y\n\nbody\n' > midgarbage.eml
check_inbox "a line that is not a field inside the header" midgarbage.eml 0

printf 'X-A: 1\nTo:\n\nbody\n' > emptyto.eml
check_inbox "an empty To: only" emptyto.eml 1

is "$(count "$QUARANTINE")" 0 "nothing quarantined"
like "$(nm search --output=messages -- 'subject:"delivered without From"' | wc -l)" '^6$' "notmuch finds the six by the added Subject"
is "$(nm search --output=files -- 'id:bare-0130@example.org' | wc -l)" 1 "the Message-ID of a header block without From/To/Subject is kept"
