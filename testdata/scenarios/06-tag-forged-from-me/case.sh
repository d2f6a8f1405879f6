# The twin: `notmuch tag +sent -- from:alice@example.org` also tagged
# the forgery that reached her inbox from outside.
KIND="forged copy from outside, tagged sent by from:me"
EXPECT=quarantine
setup() {
	. "$TESTS_DIR/lib-sent.sh"
	inbound_hops | sent_copy scen-06b@example.org | put_copy "" index
	nm tag +sent -- from:alice@example.org
}
message() { make_bounce scen-06b@example.org; }
