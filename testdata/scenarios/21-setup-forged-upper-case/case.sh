# The twin: the forgery, From ALICE@Example.ORG, arrived from outside.
KIND="setup: From ALICE@Example.ORG, forged copy arrived from outside"
EXPECT=quarantine
. "$TESTDATA/scenarios/setup-lib.sh"
setup() {
	. "$TESTDATA/scenarios/weigh-lib.sh"
	nm_config user.primary_email Alice@Example.org
	indexed_sent 4
	inbound_hops | sent_copy scen-21v@example.org 'ALICE <ALICE@Example.ORG>' | put_copy "" index
}
message() { bounce_from scen-21v@example.org 'ALICE <ALICE@Example.ORG>'; }
