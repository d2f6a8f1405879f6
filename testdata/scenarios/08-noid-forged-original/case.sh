# A bounce naming no recipient; the attached original's To: the failed recipient is a stranger alice never wrote to.
. "$TESTDATA/scenarios/08-noid.lib"
KIND="bounce naming no recipient; the attached original's To, to a stranger"
EXPECT=quarantine
setup() { sent_to bob@example.net 7; }
message() { returned_to zed.stranger@example.com; }
