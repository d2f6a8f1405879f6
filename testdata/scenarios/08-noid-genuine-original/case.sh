# A bounce naming no recipient; the attached original's To: the failed recipient is someone alice wrote to last week.
. "$TESTDATA/scenarios/08-noid.lib"
KIND="bounce naming no recipient; the attached original's To, to a correspondent"
EXPECT=inbox
setup() { sent_to bob@example.net 7; }
message() { returned_to bob@example.net; }
