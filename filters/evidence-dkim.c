/*
 * evidence-dkim.c: does the original carry the DKIM signature that all
 * of the user's mail carries (`[evidence] dkim_domains`)?
 *
 * When the user's provider signs every outgoing message, an original
 * From one of those domains without a DKIM-Signature of that domain did
 * not come from the user.  The signature cannot be verified here (no
 * DNS, and bounces often cut the body), so its presence alone proves
 * nothing; a forger can copy one.  What the receiving side found is in
 * the Authentication-Results that the bouncing server wrote on the
 * original (auth-results.c; a field further down may be the forger's):
 * dkim=pass for the domain (with the signature present) counts as sent,
 * dkim=fail as not sent.
 */
#include "config.h"

#include <string.h>

#include "auth-results.h"
#include "evidence.h"

#define SOURCE "dkim"

enum ar_verdict { AR_NONE, AR_PASS, AR_FAIL };

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

/*
 * What the bouncing server's Authentication-Results say about DKIM for
 * domain (auth-results.c: only its own fields count, parsed per RFC 8601).
 */
static enum ar_verdict
auth_results(const struct answer *a, const char *domain)
{
	char *server = NULL;
	GPtrArray *results = auth_results_of_bouncer(a->original, a->rec->reporting_mta, &server);
	enum ar_verdict r = AR_NONE;

	for (guint i = 0; r != AR_FAIL && i < results->len; i++) {
		const struct ar_result *res = g_ptr_array_index(results, i);
		const char *d = ar_prop(res, "header.d");
		if (d == NULL)
			d = ar_prop(res, "header.i");
		if (d != NULL && strchr(d, '@') != NULL)
			d = strchr(d, '@') + 1;
		if (strcmp(res->method, "dkim") != 0 || d == NULL ||
		    !domain_in(d, (char *[]){ (char *)domain, NULL }))
			continue;
		if (strcmp(res->result, "pass") == 0 && !res->anonymous)
			r = AR_PASS;
		else if (strcmp(res->result, "fail") == 0 || strcmp(res->result, "permerror") == 0)
			r = AR_FAIL;
	}
	g_free(server);
	g_ptr_array_unref(results);
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
	enum ar_verdict ar;
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
	ar = auth_results(a, domain);
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
