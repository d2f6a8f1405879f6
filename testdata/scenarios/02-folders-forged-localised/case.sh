# The twin: the forgery's copy is in ".Ind&AOk-sirables" (Indésirables,
# the junk folder), from outside.
KIND="forged, copy in .Ind&AOk-sirables from outside"
EXPECT=quarantine
setup() {
	. "$TESTS_DIR/lib-sent.sh"
	sent_copy scen-02-other@example.org "" "Minutes of Tuesday" < /dev/null | put_copy ".Envoy&AOk-s" index
	inbound_hops | sent_copy scen-02d@example.org | put_copy ".Ind&AOk-sirables" index
}
message() { make_exim_bounce scen-02d@example.org; }
