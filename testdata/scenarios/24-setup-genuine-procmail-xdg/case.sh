# Run by procmail (no SENDER nor RECIPIENT, procmail's MAILDIR, which
# libnotmuch also reads when it looks for a database) with notmuch's
# split layout in its default places: the database is
# ~/.local/share/notmuch/default, not below $MAILDIR.
KIND="setup: run by procmail, notmuch's XDG layout"
EXPECT=inbox
ENVELOPE=none
. "$TESTDATA/scenarios/setup-lib.sh"
setup() {
	procmail_environment
	nm_layout_xdg
	sent_from scen-24x@example.org 'Alice Example <alice@example.org>' .Archive sent
}
message() { make_exim_bounce scen-24x@example.org; }
