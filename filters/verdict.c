/*
 * verdict.c: one rule for turning evidence into a verdict.
 *
 * Any source that proves the user sent the original wins: a genuine
 * bounce must never be quarantined because one source had not heard of
 * it.  Without such proof, one source that looked and found nothing is
 * enough to call the answer backscatter.  Sources with no opinion leave
 * it unverified, and the user's `unverified` setting picks the folder.
 */
#include "config.h"

#include "evidence.h"

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

enum verdict
verdict_decide(enum msg_class c, const GPtrArray *evidence)
{
	bool not_sent = false;

	if (c == CLASS_NONE)
		return VERDICT_HAM;
	for (guint i = 0; evidence != NULL && i < evidence->len; i++) {
		const struct evidence *e = g_ptr_array_index(evidence, i);
		if (e->result == EVIDENCE_SENT)
			return VERDICT_GENUINE;
		if (e->result == EVIDENCE_NOT_SENT)
			not_sent = true;
	}
	return not_sent ? VERDICT_BACKSCATTER : VERDICT_UNVERIFIED;
}
