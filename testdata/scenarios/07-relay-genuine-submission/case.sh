# relays = mail.example.org, alice's provider.  She sent from her laptop
# with SMTP AUTH (Postfix writes "with ESMTPSA"); the provider's server
# itself bounced the message when the remote mailbox refused it later.
# notmuch holds all her other recent sent mail, not this one (sent
# with a client that keeps no copy): the submission hop carries it.
KIND="relay: authenticated submission hop (ESMTPSA)"
EXPECT=inbox
setup() {
	. "$TESTDATA/scenarios/weigh-lib.sh"
	indexed_sent 4
	printf '[evidence]\nrelays = mail.example.org\n' | write_config
}
message() {
	. "$TESTDATA/scenarios/weigh-lib.sh"
	DSN_MTA=mail.example.org remote_dsn 07s <<EOF
Return-Path: <alice@example.org>
Received: from [192.168.1.20] (dsl-203-0-113-77.isp.example [203.0.113.77])
	(Authenticated sender: alice)
	by mail.example.org (Postfix) with ESMTPSA id 4Y1Q2R3S4T
	for <bob@remote.example>; $(days_ago 0.04)
From: Alice Example <alice@example.org>
To: bob@remote.example
Subject: the photos
Date: $(days_ago 0.04)
Message-ID: <laptop-07s@example.org>
EOF
}
