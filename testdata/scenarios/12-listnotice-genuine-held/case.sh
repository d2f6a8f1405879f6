# A list holds a post the user sent (the sent log has the list address).
KIND="list manager holding a post (Mailman 2.1), user wrote to the list"
EXPECT=inbox
SENDER=devel-bounces@lists.example.net
. "$TESTDATA/scenarios/12-listnotice-genuine-held/notice.sh"
setup() { held_setup devel@lists.example.net; }
message() { held_message; }
