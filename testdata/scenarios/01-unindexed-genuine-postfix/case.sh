# A Postfix DSN seconds after sending: the client's copy is in .Sent on
# disk, notmuch new has not run yet.
KIND="sent copy not indexed yet (Postfix DSN)"
EXPECT=inbox
setup() {
	. "$TESTS_DIR/lib-sent.sh"
	sent_copy scen-01a@example.org < /dev/null | put_copy .Sent
}
message() { make_bounce scen-01a@example.org; }
