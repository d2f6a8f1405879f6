/*
 * test-verdict.c: the rule that turns evidence into a verdict.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

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
test_signs_are_summed(void)
{
	enum evidence_result mixed[] = { EVIDENCE_NOT_SENT, EVIDENCE_NO_OPINION, EVIDENCE_SENT };
	enum evidence_result two[] = { EVIDENCE_SENT, EVIDENCE_SENT, EVIDENCE_NOT_SENT };

	/* an unknown source weighs as a plain strong sign either way */
	g_assert_cmpint(decide(CLASS_BOUNCE, mixed, 3), ==, VERDICT_UNVERIFIED);
	g_assert_cmpint(decide(CLASS_BOUNCE, two, 3), ==, VERDICT_GENUINE);
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

/* Evidence as "source:result" pairs, e.g. "lists:-" (- not sent, + sent, 0 none). */
static enum verdict
decide_by(enum msg_class c, const char *const *pairs)
{
	GPtrArray *list = evidence_list_new();
	enum verdict v;

	for (; *pairs != NULL; pairs++) {
		const char *colon = strchr(*pairs, ':');
		char *src = g_strndup(*pairs, (gsize)(colon - *pairs));
		enum evidence_result r = colon[1] == '+' ? EVIDENCE_SENT :
		    colon[1] == '-' ? EVIDENCE_NOT_SENT : EVIDENCE_NO_OPINION;
		/* evidence keeps the source pointer: use the static names */
		static const char *const names[] = { "lists", "replay", "signature", "envelope-tag",
		    "auth", "relay", "dkim", "sent-log", "notmuch", "correspondence", NULL };
		for (int i = 0; names[i] != NULL; i++)
			if (strcmp(src, names[i]) == 0) {
				struct evidence *e;
				evidence_add(list, names[i], r, "%s", *pairs);
				e = g_ptr_array_index(list, list->len - 1);
				/* "notmuch:-50": a miss at 50 % coverage; "notmuch:-?" unmeasured */
				if (colon[1] == '-' && colon[2] != '\0')
					e->coverage = colon[2] == '?' ? -1 : atoi(colon + 2);
				else if (colon[1] == '-')
					e->coverage = 100;
			}
		g_free(src);
	}
	v = verdict_decide(c, list);
	g_ptr_array_unref(list);
	return v;
}

#define DECIDE(...) decide_by(CLASS_BOUNCE, (const char *const[]){ __VA_ARGS__, NULL })

static void
test_weights(void)
{
	/* hard rules: the lists above everything, then a replay, then a valid signature */
	g_assert_cmpint(DECIDE("lists:-", "signature:+", "sent-log:+"), ==, VERDICT_BACKSCATTER);
	g_assert_cmpint(DECIDE("lists:+", "replay:-", "signature:-", "notmuch:-"), ==, VERDICT_GENUINE);
	g_assert_cmpint(DECIDE("replay:-", "signature:+", "sent-log:+", "notmuch:+", "relay:+",
	    "dkim:+", "auth:+"), ==, VERDICT_BACKSCATTER);
	g_assert_cmpint(DECIDE("signature:+", "envelope-tag:-", "sent-log:-", "notmuch:-"), ==,
	    VERDICT_GENUINE);
	g_assert_cmpint(DECIDE("envelope-tag:+", "notmuch:-", "auth:-"), ==, VERDICT_GENUINE);
	/* a forged signature outweighs every soft sign together */
	g_assert_cmpint(DECIDE("signature:-", "sent-log:+", "notmuch:+", "relay:+", "dkim:+",
	    "auth:+", "correspondence:+"), ==, VERDICT_BACKSCATTER);
	/* a record's hit explains the other record's miss */
	g_assert_cmpint(DECIDE("sent-log:-", "notmuch:+"), ==, VERDICT_GENUINE);
	g_assert_cmpint(DECIDE("sent-log:+", "notmuch:-"), ==, VERDICT_GENUINE);
	/* a configured sign carries the verdict against the records' misses */
	g_assert_cmpint(DECIDE("relay:+", "sent-log:-", "notmuch:-"), ==, VERDICT_GENUINE);
	g_assert_cmpint(DECIDE("dkim:+", "notmuch:-"), ==, VERDICT_GENUINE);
	g_assert_cmpint(DECIDE("auth:+", "sent-log:-", "notmuch:-"), ==, VERDICT_GENUINE);
	/* signs that contradict each other: unverified */
	g_assert_cmpint(DECIDE("relay:+", "dkim:-"), ==, VERDICT_UNVERIFIED);
	/* the bouncing server's failure outweighs a record's hit (a reused ID) */
	g_assert_cmpint(DECIDE("auth:-", "notmuch:+"), ==, VERDICT_BACKSCATTER);
	/* a notmuch miss weighs by coverage: full, half, none, unmeasured (weak) */
	g_assert_cmpint(DECIDE("notmuch:-100"), ==, VERDICT_BACKSCATTER);
	g_assert_cmpint(DECIDE("notmuch:-100", "correspondence:+"), ==, VERDICT_BACKSCATTER);
	g_assert_cmpint(DECIDE("notmuch:-50", "correspondence:+"), ==, VERDICT_UNVERIFIED);
	g_assert_cmpint(DECIDE("notmuch:-0"), ==, VERDICT_UNVERIFIED);
	g_assert_cmpint(DECIDE("notmuch:-?"), ==, VERDICT_BACKSCATTER);
	g_assert_cmpint(DECIDE("notmuch:-?", "correspondence:+"), ==, VERDICT_GENUINE);
	/* weak signs decide alone, any positive sign outweighs them */
	g_assert_cmpint(DECIDE("relay:-"), ==, VERDICT_BACKSCATTER);
	g_assert_cmpint(DECIDE("relay:-", "notmuch:+"), ==, VERDICT_GENUINE);
	g_assert_cmpint(DECIDE("sent-log:0", "correspondence:+"), ==, VERDICT_GENUINE);
	g_assert_cmpint(DECIDE("sent-log:0", "correspondence:-"), ==, VERDICT_BACKSCATTER);
	/* nothing: unverified */
	g_assert_cmpint(DECIDE("lists:0", "signature:0", "notmuch:0", "dkim:0"), ==, VERDICT_UNVERIFIED);
}

static void
test_total(void)
{
	GPtrArray *list = evidence_list_new();
	struct evidence *e;

	evidence_add(list, "relay", EVIDENCE_SENT, "x");
	evidence_add(list, "notmuch", EVIDENCE_NOT_SENT, "y");
	evidence_add(list, "dkim", EVIDENCE_NO_OPINION, "z");
	g_assert_cmpint(verdict_total(list), ==, 200);
	e = g_ptr_array_index(list, 1);
	g_assert_cmpint(e->weight, ==, 0);	/* explained by the relay */
	g_ptr_array_remove_index(list, 0);
	e = g_ptr_array_index(list, 0);
	e->coverage = 40;
	g_assert_cmpint(verdict_total(list), ==, -80);
	g_assert_cmpint(e->weight, ==, -80);
	g_ptr_array_unref(list);
}

/* The stage order of evidence_gather. */
static const char *const stages[] = { "lists", "replay", "signature", "envelope-tag", "auth",
    "relay", "dkim", "sent-log", "notmuch", "correspondence" };
#define N_STAGES	10

/* Appends the entries coded in digits (base 4: 0 absent, 1 sent, 2 not sent, 3 none). */
static void
add_coded(GPtrArray *list, int first, int count, int code)
{
	static const enum evidence_result results[] = { 0, EVIDENCE_SENT, EVIDENCE_NOT_SENT,
	    EVIDENCE_NO_OPINION };

	for (int i = first; i < first + count; i++, code /= 4)
		if (code % 4 != 0)
			evidence_add(list, stages[i], results[code % 4], "stage %d", i);
}

/*
 * Every combination: if the entries before a stage settle the verdict
 * for it, nothing that stage or a later one says changes the verdict.
 */
static void
check_settled_by_exhaustion(int stage)
{
	int prefixes = 1 << (2 * stage), suffixes = 1 << (2 * (N_STAGES - stage)), settled = 0;

	for (int p = 0; p < prefixes; p++) {
		GPtrArray *pre = evidence_list_new();
		enum verdict v;
		add_coded(pre, 0, stage, p);
		if (!verdict_settled(pre, stages[stage])) {
			g_ptr_array_unref(pre);
			continue;
		}
		settled++;
		v = verdict_decide(CLASS_BOUNCE, pre);
		g_assert_cmpint(v, !=, VERDICT_UNVERIFIED);
		for (int q = 0; q < suffixes; q++) {
			GPtrArray *all = evidence_list_new();
			add_coded(all, 0, stage, p);
			add_coded(all, stage, N_STAGES - stage, q);
			g_assert_cmpint(verdict_decide(CLASS_BOUNCE, all), ==, v);
			g_ptr_array_unref(all);
		}
		g_ptr_array_unref(pre);
	}
	g_assert_cmpint(settled, >, 0);
}

static void
test_settled(void)
{
	GPtrArray *list = evidence_list_new();

	g_assert_false(verdict_settled(list, "notmuch"));
	evidence_add(list, "signature", EVIDENCE_NO_OPINION, "no key");
	evidence_add(list, "sent-log", EVIDENCE_NOT_SENT, "not in the log");
	g_assert_false(verdict_settled(list, "notmuch"));	/* notmuch may still say sent */
	g_assert_false(verdict_settled(list, "correspondence"));	/* -100 + 100 */
	evidence_add(list, "sent-log", EVIDENCE_SENT, "in the log");
	g_assert_true(verdict_settled(list, "notmuch"));	/* a hit explains misses */
	g_ptr_array_set_size(list, 0);
	evidence_add(list, "signature", EVIDENCE_NOT_SENT, "forged");
	g_assert_true(verdict_settled(list, "notmuch"));
	g_assert_false(verdict_settled(list, "lists"));
	g_ptr_array_unref(list);
	check_settled_by_exhaustion(8);		/* notmuch */
	check_settled_by_exhaustion(9);		/* correspondence */
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
	g_test_add_func("/verdict/signs-are-summed", test_signs_are_summed);
	g_test_add_func("/verdict/not-sent-is-backscatter", test_not_sent_is_backscatter);
	g_test_add_func("/verdict/no-opinion-is-unverified", test_no_opinion_is_unverified);
	g_test_add_func("/verdict/weights", test_weights);
	g_test_add_func("/verdict/total", test_total);
	g_test_add_func("/verdict/settled", test_settled);
	g_test_add_func("/verdict/names", test_names);
	return g_test_run();
}
