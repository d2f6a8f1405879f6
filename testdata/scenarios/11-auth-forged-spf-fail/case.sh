# A spammer sent mail From alice's address from a botnet host; the
# server that bounced it recorded SPF softfail and DMARC fail for
# example.org.  Lower down, under the forger's own fake Received: line,
# the forger wrote a "pass" of his own: it is not the bouncing server's.
KIND="bouncing server's own SPF softfail / DMARC fail"
EXPECT=quarantine
setup() { . "$TESTDATA/scenarios/weigh-lib.sh"; indexed_sent 4; }
message() {
	. "$TESTDATA/scenarios/weigh-lib.sh"
	remote_dsn 11f <<EOF
Return-Path: <alice@example.org>
Received: from dsl-198-51-100-7.isp.example (dsl-198-51-100-7.isp.example [198.51.100.7])
	by mx.remote.example (Postfix) with ESMTP id 4Y1Q2R3S4T
	for <bob@remote.example>; $(days_ago 0.04)
Received-SPF: softfail (mx.remote.example: domain of transitioning alice@example.org does not designate 198.51.100.7 as permitted sender) client-ip=198.51.100.7; envelope-from=alice@example.org; helo=dsl-198-51-100-7.isp.example;
Authentication-Results: mx.remote.example; dkim=none (no signatures found; message not signed); dmarc=fail (p=none dis=none) header.from=example.org
Received: from laptop by smtp.example.org with ESMTPSA id 1; $(days_ago 0.05)
Authentication-Results: mx.remote.example; dkim=pass header.d=example.org; spf=pass smtp.mailfrom=alice@example.org; dmarc=pass header.from=example.org
From: Alice Example <alice@example.org>
To: bob@remote.example
Subject: cheap watches
Date: $(days_ago 0.05)
Message-ID: <watches-11f@example.org>
EOF
}
