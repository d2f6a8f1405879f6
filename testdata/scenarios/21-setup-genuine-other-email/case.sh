# alice writes from an alias, listed in notmuch's user.other_email.  Her
# copy was archived into .Archive and never tagged sent: only its From:
# (an address of hers) and the absence of outside hops tell it was hers.
KIND="setup: sent From user.other_email, copy untagged in .Archive"
EXPECT=inbox
. "$TESTDATA/scenarios/setup-lib.sh"
setup() {
	nm_config user.other_email "a.example@example.net;alice@old.example"
	sent_from scen-21o@example.org 'Alice <a.example@example.net>' .Archive
}
message() { bounce_from scen-21o@example.org 'Alice <a.example@example.net>'; }
