# An out-of-office reply to a message the user sent.
KIND="out-of-office in Latvian (Exchange), original sent"
EXPECT=inbox
SENDER=janis@corp.example.net
. "$TESTDATA/scenarios/12-autoreply-genuine-latvian/notice.sh"
setup() { add_sent oof-orig-12@example.org; }
message() { latvian_message oof-orig-12@example.org; }
