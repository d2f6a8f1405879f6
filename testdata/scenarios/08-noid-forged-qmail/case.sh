# A qmail bounce naming no Message-ID: the failed recipient is a stranger alice never wrote to.
. "$TESTDATA/scenarios/08-noid.lib"
KIND="qmail bounce naming no Message-ID, to a stranger"
EXPECT=quarantine
setup() { sent_to bob@example.net 7; }
message() { qmail_noid zed.stranger@example.com; }
