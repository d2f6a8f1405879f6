# The twin: the forgery's copy reached the account's spam folder from
# outside; [Gmail]/Sent Mail holds other mail.
KIND="forged, copy in [Gmail]/Spam from outside"
EXPECT=quarantine
setup() {
	. "$TESTS_DIR/lib-sent.sh"
	gmail_submission_hop | sent_copy scen-02-other@example.org "" "Minutes of Tuesday" | put_copy "[Gmail]/Sent Mail" index
	inbound_hops | sent_copy scen-02b@example.org | put_copy "[Gmail]/Spam" index
}
message() { make_bounce scen-02b@example.org; }
