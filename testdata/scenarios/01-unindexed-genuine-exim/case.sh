# An Exim bounce (the ID only in References:) of a copy in "Sent Items",
# not indexed yet.
KIND="sent copy in Sent Items not indexed yet (Exim)"
EXPECT=inbox
setup() {
	. "$TESTS_DIR/lib-sent.sh"
	sent_copy scen-01c@example.org < /dev/null | put_copy "Sent Items"
}
message() { make_exim_bounce scen-01c@example.org; }
