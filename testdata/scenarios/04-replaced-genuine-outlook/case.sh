# Thunderbird sent through Outlook.com's SMTP, which replaced the
# Message-ID; the Exchange Online report quotes the new one.  The sent
# copy (indexed, with the client's ID) has the same recipient, subject
# and Date.
KIND="Message-ID replaced by Outlook.com (Exchange Online NDR)"
EXPECT=inbox
setup() {
	. "$TESTS_DIR/lib-sent.sh"
	sent_copy scen-04a@example.org < /dev/null | put_copy .Sent index
}
message() {
	. "$TESTS_DIR/lib-sent.sh"
	{
		printf 'Received: from AM0PR01MB1234.eurprd01.prod.exchangelabs.com ([fe80::1c2d:3e4f:5a6b:7c8d]) by\n'
		printf ' AM0PR01MB1234.eurprd01.prod.exchangelabs.com ([fe80::1c2d:3e4f:5a6b:7c8d%%5]) with\n'
		printf ' mapi id 15.20.8207.010; Thu, 28 Nov 2024 15:58:00 +0000\n'
		printf 'From: Alice Example <alice@example.org>\nTo: "nobody@example.net" <nobody@example.net>\n'
		printf 'Subject: Re: invoice\nDate: Thu, 28 Nov 2024 15:58:00 +0000\n'
		printf 'Message-ID: <AM0PR01MB1234A1B2C3D4E5F6A7B8C9D0E1F2A@AM0PR01MB1234.eurprd01.prod.exchangelabs.com>\n'
		printf 'MIME-Version: 1.0\nContent-Type: text/plain; charset="us-ascii"\n\n'
	} | o365_ndr_of nobody@example.net
}
