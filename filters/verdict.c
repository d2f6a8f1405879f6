/*
 * verdict.c: one fixed rule for turning evidence into a verdict.
 *
 * Sources are ranked (evidence.h has the table); the first rank with an
 * opinion decides, and lower ranks are not asked:
 *
 * 1. lists: the user said so.
 * 2. a valid signature or envelope tag: only the key holder makes one.
 * 3. a forged one (our format, bad or expired): someone copied it.
 * 4. the sent log and notmuch: records of what the user sent.  Any hit
 *    wins within the rank: a record in one place proves sending, a miss
 *    in one place only means the mail was not recorded there.
 * 5. relay path and DKIM: signs of the way the original travelled.
 *    Here a bad sign wins: a forger can fake a Received: line or copy a
 *    DKIM-Signature header, but a forgery seldom looks right in both.
 * 6. correspondence: whom the user wrote to, for answers that name no
 *    original.
 * 7. otherwise unverified, and the `unverified` setting picks the folder.
 *
 * An unknown source ranks with the logs (4).
 *
 * verdict_settled() lets evidence_gather skip the sources that need the
 * notmuch database once nothing they could say would change the verdict.
 */
#include "config.h"

#include <string.h>

#include "evidence.h"

enum rank {
	RANK_LISTS,
	RANK_SIGNED,		/* valid signatures only; forged ones in RANK_FORGED */
	RANK_FORGED,
	RANK_LOGS,
	RANK_SIGNS,
	RANK_CORRESPONDENCE,
	RANK_COUNT
};

static const struct {
	const char *source;
	enum rank rank;
} ranks[] = {
	{ "lists", RANK_LISTS },
	{ "signature", RANK_SIGNED },
	{ "envelope-tag", RANK_SIGNED },
	{ "sent-log", RANK_LOGS },
	{ "notmuch", RANK_LOGS },
	{ "sent-folder", RANK_LOGS },
	{ "relay", RANK_SIGNS },
	{ "dkim", RANK_SIGNS },
	{ "correspondence", RANK_CORRESPONDENCE },
};

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

static enum rank
rank_of(const struct evidence *e)
{
	for (size_t i = 0; i < G_N_ELEMENTS(ranks); i++)
		if (strcmp(e->source, ranks[i].source) == 0)
			return ranks[i].rank == RANK_SIGNED && e->result == EVIDENCE_NOT_SENT ?
			    RANK_FORGED : ranks[i].rank;
	return RANK_LOGS;
}

/* The result that decides a rank when its entries disagree. */
static enum evidence_result
winner(enum rank rank)
{
	/* Lists: deny is decided inside the stage.  Signs: a bad one wins. */
	return rank == RANK_LISTS || rank == RANK_SIGNS ? EVIDENCE_NOT_SENT : EVIDENCE_SENT;
}

/* The verdict of one rank, or VERDICT_UNVERIFIED if it has no opinion. */
static enum verdict
decide_rank(enum rank rank, bool sent, bool not_sent)
{
	if (!sent && !not_sent)
		return VERDICT_UNVERIFIED;
	if (winner(rank) == EVIDENCE_NOT_SENT)
		return not_sent ? VERDICT_BACKSCATTER : VERDICT_GENUINE;
	return sent ? VERDICT_GENUINE : VERDICT_BACKSCATTER;
}

enum verdict
verdict_decide(enum msg_class c, const GPtrArray *evidence)
{
	bool sent[RANK_COUNT] = { false }, not_sent[RANK_COUNT] = { false };

	if (c == CLASS_NONE)
		return VERDICT_HAM;
	for (guint i = 0; evidence != NULL && i < evidence->len; i++) {
		const struct evidence *e = g_ptr_array_index(evidence, i);
		enum rank r = rank_of(e);
		sent[r] = sent[r] || e->result == EVIDENCE_SENT;
		not_sent[r] = not_sent[r] || e->result == EVIDENCE_NOT_SENT;
	}
	for (int r = 0; r < RANK_COUNT; r++) {
		enum verdict v = decide_rank((enum rank)r, sent[r], not_sent[r]);
		if (v != VERDICT_UNVERIFIED)
			return v;
	}
	return VERDICT_UNVERIFIED;
}

bool
verdict_settled(const GPtrArray *evidence, const char *source)
{
	const struct evidence probe = { .source = source, .result = EVIDENCE_SENT };
	enum rank own = rank_of(&probe);

	for (guint i = 0; evidence != NULL && i < evidence->len; i++) {
		const struct evidence *e = g_ptr_array_index(evidence, i);
		enum rank r = rank_of(e);
		if (e->result == EVIDENCE_NO_OPINION)
			continue;
		if (r < own || (r == own && e->result == winner(r)))
			return true;
	}
	return false;
}
