# The sent copy (in .Sent, 8-bit subject, Date in +0100) against what
# the bounce quotes: the same message after the user's relays (more
# Received: lines, the subject re-encoded, the Date in UTC, a display
# name added).  Nothing contradicts: genuine.
KIND="ID found, quoted original differs only in encoding and relays"
EXPECT=inbox
setup() {
	. "$TESTS_DIR/lib-sent.sh"
	sent_copy scen-05a@example.org "" "Re: Rechnung für November" "Thu, 28 Nov 2024 16:58:00 +0100" \
		< /dev/null | put_copy .Sent index
}
message() {
	. "$TESTS_DIR/lib-sent.sh"
	{
		printf 'Return-Path: <alice@example.org>\n'
		printf 'Received: from smtp.provider.example (smtp.provider.example [192.0.2.50])\n'
		printf '\tby mx.example.org (Postfix) with ESMTPS id 4Y0Q1R2S40\n'
		printf '\tfor <nobody@example.net>; Thu, 28 Nov 2024 15:58:02 +0000 (UTC)\n'
		printf 'Received: from laptop.home (dsl-203-0-113-5.isp.example [203.0.113.5])\n'
		printf '\t(Authenticated sender: alice@example.org)\n'
		printf '\tby smtp.provider.example (Postfix) with ESMTPSA id 4Y0Q1R2S41\n'
		printf '\tfor <nobody@example.net>; Thu, 28 Nov 2024 15:58:01 +0000 (UTC)\n'
		printf 'Received: by laptop.home (Postfix, from userid 1000)\n'
		printf '\tid 4Y0Q1R2S42; Thu, 28 Nov 2024 16:58:00 +0100 (CET)\n'
		printf 'Message-ID: <scen-05a@example.org>\n'
		printf 'Date: Thu, 28 Nov 2024 15:58:00 +0000\n'
		printf 'From: Alice Example <alice@example.org>\nTo: Nobody <nobody@example.net>\n'
		printf 'Subject: =?UTF-8?Q?Re=3A_Rechnung_f=C3=BCr_November?=\n'
		printf 'MIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n\nAnbei die Rechnung.\n'
	} | postfix_dsn_of nobody@example.net
}
