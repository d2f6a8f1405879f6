# A CommuniGate Pro text quoting no original: the failed recipient is a stranger alice never wrote to.
. "$TESTDATA/scenarios/08-noid.lib"
KIND="CommuniGate Pro text quoting no original, to a stranger"
EXPECT=quarantine
setup() { sent_to bob@example.net 7; }
message() { communigate zed.stranger@example.com; }
