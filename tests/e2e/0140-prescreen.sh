#!/usr/bin/env bash
# 0140: the pre-screen changes how fast ordinary mail is stored, never
# where anything goes.  Every fixture is delivered with the pre-screen on
# (the default) and off ([delivery] prescreen = no); the X-Backstop lines
# and the folders must be the same.  Ordinary mail takes the fast path
# (the debug log says nothing of a pre-screen hit, and GMime is never
# loaded), answers do not.
. "${TESTS_DIR:-$(dirname "$0")/..}/lib.sh"
mapfile -t fixtures < <(find "$TESTDATA" -type f -name '*.eml' | sort)
plan $(( ${#fixtures[@]} * 2 + 7 ))
mkhome
printf '[notmuch]\nconfig = none\n' | write_config "$WORKDIR/on.ini"
printf '[notmuch]\nconfig = none\n[delivery]\nprescreen = no\n' | write_config "$WORKDIR/off.ini"

# stored CONFIG FILE: "<folder> <X-Backstop line>" of FILE delivered with CONFIG.
stored() {
	local f
	deliver "$2" -c "$1"
	[ "$RC" -eq 0 ] || { echo "exit $RC"; return; }
	f=$(newest "$MAILDIR")
	if [ -d "$QUARANTINE" ] && [ -n "$(newest "$QUARANTINE")" ] &&
	    [ "$(newest "$QUARANTINE")" -nt "$f" ]; then
		f=$(newest "$QUARANTINE")
		echo "quarantine $(first_line "$f")"
	else
		echo "inbox $(first_line "$f")"
	fi
	sleep 0.01
}

for f in "${fixtures[@]}"; do
	name=${f#"$TESTDATA"/}
	on=$(stored "$WORKDIR/on.ini" "$f")
	off=$(stored "$WORKDIR/off.ini" "$f")
	is "$on" "$off" "$name: same verdict and folder with and without the pre-screen"
	isnt "$on" "" "$name: delivered"
done

make_ham > ham.eml
BACKSTOP_DEBUG=1 deliver ham.eml -v -c "$WORKDIR/on.ini"
is "$RC" 0 "ordinary mail: exit 0"
unlike "$ERR" 'pre-screen:' "ordinary mail is not handed to the classifier"
like "$(first_line "$(newest "$MAILDIR")")" '^X-Backstop: ham; class=none$' "ordinary mail: ham, class none"
BACKSTOP_DEBUG=1 deliver "$TESTDATA/bounces/postfix-nondsn-bounce.eml" -v -c "$WORKDIR/on.ini"
like "$ERR" 'pre-screen: .*classifying' "a bounce is handed to the classifier"

# The point of it: ordinary mail never loads GMime (the loader's trace).
unset LD_DEBUG_OUTPUT
make_ham ham-2@example.net > ham2.eml
LD_DEBUG=files "$BACKSTOP" -c "$WORKDIR/on.ini" < ham2.eml > /dev/null 2> trace
like "$(cat trace)" 'libglib-2\.0' "the loader trace works here"
unlike "$(cat trace)" 'libgmime' "ordinary mail: GMime is not loaded"
make_ham ham-3@example.net > ham3.eml
LD_DEBUG=files "$BACKSTOP" -c "$WORKDIR/off.ini" < ham3.eml > /dev/null 2> trace
like "$(cat trace)" 'libgmime' "with prescreen = no, GMime parses it"
