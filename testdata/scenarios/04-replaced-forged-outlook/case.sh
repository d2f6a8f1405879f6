# The twin: an Exchange Online report of a forgery to a correspondent of
# the user's, the same day, under another subject: no sent copy matches.
KIND="forged, unknown ID, no sent copy by recipient, subject and date"
EXPECT=quarantine
setup() {
	. "$TESTS_DIR/lib-sent.sh"
	sent_copy scen-04a@example.org < /dev/null | put_copy .Sent index
}
message() {
	. "$TESTS_DIR/lib-sent.sh"
	{
		printf 'Received: from bot-17.dyn.example.net (bot-17.dyn.example.net [198.51.100.17])\n'
		printf ' by AM0PR01MB5678.eurprd01.prod.exchangelabs.com with ESMTP; Thu, 28 Nov 2024 15:58:00 +0000\n'
		printf 'From: Alice Example <alice@example.org>\nTo: nobody@example.net\n'
		printf 'Subject: Payment overdue - open the attached statement\nDate: Thu, 28 Nov 2024 15:58:00 +0000\n'
		printf 'Message-ID: <20241128155800.77A1B2C3@bot-17.dyn.example.net>\n'
		printf 'MIME-Version: 1.0\nContent-Type: text/plain; charset="us-ascii"\n\n'
	} | o365_ndr_of nobody@example.net
}
