# The twin: the same layout; the database holds alice's recent sent
# mail, but not the message the bounce names.
KIND="setup: XDG layout, forged: the ID is not in the database"
EXPECT=quarantine
. "$TESTDATA/scenarios/setup-lib.sh"
setup() {
	. "$TESTDATA/scenarios/weigh-lib.sh"
	nm_layout_xdg
	indexed_sent 4
}
message() { make_bounce scen-20y@example.org; }
