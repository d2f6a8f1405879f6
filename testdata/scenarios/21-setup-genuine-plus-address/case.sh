# alice posts to lists From alice+lists@example.org (a subaddress of her
# primary address; notmuch's config names only alice@example.org).  Her
# copy is untagged in .Archive.  Judgement: local+detail@domain is the
# same mailbox as local@domain (RFC 5233), so it counts as hers.
KIND="setup: sent From a plus-address of the primary, copy untagged"
EXPECT=inbox
. "$TESTDATA/scenarios/setup-lib.sh"
setup() {
	sent_from scen-21s@example.org 'Alice <alice+lists@example.org>' .Archive
}
message() { bounce_from scen-21s@example.org 'Alice <alice+lists@example.org>'; }
