/*
 * evidence-dkim.c: does the original carry the DKIM signature that all
 * of the user's mail carries (`[evidence] dkim_domains`)?
 *
 * When the user's provider signs every outgoing message, an original
 * From one of those domains without a DKIM-Signature of that domain did
 * not come from the user.  The signature cannot be verified here (no
 * DNS, and bounces often cut the body), so its presence alone proves
 * nothing; a forger can copy one.  What the receiving side found is in
 * the original's Authentication-Results: dkim=pass for the domain (with
 * the signature present) counts as sent, dkim=fail as not sent.
 */
#include "config.h"

#include <string.h>

#include "evidence.h"

#define SOURCE "dkim"

enum ar_result { AR_NONE, AR_PASS, AR_FAIL };

static bool
domain_in(const char *domain, char **list)
{
	size_t dl = strlen(domain);

	for (char **d = list; d != NULL && *d != NULL; d++) {
		size_t n = strlen(*d);
		if (strcmp(domain, *d) == 0 ||
		    (dl > n && domain[dl - n - 1] == '.' && strcmp(domain + dl - n, *d) == 0))
			return true;
	}
	return false;
}

/* The value of tag (e.g. "d=", "header.d=") in a ';'/' '-separated item. */
static char *
tag_value(const char *item, const char *tag)
{
	const char *p = item;
	size_t n = strlen(tag);

	while ((p = strstr(p, tag)) != NULL) {
		if (p == item || strchr(" \t;", p[-1]) != NULL) {
			p += n;
			while (*p == '@')
				p++;
			return g_strndup(p, strcspn(p, " \t;\r\n"));
		}
		p += n;
	}
	return NULL;
}

/* Every value of header name in the original, lower-cased, unfolded. */
static GPtrArray *
header_values(GMimeMessage *m, const char *name)
{
	GMimeHeaderList *hl = g_mime_object_get_header_list(GMIME_OBJECT(m));
	GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
	int n = g_mime_header_list_get_count(hl);

	for (int i = 0; i < n && out->len < 32; i++) {
		GMimeHeader *h = g_mime_header_list_get_header_at(hl, i);
		if (g_ascii_strcasecmp(g_mime_header_get_name(h), name) == 0 &&
		    g_mime_header_get_value(h) != NULL)
			g_ptr_array_add(out, g_strdelimit(g_ascii_strdown(g_mime_header_get_value(h), -1),
			    "\t\r\n", ' '));
	}
	return out;
}

static bool
signed_by(GMimeMessage *m, const char *domain)
{
	GPtrArray *sigs = header_values(m, "DKIM-Signature");
	bool found = false;

	for (guint i = 0; !found && i < sigs->len; i++) {
		char *d = tag_value(g_ptr_array_index(sigs, i), "d=");
		found = d != NULL && strcmp(d, domain) == 0;
		g_free(d);
	}
	g_ptr_array_unref(sigs);
	return found;
}

/* What Authentication-Results say about DKIM for domain. */
static enum ar_result
auth_results(GMimeMessage *m, const char *domain)
{
	GPtrArray *ars = header_values(m, "Authentication-Results");
	enum ar_result r = AR_NONE;

	for (guint i = 0; r != AR_FAIL && i < ars->len; i++) {
		char **items = g_strsplit(g_ptr_array_index(ars, i), ";", -1);
		for (char **it = items; *it != NULL; it++) {
			char *res = tag_value(g_strstrip(*it), "dkim=");
			char *d = tag_value(*it, "header.d=");
			if (d == NULL)
				d = tag_value(*it, "header.i=");
			if (res != NULL && d != NULL && domain_in(d, (char *[]){ (char *)domain, NULL }))
				r = strcmp(res, "pass") == 0 ? (r == AR_NONE ? AR_PASS : r) :
				    strcmp(res, "fail") == 0 || strcmp(res, "permerror") == 0 ? AR_FAIL : r;
			g_free(res);
			g_free(d);
		}
		g_strfreev(items);
	}
	g_ptr_array_unref(ars);
	return r;
}

/* The DKIM domain that covers the original's From:, or NULL. */
static char *
from_dkim_domain(const struct evidence_config *c, GMimeMessage *m)
{
	char *from = answer_address(g_mime_object_get_header(GMIME_OBJECT(m), "From"));
	const char *at = from != NULL ? strrchr(from, '@') : NULL;
	char *domain = NULL;

	for (char **d = c->dkim_domains; at != NULL && domain == NULL && *d != NULL; d++)
		if (domain_in(at + 1, (char *[]){ *d, NULL }))
			domain = g_strdup(*d);
	g_free(from);
	return domain;
}

void
evidence_dkim(const struct evidence_config *c, const struct answer *a, GPtrArray *list)
{
	enum ar_result ar;
	char *domain;

	if (c->dkim_domains == NULL || c->dkim_domains[0] == NULL)
		return;
	if (a->original == NULL) {
		evidence_add(list, SOURCE, EVIDENCE_NO_OPINION, "the answer quotes no original");
		return;
	}
	if ((domain = from_dkim_domain(c, a->original)) == NULL) {
		evidence_add(list, SOURCE, EVIDENCE_NO_OPINION, "the original is not From a DKIM domain");
		return;
	}
	ar = auth_results(a->original, domain);
	if (!signed_by(a->original, domain))
		evidence_add(list, SOURCE, EVIDENCE_NOT_SENT, "the original has no DKIM-Signature"
		    " of d=%s", domain);
	else if (ar == AR_FAIL)
		evidence_add(list, SOURCE, EVIDENCE_NOT_SENT, "Authentication-Results: dkim failed"
		    " for %s", domain);
	else if (ar == AR_PASS)
		evidence_add(list, SOURCE, EVIDENCE_SENT, "signed by %s, and Authentication-Results:"
		    " dkim=pass", domain);
	else
		evidence_add(list, SOURCE, EVIDENCE_NO_OPINION, "has a DKIM-Signature of d=%s,"
		    " not verified here", domain);
	g_free(domain);
}
