# alice keeps notmuch under a profile: NOTMUCH_PROFILE=work in her
# shell, the config in ~/.config/notmuch/work/config, the database in
# ~/.local/share/notmuch/work.  She ran `backstop setup` in that shell;
# the delivery has the MTA's environment, where NOTMUCH_PROFILE is unset
# (notmuch alone would look for the "default" profile there).
# Judgement: setup saw which notmuch she uses, so delivery must use the
# same one; the sent copy in the work database then counts.
KIND="setup: NOTMUCH_PROFILE in the shell only, backstop setup run there"
EXPECT=inbox
. "$TESTDATA/scenarios/setup-lib.sh"
setup() {
	mta_environment
	nm_layout_xdg work
	sent_from scen-20p@example.org 'Alice Example <alice@example.org>' .Archive sent
	NOTMUCH_PROFILE=work "$BACKSTOP" setup
}
message() { make_bounce scen-20p@example.org; }
