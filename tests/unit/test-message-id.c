/*
 * test-message-id.c: message_id_normalise and the ID list of a
 * recognition (uniqueness, bound).
 */
#include <string.h>

#include "filter.h"

static const struct {
	const char	*raw;
	const char	*want;	/* NULL: rejected */
} cases[] = {
	{ "<a@b.test>", "a@b.test" },
	{ "  a@b.test  ", "a@b.test" },
	{ "<a@b.test> (comment)", "a@b.test" },
	{ "(comment) <a@b.test>", "a@b.test" },
	{ "\n <folded@b.test>\n", "folded@b.test" },
	{ "<a@b.test><c@d.test>", "a@b.test" },
	{ "<0101-abc-000000>", "0101-abc-000000" },
	{ "<>", NULL },
	{ "", NULL },
	{ "   ", NULL },
	{ "<a b@c.test>", NULL },
	{ "<@>", NULL },
	{ "<a@b\x01.test>", "a@b" },	/* GMime stops at the control byte */
	{ NULL, NULL },
};

static void
test_cases(void)
{
	size_t	i;
	char	*got;

	for (i = 0; i < G_N_ELEMENTS(cases); i++) {
		got = message_id_normalise(cases[i].raw);
		g_assert_cmpstr(got, ==, cases[i].want);
		g_free(got);
	}
}

static void
test_too_long(void)
{
	char	*fill, *raw, *got;

	fill = g_strnfill(MESSAGE_ID_MAX, 'a');
	raw = g_strdup_printf("<%s@x>", fill);
	got = message_id_normalise(raw);
	g_assert_null(got);
	g_free(raw);
	g_free(fill);
}

static void
test_add_unique_bounded(void)
{
	struct recognition r;
	char	 id[32];
	int	 i;

	recognition_init(&r);
	g_assert_true(recognition_add_id(&r, "<x@y>"));
	g_assert_false(recognition_add_id(&r, "x@y"));
	g_assert_false(recognition_add_id(&r, "<>"));
	g_assert_false(recognition_add_id(&r, NULL));
	for (i = 0; i < 2 * MAX_ORIGINAL_IDS; i++) {
		g_snprintf(id, sizeof(id), "<n%d@y>", i);
		recognition_add_id(&r, id);
	}
	g_assert_cmpuint(r.original_ids->len, ==, MAX_ORIGINAL_IDS);
	g_assert_cmpstr(g_ptr_array_index(r.original_ids, 0), ==, "x@y");
	recognition_clear(&r);
	recognition_clear(&r);	/* twice is harmless */
}

static void
test_reason_sanitised(void)
{
	struct recognition r;

	recognition_init(&r);
	recognition_set(&r, CLASS_BOUNCE, "t", "a\r\nb%s", "\tc");
	g_assert_cmpint(r.class, ==, CLASS_BOUNCE);
	g_assert_null(strpbrk(r.reason, "\r\n\t"));
	recognition_clear(&r);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_mime_init();
	g_test_add_func("/message-id/normalise", test_cases);
	g_test_add_func("/message-id/too-long", test_too_long);
	g_test_add_func("/message-id/add-unique-bounded",
	    test_add_unique_bounded);
	g_test_add_func("/message-id/reason-sanitised", test_reason_sanitised);
	return g_test_run();
}
