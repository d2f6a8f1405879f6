# Her client writes her address as ALICE@Example.ORG; notmuch's config
# has it in lower case.  Addresses compare without regard to case
# (the domain always; the local part in every real mailbox system).
KIND="setup: sent From ALICE@Example.ORG, copy untagged"
EXPECT=inbox
. "$TESTDATA/scenarios/setup-lib.sh"
setup() {
	nm_config user.primary_email Alice@Example.org
	sent_from scen-21u@example.org 'ALICE <ALICE@Example.ORG>' .Archive
}
message() { bounce_from scen-21u@example.org 'ALICE <ALICE@Example.ORG>'; }
