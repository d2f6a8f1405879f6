# The twin: the same profile setup; the ID is not in the work database.
KIND="setup: NOTMUCH_PROFILE in the shell only, forged"
EXPECT=quarantine
. "$TESTDATA/scenarios/setup-lib.sh"
setup() {
	. "$TESTDATA/scenarios/weigh-lib.sh"
	mta_environment
	nm_layout_xdg work
	indexed_sent 4
	NOTMUCH_PROFILE=work "$BACKSTOP" setup
}
message() { make_bounce scen-20q@example.org; }
