# The sent copy was archived out of the sent folder; it carries only the
# Received: line of its authenticated submission.
KIND="archived copy with only its submission hop"
EXPECT=inbox
setup() {
	. "$TESTS_DIR/lib-sent.sh"
	gmail_submission_hop | sent_copy scen-02e@example.org | put_copy "Archive/2024" index
}
message() { make_bounce scen-02e@example.org; }
