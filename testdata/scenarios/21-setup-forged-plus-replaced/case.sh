# The twin: the same report shape, From alice+shop@example.org, but her
# copies in .Sent went to other people about other things; the forgery
# itself reached her inbox from outside and was indexed.
KIND="setup: ID replaced, plus-address, forged"
EXPECT=quarantine
. "$TESTDATA/scenarios/setup-lib.sh"
setup() {
	local i
	for i in 1 2 3 4; do
		sent_copy "other-$i-21w@example.org" 'Alice <alice+shop@example.org>' "note $i" "" "friend$i@else.example" < /dev/null | put_copy .Sent index
	done
	inbound_hops | sent_copy scen-21w@example.org 'Alice <alice+shop@example.org>' | put_copy "" index
}
message() {
	{
		printf 'Received: from AM0PR01MB1234.eurprd01.prod.exchangelabs.com ([fe80::1c2d:3e4f:5a6b:7c8d]) by\n'
		printf ' AM0PR01MB1234.eurprd01.prod.exchangelabs.com ([fe80::1c2d:3e4f:5a6b:7c8d%%5]) with\n'
		printf ' mapi id 15.20.8207.010; Thu, 28 Nov 2024 15:58:00 +0000\n'
		printf 'From: Alice <alice+shop@example.org>\nTo: "nobody@example.net" <nobody@example.net>\n'
		printf 'Subject: Re: invoice\nDate: Thu, 28 Nov 2024 15:58:00 +0000\n'
		printf 'Message-ID: <AM0PR01MB1234A1B2C3D4E5F6A7B8C9D0E1F2C@AM0PR01MB1234.eurprd01.prod.exchangelabs.com>\n'
		printf 'MIME-Version: 1.0\nContent-Type: text/plain; charset="us-ascii"\n\n'
	} | o365_ndr_of nobody@example.net
}
