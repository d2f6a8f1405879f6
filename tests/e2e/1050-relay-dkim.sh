#!/usr/bin/env bash
# 1050: signs of the way the original travelled.  [evidence] relays: an
# original whose Received chain passed one of the user's outgoing
# servers is genuine, one that entered elsewhere is backscatter.
# [evidence] dkim_domains: an original From such a domain without its
# DKIM-Signature is forged; Authentication-Results decide the rest.
# notmuch is off and there is no sent log.
. "${TESTS_DIR:-$(dirname "$0")/..}/lib.sh"
. "$TESTS_DIR/lib-send.sh"
plan 18
mkhome
mksend <<'EOF'
[evidence]
relays = smtp.example.org, *.outbound.example.com
EOF

# dsn NAME: deliver a DSN whose original's headers come from stdin.
dsn() {
	make_dsn "$1" > "$1.eml"
	SENDER= deliver "$1.eml"
	f=$(delivered_with "dsn-$1@mx.example.org")
}

dsn via-relay <<'EOF'
Received: from smtp.example.org (smtp.example.org [192.0.2.1])
	by mx.example.net (Postfix) with ESMTPS id 4Y0A
	for <nobody@example.net>; Thu, 28 Nov 2024 15:58:01 +0000
Received: from [10.0.0.5] (laptop [10.0.0.5])
	by smtp.example.org (Postfix) with ESMTPSA id 4Y09
	for <nobody@example.net>; Thu, 28 Nov 2024 15:58:00 +0000
From: Alice Example <alice@example.org>
To: nobody@example.net
Subject: the invoice
Message-ID: <via-relay@laptop.example.org>
EOF
is "$(folder_of "$f")" inbox "original passed smtp.example.org: inbox"
like "$(xb_of "$f")" "^X-Backstop: genuine; class=bounce; ref=via-relay@laptop\.example\.org; (failed=[^;]*; status=[0-9.]+; )?evidence=notmuch:no-opinion,relay:sent\$" "genuine by the relay path"

dsn via-glob <<'EOF'
Received: from out3.outbound.example.com (out3.outbound.example.com [192.0.2.3])
	by mx.example.net (Postfix) with ESMTPS id 4Y0B; Thu, 28 Nov 2024 15:58:01 +0000
From: Alice Example <alice@example.org>
Message-ID: <via-glob@laptop.example.org>
EOF
is "$(folder_of "$f")" inbox "a relay glob (*.outbound.example.com) matches: inbox"

dsn botnet <<'EOF'
Received: from [198.51.100.7] (dsl-198-51-100-7.isp.example [198.51.100.7])
	by mx.example.net (Postfix) with ESMTP id 4Y0C; Thu, 28 Nov 2024 15:58:01 +0000
From: Alice Example <alice@example.org>
Message-ID: <botnet@spammer.example>
EOF
is "$(folder_of "$f")" quarantine "original entered at a botnet host: quarantine"
like "$(xb_of "$f")" "relay:not-sent\$" "backscatter by the relay path"
"$BACKSTOP" check --json botnet.eml > botnet.json
like "$(jq -r '.evidence[] | select(.source == "relay") | .detail' botnet.json)" "entered at 198\.51\.100\.7" "check --json: where it entered"

dsn no-received <<'EOF'
From: Alice Example <alice@example.org>
Message-ID: <no-received@laptop.example.org>
EOF
like "$(xb_of "$f")" "^X-Backstop: unverified; .*relay:no-opinion\$" "an original with no Received line: no opinion"

# A forger's fake Received line naming the relay, and it entered elsewhere:
# still 'passed a relay' (ranked below the logs, which are off here).
# DKIM catches it below.

# DKIM.
send_config <<'EOF'
[evidence]
dkim_domains = example.org
EOF
dsn nosig <<'EOF'
Received: from [198.51.100.7] by mx.example.net; Thu, 28 Nov 2024 15:58:01 +0000
From: Alice Example <alice@example.org>
Message-ID: <nosig@spammer.example>
EOF
is "$(folder_of "$f")" quarantine "From example.org without a DKIM-Signature: quarantine"
like "$(xb_of "$f")" "dkim:not-sent\$" "backscatter by DKIM"

dsn signed-pass <<'EOF'
Authentication-Results: mx.example.net; dkim=pass (2048-bit key) header.d=example.org header.i=@example.org header.b=abcd
Received: from smtp.example.org by mx.example.net; Thu, 28 Nov 2024 15:58:01 +0000
DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.org;
	s=mail; h=from:to:subject; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=;
	b=abcd
From: Alice Example <alice@example.org>
Message-ID: <signed-pass@laptop.example.org>
EOF
is "$(folder_of "$f")" inbox "DKIM-Signature d=example.org and dkim=pass: inbox"
like "$(xb_of "$f")" "dkim:sent\$" "genuine by DKIM"

dsn signed-fail <<'EOF'
Authentication-Results: mx.example.net; dkim=fail reason="signature verification failed" header.d=example.org
DKIM-Signature: v=1; a=rsa-sha256; d=example.org; s=mail; h=from; bh=x; b=copied
From: Alice Example <alice@example.org>
Message-ID: <signed-fail@spammer.example>
EOF
is "$(folder_of "$f")" quarantine "a copied DKIM-Signature that failed: quarantine"

dsn signed-unknown <<'EOF'
DKIM-Signature: v=1; a=rsa-sha256; d=example.org; s=mail; h=from; bh=x; b=y
From: Alice Example <alice@example.org>
Message-ID: <signed-unknown@laptop.example.org>
EOF
like "$(xb_of "$f")" "^X-Backstop: unverified; .*dkim:no-opinion\$" "a signature without Authentication-Results: no opinion"

dsn other-domain <<'EOF'
From: Alice <alice@old.example>
Message-ID: <other-domain@old.example>
EOF
like "$(xb_of "$f")" "dkim:no-opinion\$" "an original From another domain: no opinion"

dsn subdomain-sig <<'EOF'
DKIM-Signature: v=1; a=rsa-sha256; d=evil.example; s=mail; h=from; bh=x; b=y
From: Alice <alice@mail.example.org>
Message-ID: <subdomain-sig@spammer.example>
EOF
like "$(xb_of "$f")" "dkim:not-sent\$" "From a subdomain, signed by another domain: not sent"

# Both: a fake Received naming the relay, but no DKIM signature.  Within
# the rank of relay and DKIM, a bad sign wins.
send_config <<'EOF'
[evidence]
relays = smtp.example.org
dkim_domains = example.org
EOF
dsn fake-received <<'EOF'
Received: from [198.51.100.7] by mx.example.net; Thu, 28 Nov 2024 15:58:01 +0000
Received: from laptop by smtp.example.org; Thu, 28 Nov 2024 15:58:00 +0000
From: Alice Example <alice@example.org>
Message-ID: <fake-received@spammer.example>
EOF
is "$(folder_of "$f")" quarantine "a faked relay line without DKIM: quarantine"
like "$(xb_of "$f")" "relay:sent,dkim:not-sent\$" "relay says sent, DKIM says not: not sent wins in that rank"

# The bounce's own headers never count: a top-level Received by the relay
# and a top-level DKIM-Signature do not make a forged original genuine.
make_dsn top-level <<'EOF' | sed '1a Received: from smtp.example.org by mx.example.org; Thu, 28 Nov 2024 16:00:00 +0000\nDKIM-Signature: v=1; d=example.org; s=x; b=y' > top-level.eml
Received: from [198.51.100.7] by mx.example.net; Thu, 28 Nov 2024 15:58:01 +0000
From: Alice Example <alice@example.org>
Message-ID: <top-level@spammer.example>
EOF
SENDER= deliver top-level.eml
is "$(folder_of "$(delivered_with dsn-top-level@mx.example.org)")" quarantine "the answer's own Received and DKIM-Signature do not count"
