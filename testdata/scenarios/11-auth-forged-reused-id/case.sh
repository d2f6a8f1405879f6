# Spam that reuses the Message-ID of alice's public list post: notmuch
# holds her sent copy with that ID, but the server that bounced the spam
# found SPF and DMARC fail for example.org.  The bouncing server's
# failure outweighs the record.
KIND="reused Message-ID, bouncing server's DMARC fail"
EXPECT=quarantine
setup() { . "$TESTDATA/scenarios/weigh-lib.sh"; indexed_sent 3; sent_to list-11@example.org list@lists.example 3; }
message() {
	. "$TESTDATA/scenarios/weigh-lib.sh"
	remote_dsn 11r <<EOF
Return-Path: <alice@example.org>
Received: from bot.example.net (bot.example.net [198.51.100.8])
	by mx.remote.example (Postfix) with ESMTP id 4Y1Q2R3S4T
	for <bob@remote.example>; $(days_ago 0.04)
Authentication-Results: mx.remote.example; spf=fail (mx.remote.example: domain of alice@example.org does not designate 198.51.100.8 as permitted sender) smtp.mailfrom=alice@example.org; dmarc=fail (p=quarantine dis=quarantine) header.from=example.org
From: Alice Example <alice@example.org>
To: bob@remote.example
Subject: you won
Date: $(days_ago 0.05)
Message-ID: <list-11@example.org>
EOF
}
