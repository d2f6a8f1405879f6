# The twin: the ID is nowhere, Sent Items holds only other copies.
KIND="forged, nothing on disk (Exim)"
EXPECT=quarantine
setup() {
	. "$TESTS_DIR/lib-sent.sh"
	sent_copy scen-01-other@example.org "" "Minutes of Tuesday" < /dev/null | put_copy "Sent Items"
}
message() { make_exim_bounce scen-01d@example.org; }
