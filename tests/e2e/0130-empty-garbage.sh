#!/usr/bin/env bash
# 0130: empty input, binary garbage and text that is not a mail all go to
# the inbox as class none, exit 0, bytes kept.
. "${TESTS_DIR:-$(dirname "$0")/..}/lib.sh"
plan 17
mkhome

check_inbox() {	# NAME FILE
	local before=$(count "$MAILDIR") f
	deliver "$2"
	is "$RC" 0 "$1: exit 0"
	is "$(count "$MAILDIR")" $((before + 1)) "$1: one more file in the inbox"
	f=$(newest "$MAILDIR")
	like "$(first_line "$f")" '^X-Backstop: ham; class=none(;|$)' "$1: ham, class none"
	ok "$1: rest byte for byte" same_after 1 "$f" "$2"
}

: > empty.eml
check_inbox "empty input" empty.eml

head -c 8192 /dev/urandom > garbage.eml
check_inbox "binary garbage" garbage.eml

printf 'this is not\na mail message at all\n\n\001\002\003\n' > text.eml
check_inbox "not a mail" text.eml

printf 'Subject: no body and no final newline' > nonl.eml
check_inbox "headers only, no newline" nonl.eml

is "$(count "$QUARANTINE")" 0 "nothing quarantined"
