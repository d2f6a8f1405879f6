# The twin: the user's .Sent holds other fresh copies, not indexed; the
# forgery's copy also hit her inbox (not indexed either), from outside.
KIND="forged, a copy from outside not indexed yet (Postfix DSN)"
EXPECT=quarantine
setup() {
	. "$TESTS_DIR/lib-sent.sh"
	sent_copy scen-01-other@example.org "" "Minutes of Tuesday" < /dev/null | put_copy .Sent
	inbound_hops | sent_copy scen-01b@example.org | put_copy ""
}
message() { make_bounce scen-01b@example.org; }
