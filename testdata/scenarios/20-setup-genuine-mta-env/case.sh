# The XDG layout in its default places (~/.config/notmuch/default/config,
# ~/.local/share/notmuch/default), and the delivery runs as Postfix's
# local(8) runs a ~/.forward pipe: HOME, USER, LOGNAME, SHELL, a short
# PATH, the envelope, and no XDG_* variable (shared/notes/mta.md).
KIND="setup: delivery from ~/.forward, XDG layout, no XDG_* variables"
EXPECT=inbox
. "$TESTDATA/scenarios/setup-lib.sh"
setup() {
	mta_environment
	nm_layout_xdg
	sent_from scen-20m@example.org 'Alice Example <alice@example.org>' .Archive sent
}
message() { make_bounce scen-20m@example.org; }
