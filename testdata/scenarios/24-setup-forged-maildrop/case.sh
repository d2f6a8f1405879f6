# The twin: run the same way; the forgery reached the inbox from outside.
KIND="setup: run by maildrop, forged"
EXPECT=quarantine
ENVELOPE=none
. "$TESTDATA/scenarios/setup-lib.sh"
setup() {
	forged_beside .Sent "" scen-24n@example.org
	procmail_environment
}
message() { make_bounce scen-24n@example.org | with_from_line; }
