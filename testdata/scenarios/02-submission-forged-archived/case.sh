# The twin: an archived copy From the user that came in from a stranger,
# with a made-up submission line below the MX's inbound one.
KIND="forged, archived copy from outside with a fake ESMTPSA line"
EXPECT=quarantine
setup() {
	. "$TESTS_DIR/lib-sent.sh"
	{ inbound_hops; gmail_submission_hop; } | sent_copy scen-02f@example.org | put_copy "Archive/2024" index
}
message() { make_bounce scen-02f@example.org; }
