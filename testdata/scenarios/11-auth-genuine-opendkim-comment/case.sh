# dkim_domains = example.org: alice's provider signs all her mail.  The
# bouncing server's OpenDKIM wrote "dkim=pass (2048-bit key; unprotected)
# header.d=example.org": the ";" inside the comment must not split the
# result and hide the pass.  Webmail: notmuch never saw the message.
KIND="OpenDKIM comment with ';' in the bouncing server's dkim=pass"
EXPECT=inbox
setup() {
	. "$TESTDATA/scenarios/weigh-lib.sh"
	indexed_sent 4
	printf '[evidence]\ndkim_domains = example.org\n' | write_config
}
message() {
	. "$TESTDATA/scenarios/weigh-lib.sh"
	remote_dsn 11o <<EOF
Return-Path: <alice@example.org>
Authentication-Results: mx.remote.example; dkim=pass (2048-bit key; unprotected) header.d=example.org header.i=@example.org header.b="Qx1aBc"
Received: from webmail.example.org (webmail.example.org [192.0.2.3])
	by mx.remote.example (Postfix) with ESMTPS id 4Y1Q2R3S4T
	for <bob@remote.example>; $(days_ago 0.04)
DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.org; s=s1; h=from:to:subject; bh=abc=; b=Qx1aBc
From: Alice Example <alice@example.org>
To: bob@remote.example
Subject: the minutes
Date: $(days_ago 0.05)
Message-ID: <webmail-11o@example.org>
EOF
}
