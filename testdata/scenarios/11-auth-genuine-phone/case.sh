# Alice wrote from her phone through her provider's submission server;
# no copy reached notmuch, which holds all her other recent sent mail
# (a miss at full coverage).  The server that bounced it kept its own
# Authentication-Results on the returned original: SPF, DKIM and DMARC
# pass for example.org.  That proves the message left her provider.
KIND="bouncing server's own SPF/DKIM/DMARC pass (phone, not in notmuch)"
EXPECT=inbox
setup() { . "$TESTDATA/scenarios/weigh-lib.sh"; indexed_sent 4; }
message() {
	. "$TESTDATA/scenarios/weigh-lib.sh"
	remote_dsn 11g <<EOF
Return-Path: <alice@example.org>
Received: from smtp.example.org (smtp.example.org [192.0.2.1])
	by mx.remote.example (Postfix) with ESMTPS id 4Y1Q2R3S4T
	for <bob@remote.example>; $(days_ago 0.04)
Authentication-Results: mx.remote.example;
	dkim=pass (2048-bit key; unprotected) header.d=example.org header.i=@example.org header.a=rsa-sha256 header.s=s1 header.b=Qx1aBc;
	spf=pass (mx.remote.example: domain of alice@example.org designates 192.0.2.1 as permitted sender) smtp.mailfrom=alice@example.org;
	dmarc=pass (p=reject dis=none) header.from=example.org
Received: from [10.20.30.40] (unknown [198.51.100.99])
	by smtp.example.org (Postfix) with ESMTPSA id 4Y1AAA
	for <bob@remote.example>; $(days_ago 0.05)
DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.org; s=s1; h=from:to:subject:date:message-id; bh=abc=; b=Qx1aBcdef
From: Alice Example <alice@example.org>
To: bob@remote.example
Subject: running late
Date: $(days_ago 0.05)
Message-ID: <phone-11g@example.org>
EOF
}
