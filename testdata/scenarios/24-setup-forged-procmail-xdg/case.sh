# The twin: the same; the ID is not among her sent mail.
KIND="setup: run by procmail, XDG layout, forged"
EXPECT=quarantine
ENVELOPE=none
. "$TESTDATA/scenarios/setup-lib.sh"
setup() {
	. "$TESTDATA/scenarios/weigh-lib.sh"
	procmail_environment
	nm_layout_xdg
	indexed_sent 4
}
message() { make_exim_bounce scen-24y@example.org; }
