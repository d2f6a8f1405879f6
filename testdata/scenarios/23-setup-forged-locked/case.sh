# The twin: locked the same way; the ID is not among her sent mail.
KIND="setup: database write-locked, forged"
EXPECT=quarantine
. "$TESTDATA/scenarios/setup-lib.sh"
setup() {
	. "$TESTDATA/scenarios/weigh-lib.sh"
	indexed_sent 4
	hold_write_lock 4
}
message() { make_bounce scen-23m@example.org; }
