# The twin: a forgery From that address, arrived from outside.
KIND="setup: From an address in [user] addresses, forged"
EXPECT=quarantine
. "$TESTDATA/scenarios/setup-lib.sh"
setup() {
	. "$TESTDATA/scenarios/weigh-lib.sh"
	printf '[user]\naddresses = Alice.Work@Corp.Example, other@corp.example\n' | write_config
	indexed_sent 4
	inbound_hops | sent_copy scen-21d@example.org 'Alice <alice.work@corp.example>' | put_copy "" index
}
message() { bounce_from scen-21d@example.org 'Alice <alice.work@corp.example>'; }
