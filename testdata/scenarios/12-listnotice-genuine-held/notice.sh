# shellcheck shell=bash
# Mailman 2.1 holding a post for the moderator (issue 12): no original
# attached, only its Subject quoted; the list's address (from the
# -owner sender) is the recipient the correspondence check asks about.
held_message() {
	cat <<MSG
Return-Path: <devel-bounces@lists.example.net>
From: devel-owner@lists.example.net
To: alice@example.org
Subject: Your message to Devel awaits moderator approval
Date: Thu, 28 Nov 2024 16:00:00 +0000
Message-ID: <mailman.8.1732809600.99.devel@lists.example.net>
X-List-Administrivia: yes
Precedence: bulk
List-Id: Devel <devel.lists.example.net>
MIME-Version: 1.0
Content-Type: text/plain; charset=us-ascii

Your mail to 'Devel' with the subject

    the invoice

Is being held until the list moderator can review it for approval.

The reason it is being held:

    Post by non-member to a members-only list
MSG
}

# held_setup TO: the user sent a message to TO through backstop sendmail.
held_setup() {
	mksend </dev/null
	make_outgoing held-12@example.org | sed "s/^To: .*/To: $1/" > "$WORKDIR/out.eml"
	send "$WORKDIR/out.eml" -t
}
