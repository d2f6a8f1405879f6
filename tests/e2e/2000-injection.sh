#!/usr/bin/env bash
# 2000: nothing from a message or the file system redirects delivery.
#
# A tmp/, new/ or cur/ that is a symbolic link, or a quarantine folder
# that is one, could send mail outside the Maildir: backstop refuses,
# exits 75 and says which link; nothing is written where the link points.
# The Maildir itself may be a link.  CR/LF in a Message-ID, subject or
# reference never splits or forges the X-Backstop line.
. "${TESTS_DIR:-$(dirname "$0")/..}/lib.sh"
plan 31
mkhome
make_ham inj-ham@example.net > ham.eml
mkdir -p "$WORKDIR/outside"

outside_count() {
	find "$WORKDIR/outside" -type f | wc -l | tr -d ' '
}

# refused SUB: with $MAILDIR/SUB a link to outside/, deliver -> 75.
refused() {
	local sub=$1
	rm -rf "${MAILDIR:?}/$sub"
	ln -s "$WORKDIR/outside" "$MAILDIR/$sub"
	deliver ham.eml -v
	is "$RC" 75 "$sub/ a symlink: exit 75"
	like "$ERR" "refusing to deliver: $MAILDIR/$sub is a symbolic link" "$sub/ a symlink: says which link and why"
	is "$(outside_count)" 0 "$sub/ a symlink: nothing written where it points"
	is "$(msgs "$MAILDIR" | wc -l | tr -d ' ')" 0 "$sub/ a symlink: nothing delivered"
	rm -f "$MAILDIR/$sub"
	mkdir "$MAILDIR/$sub"
}

refused tmp
refused new
refused cur
is "$(find "$MAILDIR/tmp" -type f | wc -l | tr -d ' ')" 0 "no debris in tmp/ after the refusals"

# The quarantine folder itself a symlink: a backscatter bounce is refused.
add_sent sent-2000@example.org
BOUNCE_ID=bs-2000@mx.example.org make_bounce forged-2000@example.org > bs.eml
ln -s "$WORKDIR/outside" "$QUARANTINE"
SENDER= deliver bs.eml -v
is "$RC" 75 "quarantine folder a symlink: exit 75"
like "$ERR" "refusing to deliver: $QUARANTINE is a symbolic link" "quarantine a symlink: says why"
is "$(outside_count)" 0 "quarantine a symlink: nothing written where it points"
is "$(find_id "$MAILDIR" bs-2000@mx.example.org | wc -l | tr -d ' ')" 0 "quarantine a symlink: not delivered elsewhere either"
rm -f "$QUARANTINE"

# The quarantine's new/ a symlink.
mkdir -p "$QUARANTINE/cur" "$QUARANTINE/tmp"
ln -s "$WORKDIR/outside" "$QUARANTINE/new"
SENDER= deliver bs.eml -v
is "$RC" 75 "quarantine new/ a symlink: exit 75"
is "$(outside_count)" 0 "quarantine new/ a symlink: nothing written where it points"
rm -f "$QUARANTINE/new"

# The Maildir itself a symlink is an ordinary setup.
mv "$MAILDIR" "$WORKDIR/realmaildir"
ln -s "$WORKDIR/realmaildir" "$MAILDIR"
deliver ham.eml
is "$RC" 0 "the Maildir itself a symlink: delivered (exit 0)"
is "$(count "$WORKDIR/realmaildir")" 1 "the Maildir itself a symlink: in the real folder"
rm -f "$MAILDIR"
mv "$WORKDIR/realmaildir" "$MAILDIR"

# CR/LF smuggled into what ends up in the X-Backstop line.
# header_ok FILE INPUT: line 1 is X-Backstop (<= 998 bytes, no CR inside),
# and the rest is the input, byte for byte.
header_ok() {
	local l1
	l1=$(head -n 1 "$1")
	case $l1 in X-Backstop:*) ;; *) return 1 ;; esac
	[ "${#l1}" -le 998 ] || return 1
	printf '%s' "$l1" | grep -q $'\r' && return 1
	same_after 1 "$1" "$2"
}

# An auto-reply whose In-Reply-To carries an encoded CR LF and a header.
{
	make_autoreply 'x@y' | sed 's/^In-Reply-To: .*/In-Reply-To: <a=?utf-8?q?=0D=0AX-Backstop:_ham?=@x>/'
} > ar.eml
SENDER= deliver ar.eml
f=$(newest "$QUARANTINE"); [ -n "$f" ] || f=$(newest "$MAILDIR")
is "$RC" 0 "encoded CR LF in In-Reply-To: exit 0"
ok "encoded CR LF: one X-Backstop line, message unchanged" header_ok "$f" ar.eml
is "$(grep -c '^X-Backstop:' "$f")" 1 "encoded CR LF: no second X-Backstop line"

# A bounce whose returned Message-ID has a raw CR in it and 100 KB of id.
BOUNCE_ID=bs2-2000@mx.example.org make_bounce $'cr\rX-Backstop: ham; class=none\r@x' > bscr.eml
SENDER= deliver bscr.eml
f=$(find_id "$MAILDIR" bs2-2000@mx.example.org)
is "$RC" 0 "raw CR in the returned Message-ID: exit 0"
ok "raw CR: the X-Backstop line is whole and the message unchanged" header_ok "$f" bscr.eml

long=$(head -c 102400 /dev/zero | tr '\0' 'm')
BOUNCE_ID=bs3-2000@mx.example.org make_bounce "$long@example.org" > bslong.eml
SENDER= deliver bslong.eml
f=$(find_id "$MAILDIR" bs3-2000@mx.example.org)
is "$RC" 0 "a 100 KB returned Message-ID: exit 0"
ok "100 KB Message-ID: X-Backstop line at most 998 bytes, message unchanged" header_ok "$f" bslong.eml

# A subject with shell and path syntax goes nowhere near a shell or a path.
{ make_ham 'inj2@example.net' | sed 's|^Subject: .*|Subject: $(touch '"$WORKDIR"'/pwned) `touch '"$WORKDIR"'/pwned2`; ../../outside/x|'; } > shell.eml
deliver shell.eml
is "$RC" 0 "shell syntax in the subject: exit 0"
ok "shell syntax in the subject: nothing ran" test ! -e "$WORKDIR/pwned" -a ! -e "$WORKDIR/pwned2"
is "$(outside_count)" 0 "path syntax in the subject: nothing outside"
