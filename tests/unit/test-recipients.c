/*
 * test-recipients.c: who failed and why, on layouts written from the
 * MTAs' documentation and source (Postfix bounce(8) templates, Exim's
 * deliver.c texts, qmail-send, sendmail's returned-mail text, Exchange
 * NDRs, Japanese carriers, RFC 3464), not from the shared corpora, and
 * on hostile input: bounded diagnostics, no control bytes, a bounded
 * list.  Each case is parsed as LF, CRLF and CR-only.
 */
#include <string.h>
#include <unistd.h>

#include "filter.h"
#include "recipients.h"

struct want {
	const char	*address;
	const char	*status;
	int		 reply_code;
	bool		 permanent;
};

struct layout {
	const char	*name;
	const char	*text;
	enum msg_class	 class;
	struct want	 want[4];	/* address NULL ends */
	guint		 count;		/* recipients expected */
};

#define DAEMON	"Return-Path: <>\nFrom: MAILER-DAEMON@mx.example.org (Mail Delivery System)\n" \
		"To: alice@example.org\nDate: Thu, 28 Nov 2024 16:00:01 +0000\n"

static const struct layout layouts[] = {
	{ "postfix-text-two", DAEMON
	  "Subject: Undelivered Mail Returned to Sender\n\n"
	  "This is the mail system at host mx.example.org.\n\n"
	  "I'm sorry to have to inform you that your message could not\n"
	  "be delivered to one or more recipients. It's attached below.\n\n"
	  "For further assistance, please send mail to postmaster.\n\n"
	  "If you do so, please include this problem report. You can\n"
	  "delete your own text from the attached returned message.\n\n"
	  "                   The mail system\n\n"
	  "<bob@example.net>: host mx.example.net[192.0.2.25] said: 550 5.1.1\n"
	  "    <bob@example.net>: Recipient address rejected: User unknown in local\n"
	  "    recipient table (in reply to RCPT TO command)\n\n"
	  "<carol@example.com>: host mx.example.com[192.0.2.26] said: 552 5.2.2\n"
	  "    Mailbox full (in reply to RCPT TO command)\n",
	  CLASS_BOUNCE, { { "bob@example.net", "5.1.1", 550, true },
	  { "carol@example.com", "5.2.2", 552, false } }, 2 },
	{ "exim-two", DAEMON
	  "Subject: Mail delivery failed: returning message to sender\n"
	  "X-Failed-Recipients: bob@example.net, carol@example.com\n\n"
	  "This message was created automatically by mail delivery software.\n\n"
	  "A message that you sent could not be delivered to one or more of its\n"
	  "recipients. This is a permanent error. The following address(es) failed:\n\n"
	  "  bob@example.net\n"
	  "    host mx.example.net [192.0.2.25]\n"
	  "    SMTP error from remote mail server after RCPT TO:<bob@example.net>:\n"
	  "    550 5.1.1 <bob@example.net>: Recipient address rejected: User unknown\n"
	  "  carol@example.com\n"
	  "    Unrouteable address\n\n"
	  "------ This is a copy of the message, including all the headers. ------\n\n"
	  "Return-path: <alice@example.org>\nTo: bob@example.net, carol@example.com\n",
	  CLASS_BOUNCE, { { "bob@example.net", "5.1.1", 550, true },
	  { "carol@example.com", "5.1.2", 0, true } }, 2 },
	{ "qmail-two", DAEMON
	  "Subject: failure notice\n\n"
	  "Hi. This is the qmail-send program at mail.example.net.\n"
	  "I'm afraid I wasn't able to deliver your message to the following addresses.\n"
	  "This is a permanent error; I've given up. Sorry it didn't work out.\n\n"
	  "<bob@example.net>:\n"
	  "192.0.2.25 does not like recipient.\n"
	  "Remote host said: 550 5.1.1 User unknown\n"
	  "Giving up on 192.0.2.25.\n\n"
	  "<dave@example.org>:\n"
	  "Sorry, I couldn't find any host named example.org. (#5.1.2)\n\n"
	  "--- Below this line is a copy of the message.\n\n"
	  "Return-Path: <alice@example.org>\nTo: <eve@example.org>\n",
	  CLASS_BOUNCE, { { "bob@example.net", "5.1.1", 550, true },
	  { "dave@example.org", "5.1.2", 0, true } }, 2 },
	{ "sendmail-old", DAEMON
	  "Subject: Returned mail: see transcript for details\n\n"
	  "The original message was received at Thu, 28 Nov 2024 15:58:00 GMT\n"
	  "from mail.example.org [192.0.2.10]\n\n"
	  "   ----- The following addresses had permanent fatal errors -----\n"
	  "<bob@example.net>\n\n"
	  "   ----- Transcript of session follows -----\n"
	  "... while talking to mx.example.net.:\n"
	  ">>> RCPT To:<bob@example.net>\n"
	  "<<< 550 <bob@example.net>... User unknown\n"
	  "550 <bob@example.net>... User unknown\n\n"
	  "   ----- Unsent message follows -----\n"
	  "Received: from mail.example.org\nTo: bob@example.net\n",
	  CLASS_BOUNCE, { { "bob@example.net", "5.1.1", 550, true } }, 1 },
	{ "exchange", DAEMON
	  "Subject: Undeliverable: the minutes\n\n"
	  "Your message to bob@example.net couldn't be delivered.\n\n"
	  "Diagnostic information for administrators:\n\n"
	  "Generating server: EX01.example.com\n\n"
	  "bob@example.net\n"
	  "Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; "
	  "Recipient not found by SMTP address lookup'\n\n"
	  "Original message headers:\n\nReceived: from EX01\nTo: bob@example.net\n",
	  CLASS_BOUNCE, { { "bob@example.net", "5.1.10", 550, true } }, 1 },
	{ "carrier-recipient-line", DAEMON
	  "Subject: Mail System Error - Returned Mail\n\n"
	  "Each of the following recipients was rejected by a remote\nmail server.\n\n"
	  "    Recipient: <bob@ezweb.example.jp>\n"
	  "    >>> RCPT TO:<bob@ezweb.example.jp>\n"
	  "    <<< 550 <bob@ezweb.example.jp>: User unknown\n",
	  CLASS_BOUNCE, { { "bob@ezweb.example.jp", "5.1.1", 550, true } }, 1 },
	{ "dsn-system-null", DAEMON
	  "Subject: Delivery Status Notification (Failure)\nMIME-Version: 1.0\n"
	  "Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\n\n"
	  "--B\nContent-Type: text/plain\n\nIt failed.\n\n"
	  "--B\nContent-Type: message/delivery-status\n\n"
	  "Reporting-MTA: dns; gw.example.net\n\n"
	  "Final-Recipient: system; <>\nOriginal-Recipient: rfc822; bob@example.net\n"
	  "Action: failed\nStatus: 5.0.0\n"
	  "Diagnostic-Code: smtp; 550 5.1.1 <bob@example.net>... no such\n"
	  "    user here\n\n"
	  "Final-Recipient: rfc822; carol@example.com\nAction: delivered\nStatus: 2.0.0\n\n"
	  "Final-Recipient: rfc822; <>\nOriginal-Recipient: rfc822;dave@example.org\n"
	  "Action: delayed\nStatus: 4.4.1\n\n--B--\n",
	  CLASS_BOUNCE, { { "bob@example.net", "5.1.1", 550, true },
	  { "dave@example.org", "4.4.1", 0, false } }, 2 },
	{ "communigate", DAEMON
	  "Subject: Undeliverable mail: the minutes\n\n"
	  "Failed to deliver to '<bob@example.net>'\n"
	  "LOCAL module(account bob) reports:\n"
	  " account is full (quota exceeded)\n\n"
	  "Failed to deliver to '<carol@example.net>'\n"
	  "SMTP module(domain example.net) reports:\n"
	  " host mx.example.net says:\n"
	  " 550 5.1.1 <carol@example.net>... User unknown\n",
	  CLASS_BOUNCE, { { "bob@example.net", "5.2.2", 0, false },
	  { "carol@example.net", "5.1.1", 550, true } }, 2 },
	{ "inline-original-one-to", DAEMON
	  "Subject: Returned mail: Deferred: Connection timed out\n\n"
	  "   ----- Transcript of session follows -----\n"
	  "421 example.net (smtp)... Deferred: Connection timed out\n\n"
	  "   ----- Unsent message follows -----\n"
	  "Received: by mail.example.org; Thu, 28 Nov 2024 15:58:00 +0000\n"
	  "From: alice@example.org\nTo: Bob\n <bob@example.net>\nSubject: the minutes\n\nHello\n",
	  CLASS_BOUNCE, { { "bob@example.net", "4.4.1", 421, false } }, 1 },
	{ "inline-original-two-to", DAEMON
	  "Subject: Returned mail: Service unavailable\n\n"
	  "   ----- Unsent message follows -----\n"
	  "Received: by mail.example.org; Thu, 28 Nov 2024 15:58:00 +0000\n"
	  "From: alice@example.org\nTo: bob@example.net, carol@example.net\n"
	  "Subject: the minutes\n\nHello\n",
	  CLASS_BOUNCE, { { NULL, NULL, 0, false } }, 0 },
	{ "exim-delay", DAEMON
	  "Subject: Warning: message 1tGabc-000123-AB delayed 24 hours\n\n"
	  "This message was created automatically by mail delivery software.\n"
	  "A message that you sent has not yet been delivered to one or more of its\n"
	  "recipients after more than 24 hours on the queue on mx.example.org.\n\n"
	  "The message identifier is:     1tGabc-000123-AB\n"
	  "The subject of the message is: the minutes\n\n"
	  "The address to which the message has not yet been delivered is:\n\n"
	  "  bob@example.net\n"
	  "    host mx.example.net [192.0.2.25]\n"
	  "    Delay reason: SMTP error from remote mail server after RCPT TO:<bob@example.net>:\n"
	  "    451 4.7.1 Greylisted, try again later\n\n"
	  "No action is required on your part. Delivery attempts will continue for\n"
	  "some time, and this warning may be repeated at intervals if the message\n"
	  "remains undelivered. Eventually the mail delivery software will give up,\n"
	  "and when that happens, the message will be returned to you.\n",
	  CLASS_DELAY, { { "bob@example.net", "4.7.1", 451, false } }, 1 },
	{ "gmail-text", DAEMON
	  "Subject: Delivery Status Notification (Failure)\n\n"
	  "** Address not found **\n\n"
	  "Your message wasn't delivered to bob@example.net because the address couldn't be\n"
	  "found, or is unable to receive mail.\n\n"
	  "Learn more at https://support.example.com/mail/answer/6596\n\n"
	  "The response from the remote server was:\n"
	  "550 5.1.1 The email account that you tried to reach does not exist.\n",
	  CLASS_BOUNCE, { { "bob@example.net", "5.1.1", 550, true } }, 1 },
	{ "exchange-2003", DAEMON
	  "Subject: Undeliverable: the minutes\n\n"
	  "Your message\n\n"
	  "  To:      bob@example.net; carol@example.net\n"
	  "  Subject: the minutes\n\n"
	  "did not reach the following recipient(s):\n\n"
	  "bob@example.net on Thu, 28 Nov 2024 16:00:01 +0000\n"
	  "    The recipient name is not recognized\n"
	  "    The MTS-ID of the original message is: c=us;a= ;p=example\n"
	  "    MSEXCH:IMS:EXAMPLE:EX01 0 (000C05A6) Unknown Recipient\n",
	  CLASS_BOUNCE, { { "bob@example.net", "5.1.1", 0, true } }, 1 },
	{ "postfix-delay-text", DAEMON
	  "Subject: Delayed Mail (still being retried)\n\n"
	  "This is the mail system at host mx.example.org.\n\n"
	  "####################################################################\n"
	  "# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #\n"
	  "####################################################################\n\n"
	  "For further assistance, please write to <postmaster@example.org>.\n\n"
	  "<bob@example.net>: connect to mx.example.net[192.0.2.25]:25: Connection\n"
	  "    timed out\n",
	  CLASS_DELAY, { { "bob@example.net", "4.4.1", 0, false } }, 1 },
};

/* The message in text with line ends nl; *fd must be closed after it. */
static GMimeMessage *
parse(const char *text, const char *nl, int *fdp)
{
	GString		*s = g_string_new(NULL);
	GMimeMessage	*msg;
	char		*name = NULL;
	int		 fd;

	for (const char *p = text; *p != '\0'; p++)
		if (*p == '\n')
			g_string_append(s, nl);
		else
			g_string_append_c(s, *p);
	fd = g_file_open_tmp("test-recipients-XXXXXX", &name, NULL);
	g_assert_cmpint(fd, !=, -1);
	unlink(name);
	g_free(name);
	g_assert_cmpint(write(fd, s->str, s->len), ==, (gssize)s->len);
	msg = message_parse_fd(fd);
	g_string_free(s, TRUE);
	*fdp = fd;
	return msg;
}

static void
run(GMimeMessage *msg, struct recognition *r)
{
	struct envelope	 env = { .sender = "" };

	recognition_init(r);
	recognise(msg, &env, r);
}

static void
test_layout(gconstpointer data)
{
	const struct layout *l = data;
	static const char *const nls[] = { "\n", "\r\n", "\r" };

	for (gsize v = 0; v < G_N_ELEMENTS(nls); v++) {
		int fd;
		GMimeMessage *msg = parse(l->text, nls[v], &fd);
		struct recognition r;

		g_assert_nonnull(msg);
		run(msg, &r);
		g_assert_cmpstr(class_name(r.class), ==, class_name(l->class));
		g_assert_cmpuint(r.recipients->len, ==, l->count);
		for (guint i = 0; i < l->count; i++) {
			const struct recipient *rc = g_ptr_array_index(r.recipients, i);
			g_assert_cmpstr(rc->address, ==, l->want[i].address);
			g_assert_cmpstr(rc->status, ==, l->want[i].status);
			g_assert_cmpint(rc->reply_code, ==, l->want[i].reply_code);
			g_assert_cmpint(rc->permanent, ==, l->want[i].permanent);
		}
		if (l->count > 0)
			g_assert_cmpstr(r.failed_recipient, ==, l->want[0].address);
		recognition_clear(&r);
		g_object_unref(msg);
		close(fd);
	}
}

/* A spam run bounced: dozens of bogus addresses, each on its own line. */
static void
test_many(void)
{
	GString		*s = g_string_new(DAEMON "Subject: Mail delivery failed\n\n"
	    "This message was created automatically by mail delivery software.\n\n"
	    "The following address(es) failed:\n\n");
	GMimeMessage	*msg;
	struct recognition r;
	int		 fd;

	for (int i = 0; i < 150; i++)
		g_string_append_printf(s, "  user%d@example.net\n    Unrouteable address\n", i);
	msg = parse(s->str, "\n", &fd);
	run(msg, &r);
	g_assert_cmpuint(r.recipients->len, ==, RECIPIENTS_MAX);
	g_assert_cmpstr(((struct recipient *)g_ptr_array_index(r.recipients, 99))->address, ==,
	    "user99@example.net");
	recognition_clear(&r);
	g_object_unref(msg);
	close(fd);
	g_string_free(s, TRUE);
}

/* What the sender wrote reaches the list bounded and printable. */
static void
test_hostile(void)
{
	GString		*s = g_string_new(DAEMON "Subject: failure notice\n\n"
	    "Hi. This is the qmail-send program at mail.example.net.\n\n<");
	GMimeMessage	*msg;
	struct recognition r;
	const struct recipient *rc;
	int		 fd;

	for (int i = 0; i < 300; i++)
		g_string_append_c(s, 'x');
	g_string_append(s, "@example.net>:\nRemote host said: 550 5.1.1 too long\n\n"
	    "<bob@example.net>:\nRemote host said: 550 5.1.1 \x01\x1b[31m");
	for (int i = 0; i < 500; i++)
		g_string_append(s, "ab\t");
	g_string_append(s, "\n\n");
	msg = parse(s->str, "\n", &fd);
	run(msg, &r);
	g_assert_cmpuint(r.recipients->len, ==, 1);	/* the 300-byte one is no address */
	rc = g_ptr_array_index(r.recipients, 0);
	g_assert_cmpstr(rc->address, ==, "bob@example.net");
	g_assert_nonnull(rc->diagnostic);
	g_assert_cmpuint(strlen(rc->diagnostic), <=, DIAGNOSTIC_MAX);
	for (const char *p = rc->diagnostic; *p != '\0'; p++)
		g_assert_true((unsigned char)*p >= ' ' && *p != 0x7f);
	recognition_clear(&r);
	g_object_unref(msg);
	close(fd);
	g_string_free(s, TRUE);
}

/* Codes where they cannot stand are not codes. */
static void
test_codes(void)
{
	char	st[STATUS_MAX];

	g_assert_false(status_find("host 192.0.2.5 said", 19, st));
	g_assert_false(status_find("version 5.1.1.2", 15, st));
	g_assert_true(status_find("said: 550-5.7.26 DMARC", 22, st));
	g_assert_cmpstr(st, ==, "5.7.26");
	g_assert_true(status_find("(#5.1.1)", 8, st));
	g_assert_cmpstr(st, ==, "5.1.1");
	g_assert_cmpint(reply_code_find("delayed 450 minutes at 2024", 27), ==, 0);
	g_assert_cmpint(reply_code_find("port 25: 550 5.1.1 no", 21), ==, 550);
	g_assert_cmpint(reply_code_find("<<< 451 try later", 17), ==, 451);
	g_assert_cmpint(reply_code_find("Thu, 28 Nov 2024 15:58:00", 25), ==, 0);
	g_assert_cmpint(reply_code_find("550: : User unknown", 19), ==, 550);
	g_assert_cmpint(reply_code_find("ERROR_CODE :550, no", 19), ==, 550);
	g_assert_cmpint(reply_code_find("sent 550, then", 14), ==, 0);
	g_assert_true(status_find("said: 554\n    5.6.0 spam", 24, st));
	g_assert_cmpstr(st, ==, "5.6.0");
}

/* One phrase table: status and permanence where the answer wrote none. */
static void
test_infer(void)
{
	static const struct {
		const char *diagnostic;
		int reply_code;
		bool delay;
		const char *status;
		bool permanent;
	} cases[] = {
		{ "550 Benutzer unbekannt", 550, false, "5.1.1", true },
		{ "Postfach voll", 0, false, "5.2.2", false },
		{ "452 mailbox is full, try later", 452, false, "4.2.2", false },
		{ "Host or domain name not found", 0, false, "5.1.2", true },
		{ "Connection timed out", 0, true, "4.4.1", false },
		{ "something odd", 0, false, "5.0.0", false },
		{ "something odd", 0, true, "4.0.0", false },
		{ NULL, 554, false, "5.0.0", false },
	};

	for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
		struct recipient rc = { 0 };
		rc.diagnostic = (char *)cases[i].diagnostic;
		rc.reply_code = cases[i].reply_code;
		recipient_infer(&rc, cases[i].delay);
		g_assert_cmpstr(rc.status, ==, cases[i].status);
		g_assert_cmpint(rc.permanent, ==, cases[i].permanent);
		g_assert_true(rc.inferred);
	}
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_mime_init();
	for (gsize i = 0; i < G_N_ELEMENTS(layouts); i++) {
		char *path = g_strdup_printf("/recipients/%s", layouts[i].name);
		g_test_add_data_func(path, &layouts[i], test_layout);
		g_free(path);
	}
	g_test_add_func("/recipients/many", test_many);
	g_test_add_func("/recipients/hostile", test_hostile);
	g_test_add_func("/recipients/codes", test_codes);
	g_test_add_func("/recipients/infer", test_infer);
	return g_test_run();
}
