# A DSN with Final-Recipient system;<> and Original-Recipient, no Message-ID: the failed recipient is someone alice wrote to last week.
. "$TESTDATA/scenarios/08-noid.lib"
KIND="DSN with Final-Recipient system;<> and Original-Recipient, no Message-ID, to a correspondent"
EXPECT=inbox
setup() { sent_to bob@example.net 7; }
message() { dsn_system bob@example.net; }
