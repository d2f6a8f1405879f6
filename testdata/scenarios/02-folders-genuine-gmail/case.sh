# mbsync's layout of a Gmail account: the copy in "[Gmail]/Sent Mail",
# indexed, untagged, with Gmail's own submission hop.
KIND="copy in [Gmail]/Sent Mail with its ESMTPSA hop"
EXPECT=inbox
setup() {
	. "$TESTS_DIR/lib-sent.sh"
	gmail_submission_hop | sent_copy scen-02a@example.org | put_copy "[Gmail]/Sent Mail" index
}
message() { make_bounce scen-02a@example.org; }
