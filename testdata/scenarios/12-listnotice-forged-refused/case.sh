# The same refusal, of a post forged in the user's name.
KIND="list manager refusing a post (Mailman 2.1), post forged"
EXPECT=quarantine
SENDER=devel-bounces@lists.example.net
. "$TESTDATA/scenarios/12-listnotice-genuine-refused/notice.sh"
setup() { add_sent other-12@example.org; }
message() { listnotice_message post-12@example.org; }
