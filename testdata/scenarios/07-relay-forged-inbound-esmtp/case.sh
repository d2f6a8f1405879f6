# relays = mail.example.org, a small shared server that is also alice's
# MX.  A forgery From alice arrived there from a botnet host (a plain
# inbound ESMTP hop "by mail.example.org"), was accepted for a local
# user whose mailbox was full, and bounced to alice.  The relay's name
# in that hop is no submission: backscatter.  notmuch is off (alice
# relies on her relay), so nothing else speaks.
KIND="relay: inbound ESMTP hop through the user's own server"
EXPECT=quarantine
setup() {
	. "$TESTDATA/scenarios/weigh-lib.sh"
	printf '[evidence]\nrelays = mail.example.org\n[notmuch]\nconfig = none\n' | write_config
}
message() {
	. "$TESTDATA/scenarios/weigh-lib.sh"
	DSN_MTA=mail.example.org RCPT=carol@example.org remote_dsn 07f <<EOF
Return-Path: <alice@example.org>
Received: from dsl-198-51-100-7.isp.example (dsl-198-51-100-7.isp.example [198.51.100.7])
	by mail.example.org (Postfix) with ESMTP id 4Y1Q2R3S4T
	for <carol@example.org>; $(days_ago 0.04)
From: Alice Example <alice@example.org>
To: carol@example.org
Subject: pills
Date: $(days_ago 0.04)
Message-ID: <pills-07f@example.org>
EOF
}
