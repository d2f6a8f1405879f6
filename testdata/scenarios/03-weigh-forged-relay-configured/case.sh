# The same user (relays configured, notmuch at full coverage); a
# forgery that entered the remote server from a botnet host, with a
# fake Received: line naming her provider's server lower down: no
# submission hop, and the HELO word of a client proves nothing.
KIND="weighing: configured relays, forgery with a fake relay line"
EXPECT=quarantine
setup() {
	. "$TESTDATA/scenarios/weigh-lib.sh"
	indexed_sent 5
	printf '[evidence]\nrelays = *.outbound.provider.example\n' | write_config
}
message() {
	. "$TESTDATA/scenarios/weigh-lib.sh"
	remote_dsn 03f <<EOF
Return-Path: <alice@example.org>
Received: from out2.outbound.provider.example (dsl-198-51-100-7.isp.example [198.51.100.7])
	by mx.remote.example (Postfix) with ESMTP id 4Y1Q2R3S4T
	for <bob@remote.example>; $(days_ago 0.04)
Received: from pc by out1.outbound.provider.example with SMTP; $(days_ago 0.05)
From: Alice Example <alice@example.org>
To: bob@remote.example
Subject: replica watches
Date: $(days_ago 0.04)
Message-ID: <watches-03f@example.org>
EOF
}
