/*
 * test-dsn-fields.c: the one reader of delivery-status blocks
 * (filters/dsn-fields.c): folding, blank-line blocks, CRLF, the first
 * value of a field, the block limit, bounded values, and the outcome
 * of Action and Status (RFC 3464 section 2.3.3 and 2.3.4).
 */
#include <string.h>

#include "dsn-fields.h"

struct seen {
	GPtrArray *rcpt, *outcome, *mta, *diag;
};

static void
keep(const struct dsn_block *b, void *data)
{
	struct seen *s = data;

	g_ptr_array_add(s->rcpt, g_strdup(b->final_recipient ? b->final_recipient : "-"));
	g_ptr_array_add(s->outcome, GINT_TO_POINTER(dsn_block_outcome(b)));
	g_ptr_array_add(s->mta, g_strdup(b->reporting_mta ? b->reporting_mta : "-"));
	g_ptr_array_add(s->diag, g_strdup(b->diagnostic ? b->diagnostic : "-"));
}

static struct seen
seen_new(void)
{
	struct seen s = { g_ptr_array_new_with_free_func(g_free), g_ptr_array_new(),
	    g_ptr_array_new_with_free_func(g_free), g_ptr_array_new_with_free_func(g_free) };
	return s;
}

static void
seen_free(struct seen *s)
{
	g_ptr_array_unref(s->rcpt);
	g_ptr_array_unref(s->outcome);
	g_ptr_array_unref(s->mta);
	g_ptr_array_unref(s->diag);
}

static const char report[] =
	"Reporting-MTA: dns; mx.example.org\r\n"
	"Arrival-Date: Thu, 28 Nov 2024 16:00:00 +0000\r\n"
	"\r\n"
	"Final-Recipient: rfc822; bob@example.net\r\n"
	"Action: failed\r\n"
	"Status: 5.1.1\r\n"
	"Diagnostic-Code: smtp; 550 5.1.1 <bob@example.net>:\r\n"
	"    Recipient address rejected: User unknown\r\n"
	"Action: delivered\r\n"		/* a second value: the first counts */
	"\r\n"
	"\r\n"				/* an empty block counts for nothing */
	"Final-Recipient: rfc822; carol@example.com\r\n"
	"Action: Delayed (retrying)\r\n"
	"Status: 4.4.1\r\n"
	"\r\n"
	"Final-Recipient: rfc822; dave@example.com\r\n"
	"Action: unheard-of\r\n"	/* unknown: the Status class decides */
	"Status: 2.0.0\r\n"
	"\r\n"
	"Final-Recipient: rfc822; erin@example.com\r\n"
	"Status: 5.2.2";		/* no Action, no final newline */

static void
test_blocks(void)
{
	struct seen s = seen_new();
	unsigned n = dsn_read_blocks(report, strlen(report), 0, keep, &s);

	g_assert_cmpuint(n, ==, 5);
	g_assert_cmpstr(g_ptr_array_index(s.mta, 0), ==, "dns; mx.example.org");
	g_assert_cmpint(GPOINTER_TO_INT(g_ptr_array_index(s.outcome, 0)), ==, DSN_UNKNOWN);
	g_assert_cmpstr(g_ptr_array_index(s.rcpt, 1), ==, "rfc822; bob@example.net");
	g_assert_cmpint(GPOINTER_TO_INT(g_ptr_array_index(s.outcome, 1)), ==, DSN_FAILED);
	g_assert_cmpstr(g_ptr_array_index(s.diag, 1), ==,
	    "smtp; 550 5.1.1 <bob@example.net>:    Recipient address rejected: User unknown");
	g_assert_cmpstr(dsn_after_type(g_ptr_array_index(s.diag, 1)), ==,
	    " 550 5.1.1 <bob@example.net>:    Recipient address rejected: User unknown");
	g_assert_cmpint(GPOINTER_TO_INT(g_ptr_array_index(s.outcome, 2)), ==, DSN_DELAYED);
	g_assert_cmpint(GPOINTER_TO_INT(g_ptr_array_index(s.outcome, 3)), ==, DSN_DELIVERED);
	g_assert_cmpstr(g_ptr_array_index(s.rcpt, 4), ==, "rfc822; erin@example.com");
	g_assert_cmpint(GPOINTER_TO_INT(g_ptr_array_index(s.outcome, 4)), ==, DSN_FAILED);
	seen_free(&s);
}

static void
test_limit(void)
{
	struct seen s = seen_new();

	g_assert_cmpuint(dsn_read_blocks(report, strlen(report), 2, keep, &s), ==, 2);
	g_assert_cmpuint(s.rcpt->len, ==, 2);
	seen_free(&s);
}

/* A field folded without end is kept bounded; NULs end nothing early here. */
static void
test_hostile(void)
{
	GString *text = g_string_new("Final-Recipient: rfc822; x@example.net\nDiagnostic-Code: smtp; 550");
	struct seen s = seen_new();

	for (int i = 0; i < 100000; i++)
		g_string_append(text, "\n  more text of a diagnostic that never ends");
	g_assert_cmpuint(dsn_read_blocks(text->str, text->len, 0, keep, &s), ==, 1);
	g_assert_cmpuint(strlen(g_ptr_array_index(s.diag, 0)), <=, 4096);
	seen_free(&s);
	s = seen_new();
	g_assert_cmpuint(dsn_read_blocks("", 0, 0, keep, &s), ==, 0);
	g_assert_cmpuint(dsn_read_blocks(":\n:x\nno colon here\n", 19, 0, keep, &s), ==, 0);
	seen_free(&s);
	g_string_free(text, TRUE);
}

static void
test_outcomes(void)
{
	static const struct {
		const char *action, *status;
		enum dsn_outcome want;
	} cases[] = {
		{ "failed", NULL, DSN_FAILED }, { " Undeliverable", NULL, DSN_FAILED },
		{ "delayed", "5.0.0", DSN_DELAYED }, { "relayed", NULL, DSN_DELIVERED },
		{ "expanded", NULL, DSN_DELIVERED }, { "deliverable", NULL, DSN_DELIVERED },
		{ "failedx", "4.2.2", DSN_DELAYED }, { NULL, " 5.7.1", DSN_FAILED },
		{ NULL, "x", DSN_UNKNOWN }, { NULL, NULL, DSN_UNKNOWN },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		struct dsn_block b = { .action = cases[i].action, .status = cases[i].status };
		g_assert_cmpint(dsn_block_outcome(&b), ==, cases[i].want);
	}
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/dsn-fields/blocks", test_blocks);
	g_test_add_func("/dsn-fields/limit", test_limit);
	g_test_add_func("/dsn-fields/hostile", test_hostile);
	g_test_add_func("/dsn-fields/outcomes", test_outcomes);
	return g_test_run();
}
