# dkim_domains = example.org, and a forgery carrying a copied
# DKIM-Signature of example.org plus a "dkim=pass" Authentication-Results
# the forger wrote himself (below his fake Received: line).  The
# bouncing server wrote none: the forger's pass must not count.  notmuch
# is off, so nothing else speaks.
KIND="forger's own dkim=pass further down the original"
EXPECT=quarantine
setup() {
	. "$TESTDATA/scenarios/weigh-lib.sh"
	printf '[evidence]\ndkim_domains = example.org\n[notmuch]\nconfig = none\n' | write_config
}
message() {
	. "$TESTDATA/scenarios/weigh-lib.sh"
	remote_dsn 11t <<EOF
Return-Path: <alice@example.org>
Received: from bot.example.net (bot.example.net [198.51.100.8])
	by mx.remote.example (Postfix) with ESMTP id 4Y1Q2R3S4T
	for <bob@remote.example>; $(days_ago 0.04)
Received: from localhost by mail.fake-relay.example with ESMTP id 7; $(days_ago 0.05)
Authentication-Results: mx.remote.example; dkim=pass (2048-bit key) header.d=example.org
DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.org; s=s1; h=from:to:subject; bh=abc=; b=Qx1aBc
From: Alice Example <alice@example.org>
To: bob@remote.example
Subject: invoice
Date: $(days_ago 0.05)
Message-ID: <forger-11t@example.org>
EOF
}
