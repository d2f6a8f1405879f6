/*
 * evidence-tag.c: did the answer come back to a signed envelope sender
 * (user+prvs=KDDDSSSSSS@domain, signature.h)?
 *
 * A bounce goes to the envelope sender, so when `backstop sendmail`
 * tagged it, the bounce proves itself even if it quotes nothing.  The
 * address it was delivered to is read from the MTA ($ORIGINAL_RECIPIENT,
 * $RECIPIENT, $EXTENSION) and from the answer's top-level Delivered-To
 * and X-Original-To, never from the embedded original.
 *
 * A valid tag is proof; a tag in our format with a bad signature or past
 * its day is a forgery or a replay.  An untagged address says nothing:
 * mail sent from elsewhere carries no tag.
 */
#include "config.h"

#include "evidence.h"

#define SOURCE "envelope-tag"

struct tag_finding {
	enum sig_check best;
	const char *where;
};

static void
consider(struct tag_finding *f, enum sig_check s, const char *where)
{
	if (s == SIG_NONE || f->best == SIG_VALID)
		return;
	if (s == SIG_VALID || f->best == SIG_NONE) {
		f->best = s;
		f->where = where;
	}
}

static void
report(const struct evidence_config *c, const struct tag_finding *f, GPtrArray *list)
{
	if (f->best != SIG_NONE && c->keys == NULL)
		evidence_add(list, SOURCE, EVIDENCE_NO_OPINION, "%.200s looks tagged but there is"
		    " no usable key: %s", f->where, c->keys_problem ? c->keys_problem :
		    "none was ever made");
	else if (f->best == SIG_VALID)
		evidence_add(list, SOURCE, EVIDENCE_SENT, "%.200s carries a valid tag", f->where);
	else if (f->best != SIG_NONE)
		evidence_add(list, SOURCE, EVIDENCE_NOT_SENT, "%.200s carries a tag with %s %s",
		    f->where, f->best == SIG_EXPIRED ? "an" : "a", sig_check_name(f->best));
	else if (c->envelope_tag && c->keys != NULL)
		evidence_add(list, SOURCE, EVIDENCE_NO_OPINION, "the answer came to an untagged address");
}

void
evidence_tag(const struct evidence_config *c, const struct answer *a, GPtrArray *list)
{
	static const struct keyring no_keys;
	const struct keyring *kr = c->keys ? c->keys : &no_keys;
	struct tag_finding f = { SIG_NONE, NULL };

	for (guint i = 0; i < a->recipients->len; i++) {
		const char *r = g_ptr_array_index(a->recipients, i);
		consider(&f, signature_check_tag(kr, r, c->now, c->key_days), r);
	}
	if (a->extension != NULL && a->extension_local != NULL)
		consider(&f, signature_check_extension(kr, a->extension, a->extension_local, c->now,
		    c->key_days), "$EXTENSION");
	report(c, &f, list);
}
