/*
 * explain.c: a verdict in words (explain.h).
 *
 * The JSON of `check` has the recogniser's reason and each source's
 * detail; the one-line form had only "source:result" pairs, which say
 * nothing to a person ("lists:no-opinion,signature:no-opinion").  Here
 * the same reasons are put in a sentence: what the message is, then the
 * details that decided.  Sources without an opinion are left out unless
 * no source had one (then they are the reason it is unverified).
 */
#include "config.h"

#include <string.h>

#include "explain.h"

/* Appends text with control bytes as '?'; the message chose some of it. */
static void
append_clean(GString *out, const char *text)
{
	for (const char *p = text; *p != '\0'; p++) {
		unsigned char c = (unsigned char)*p;
		g_string_append_c(out, c < 0x20 || c == 0x7f ? '?' : (char)c);
	}
}

/* The details of evidence with result want (any result when all). */
static unsigned
append_details(GString *out, const GPtrArray *ev, enum evidence_result want, bool all)
{
	unsigned n = 0;

	for (guint i = 0; ev != NULL && i < ev->len; i++) {
		const struct evidence *e = g_ptr_array_index(ev, i);
		if ((!all && e->result != want) || e->detail == NULL || *e->detail == '\0')
			continue;
		g_string_append(out, "; ");
		n++;
		append_clean(out, e->detail);
	}
	return n;
}

char *
explain_outcome(const struct outcome *o)
{
	GString *out = g_string_new(NULL);

	if (o->rec.class == CLASS_NONE) {
		g_string_append(out, "not an automated answer");
		return g_string_free(out, FALSE);
	}
	append_clean(out, o->rec.reason != NULL ? o->rec.reason : class_name(o->rec.class));
	switch (o->verdict) {
	case VERDICT_GENUINE:
		append_details(out, o->evidence, EVIDENCE_SENT, false);
		break;
	case VERDICT_BACKSCATTER:
		append_details(out, o->evidence, EVIDENCE_NOT_SENT, false);
		break;
	case VERDICT_UNVERIFIED:
		g_string_append(out, "; nothing could tell whether you sent the original");
		append_details(out, o->evidence, EVIDENCE_NO_OPINION, true);
		break;
	default:
		break;
	}
	return g_string_free(out, FALSE);
}

char *
explain_evidence(const struct outcome *o)
{
	GString *out = g_string_new(NULL);

	for (guint i = 0; o->evidence != NULL && i < o->evidence->len; i++) {
		const struct evidence *e = g_ptr_array_index(o->evidence, i);
		g_string_append_printf(out, "  %s: %s", e->source, evidence_result_name(e->result));
		if (e->detail != NULL && *e->detail != '\0') {
			g_string_append(out, ": ");
			append_clean(out, e->detail);
		}
		g_string_append_c(out, '\n');
	}
	return g_string_free(out, FALSE);
}
