# shellcheck shell=bash
# Mailman 2.1 refusing a post (issue 12): the notice comes from the
# list's -owner address with X-List-Administrivia and attaches the post.
listnotice_message() {
	cat <<MSG
Return-Path: <devel-bounces@lists.example.net>
From: devel-owner@lists.example.net
To: alice@example.org
Subject: Re: patch for the parser
Date: Thu, 28 Nov 2024 16:00:00 +0000
Message-ID: <mailman.7.1732809600.99.devel@lists.example.net>
X-List-Administrivia: yes
X-Mailman-Version: 2.1.39
Precedence: bulk
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="===1"

--===1
Content-Type: text/plain; charset=us-ascii

You are not allowed to post to this mailing list, and your message has
been automatically rejected.  If you think that your messages are
being rejected in error, contact the mailing list owner at
devel-owner@lists.example.net.

--===1
Content-Type: message/rfc822

From: Alice Example <alice@example.org>
To: devel@lists.example.net
Subject: patch for the parser
Date: Thu, 28 Nov 2024 15:58:00 +0000
Message-ID: <$1>

the patch
--===1--
MSG
}
