# A list manager refuses a post the user sent: a genuine answer.
KIND="list manager refusing a post (Mailman 2.1), post sent"
EXPECT=inbox
SENDER=devel-bounces@lists.example.net
. "$TESTDATA/scenarios/12-listnotice-genuine-refused/notice.sh"
setup() { add_sent post-12@example.org; }
message() { listnotice_message post-12@example.org; }
