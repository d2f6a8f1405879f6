# The same notice; the user never wrote to the list.
KIND="list manager holding a post (Mailman 2.1), user never wrote to it"
EXPECT=quarantine
SENDER=devel-bounces@lists.example.net
. "$TESTDATA/scenarios/12-listnotice-genuine-held/notice.sh"
setup() { held_setup bob@example.net; }
message() { held_message; }
