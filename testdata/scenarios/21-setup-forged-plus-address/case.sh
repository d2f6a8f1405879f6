# The twin: a forgery From the plus-address reached her inbox from
# outside and was indexed; arriving from outside, it proves nothing.
KIND="setup: From a plus-address, forged copy arrived from outside"
EXPECT=quarantine
. "$TESTDATA/scenarios/setup-lib.sh"
setup() {
	. "$TESTDATA/scenarios/weigh-lib.sh"
	indexed_sent 4
	inbound_hops | sent_copy scen-21t@example.org 'Alice <alice+lists@example.org>' | put_copy "" index
}
message() { bounce_from scen-21t@example.org 'Alice <alice+lists@example.org>'; }
