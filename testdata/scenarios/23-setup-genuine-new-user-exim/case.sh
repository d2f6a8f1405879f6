# The Exim form of 23-setup-genuine-new-user-no-copy: nothing recorded;
# her own Exim made the bounce ("from Debian-exim by mx.example.org with
# local"), and the original it returns was taken from her login on that
# server ("from LOGIN by mx.example.org with local").
KIND="setup: new user, nothing recorded, her Exim bounced her local submission"
EXPECT=inbox
. "$TESTDATA/scenarios/setup-lib.sh"
message() {
	make_exim_bounce scen-23x@example.org |
		sed "s/^Received: from alice by mx.example.org with local (Exim 4.96)\$/Received: from $(id -un) by mx.example.org with local (Exim 4.96)/"
}
