# The twin: the same config; alice's archive holds her other mail, and
# the forgery reached her from outside and was indexed (tagged "new").
KIND="setup: untagged, new.tags=new, forged copy from outside"
EXPECT=quarantine
. "$TESTDATA/scenarios/setup-lib.sh"
setup() {
	nm_config new.tags new
	nm_config maildir.synchronize_flags false
	local i
	for i in 1 2 3 4; do
		sent_from "arch-$i-22v@example.org" 'Alice Example <alice@example.org>' Archive/2024
	done
	inbound_hops | sent_copy scen-22v@example.org | put_copy "" index
}
message() { make_bounce scen-22v@example.org; }
