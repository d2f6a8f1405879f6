# A small MTA's bounce of a message the user sent.
KIND="unknown MTA's bounce (last resort), original sent"
EXPECT=inbox
. "$TESTDATA/scenarios/12-general-genuine-communigate/notice.sh"
setup() { add_sent cgp-orig-12@example.org; }
message() { communigate_message cgp-orig-12@example.org; }
