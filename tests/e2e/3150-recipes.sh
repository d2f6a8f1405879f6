#!/usr/bin/env bash
# 3150: every procmail and maildrop recipe that `backstop setup` prints,
# that README.md and backstop(1) show and that contrib/ ships, run as
# printed through the real procmail and maildrop, with ordinary mail, a
# genuine bounce and a forged one: each lands in the right folder, and
# nothing falls through to the default mailbox (/var/mail/$USER; issue
# 13, item 1).
#
# The recipes are extracted here from setup's output, from the README's
# code blocks, from the man page's displays and from contrib/, so the
# text and the test cannot drift.  The only change: README, the man page
# and contrib/ name /usr/local/bin/backstop, which becomes the binary
# under test.  Each run puts a few lines before the recipe that stand for
# what procmail and maildrop take from the system (HOME from the password
# file, DEFAULT = /var/mail/$USER, here a file the test watches).
. "${TESTS_DIR:-$(dirname "$0")/..}/lib.sh"
mkhome
add_sent sent-3150@example.org
TOP=$TESTS_DIR/..
SPOOL=$WORKDIR/var-mail-user
mkdir recipes

# setup's recipes: a header line "~/.procmailrc, ..." or "~/.mailfilter
# ...", then lines indented by two spaces, up to the next empty line.
"$BACKSTOP" setup > setup.out 2>&1
awk -v dir=recipes '
	/^~\/\.procmailrc/ { n++; f = sprintf("%s/setup-%d.procmail", dir, n); next }
	/^~\/\.mailfilter/ { n++; f = sprintf("%s/setup-%d.maildrop", dir, n); next }
	/^  / && f != "" { print substr($0, 3) > f; next }
	{ f = "" }' setup.out

# README's code blocks that are recipes: fenced with a bare ``` (not
# ```sh or ```ini), procmail's start a recipe with ":0", maildrop's
# deliver with "to" or "xfilter".
awk -v dir=recipes '
	/^```/ && !in_b { in_b = 1; n++; bare = ($0 == "```"); body = ""; next }
	/^```/ && in_b {
		in_b = 0
		kind = ""
		if (!bare) kind = ""
		else if (body ~ /(^|\n):0/) kind = "procmail"
		else if (body ~ /(^|\n)(to|xfilter) "/) kind = "maildrop"
		if (kind != "") printf "%s", body > sprintf("%s/readme-%02d.%s", dir, n, kind)
		next
	}
	in_b { body = body $0 "\n" }' "$TOP/README.md" 2>/dev/null

# backstop(1)'s literal displays that are recipes, the same way (with
# the two troff escapes a display may hold undone).
awk -v dir=recipes '
	/^\.Bd -literal/ { in_b = 1; n++; body = ""; next }
	/^\.Ed/ && in_b {
		in_b = 0
		kind = ""
		if (body ~ /(^|\n):0/) kind = "procmail"
		else if (body ~ /(^|\n)(to|xfilter) "/) kind = "maildrop"
		if (kind != "") printf "%s", body > sprintf("%s/man-%02d.%s", dir, n, kind)
		next
	}
	in_b && !/^\./ { gsub(/\\&/, ""); gsub(/\\e/, "\\"); body = body $0 "\n" }' \
	"$TOP/man/backstop.1" 2>/dev/null

for f in "$TOP"/contrib/procmailrc*; do cp "$f" "recipes/contrib-${f##*/}.procmail"; done
for f in "$TOP"/contrib/maildroprc*; do cp "$f" "recipes/contrib-${f##*/}.maildrop"; done
sed -i "s|/usr/local/bin/backstop|$BACKSTOP|g" recipes/contrib-* $(find recipes -name 'readme-*' -o -name 'man-*')

n_of() { find recipes -name "$1" | wc -l | tr -d ' '; }
total=$(n_of '*.*')
plan $((6 + 3 * total))
# Fewer recipes than the sources show would mean the extraction broke.
is "$(n_of 'setup-*.procmail') $(n_of 'setup-*.maildrop')" "2 2" \
	"setup prints 2 procmail and 2 maildrop recipes"
if [ ! -f "$TOP/README.md" ]; then
	skip 1 "no README.md next to the tests"
else
	ok "README shows at least 3 procmail and 2 maildrop recipes ($(n_of 'readme-*'))" \
		test "$(n_of 'readme-*.procmail')" -ge 3 -a "$(n_of 'readme-*.maildrop')" -ge 2
fi
if [ ! -f "$TOP/man/backstop.1" ]; then
	skip 1 "no man/backstop.1 next to the tests"
else
	ok "backstop(1) shows at least 2 procmail and 1 maildrop recipes ($(n_of 'man-*'))" \
		test "$(n_of 'man-*.procmail')" -ge 2 -a "$(n_of 'man-*.maildrop')" -ge 1
fi
is "$(n_of 'contrib-*')" "$(find "$TOP/contrib" -name 'procmailrc*' -o -name 'maildroprc*' | wc -l | tr -d ' ')" \
	"every procmailrc* and maildroprc* of contrib/ is taken"

# A Maildir whose path a recipe would not take literally: setup prints
# the delivering recipes (they name no folder) and says why not the rest.
write_config odd.ini <<EOF
[delivery]
maildir = $WORKDIR/my \$mail/Maildir
EOF
"$BACKSTOP" setup -c odd.ini > odd.out 2>&1
like "$(cat odd.out)" 'path holds characters unsafe in a recipe' "odd Maildir path: setup says why it prints no filing recipe"
unlike "$(cat odd.out)" 'filing by the header' "odd Maildir path: and prints none"

# where ID: the folder the message with Message-ID <ID> landed in.
where() {
	local f out=
	for f in $(find_id "$MAILDIR" "$1"); do
		case $f in
		"$QUARANTINE"/new/* | "$QUARANTINE"/cur/*) out="$out quarantine" ;;
		"$MAILDIR"/new/* | "$MAILDIR"/cur/*) out="$out inbox" ;;
		*) out="$out ${f#"$HOME"/}" ;;
		esac
	done
	grep -qF -- "<$1>" "$SPOOL" 2>/dev/null && out="$out /var/mail/\$USER"
	echo "${out# }"
}

# The three messages of run N, each with an mbox From line as an MTA
# hands it to a .forward pipe.
messages() {
	{ printf 'From carol@example.net  Thu Nov 28 16:00:01 2024\n'
	  make_ham "ham-3150-$1@example.net"; } > ham.eml
	BOUNCE_ID=gen-3150-$1@mx.example.org make_bounce sent-3150@example.org |
		with_from_line > genuine.eml
	BOUNCE_ID=forged-3150-$1@mx.example.org make_bounce "forged-3150-$1@spam.example.net" |
		with_from_line > forged.eml
}

procmail_run() {
	{
		printf 'HOME=%s\nXDG_CONFIG_HOME=%s\nXDG_STATE_HOME=%s\n' \
			"$HOME" "$XDG_CONFIG_HOME" "$XDG_STATE_HOME"
		printf 'XDG_DATA_HOME=%s\nXDG_CACHE_HOME=%s\n' "$XDG_DATA_HOME" "$XDG_CACHE_HOME"
		printf 'DEFAULT=%s\nLOGFILE=%s/procmail.log\n' "$SPOOL" "$WORKDIR"
		cat "$1"
	} > run.rc
	procmail "$WORKDIR/run.rc" < "$2" > /dev/null 2>&1
}

maildrop_run() {
	{
		printf 'HOME="%s"\nXDG_CONFIG_HOME="%s"\nXDG_STATE_HOME="%s"\n' \
			"$HOME" "$XDG_CONFIG_HOME" "$XDG_STATE_HOME"
		printf 'XDG_DATA_HOME="%s"\nXDG_CACHE_HOME="%s"\n' "$XDG_DATA_HOME" "$XDG_CACHE_HOME"
		printf 'DEFAULT="%s"\n' "$SPOOL"
		cat "$1"
	} > run.mrc
	chmod 600 run.mrc
	maildrop "$WORKDIR/run.mrc" < "$2" > /dev/null 2>&1
}

# maildrop_why: empty when maildrop can run a recipe here.  Seen as nobody
# under setpriv --clear-groups: the setgid maildrop's child fails in
# setgroups(2) and maildrop exits 75.
maildrop_why() {
	command -v maildrop > /dev/null || { echo "maildrop is not installed"; return; }
	printf 'xfilter "/bin/cat"\nto "|/bin/cat > /dev/null"\n' > probe.mrc
	chmod 600 probe.mrc
	maildrop "$WORKDIR/probe.mrc" < /dev/null > probe.out 2>&1 ||
		echo "maildrop cannot run even 'xfilter /bin/cat' as this user: $(head -n 1 probe.out)"
}
pm_why=
command -v procmail > /dev/null || pm_why="procmail is not installed"
md_why=$(maildrop_why)

n=0
for r in recipes/*; do
	n=$((n + 1))
	name=${r#recipes/}
	kind=${name##*.}
	why=$pm_why
	[ "$kind" = maildrop ] && why=$md_why
	if [ -n "$why" ]; then
		skip 3 "$name: $why"
		continue
	fi
	messages "$n"
	for m in ham genuine forged; do
		"${kind}_run" "$r" "$m.eml"
	done
	# The batch indexer renames the quarantined file into cur/ after
	# backstop exits: look once it is done, not while it moves the file.
	wait_indexed
	is "$(where "ham-3150-$n@example.net")" inbox "$name: ordinary mail in the inbox"
	is "$(where "gen-3150-$n@mx.example.org")" inbox "$name: a genuine bounce in the inbox"
	is "$(where "forged-3150-$n@mx.example.org")" quarantine "$name: a forged bounce in the quarantine"
done
