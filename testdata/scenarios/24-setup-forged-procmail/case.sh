# The twin: run by procmail the same way; the ID is not hers.
KIND="setup: run by procmail, forged Exim bounce"
EXPECT=quarantine
ENVELOPE=none
. "$TESTDATA/scenarios/setup-lib.sh"
setup() {
	. "$TESTDATA/scenarios/weigh-lib.sh"
	indexed_sent 4
	procmail_environment
}
message() { make_exim_bounce scen-24q@example.org; }
