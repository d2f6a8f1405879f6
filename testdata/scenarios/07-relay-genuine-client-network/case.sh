# relays = mail.example.org, 192.0.2.0/24: the office smarthost takes
# mail from the office LAN without a login ("with ESMTP").  A hop from a
# client in that network to the relay is a submission; the relay then
# bounced the message.  notmuch is off: alice relies on her relay.
KIND="relay: a client in the user's listed network"
EXPECT=inbox
setup() {
	printf '[evidence]\nrelays = mail.example.org, 192.0.2.0/24\n[notmuch]\nconfig = none\n' | write_config
}
message() {
	. "$TESTDATA/scenarios/weigh-lib.sh"
	DSN_MTA=mail.example.org remote_dsn 07n <<EOF
Return-Path: <alice@example.org>
Received: from pc17.office.example.org (pc17.office.example.org [192.0.2.44])
	by mail.example.org (Postfix) with ESMTP id 4Y1Q2R3S4T
	for <bob@remote.example>; $(days_ago 0.04)
From: Alice Example <alice@example.org>
To: bob@remote.example
Subject: the quote
Date: $(days_ago 0.04)
Message-ID: <office-07n@example.org>
EOF
}
