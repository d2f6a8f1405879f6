/*
 * evidence-signature.c: does the original carry one of our signed
 * Message-IDs (signature.h)?
 *
 * A valid, unexpired signature is proof with no state at all: only the
 * holder of the key can make it.  An ID in our format whose signature
 * is wrong or expired was made by someone copying the format, or is an
 * answer so late that it proves nothing, so it counts against.  Other
 * IDs say nothing here.  Without a key the stage is consulted only when
 * an ID has our format, to say that it cannot be checked.
 */
#include "config.h"

#include "evidence.h"

#define SOURCE "signature"

void
evidence_signature(const struct evidence_config *c, const struct answer *a, GPtrArray *list)
{
	static const struct keyring no_keys;
	const GPtrArray *ids = a->rec->original_ids;
	const char *forged = NULL;
	enum sig_check why = SIG_NONE;

	for (guint i = 0; ids != NULL && i < ids->len; i++) {
		const char *id = g_ptr_array_index(ids, i);
		enum sig_check s = signature_check_id(c->keys ? c->keys : &no_keys, id, c->now,
		    c->key_days);
		if (s == SIG_NONE)
			continue;
		if (c->keys == NULL) {
			evidence_add(list, SOURCE, EVIDENCE_NO_OPINION, "<%.200s> looks signed but"
			    " there is no usable key: %s", id, c->keys_problem ? c->keys_problem :
			    "none was ever made");
			return;
		}
		if (s == SIG_VALID) {
			evidence_add(list, SOURCE, EVIDENCE_SENT, "<%.200s> carries a valid signature", id);
			return;
		}
		if (forged == NULL) {
			forged = id;
			why = s;
		}
	}
	if (forged != NULL)
		evidence_add(list, SOURCE, EVIDENCE_NOT_SENT, "<%.200s> is in our format with %s %s",
		    forged, why == SIG_EXPIRED ? "an" : "a", sig_check_name(why));
	else if (c->keys != NULL)
		evidence_add(list, SOURCE, EVIDENCE_NO_OPINION, "no original Message-ID is signed");
}
