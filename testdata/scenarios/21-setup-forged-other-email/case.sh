# The twin: the forgery (From the alias) also reached alice's inbox from
# a stranger's machine and was indexed; that copy proves nothing.
KIND="setup: From user.other_email, forged copy arrived from outside"
EXPECT=quarantine
. "$TESTDATA/scenarios/setup-lib.sh"
setup() {
	. "$TESTDATA/scenarios/weigh-lib.sh"
	nm_config user.other_email "a.example@example.net;alice@old.example"
	indexed_sent 4
	inbound_hops | sent_copy scen-21p@example.org 'Alice <a.example@example.net>' | put_copy "" index
}
message() { bounce_from scen-21p@example.org 'Alice <a.example@example.net>'; }
