# relays = *.outbound.provider.example: alice configured her provider's
# outbound servers for exactly the mail notmuch never sees (webmail).
# notmuch holds all her other recent sent mail (a miss at full
# coverage), and the remote server got the message from
# out2.outbound.provider.example (its own lookup, topmost Received:).
KIND="weighing: a configured relay carries the verdict against a notmuch miss"
EXPECT=inbox
setup() {
	. "$TESTDATA/scenarios/weigh-lib.sh"
	indexed_sent 5
	printf '[evidence]\nrelays = *.outbound.provider.example\n' | write_config
}
message() {
	. "$TESTDATA/scenarios/weigh-lib.sh"
	remote_dsn 03r <<EOF
Return-Path: <alice@example.org>
Received: from out2.outbound.provider.example (out2.outbound.provider.example [192.0.2.9])
	by mx.remote.example (Postfix) with ESMTPS id 4Y1Q2R3S4T
	for <bob@remote.example>; $(days_ago 0.04)
From: Alice Example <alice@example.org>
To: bob@remote.example
Subject: from webmail
Date: $(days_ago 0.04)
Message-ID: <webmail-03r@example.org>
EOF
}
