# The twin: another account on her server (a web application running as
# www-data) sent mail with her address, and Exim bounced it to her: not
# hers, though it was a local submission at her server.
KIND="setup: new user, her Exim bounced another account's submission"
EXPECT=quarantine
. "$TESTDATA/scenarios/setup-lib.sh"
message() {
	make_exim_bounce scen-23y@example.org |
		sed "s/^Received: from alice by mx.example.org with local (Exim 4.96)\$/Received: from www-data by mx.example.org with local (Exim 4.96)/"
}
