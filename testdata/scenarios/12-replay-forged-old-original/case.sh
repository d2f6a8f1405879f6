# Alice really sent this message two years ago (her sent copy is in
# notmuch).  Someone sent it again, today, to a server that bounced it:
# the quoted Date: is far beyond any MTA's retry period.  A replay of
# old mail, not an answer to mail she sent: forged.
KIND="replay: a bounce of a two-year-old message"
EXPECT=quarantine
setup() { . "$TESTDATA/scenarios/weigh-lib.sh"; indexed_sent 3; sent_to old-12@example.org bob@remote.example 730; }
message() {
	. "$TESTDATA/scenarios/weigh-lib.sh"
	remote_dsn 12f <<EOF
Return-Path: <alice@example.org>
Received: from bot.example.net (bot.example.net [198.51.100.8])
	by mx.remote.example (Postfix) with ESMTP id 4Y1Q2R3S4T
	for <bob@remote.example>; $(days_ago 0.04)
From: Alice Example <alice@example.org>
To: bob@remote.example
Subject: note 4
Date: $(days_ago 730)
Message-ID: <old-12@example.org>
EOF
}
