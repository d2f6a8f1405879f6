# A CommuniGate Pro text quoting no original: the failed recipient is someone alice wrote to last week.
. "$TESTDATA/scenarios/08-noid.lib"
KIND="CommuniGate Pro text quoting no original, to a correspondent"
EXPECT=inbox
setup() { sent_to bob@example.net 7; }
message() { communigate bob@example.net; }
