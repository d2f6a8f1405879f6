/*
 * verdict.c: weighing the evidence.
 *
 * Every entry gets a signed weight from one table (below, and the same
 * table in README "How verdicts work"): positive says the user sent the
 * original, negative says she did not, no-opinion weighs 0.  The total
 * decides: at least +THRESHOLD genuine, at most -THRESHOLD backscatter,
 * in between unverified (the `unverified` setting picks the folder).
 *
 * The weights come in tiers so that a sum never has to be argued with:
 *  - the user's lists outweigh everything;
 *  - a replay (an original far older than any MTA retries) outweighs a
 *    valid signature, which only the key holder makes but which an old
 *    message carries too;
 *  - a valid signature or envelope tag outweighs a forged one, and a
 *    forged one outweighs every soft sign together;
 *  - the soft signs are summed: records of sending (sent log, notmuch),
 *    what the bouncing server found (auth), the user's configured relays
 *    and DKIM domains, correspondence.
 *
 * A miss in a record is only "not recorded there".  So a record's miss
 * weighs nothing once another record or a configured sign says sent
 * (the user configured relays and dkim_domains for exactly the mail her
 * records never see), and a notmuch miss weighs only as much of its
 * full weight as the measured share of the user's recent sent mail that
 * notmuch holds (coverage.c); unmeasured, it is weak: enough to decide
 * alone, outweighed by any positive sign.
 *
 * verdict_settled() lets evidence_gather skip the sources that need the
 * notmuch database once nothing they could say would change the verdict.
 */
#include "config.h"

#include <string.h>

#include "evidence.h"

#define THRESHOLD	50

enum {
	W_FINAL = 100000,	/* the user's allow and deny lists */
	W_REPLAY = 20000,	/* an original older than any retry period */
	W_HARD = 10000,		/* a valid signature or tag */
	W_FORGED = 9000,	/* our format, but a bad MAC or expired */
	W_STRONG = 200,
	W_MEDIUM = 100,
	W_WEAK = THRESHOLD,	/* decides alone; any positive sign outweighs it */
};

enum {
	PROVES = 0x01,		/* its "sent" explains away the records' misses */
	MISS_EXPLAINED = 0x02,	/* its miss weighs 0 next to a PROVES "sent" */
	BY_COVERAGE = 0x04,	/* its miss is scaled by the entry's coverage */
};

/* In the order evidence_gather runs the stages (verdict_settled relies on it). */
static const struct weight_row {
	const char *source;
	int sent, not_sent;
	unsigned flags;
} weights[] = {
	{ "lists", W_FINAL, -W_FINAL, 0 },
	{ "replay", 0, -W_REPLAY, 0 },
	{ "signature", W_HARD, -W_FORGED, 0 },
	{ "envelope-tag", W_HARD, -W_FORGED, 0 },
	{ "auth", W_STRONG, -2 * W_STRONG, PROVES },
	{ "relay", W_STRONG, -W_WEAK, PROVES },
	{ "dkim", W_STRONG, -W_STRONG, PROVES },
	{ "sent-log", W_STRONG, -W_MEDIUM, PROVES | MISS_EXPLAINED },
	{ "notmuch", W_STRONG, -W_STRONG, PROVES | MISS_EXPLAINED | BY_COVERAGE },
	{ "sent-folder", W_STRONG, 0, PROVES },	/* finds a copy or says nothing */
	{ "correspondence", W_MEDIUM, -W_WEAK, MISS_EXPLAINED },
};

/* A source not in the table (tests, a new stage): a plain strong sign. */
static const struct weight_row unknown_row = { NULL, W_STRONG, -W_STRONG, 0 };

const char *
verdict_name(enum verdict v)
{
	switch (v) {
	case VERDICT_GENUINE:
		return "genuine";
	case VERDICT_BACKSCATTER:
		return "backscatter";
	case VERDICT_UNVERIFIED:
		return "unverified";
	default:
		return "ham";
	}
}

static const struct weight_row *
row_of(const char *source)
{
	for (size_t i = 0; i < G_N_ELEMENTS(weights); i++)
		if (strcmp(source, weights[i].source) == 0)
			return &weights[i];
	return &unknown_row;
}

/* The weight of one entry, before misses are explained away. */
static int
raw_weight(const struct evidence *e)
{
	const struct weight_row *w = row_of(e->source);

	if (e->result == EVIDENCE_SENT)
		return w->sent;
	if (e->result != EVIDENCE_NOT_SENT)
		return 0;
	if (!(w->flags & BY_COVERAGE))
		return w->not_sent;
	if (e->coverage < 0)
		return -W_WEAK;
	return w->not_sent * MIN(e->coverage, 100) / 100;
}

static bool
proves_sent(const struct evidence *e)
{
	return e->result == EVIDENCE_SENT && (row_of(e->source)->flags & PROVES);
}

static bool
explained(const struct evidence *e, bool proven)
{
	return proven && e->result == EVIDENCE_NOT_SENT &&
	    (row_of(e->source)->flags & MISS_EXPLAINED);
}

static enum verdict
verdict_of_total(long total)
{
	if (total >= THRESHOLD)
		return VERDICT_GENUINE;
	if (total <= -THRESHOLD)
		return VERDICT_BACKSCATTER;
	return VERDICT_UNVERIFIED;
}

/* Sets each entry's weight and returns the total. */
static long
weigh(const GPtrArray *evidence)
{
	bool proven = false;
	long total = 0;

	for (guint i = 0; evidence != NULL && i < evidence->len; i++)
		proven = proven || proves_sent(g_ptr_array_index(evidence, i));
	for (guint i = 0; evidence != NULL && i < evidence->len; i++) {
		struct evidence *e = g_ptr_array_index(evidence, i);
		e->weight = explained(e, proven) ? 0 : raw_weight(e);
		total += e->weight;
	}
	return total;
}

long
verdict_total(const GPtrArray *evidence)
{
	return weigh(evidence);
}

enum verdict
verdict_decide(enum msg_class c, const GPtrArray *evidence)
{
	long total = weigh(evidence);

	if (c == CLASS_NONE)
		return VERDICT_HAM;
	return verdict_of_total(total);
}

/*
 * The verdict of the entries so far with each source from index `from`
 * of the table on adding nothing, "sent" or a full "not sent"; a miss
 * scaled by coverage lies between nothing and the full miss, and the
 * total is monotone in each weight, so the extremes are enough.  Calls
 * found(v) for every outcome; stops early once two outcomes differ.
 */
static bool
all_completions_agree(GPtrArray *trial, size_t from, enum verdict *seen, bool *any)
{
	enum verdict v;

	if (from == G_N_ELEMENTS(weights)) {
		v = verdict_decide(CLASS_BOUNCE, trial);
		if (*any && v != *seen)
			return false;
		*seen = v;
		*any = true;
		return true;
	}
	if (!all_completions_agree(trial, from + 1, seen, any))
		return false;
	for (int r = EVIDENCE_SENT; r <= EVIDENCE_NOT_SENT; r++) {
		struct evidence probe = { .source = weights[from].source,
		    .result = (enum evidence_result)r, .coverage = 100 };
		bool agree;
		g_ptr_array_add(trial, &probe);
		agree = all_completions_agree(trial, from + 1, seen, any);
		g_ptr_array_remove_index(trial, trial->len - 1);
		if (!agree)
			return false;
	}
	return true;
}

bool
verdict_settled(const GPtrArray *evidence, const char *source)
{
	const struct weight_row *own = row_of(source);
	GPtrArray *trial;
	enum verdict v = VERDICT_UNVERIFIED;
	bool any = false, agree;

	if (own == &unknown_row)
		return false;
	trial = g_ptr_array_new();	/* borrows the entries */
	for (guint i = 0; evidence != NULL && i < evidence->len; i++)
		g_ptr_array_add(trial, g_ptr_array_index(evidence, i));
	agree = all_completions_agree(trial, (size_t)(own - weights), &v, &any);
	/* verdict_decide wrote the trial's weights into the real entries: redo them */
	weigh(evidence);
	g_ptr_array_unref(trial);
	return agree && v != VERDICT_UNVERIFIED;
}
