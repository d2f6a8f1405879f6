# notmuch >= 0.32's split layout: no ~/.notmuch-config; the config in
# $XDG_CONFIG_HOME/notmuch/default/config with database.mail_root =
# ~/Maildir and no database.path, so the database is in
# $XDG_DATA_HOME/notmuch/default.  The sent copy is indexed there, tagged
# sent, archived in .Archive: only notmuch knows it.
KIND="setup: XDG config, database in XDG_DATA_HOME, mail root apart"
EXPECT=inbox
. "$TESTDATA/scenarios/setup-lib.sh"
setup() {
	nm_layout_xdg
	sent_from scen-20x@example.org 'Alice Example <alice@example.org>' .Archive sent
}
message() { make_bounce scen-20x@example.org; }
