# The same bounce, of a message forged in the user's name.
KIND="unknown MTA's bounce (last resort), original forged"
EXPECT=quarantine
. "$TESTDATA/scenarios/12-general-genuine-communigate/notice.sh"
setup() { add_sent other-12@example.org; }
message() { communigate_message cgp-orig-12@example.org; }
