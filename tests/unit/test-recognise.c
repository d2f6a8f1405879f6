/*
 * test-recognise.c: recognise() over the fixtures in testdata/ and over
 * hostile input built in memory.
 *
 * Each fixture is tried as written (LF) and with CRLF line ends; the
 * class, the stage and the best original ID must not change.  Hostile
 * cases only have to finish, stay quiet and give a sane class.
 */
#include <string.h>
#include <unistd.h>

#include "filter.h"

struct fixture {
	const char	*file;		/* under $TESTDATA */
	const char	*sender;	/* envelope sender, NULL unknown */
	enum msg_class	 class;
	const char	*recogniser;	/* NULL for CLASS_NONE */
	const char	*first_id;	/* best original ID, or NULL */
};

static const struct fixture fixtures[] = {
	{ "bounces/postfix-dsn-bounce.eml", "", CLASS_BOUNCE, "dsn",
	  "20240514100210.3F1A2C0123@mail.user.test" },
	{ "bounces/postfix-dsn-delay.eml", "", CLASS_DELAY, "dsn",
	  "20240514100100.5A6B7C8D90@mail.user.test" },
	{ "bounces/postfix-dsn-delivered.eml", "", CLASS_DELIVERED, "dsn",
	  "20240514100459.9C8B7A6F50@mail.user.test" },
	{ "bounces/postfix-nondsn-bounce.eml", "", CLASS_BOUNCE, "postfix",
	  "20240514105958.0A1B2C3D4E@old.user.test" },
	{ "bounces/postfix-nondsn-localised.eml", NULL, CLASS_BOUNCE,
	  "postfix", "20240514110958.1B2C3D4E5F@mx.user.test" },
	{ "bounces/exim-bounce.eml", "", CLASS_BOUNCE, "exim",
	  "E1s6q2W-0001a7-2K@mx.user.test" },
	{ "bounces/exim-bounce-truncated.eml", NULL, CLASS_BOUNCE, "exim",
	  "E1s6qA9-0002b8-3X@mx.user.test" },
	{ "bounces/exim-delay.eml", "", CLASS_DELAY, "exim",
	  "E1s6q3B-0001c9-0A@mx.user.test" },
	{ "bounces/exim-dsn-bounce.eml", "", CLASS_BOUNCE, "dsn",
	  "E1s6qB1-0002d1-2E@mx.user.test" },
	{ "reports/mdn.eml", NULL, CLASS_MDN, "mdn", "plans-1@user.test" },
	{ "reports/arf.eml", NULL, CLASS_FEEDBACK, "feedback",
	  "forged-1@user.test" },
	{ "autoreply/rfc3834.eml", "", CLASS_AUTOREPLY, "autoreply",
	  "plans-2@user.test" },
	{ "autoreply/exchange-oof.eml", "carol@corp.test", CLASS_AUTOREPLY,
	  "autoreply", "budget-1@user.test" },
	{ "autoreply/vacation-x-autoreply.eml", "dave@else.test",
	  CLASS_AUTOREPLY, "autoreply", NULL },
	{ "bounces/qmail-bounce.eml", "", CLASS_BOUNCE, "qmail",
	  "lunch-1@user.test" },
	{ "bounces/sendmail-text-bounce.eml", NULL, CLASS_BOUNCE, "sendmail",
	  "minutes-1@user.test" },
	{ "bounces/exchange-ndr-de.eml", NULL, CLASS_BOUNCE, "exchange",
	  "offer-1@user.test" },
	{ "bounces/gmail-delay.eml", NULL, CLASS_DELAY, "google",
	  "photos-1@user.test" },
	{ "bounces/opensmtpd-bounce.eml", "", CLASS_BOUNCE, "opensmtpd",
	  "tickets-1@user.test" },
	{ "bounces/dma-bounce.eml", NULL, CLASS_BOUNCE, "dma",
	  "hi-1@user.test" },
	{ "bounces/domino-bounce.eml", NULL, CLASS_BOUNCE, "domino", NULL },
	{ "bounces/kddi-bounce.eml", NULL, CLASS_BOUNCE, "kddi",
	  "konnichiwa-1@user.test" },
	{ "bounces/amazonses-sns-bounce.eml", NULL, CLASS_BOUNCE, "amazonses",
	  "0101018f7a1b2c3d-aaaa-bbbb-cccc-000000000000-000000" },
	{ "bounces/fml-not-member.eml", NULL, CLASS_BOUNCE, "fml",
	  "club-1@user.test" },
	{ "bounces/forwarded-quoted.eml", "alice@user.test", CLASS_BOUNCE,
	  "forward", "lunch-2@user.test" },
	{ "reports/challenge-tmda.eml", "jack-confirm@else.test",
	  CLASS_CHALLENGE, "challenge", "ask-1@user.test" },
	{ "reports/virus-notice.eml", "", CLASS_VIRUS, "virus",
	  "worm-1@user.test" },
	{ "reports/jmrp-complaint.eml", NULL, CLASS_FEEDBACK, "feedback",
	  "offer-2@user.test" },
	{ "autoreply/rt-ticket.eml", NULL, CLASS_AUTOREPLY, "autoreply",
	  "printer-1@user.test" },
	{ "autoreply/debian-vacation.eml", "leo@else.test", CLASS_AUTOREPLY,
	  "autoreply", NULL },
	{ "autoreply/japanese-autoreply.eml", NULL, CLASS_AUTOREPLY,
	  "autoreply", "greet-1@user.test" },
	{ "ham/list-quotes-qmail-bounce.eml", NULL, CLASS_NONE, NULL, NULL },
	{ "ham/person-quotes-bounce.eml", "carol@else.test", CLASS_NONE,
	  NULL, NULL },
	{ "ham/vacation-newsletter.eml", "news@travel.test", CLASS_NONE,
	  NULL, NULL },
	{ "ham/postmaster-virus-warning.eml", "postmaster@user.test",
	  CLASS_NONE, NULL, NULL },
	{ "ham/dmarc-aggregate.eml", "", CLASS_NONE, NULL, NULL },
	{ "ham/newsletter.eml", "bounces+123@news.shop.test", CLASS_NONE,
	  NULL, NULL },
	{ "ham/cron.eml", "root@user.test", CLASS_NONE, NULL, NULL },
	{ "ham/list-discusses-bounce.eml", NULL, CLASS_NONE, NULL, NULL },
	{ "ham/postmaster-person.eml", NULL, CLASS_NONE, NULL, NULL },
	/* a person's envelope sender, not the null sender of a bounce */
	{ "ham/postmaster-person.eml", "postmaster@user.test", CLASS_NONE,
	  NULL, NULL },
	/* a forwarded bounce is still an answer about the original */
	{ "bounces/forwarded-attached.eml", NULL, CLASS_BOUNCE, "forward",
	  "orig-9@user.test" },
	/*
	 * Postfix's own stage wants the null (or an unknown) sender, but a
	 * MAILER-DAEMON notice with a bounce subject stays a bounce
	 * whatever the envelope says (MTAs differ there, and a forged one
	 * is backscatter all the same); Exim's says Auto-Submitted.
	 */
	{ "bounces/postfix-nondsn-bounce.eml", "mallory@evil.test",
	  CLASS_BOUNCE, "daemon", "20240514105958.0A1B2C3D4E@old.user.test" },
	{ "bounces/exim-bounce.eml", "mallory@evil.test", CLASS_BOUNCE,
	  "daemon", "E1s6q2W-0001a7-2K@mx.user.test" },
	/* responders that predate RFC 3834 (issue 12) */
	{ "autoreply/qmail-autoresponder.eml", NULL, CLASS_AUTOREPLY,
	  "autoreply", "order-17@user.test" },
	{ "autoreply/mailtraq-messageclass.eml", NULL, CLASS_AUTOREPLY,
	  "autoreply", "q-3@user.test" },
	{ "autoreply/lotus-is-out.eml", NULL, CLASS_AUTOREPLY, "autoreply",
	  NULL },
	/* a vacation reply from the null sender quoting the original */
	{ "autoreply/null-sender-quoting.eml", "", CLASS_AUTOREPLY,
	  "autoreply", "q-orig@user.test" },
	/*
	 * Spam wearing a mail system's name is classed a bounce on purpose:
	 * no original of it was sent, so it goes to the quarantine, and a
	 * person's envelope sender is no proof (relayed bounces carry one).
	 */
	{ "bounces/spam-as-mail-system.eml", "info@phish.test", CLASS_BOUNCE,
	  "daemon", NULL },
	/* a sign-up confirmation the user asked for is no challenge */
	{ "ham/signup-confirmation.eml", "bounces@news.shop.test", CLASS_NONE,
	  NULL, NULL },
	/* a person's rich-text Outlook mail titled "Read: ..." */
	{ "ham/outlook-rtf-read-subject.eml", "ruth@corp.test", CLASS_NONE,
	  NULL, NULL },
	/* an "Out of Office:" invitation answers nothing */
	{ "ham/calendar-out-of-office.eml", "dora@corp.test", CLASS_NONE,
	  NULL, NULL },
};

static char *
testdata_path(const char *file)
{
	const char	*dir = g_getenv("TESTDATA");
	char		*top, *path;

	if (dir != NULL)
		return g_build_filename(dir, file, NULL);
	top = g_path_get_dirname(__FILE__);	/* tests/unit */
	path = g_build_filename(top, "..", "..", "testdata", file, NULL);
	g_free(top);
	return path;
}

static GMimeMessage *
parse_bytes(const char *data, gsize len)
{
	GMimeStream	*stream;
	GMimeParser	*parser;
	GMimeMessage	*msg;

	stream = g_mime_stream_mem_new_with_buffer(data, len);
	parser = g_mime_parser_new_with_stream(stream);
	g_object_unref(stream);
	msg = g_mime_parser_construct_message(parser, NULL);
	g_object_unref(parser);
	return msg;
}

static char *
to_crlf(const char *data, gsize len)
{
	GRegex	*nl;
	char	*out;

	nl = g_regex_new("\r?\n", G_REGEX_RAW, 0, NULL);
	out = g_regex_replace_literal(nl, data, (gssize)len, 0, "\r\n", 0,
	    NULL);
	g_regex_unref(nl);
	return out;
}

static void
check_one(const struct fixture *fx, const char *data, gsize len,
    const char *variant)
{
	struct envelope	 env = { fx->sender, "alice@user.test", NULL };
	struct recognition r;
	GMimeMessage	*msg;

	msg = parse_bytes(data, len);
	g_assert_nonnull(msg);
	recognition_init(&r);
	recognise(msg, &env, &r);
	g_test_message("%s (%s): %s by %s: %s", fx->file, variant,
	    class_name(r.class), r.recogniser ? r.recogniser : "-",
	    r.reason ? r.reason : "-");
	g_assert_cmpstr(class_name(r.class), ==, class_name(fx->class));
	g_assert_cmpstr(r.recogniser, ==, fx->recogniser);
	if (fx->first_id != NULL) {
		g_assert_cmpuint(r.original_ids->len, >, 0);
		g_assert_cmpstr(g_ptr_array_index(r.original_ids, 0), ==,
		    fx->first_id);
	}
	if (fx->class == CLASS_NONE)
		g_assert_cmpuint(r.original_ids->len, ==, 0);
	recognition_clear(&r);
	g_object_unref(msg);
}

/* data with every line end made a lone CR, parsed from a file. */
static void
check_cr(const struct fixture *fx, const char *data, gsize len)
{
	struct envelope	 env = { fx->sender, "alice@user.test", NULL };
	struct recognition r;
	GMimeMessage	*msg;
	GString		*cr = g_string_sized_new(len);
	char		*name = NULL;
	gsize		 i;
	int		 fd;

	for (i = 0; i < len; i++)
		if (data[i] != '\r')
			g_string_append_c(cr, data[i] == '\n' ? '\r' : data[i]);
	fd = g_file_open_tmp("test-recognise-XXXXXX", &name, NULL);
	g_assert_cmpint(fd, !=, -1);
	unlink(name);
	g_free(name);
	g_assert_cmpint(write(fd, cr->str, cr->len), ==, (gssize)cr->len);
	msg = message_parse_fd(fd);
	g_assert_nonnull(msg);
	recognition_init(&r);
	recognise(msg, &env, &r);
	g_assert_cmpstr(class_name(r.class), ==, class_name(fx->class));
	g_assert_cmpstr(r.recogniser, ==, fx->recogniser);
	if (fx->first_id != NULL)
		g_assert_cmpstr(g_ptr_array_index(r.original_ids, 0), ==,
		    fx->first_id);
	recognition_clear(&r);
	g_object_unref(msg);
	close(fd);
	g_string_free(cr, TRUE);
}

static void
test_fixture(gconstpointer data)
{
	const struct fixture *fx = data;
	char		*path, *text = NULL, *crlf;
	gsize		 len;

	path = testdata_path(fx->file);
	if (!g_file_get_contents(path, &text, &len, NULL))
		g_error("cannot read fixture %s (set TESTDATA)", path);
	check_one(fx, text, len, "LF");
	crlf = to_crlf(text, len);
	check_one(fx, crlf, strlen(crlf), "CRLF");
	check_cr(fx, text, len);
	g_free(crlf);
	g_free(text);
	g_free(path);
}

/* Parses text, recognises it with a null sender, returns the class. */
static enum msg_class
class_of(const char *text, gsize len)
{
	struct envelope	 env = { "", NULL, NULL };
	struct recognition r;
	GMimeMessage	*msg;
	enum msg_class	 c;

	msg = parse_bytes(text, len);
	recognition_init(&r);
	recognise(msg, &env, &r);
	c = r.class;
	g_assert_cmpuint(r.original_ids->len, <=, MAX_ORIGINAL_IDS);
	recognition_clear(&r);
	if (msg != NULL)
		g_object_unref(msg);
	return c;
}

static void
test_null_message(void)
{
	struct recognition r;

	recognition_init(&r);
	recognise(NULL, NULL, &r);
	g_assert_cmpint(r.class, ==, CLASS_NONE);
	recognition_clear(&r);
	g_assert_cmpint(class_of("", 0), ==, CLASS_NONE);
	g_assert_cmpint(class_of("garbage\0\xff\xfe", 10), ==, CLASS_NONE);
}

static void
test_report_without_parts(void)
{
	static const char text[] =
	    "From: MAILER-DAEMON@x.test\n"
	    "Subject: x\n"
	    "Content-Type: multipart/report; report-type=delivery-status;"
	    " boundary=b\n\n"
	    "--b\nContent-Type: message/delivery-status\n\n"
	    "--b\nContent-Type: message/rfc822\n\n"
	    "--b--\n";

	g_assert_cmpint(class_of(text, sizeof(text) - 1), ==, CLASS_BOUNCE);
}

static void
test_status_with_nul(void)
{
	static const char text[] =
	    "From: MAILER-DAEMON@x.test\n"
	    "Content-Type: multipart/report; report-type=delivery-status;"
	    " boundary=b\n\n"
	    "--b\nContent-Type: message/delivery-status\n\n"
	    "Reporting-MTA: dns; x\0\n\n\n\nAction\0: delayed\n"
	    "Final-Recipient: rfc822; a@b\nAction: delayed\n\n"
	    "--b--\n";

	/* GMime may stop at the NUL; a report stays a report. */
	g_assert_cmpint(class_of(text, sizeof(text) - 1), !=, CLASS_NONE);
}

/* A deep nest of messages inside messages: the walk must stop. */
static void
test_deep_nesting(void)
{
	GString	*s = g_string_new("");
	int	 i;

	g_string_append(s, "From: MAILER-DAEMON@x.test\nContent-Type: "
	    "multipart/report; report-type=delivery-status; boundary=b\n\n"
	    "--b\nContent-Type: message/delivery-status\n\n"
	    "Action: failed\n\n--b\nContent-Type: message/rfc822\n\n");
	for (i = 0; i < 200; i++)
		g_string_append_printf(s, "Message-ID: <n%d@x>\n"
		    "Content-Type: message/rfc822\n\n", i);
	g_string_append(s, "Message-ID: <last@x>\n\nbody\n--b--\n");
	g_assert_cmpint(class_of(s->str, s->len), ==, CLASS_BOUNCE);
	g_string_free(s, TRUE);
}

/* Many parts and many rfc822-headers parts: bounded and quiet. */
static void
test_many_parts(void)
{
	GString	*s = g_string_new("");
	int	 i;

	g_string_append(s, "From: MAILER-DAEMON@x.test\nContent-Type: "
	    "multipart/report; report-type=delivery-status; boundary=b\n\n");
	for (i = 0; i < 3000; i++)
		g_string_append_printf(s, "--b\nContent-Type: "
		    "text/rfc822-headers\n\nMessage-ID: <p%d@x>\n\n", i);
	g_string_append(s, "--b--\n");
	g_assert_cmpint(class_of(s->str, s->len), ==, CLASS_BOUNCE);
	g_string_free(s, TRUE);
}

/* A text part far larger than TEXT_SCAN_MAX is read only in part. */
static void
test_huge_part(void)
{
	GByteArray	*bytes;
	GMimeMessage	*msg;
	GMimeObject	*body;
	GString		*s = g_string_new("Content-Type: text/plain\n"
	    "Content-Transfer-Encoding: base64\n\n");
	int		 i;

	for (i = 0; i < 100000; i++)
		g_string_append(s, "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB\n");
	msg = parse_bytes(s->str, s->len);
	body = g_mime_message_get_mime_part(msg);
	bytes = mime_part_bytes(GMIME_PART(body), TEXT_SCAN_MAX);
	g_assert_nonnull(bytes);
	g_assert_cmpuint(bytes->len, ==, TEXT_SCAN_MAX);
	g_assert_cmpint(bytes->data[0], ==, 'A');
	g_byte_array_unref(bytes);
	g_object_unref(msg);
	g_string_free(s, TRUE);
}

/* A DSN names the failed recipient and the reporting MTA. */
static void
test_dsn_facts(void)
{
	static const char text[] =
	    "From: MAILER-DAEMON@mx.x.test\n"
	    "Content-Type: multipart/report; report-type=delivery-status;"
	    " boundary=b\n\n"
	    "--b\nContent-Type: message/delivery-status\n\n"
	    "Reporting-MTA: dns; mx.x.test\n\n"
	    "Final-Recipient: rfc822; <ok@y.test>\nAction: delivered\n\n"
	    "Final-Recipient: rfc822; gone@y.test\nAction: failed\n"
	    "Status: 5.1.1\n\n--b--\n";
	struct envelope	 env = { "", NULL, NULL };
	struct recognition r;
	GMimeMessage	*msg;

	msg = parse_bytes(text, sizeof(text) - 1);
	recognition_init(&r);
	recognise(msg, &env, &r);
	g_assert_cmpint(r.class, ==, CLASS_BOUNCE);
	g_assert_cmpstr(r.failed_recipient, ==, "gone@y.test");
	g_assert_cmpstr(r.reporting_mta, ==, "mx.x.test");
	recognition_clear(&r);
	g_object_unref(msg);
}

static void
test_class_names(void)
{
	g_assert_cmpstr(class_name(CLASS_NONE), ==, "none");
	g_assert_cmpstr(class_name(CLASS_BOUNCE), ==, "bounce");
	g_assert_cmpstr(class_name(CLASS_MDN), ==, "mdn");
	g_assert_cmpstr(class_name(CLASS_COUNT), ==, "none");
	g_assert_cmpstr(class_name((enum msg_class)-1), ==, "none");
}

int
main(int argc, char **argv)
{
	size_t	i;
	char	*name;

	g_test_init(&argc, &argv, NULL);
	g_mime_init();
	for (i = 0; i < G_N_ELEMENTS(fixtures); i++) {
		name = g_strdup_printf("/recognise/fixture/%zu-%s", i,
		    fixtures[i].file);
		g_test_add_data_func(name, &fixtures[i], test_fixture);
		g_free(name);
	}
	g_test_add_func("/recognise/null-message", test_null_message);
	g_test_add_func("/recognise/report-without-parts",
	    test_report_without_parts);
	g_test_add_func("/recognise/status-with-nul", test_status_with_nul);
	g_test_add_func("/recognise/deep-nesting", test_deep_nesting);
	g_test_add_func("/recognise/many-parts", test_many_parts);
	g_test_add_func("/recognise/huge-part", test_huge_part);
	g_test_add_func("/recognise/class-names", test_class_names);
	g_test_add_func("/recognise/dsn-facts", test_dsn_facts);
	return g_test_run();
}
