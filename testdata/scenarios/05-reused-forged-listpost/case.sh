# The twin: spam that reused the Message-ID of the user's public list
# post (her copy in .Sent, to the list, three weeks earlier) bounced
# from a stranger's recipient: other recipients, another subject, a Date
# weeks away, a path through a botnet host.  Forged.
KIND="ID of a public list post reused by spam"
EXPECT=quarantine
setup() {
	. "$TESTS_DIR/lib-sent.sh"
	sent_copy scen-05b@example.org "" "Re: [parser] patch review for the tokenizer" \
		"Thu, 07 Nov 2024 09:12:00 +0000" "dev@lists.example.org" < /dev/null | put_copy .Sent index
}
message() {
	. "$TESTS_DIR/lib-sent.sh"
	{
		printf 'Return-Path: <alice@example.org>\n'
		printf 'Received: from bot-17.dyn.example.net (bot-17.dyn.example.net [198.51.100.17])\n'
		printf '\tby mx.example.org (Postfix) with ESMTP id 4Y0Q1R2S43\n'
		printf '\tfor <victim@example.net>; Thu, 28 Nov 2024 15:58:02 +0000 (UTC)\n'
		printf 'Message-ID: <scen-05b@example.org>\n'
		printf 'Date: Thu, 28 Nov 2024 15:58:00 +0000\n'
		printf 'From: Alice Example <alice@example.org>\nTo: victim@example.net\n'
		printf 'Subject: Your account statement is ready\n'
		printf 'MIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n\nOpen the link.\n'
	} | postfix_dsn_of victim@example.net
}
