# The twin: the same environment; the ID is not among alice's sent mail.
KIND="setup: delivery from ~/.forward, forged"
EXPECT=quarantine
. "$TESTDATA/scenarios/setup-lib.sh"
setup() {
	. "$TESTDATA/scenarios/weigh-lib.sh"
	mta_environment
	nm_layout_xdg
	indexed_sent 4
}
message() { make_bounce scen-20n@example.org; }
