# The twin: the same huge .Sent with another fresh copy of hers; the
# forgery reached the inbox from outside; nothing indexed yet.
KIND="setup: 40000 files in .Sent/cur, forged"
EXPECT=quarantine
. "$TESTDATA/scenarios/setup-lib.sh"
setup() {
	many_old_files .Sent 40000
	forged_beside .Sent "" scen-22i@example.org
}
message() { make_bounce scen-22i@example.org; }
