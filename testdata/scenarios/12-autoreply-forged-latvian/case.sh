# The same reply, to a message forged in the user's name.
KIND="out-of-office in Latvian (Exchange), original forged"
EXPECT=quarantine
SENDER=janis@corp.example.net
. "$TESTDATA/scenarios/12-autoreply-genuine-latvian/notice.sh"
setup() { add_sent other-12@example.org; }
message() { latvian_message oof-orig-12@example.org; }
