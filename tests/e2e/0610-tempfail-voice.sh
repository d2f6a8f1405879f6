#!/usr/bin/env bash
# 0610: an exit 75 says why, in one line on stderr, without -v (Postfix
# and Exim log a deferring command's output); a permission problem says
# "Permission denied", not "No such file or directory".
. "${TESTS_DIR:-$(dirname "$0")/..}/lib.sh"
plan 11
mkhome
make_ham > ham.eml

# one_line DESC ERE: stderr is exactly one line, matching ERE.
one_line() {
	is "$RC" 75 "$1: exit 75"
	is "$(printf '%s' "$ERR" | grep -c '')" 1 "$1: one line on stderr"
	like "$ERR" "$2" "$1: the line says why"
}

# tmp/ is a symbolic link (root too).
rm -rf "$MAILDIR/tmp"
ln -s "$WORKDIR" "$MAILDIR/tmp"
deliver ham.eml
one_line "tmp/ a symlink" "^backstop: refusing to deliver: $MAILDIR/tmp is a symbolic link, .*\(exit 75, the MTA will retry\)\$"
rm -f "$MAILDIR/tmp"
mkdir "$MAILDIR/tmp"

# The Maildir is a regular file (root too).
write_config <<'EOF'
[delivery]
maildir = ~/plainfile
EOF
: > "$HOME/plainfile"
deliver ham.eml
one_line "Maildir a regular file" "^backstop: cannot create the Maildir $HOME/plainfile: Not a directory \(exit 75, the MTA will retry\)\$"

# A Maildir to be created in a directory we may not write.
if [ "$(id -u)" -ne 0 ]; then
	write_config <<'EOF'
[delivery]
maildir = ~/locked/Maildir
EOF
	mkdir -m 500 "$HOME/locked"
	deliver ham.eml
	one_line "no permission" "cannot create the Maildir $HOME/locked/Maildir: Permission denied"
	chmod 700 "$HOME/locked"
else
	skip 3 "root may write anywhere"
fi

# filter: standard output closed.
"$BACKSTOP" filter < ham.eml >&- 2> err
is "$?" 75 "filter, stdout closed: exit 75"
like "$(cat err)" "^backstop: filter: cannot write standard output: .*\(exit 75" "filter, stdout closed: says why"
