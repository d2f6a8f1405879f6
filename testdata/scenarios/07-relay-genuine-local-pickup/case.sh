# relays = mail.example.org: alice ran mutt on the provider's shell
# host; Postfix's pickup wrote "(Postfix, from userid 1000)".  A local
# submission, and the same server bounced it.
KIND="relay: local pickup (Postfix, from userid N)"
EXPECT=inbox
setup() {
	. "$TESTDATA/scenarios/weigh-lib.sh"
	indexed_sent 4
	printf '[evidence]\nrelays = mail.example.org\n' | write_config
}
message() {
	. "$TESTDATA/scenarios/weigh-lib.sh"
	DSN_MTA=mail.example.org remote_dsn 07p <<EOF
Return-Path: <alice@example.org>
Received: by mail.example.org (Postfix, from userid 1000)
	id 4Y1Q2R3S4T; $(days_ago 0.04)
From: Alice Example <alice@example.org>
To: bob@remote.example
Subject: the shell host
Date: $(days_ago 0.04)
Message-ID: <shell-07p@example.org>
EOF
}
