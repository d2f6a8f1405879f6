# alice sent From alice+shop@example.org through Outlook.com, which
# replaced the Message-ID; the Exchange report quotes the new one.  Her
# copy (indexed in .Sent, untagged) has the same recipient, subject and
# Date.  notmuch's from:"alice@example.org" does not find a message
# From alice+shop@example.org, so the search by what the original said
# must ask for the original's own From, when it is an address of hers.
KIND="setup: ID replaced on the way, sent From a plus-address"
EXPECT=inbox
. "$TESTDATA/scenarios/setup-lib.sh"
setup() {
	sent_copy scen-21r@example.org 'Alice <alice+shop@example.org>' < /dev/null | put_copy .Sent index
}
message() {
	{
		printf 'Received: from AM0PR01MB1234.eurprd01.prod.exchangelabs.com ([fe80::1c2d:3e4f:5a6b:7c8d]) by\n'
		printf ' AM0PR01MB1234.eurprd01.prod.exchangelabs.com ([fe80::1c2d:3e4f:5a6b:7c8d%%5]) with\n'
		printf ' mapi id 15.20.8207.010; Thu, 28 Nov 2024 15:58:00 +0000\n'
		printf 'From: Alice <alice+shop@example.org>\nTo: "nobody@example.net" <nobody@example.net>\n'
		printf 'Subject: Re: invoice\nDate: Thu, 28 Nov 2024 15:58:00 +0000\n'
		printf 'Message-ID: <AM0PR01MB1234A1B2C3D4E5F6A7B8C9D0E1F2B@AM0PR01MB1234.eurprd01.prod.exchangelabs.com>\n'
		printf 'MIME-Version: 1.0\nContent-Type: text/plain; charset="us-ascii"\n\n'
	} | o365_ndr_of nobody@example.net
}
