# The twin: the same new user, nothing recorded; her own server took a
# forgery over SMTP from a bot (with MAIL FROM:<alice@...>) and bounced
# it.  The forger wrote a local pickup line of her server below the
# server's own inbound line; only the topmost line counts.
KIND="setup: new user, her server bounced a forgery that came in by SMTP"
EXPECT=quarantine
. "$TESTDATA/scenarios/setup-lib.sh"
message() {
	make_bounce scen-23g@example.org |
		sed "s/^Received: from \[192.0.2.99\] (unknown \[192.0.2.99\])$/Received: from bot-17.dyn.example.net (bot-17.dyn.example.net [198.51.100.17])/;s/^\(\tfor <nobody@example.net>; .*\)$/\1\nReceived: by mx.example.org (Postfix, from userid $(id -u))\n\tid 4Y0Q1R2S30; Thu, 28 Nov 2024 15:57:59 +0000 (UTC)/"
}
