# The twin: no [user] section either; the forgery, From alice, reached
# her inbox from a stranger's machine and was indexed: it proves nothing,
# though it is From the address the bounce was delivered to.
KIND="setup: no user.primary_email, forged copy from outside"
EXPECT=quarantine
. "$TESTDATA/scenarios/setup-lib.sh"
setup() {
	. "$TESTDATA/scenarios/weigh-lib.sh"
	sed -i '/^\[user\]/,/^$/d' "$HOME/.notmuch-config"
	indexed_sent 4
	inbound_hops | sent_copy scen-21m@example.org | put_copy "" index
}
message() { make_bounce scen-21m@example.org; }
