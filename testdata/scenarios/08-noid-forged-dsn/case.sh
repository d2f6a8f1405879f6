# A DSN with Final-Recipient system;<> and Original-Recipient, no Message-ID: the failed recipient is a stranger alice never wrote to.
. "$TESTDATA/scenarios/08-noid.lib"
KIND="DSN with Final-Recipient system;<> and Original-Recipient, no Message-ID, to a stranger"
EXPECT=quarantine
setup() { sent_to bob@example.net 7; }
message() { dsn_system zed.stranger@example.com; }
