/*
 * test-sent-mail.c: submission hops (submission.c), sent folder names
 * (sent-folders.c), and the quoted original against a sent copy
 * (original-match.c).  The Received: lines follow what each MTA
 * writes (Postfix smtpd_check/cleanup, Exim's received_header_text,
 * sendmail's cf, Gmail, Microsoft 365, Dovecot LMTP, qmail).
 */
#include <string.h>

#include "original-match.h"
#include "sent-mail.h"
#include "submission.h"

static const struct {
	const char *received;
	bool submission;
	bool outside;
} hops[] = {
	/* Gmail SMTP submission, kept in [Gmail]/Sent Mail */
	{ "from [192.168.1.20] (host-203-0-113-5.isp.example. [203.0.113.5])\n"
	  "        by smtp.gmail.com with ESMTPSA id x12sm345678wrt.12.2024.11.28\n"
	  "        for <bob@example.net>\n"
	  "        (version=TLS1_3 cipher=TLS_AES_256_GCM_SHA384 bits=256/256);\n"
	  "        Thu, 28 Nov 2024 07:58:59 -0800 (PST)", true, false },
	/* Postfix with SASL */
	{ "from laptop (unknown [198.51.100.23])\n\t(Authenticated sender: alice@example.org)\n"
	  "\tby mail.example.org (Postfix) with ESMTPSA id 4Y0A1B2C3D\n"
	  "\tfor <bob@example.net>; Thu, 28 Nov 2024 15:59:00 +0000 (UTC)", true, false },
	/* Postfix pickup */
	{ "by mail.example.org (Postfix, from userid 1000)\n\tid 4Y0A1B2C3E; Thu, 28 Nov 2024 15:59:00 +0000 (UTC)",
	  true, false },
	/* Exim local and authenticated */
	{ "from alice by host.example.org with local (Exim 4.96)\n\t(envelope-from <alice@example.org>)\n"
	  "\tid 1tGbq0-000123-AB; Thu, 28 Nov 2024 15:59:00 +0000", true, false },
	{ "from [203.0.113.9] (helo=[10.0.0.5])\n\tby mail.example.org with esmtpsa  (TLS1.3) tls TLS_AES_256_GCM_SHA384\n"
	  "\t(Exim 4.96)\n\t(envelope-from <alice@example.org>)\n\tid 1tGbq0-000124-CD", true, false },
	/* sendmail MSP and AUTH */
	{ "(from alice@localhost)\n\tby host.example.org (8.17.1/8.17.1/Submit) id 4ASFx0aB012345;", true, false },
	{ "from laptop (dsl.example.net [198.51.100.40])\n\t(authenticated bits=0)\n"
	  "\tby mail.example.org (8.17.1/8.17.1) with ESMTP id 4ASFx0aC012346", true, false },
	/* webmail and Outlook */
	{ "by 2002:a05:7300:5c0a:b0:13d:9c4b:1c7 with HTTP; Thu, 28 Nov 2024 07:58:59 -0800 (PST)", true, false },
	{ "from AM0PR01MB1234.eurprd01.prod.exchangelabs.com ([fe80::1234:5678:9abc:def0])\n"
	  " by AM0PR01MB1234.eurprd01.prod.exchangelabs.com ([fe80::1234:5678:9abc:def0%5]) with mapi id\n"
	  " 15.20.8207.010; Thu, 28 Nov 2024 15:58:59 +0000", true, false },
	/* qmail-inject */
	{ "(qmail 12345 invoked by uid 1000); 28 Nov 2024 15:59:00 -0000", true, false },
	/* inbound: how a forgery reaches the user's MX */
	{ "from mail.attacker.example (mail.attacker.example [198.51.100.7])\n"
	  "\tby mx.example.org (Postfix) with ESMTP id 4Y0A1B2C3D\n"
	  "\tfor <alice@example.org>; Thu, 28 Nov 2024 15:59:00 +0000 (UTC)", false, true },
	{ "from mail.attacker.example ([198.51.100.7] helo=x) by mx.example.org with esmtp (Exim 4.96)",
	  false, true },
	{ "(qmail 4321 invoked from network); 28 Nov 2024 15:59:00 -0000", false, false },
	{ "from bot.example.net by mx.example.org with SMTP; Thu, 28 Nov 2024", false, true },
	/* internal hops: the user's own server */
	{ "from mx.example.org ([10.0.0.5])\n\tby imap.example.org with LMTP id abc", false, false },
	{ "from localhost (localhost [127.0.0.1])\n\tby mail.example.org (Postfix) with ESMTP id 4Y0", false, false },
	{ "from localhost by mail.example.org with ESMTP", false, false },
	{ "by mx.example.org (Postfix) id 4Y0A1B2C3D; Thu, 28 Nov 2024", false, false },
	/* "with ESMTP" is not authenticated, nor is "SMTPS" */
	{ "from a.example ([203.0.113.1]) by b.example with ESMTPS id 1", false, true },
	{ "from a.example ([203.0.113.1]) by b.example with UTF8SMTPSA id 1", true, false },
	{ "from a.example ([203.0.113.1]) by b.example with LMTPA id 1", true, false },
};

static void
test_hops(void)
{
	for (size_t i = 0; i < G_N_ELEMENTS(hops); i++) {
		if (submission_hop(hops[i].received, NULL) != hops[i].submission ||
		    received_from_outside(hops[i].received) != hops[i].outside)
			g_error("hop %zu: %s", i, hops[i].received);
	}
}

static GMimeMessage *
parse(const char *text)
{
	GMimeStream *s = g_mime_stream_mem_new_with_buffer(text, strlen(text));
	GMimeParser *p = g_mime_parser_new_with_stream(s);
	GMimeMessage *m = g_mime_parser_construct_message(p, NULL);

	g_object_unref(p);
	g_object_unref(s);
	return m;
}

static void
test_chain(void)
{
	/* A forged submission line below the MX's inbound one. */
	GMimeMessage *forged = parse(
	    "Received: from bot.example.net (bot.example.net [198.51.100.7])\n"
	    "\tby mx.example.org (Postfix) with ESMTP id 1\n"
	    "Received: from x (y [1.2.3.4]) by smtp.example.org with ESMTPSA id 2\n"
	    "From: alice@example.org\n\n");
	GMimeMessage *sent = parse(
	    "Received: from compute1.internal (compute1.internal [10.202.2.41])\n"
	    "\tby mailout.nyi.internal (Postfix) with ESMTP id 3\n"
	    "Received: from [192.168.1.2] (dsl.example.net [203.0.113.5])\n"
	    "\tby mail.messagingengine.com (Postfix) with ESMTPA id 4\n"
	    "From: alice@example.org\n\n");
	GMimeMessage *none = parse("From: alice@example.org\n\n");

	g_assert_nonnull(received_chain_outside_hop(forged));
	g_assert_null(received_chain_outside_hop(sent));
	g_assert_null(received_chain_outside_hop(none));
	g_object_unref(forged);
	g_object_unref(sent);
	g_object_unref(none);
}

static void
test_folders(void)
{
	char *configured[] = { ".Sent", "Sent", "Outgoing", NULL };
	const char *yes[] = {
		"/home/a/Maildir/.Sent/cur/1:2,S", "/home/a/Maildir/.Sent Items/new/1",
		"/home/a/Mail/work/[Gmail]/Sent Mail/cur/1:2,S", "/m/[Gmail].Sent Mail/cur/1",
		"/m/.INBOX.Sent/cur/1", "/m/INBOX/Sent/cur/1", "/m/.Gesendete Objekte/cur/1",
		"/m/Envoy&AOk-s/cur/1", "/m/.&AMk-l&AOk-ments envoy&AOk-s/cur/1",
		"/m/Elementos enviados/cur/1", "/m/.Posta inviata/cur/1", "/m/Verzonden items/cur/1",
		"/m/Wysłane/cur/1", "/m/.Skickat/cur/1", "/m/Sendt/cur/1", "/m/Lähetetyt/cur/1",
		"/m/Odeslané/cur/1", "/m/.Отправленные/cur/1",
		"/m/.&BB4EQgQ,BEAEMAQyBDsENQQ9BD0ESwQ1-/cur/1",
		"/m/送信済み/cur/1", "/m/已发送/cur/1", "/m/sent/cur/1", "/m/SENT ITEMS/cur/1",
		"/m/Outgoing/cur/1", "/m/Envoye\xcc\x81s/cur/1",	/* NFD */
	};
	const char *no[] = {
		"/m/cur/1", "/m/.Drafts/cur/1", "/m/Outbox/cur/1", "/m/.Backscatter/cur/1",
		"/m/Sent-not/cur/1", "/m/lists/cur/1", "/m/.Sent.old/cur/1", "/m/Envoy&AOk/cur/1",
		"/m/.Trash/cur/Sent",
	};

	for (size_t i = 0; i < G_N_ELEMENTS(yes); i++)
		if (!sent_folder_of_path(yes[i], "/home/a/Maildir", configured))
			g_error("not taken for a sent folder: %s", yes[i]);
	for (size_t i = 0; i < G_N_ELEMENTS(no); i++)
		if (sent_folder_of_path(no[i], "/m", configured))
			g_error("taken for a sent folder: %s", no[i]);
	g_assert_true(sent_folder_name("[Gmail]/Sent Mail", NULL));
	g_assert_false(sent_folder_name("[Gmail]/All Mail", NULL));
}

static void
test_message_id(void)
{
	char *id = sent_copy_message_id("From: a@b\nMessage-ID:\n <x.1@b.test>\nSubject: s\n\n");

	g_assert_cmpstr(id, ==, "x.1@b.test");
	g_free(id);
	g_assert_null(sent_copy_message_id("From: a@b\n\nMessage-ID: <body@b.test>\n"));
	id = sent_copy_message_id("message-id: <crlf@b.test>\r\nSubject: s\r\n\r\n");
	g_assert_cmpstr(id, ==, "crlf@b.test");
	g_free(id);
}

static void
test_subjects(void)
{
	static const struct { const char *in, *want; } cases[] = {
		{ "Re: invoice", "invoice" },
		{ "RE: AW: Fwd: [dev] Re: patch review", "patch review" },
		{ "Re[2]: invoice", "invoice" },
		{ "AW: Rechnung für November", "rechnung für november" },
		{ "SV: Ärende", "ärende" },
		{ "Réf : demande", "demande" },
		{ "Re:", NULL },
		{ "Reply needed", "reply needed" },
		{ "Fwd:", NULL },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		char *got = original_subject_normalise(cases[i].in);
		g_assert_cmpstr(got, ==, cases[i].want);
		g_free(got);
	}
}

static void
test_contradictions(void)
{
	GMimeMessage *copy = parse("From: alice@example.org\nTo: Nobody <nobody@example.net>\n"
	    "Subject: Re: Rechnung =?UTF-8?Q?f=C3=BCr?= November\n"
	    "Date: Thu, 28 Nov 2024 16:58:00 +0100\n\n");
	GMimeMessage *relayed = parse(
	    "Received: from smtp.provider.example ([192.0.2.50]) by mx.example.net with ESMTPS id 1\n"
	    "Received: from laptop ([203.0.113.5]) by smtp.provider.example with ESMTPSA id 2\n"
	    "Received: by laptop (Postfix, from userid 1000) id 3\n"
	    "From: alice@example.org\nTo: nobody@example.net, carol@example.net\n"
	    "Subject: [acct] AW: Re: Rechnung =?ISO-8859-1?Q?f=FCr?= November\n"
	    "Date: Thu, 28 Nov 2024 15:58:00 +0000\n\n");
	GMimeMessage *other = parse("From: alice@example.org\nTo: victim@example.org\n"
	    "Subject: Your statement\nDate: Thu, 28 Nov 2024 15:58:00 +0000\n\n");
	GMimeMessage *late = parse("From: alice@example.org\nTo: nobody@example.net\n"
	    "Subject: Re: Rechnung für November\nDate: Mon, 02 Dec 2024 15:58:00 +0000\n\n");
	GMimeMessage *one_sign = parse("From: alice@example.org\nTo: nobody@example.net\n"
	    "Subject: something else\nDate: Thu, 28 Nov 2024 15:58:00 +0000\n\n");
	GMimeMessage *stranger = parse(
	    "Received: from smtp.provider.example ([192.0.2.50]) by mx.example.net with ESMTPSA id 1\n"
	    "Received: from bot.example.net ([198.51.100.7]) by relay.example.net with ESMTP id 2\n"
	    "From: alice@example.org\nTo: nobody@example.net\nSubject: something else\n"
	    "Date: Thu, 28 Nov 2024 15:58:00 +0000\n\n");
	GMimeMessage *reused = parse("From: alice@example.org\nTo: victim@example.org\n"
	    "Subject: Your statement\nDate: Thu, 19 Dec 2024 15:58:00 +0000\n\n");
	GString *why = g_string_new(NULL);

	g_assert_false(original_contradicts(copy, relayed, why));
	/* Each alone, or two without a Date days away, is no clear contradiction. */
	g_assert_false(original_contradicts(copy, other, why));
	g_assert_false(original_contradicts(copy, late, why));
	g_assert_false(original_contradicts(copy, one_sign, why));
	g_assert_false(original_contradicts(copy, stranger, why));
	g_assert_true(original_contradicts(copy, reused, why));
	g_string_free(why, TRUE);
	g_object_unref(copy);
	g_object_unref(relayed);
	g_object_unref(other);
	g_object_unref(late);
	g_object_unref(one_sign);
	g_object_unref(stranger);
	g_object_unref(reused);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_mime_init();
	g_test_add_func("/sent-mail/hops", test_hops);
	g_test_add_func("/sent-mail/chain", test_chain);
	g_test_add_func("/sent-mail/folders", test_folders);
	g_test_add_func("/sent-mail/message-id", test_message_id);
	g_test_add_func("/sent-mail/subjects", test_subjects);
	g_test_add_func("/sent-mail/contradictions", test_contradictions);
	return g_test_run();
}
