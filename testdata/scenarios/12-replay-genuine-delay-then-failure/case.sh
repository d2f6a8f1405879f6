# Alice's message was delayed: the remote server retried for four days
# (a delay warning came on day one) and then gave up.  Four days is
# within any MTA's retry period: the final failure is genuine.
KIND="final failure four days after sending (after a delay warning)"
EXPECT=inbox
setup() { . "$TESTDATA/scenarios/weigh-lib.sh"; indexed_sent 3; sent_to slow-12@example.org bob@remote.example 4; }
message() {
	. "$TESTDATA/scenarios/weigh-lib.sh"
	ARRIVAL=$(days_ago 4) remote_dsn 12g <<EOF
Return-Path: <alice@example.org>
Received: from smtp.example.org (smtp.example.org [192.0.2.1])
	by mx.remote.example (Postfix) with ESMTPS id 4Y1Q2R3S4T
	for <bob@remote.example>; $(days_ago 4)
From: Alice Example <alice@example.org>
To: bob@remote.example
Subject: note 4
Date: $(days_ago 4)
Message-ID: <slow-12@example.org>
EOF
}
