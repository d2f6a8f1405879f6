# The twin: no database; .Sent holds other fresh mail of hers, the
# forgery reached her inbox from outside.
KIND="setup: no notmuch database yet, forged"
EXPECT=quarantine
. "$TESTDATA/scenarios/setup-lib.sh"
setup() {
	rm -rf "$MAILDIR/.notmuch"
	forged_beside .Sent "" scen-23e@example.org
}
message() { make_bounce scen-23e@example.org; }
