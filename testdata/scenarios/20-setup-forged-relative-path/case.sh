# The twin: the same config; .Sent holds another fresh copy of hers,
# the forgery reached the inbox from outside; nothing indexed yet.
KIND="setup: relative database.path, forged"
EXPECT=quarantine
. "$TESTDATA/scenarios/setup-lib.sh"
setup() {
	sed -i 's|^path=.*|path=Maildir/|' "$HOME/.notmuch-config"
	forged_beside .Sent "" scen-20s@example.org
	cd /
}
message() { make_bounce scen-20s@example.org; }
