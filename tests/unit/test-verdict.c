/*
 * test-verdict.c: the rule that turns evidence into a verdict.
 */
#include "config.h"

#include "evidence.h"

static enum verdict
decide(enum msg_class c, const enum evidence_result *results, int n)
{
	GPtrArray *list = evidence_list_new();
	enum verdict v;

	for (int i = 0; i < n; i++)
		evidence_add(list, "test", results[i], "case %d", i);
	v = verdict_decide(c, list);
	g_ptr_array_unref(list);
	return v;
}

static void
test_ordinary_mail_is_ham(void)
{
	enum evidence_result sent[] = { EVIDENCE_SENT };

	g_assert_cmpint(decide(CLASS_NONE, NULL, 0), ==, VERDICT_HAM);
	g_assert_cmpint(decide(CLASS_NONE, sent, 1), ==, VERDICT_HAM);
}

static void
test_any_sent_wins(void)
{
	enum evidence_result mixed[] = { EVIDENCE_NOT_SENT, EVIDENCE_NO_OPINION, EVIDENCE_SENT };

	g_assert_cmpint(decide(CLASS_BOUNCE, mixed, 3), ==, VERDICT_GENUINE);
	g_assert_cmpint(decide(CLASS_AUTOREPLY, mixed + 2, 1), ==, VERDICT_GENUINE);
}

static void
test_not_sent_is_backscatter(void)
{
	enum evidence_result r[] = { EVIDENCE_NO_OPINION, EVIDENCE_NOT_SENT };

	g_assert_cmpint(decide(CLASS_BOUNCE, r, 2), ==, VERDICT_BACKSCATTER);
	g_assert_cmpint(decide(CLASS_DELAY, r + 1, 1), ==, VERDICT_BACKSCATTER);
}

static void
test_no_opinion_is_unverified(void)
{
	enum evidence_result r[] = { EVIDENCE_NO_OPINION, EVIDENCE_NO_OPINION };

	g_assert_cmpint(decide(CLASS_BOUNCE, r, 2), ==, VERDICT_UNVERIFIED);
	g_assert_cmpint(decide(CLASS_MDN, NULL, 0), ==, VERDICT_UNVERIFIED);
}

static void
test_names(void)
{
	g_assert_cmpstr(verdict_name(VERDICT_HAM), ==, "ham");
	g_assert_cmpstr(verdict_name(VERDICT_GENUINE), ==, "genuine");
	g_assert_cmpstr(verdict_name(VERDICT_BACKSCATTER), ==, "backscatter");
	g_assert_cmpstr(verdict_name(VERDICT_UNVERIFIED), ==, "unverified");
	g_assert_cmpstr(evidence_result_name(EVIDENCE_SENT), ==, "sent");
	g_assert_cmpstr(evidence_result_name(EVIDENCE_NOT_SENT), ==, "not-sent");
	g_assert_cmpstr(evidence_result_name(EVIDENCE_NO_OPINION), ==, "no-opinion");
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/verdict/ordinary-mail-is-ham", test_ordinary_mail_is_ham);
	g_test_add_func("/verdict/any-sent-wins", test_any_sent_wins);
	g_test_add_func("/verdict/not-sent-is-backscatter", test_not_sent_is_backscatter);
	g_test_add_func("/verdict/no-opinion-is-unverified", test_no_opinion_is_unverified);
	g_test_add_func("/verdict/names", test_names);
	return g_test_run();
}
