#!/usr/bin/env bash
# 0230: auto-replies (RFC 3834) are judged by their In-Reply-To/References:
# an answer to a sent message goes to the inbox, one to an unknown message
# is quarantined, one with no reference is unverified.  A human reply to an
# unknown message is ordinary mail.
. "${TESTS_DIR:-$(dirname "$0")/..}/lib.sh"
plan 18
mkhome
add_sent sent-0230@example.org

# To a sent message.
make_autoreply sent-0230@example.org > ar.eml
SENDER=bob@example.net deliver ar.eml
is "$RC" 0 "reply to a sent message: exit 0"
is "$(count "$MAILDIR")" 1 "reply to a sent message: in the inbox"
f=$(newest "$MAILDIR")
like "$(first_line "$f")" "$(xb_re genuine autoreply sent-0230@example.org)" "reply to a sent message: genuine; class=autoreply; ref"
ok "reply to a sent message: byte for byte" same_after 1 "$f" ar.eml
is "$(count "$QUARANTINE")" 0 "reply to a sent message: not quarantined"

# To an unknown message.
make_autoreply unknown-0230@example.org | sed 's/^Message-ID: .*/Message-ID: <ar-unknown-0230@example.net>/' > ar2.eml
SENDER=bob@example.net deliver ar2.eml
is "$RC" 0 "reply to an unknown message: exit 0"
is "$(count "$QUARANTINE")" 1 "reply to an unknown message: quarantined"
is "$(count "$MAILDIR")" 1 "reply to an unknown message: not in the inbox"
q=$(newest "$QUARANTINE")
like "$(first_line "$q")" "$(xb_re backscatter autoreply unknown-0230@example.org)" "reply to an unknown message: backscatter; class=autoreply"
ok "reply to an unknown message: byte for byte" same_after 1 "$q" ar2.eml
ok "tagged backscatter" has_tag ar-unknown-0230@example.net backscatter
ok "tagged autoreply" has_tag ar-unknown-0230@example.net autoreply
ok "not tagged inbox" lacks_tag ar-unknown-0230@example.net inbox

# No reference (vacation-style): unverified, quarantined by default, when
# the correspondence check (tests/e2e/1040) is turned off.
write_config <<'EOF'
[evidence]
correspondence_days = 0
EOF
make_autoreply | sed 's/^Message-ID: .*/Message-ID: <ar-noref-0230@example.net>/' > ar3.eml
SENDER=bob@example.net deliver ar3.eml
is "$RC" 0 "auto-reply without reference: exit 0"
q=$(grep -l -F '<ar-noref-0230@example.net>' $(msgs "$QUARANTINE") /dev/null)
like "$(first_line "${q:-/dev/null}")" "$(xb_re unverified autoreply)" "auto-reply without reference: unverified; class=autoreply"

# A person's reply to a message the user never sent is not automated.
cat > human.eml <<'EOF'
Received: from mail.example.net (mail.example.net [192.0.2.10])
	by mx.example.org (Postfix) with ESMTPS id 4Y0H4M0002
	for <alice@example.org>; Thu, 28 Nov 2024 16:10:00 +0000 (UTC)
From: Carol <carol@example.net>
To: Alice <alice@example.org>
Subject: Re: the meeting
Date: Thu, 28 Nov 2024 16:10:00 +0000
Message-ID: <human-0230@example.net>
In-Reply-To: <unknown-0230@example.org>
References: <unknown-0230@example.org>
MIME-Version: 1.0
Content-Type: text/plain; charset=us-ascii

Sounds good to me.
EOF
SENDER=carol@example.net deliver human.eml
is "$RC" 0 "human reply: exit 0"
f=$(grep -l -F '<human-0230@example.net>' $(msgs "$MAILDIR") /dev/null)
ok "human reply to an unknown message: in the inbox" test -n "$f"
like "$(first_line "${f:-/dev/null}")" '^X-Backstop: ham; class=none(;|$)' "human reply: ham; class=none"
