/*
 * test-references.c: collect_references on messages built in memory.
 *
 * What is checked is the order of the candidates and what is never a
 * candidate: the answer's own Message-ID and the embedded original's
 * own In-Reply-To/References.
 */
#include <string.h>

#include "filter.h"

static GMimeMessage *
parse(const char *text)
{
	GMimeStream	*stream;
	GMimeParser	*parser;
	GMimeMessage	*msg;

	stream = g_mime_stream_mem_new_with_buffer(text, strlen(text));
	parser = g_mime_parser_new_with_stream(stream);
	g_object_unref(stream);
	msg = g_mime_parser_construct_message(parser, NULL);
	g_object_unref(parser);
	g_assert_nonnull(msg);
	return msg;
}

/* Collects from text and compares with the NULL-terminated want list. */
static void
check(const char *text, const char *const *want)
{
	struct recognition r;
	GMimeMessage	*msg;
	guint		 i;

	msg = parse(text);
	recognition_init(&r);
	collect_references(msg, &r);
	for (i = 0; want[i] != NULL; i++) {
		g_assert_cmpuint(i, <, r.original_ids->len);
		g_assert_cmpstr(g_ptr_array_index(r.original_ids, i), ==,
		    want[i]);
	}
	g_assert_cmpuint(r.original_ids->len, ==, i);
	recognition_clear(&r);
	g_object_unref(msg);
}

static void
test_header_order(void)
{
	static const char text[] =
	    "Message-ID: <own@x>\n"
	    "In-Reply-To: <parent@x>\n"
	    "References: <root@x> <mid@x> <parent@x> <own@x>\n\nbody\n";
	static const char *const want[] = {
		"parent@x", "mid@x", "root@x", NULL,
	};

	check(text, want);
}

static void
test_attached_first(void)
{
	static const char text[] =
	    "Message-ID: <bounce@x>\n"
	    "References: <orig@x>\n"
	    "Content-Type: multipart/report; report-type=delivery-status;"
	    " boundary=b\n\n"
	    "--b\nContent-Type: text/plain\n\nfailed\n"
	    "--b\nContent-Type: message/rfc822\n\n"
	    "Message-ID: <orig@x>\n"
	    "In-Reply-To: <theirs@y>\n"
	    "References: <older@y> <theirs@y>\n"
	    "Content-Type: multipart/mixed; boundary=c\n\n"
	    "--c\nContent-Type: message/rfc822\n\n"
	    "Message-ID: <forwarded@z>\n\nold\n"
	    "--c--\n"
	    "--b--\n";
	static const char *const want[] = { "orig@x", NULL };

	check(text, want);
}

static void
test_rfc822_headers(void)
{
	static const char text[] =
	    "Message-ID: <delay@x>\n"
	    "Content-Type: multipart/report; report-type=delivery-status;"
	    " boundary=b\n\n"
	    "--b\nContent-Type: text/rfc822-headers\n"
	    "Content-Transfer-Encoding: base64\n\n"
	    "TWVzc2FnZS1JRDogPGI2NEB4PgpTdWJqZWN0OiBoaQo=\n"
	    "--b--\n";
	static const char *const want[] = { "b64@x", NULL };

	check(text, want);	/* "Message-ID: <b64@x>\nSubject: hi\n" */
}

static void
test_empty_message_part(void)
{
	static const char text[] =
	    "Message-ID: <bounce@x>\n"
	    "In-Reply-To: <irt@x>\n"
	    "Content-Type: multipart/mixed; boundary=b\n\n"
	    "--b\nContent-Type: message/rfc822\n\n"
	    "--b\nContent-Type: text/rfc822-headers\n\n"
	    "--b\nContent-Type: message/global\n\n"
	    "--b--\n";
	static const char *const want[] = { "irt@x", NULL };

	check(text, want);
}

static void
test_inline_quoted(void)
{
	static const char text[] =
	    "Message-ID: <bounce@x>\n"
	    "Content-Type: text/plain\n\n"
	    "This message was created automatically by mail delivery "
	    "software.\n\n"
	    "Message-ID: <not-quoted@x>\n\n"
	    "------ This is a copy of the message, including all the "
	    "headers. ------\n"
	    "------ The body of the message is 9999 characters long; only "
	    "the first\n------ 10 or so are included here.\n\n"
	    "Return-path: <a@x>\n"
	    "References: <their-ref@y>\n"
	    "Message-Id: <quoted@x>\n\n"
	    "Message-Id: <in-body@x>\n";
	/* a lone Message-ID line, outside a header block, comes last */
	static const char *const want[] = {
		"quoted@x", "not-quoted@x", "in-body@x", NULL,
	};

	check(text, want);
}

static void
test_no_ids(void)
{
	static const char *const want[] = { NULL };

	check("Subject: x\n\nbody\n", want);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_mime_init();
	g_test_add_func("/references/header-order", test_header_order);
	g_test_add_func("/references/attached-first", test_attached_first);
	g_test_add_func("/references/rfc822-headers", test_rfc822_headers);
	g_test_add_func("/references/empty-message-part",
	    test_empty_message_part);
	g_test_add_func("/references/inline-quoted", test_inline_quoted);
	g_test_add_func("/references/no-ids", test_no_ids);
	return g_test_run();
}
