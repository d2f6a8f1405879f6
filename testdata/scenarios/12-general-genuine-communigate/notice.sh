# shellcheck shell=bash
# A CommuniGate Pro-style bounce that no family stage knows (issue 12):
# the last-resort recogniser sees a mail-system sender, a status code,
# a diagnostic phrase and the attached original.
communigate_message() {
	cat <<MSG
Return-Path: <>
From: Mail Delivery Module <postmaster@cgp.example.net>
To: alice@example.org
Subject: Undeliverable mail: lunch
Date: Thu, 28 Nov 2024 16:00:00 +0000
Message-ID: <cgp-12@cgp.example.net>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="B12"

--B12
Content-Type: text/plain; charset=us-ascii

Failed to deliver to '<carol@cgp.example.net>'
SMTP module(domain cgp.example.net) reports:
 550 5.1.1 unknown user

--B12
Content-Type: message/rfc822

From: Alice Example <alice@example.org>
To: carol@cgp.example.net
Subject: lunch
Date: Thu, 28 Nov 2024 15:58:00 +0000
Message-ID: <$1>

lunch?
--B12--
MSG
}
