# A qmail bounce naming no Message-ID: the failed recipient is someone alice wrote to last week.
. "$TESTDATA/scenarios/08-noid.lib"
KIND="qmail bounce naming no Message-ID, to a correspondent"
EXPECT=inbox
setup() { sent_to bob@example.net 7; }
message() { qmail_noid bob@example.net; }
