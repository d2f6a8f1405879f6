/*
 * evidence-auth.c: what the server that bounced the original found.
 *
 * Many servers keep their own Authentication-Results or Received-SPF on
 * the original they return (auth-results.c reads only those).  For mail
 * in the user's domains:
 *   - spf=fail or softfail for the envelope sender, dmarc=fail for the
 *     From:, Microsoft's compauth=fail: the original came from a host
 *     the user's domain does not authorise: forged;
 *   - dkim=pass with header.d, dmarc=pass, or spf=pass for the user's
 *     domain: it left through the user's own provider: sent.  This is
 *     how a bounce of mail sent from a phone or webmail, which no local
 *     record knows, proves itself.
 * A DKIM or DMARC pass outweighs an SPF failure (forwarding breaks SPF,
 * not signatures).  When `dkim_domains` is set, DKIM is the dkim
 * source's business and is not counted twice here.
 *
 * The user's domains are those of the addresses the answer was
 * delivered to (a bounce returns to the sender), of `addresses`, and
 * the `dkim_domains`.
 */
#include "config.h"

#include <string.h>

#include "auth-results.h"
#include "evidence.h"

#define SOURCE "auth"

static const char *
domain_of(const char *addr)
{
	const char *at = addr != NULL ? strrchr(addr, '@') : NULL;

	return at != NULL ? at + 1 : addr;
}

static bool
domain_matches(const char *domain, const char *mine)
{
	size_t dl = strlen(domain), n = strlen(mine);

	if (n == 0)
		return false;
	return g_ascii_strcasecmp(domain, mine) == 0 ||
	    (dl > n && domain[dl - n - 1] == '.' && g_ascii_strcasecmp(domain + dl - n, mine) == 0);
}

static bool
users_domain(const struct evidence_config *c, const struct answer *a, const char *value)
{
	const char *d = domain_of(value);

	if (d == NULL || *d == '\0')
		return false;
	for (guint i = 0; i < a->recipients->len; i++)
		if (domain_matches(d, domain_of(g_ptr_array_index(a->recipients, i))))
			return true;
	for (char **p = c->notmuch.user_addresses; p != NULL && *p != NULL; p++)
		if (domain_matches(d, domain_of(*p)))
			return true;
	for (char **p = c->dkim_domains; p != NULL && *p != NULL; p++)
		if (domain_matches(d, *p))
			return true;
	return false;
}

/* The domain a result is about: the property for its method. */
static const char *
subject_of(const struct ar_result *r, const char *from)
{
	const char *v = NULL;

	if (strcmp(r->method, "spf") == 0 && (v = ar_prop(r, "smtp.mailfrom")) == NULL)
		v = ar_prop(r, "smtp.helo");
	else if (strcmp(r->method, "dkim") == 0 && (v = ar_prop(r, "header.d")) == NULL)
		v = ar_prop(r, "header.i");
	else if (strcmp(r->method, "dmarc") == 0 || strcmp(r->method, "compauth") == 0)
		v = ar_prop(r, "header.from");
	return v != NULL ? v : from;
}

struct tally {
	const char *pass, *fail;	/* the first method that passed / failed */
	const char *fail_result;	/* "fail", "softfail" */
	bool signed_pass;		/* a DKIM or DMARC pass */
};

static void
count(const struct evidence_config *c, const struct answer *a, const struct ar_result *r,
    const char *from, struct tally *t)
{
	bool dkim = strcmp(r->method, "dkim") == 0, spf = strcmp(r->method, "spf") == 0;
	bool dmarc = strcmp(r->method, "dmarc") == 0, compauth = strcmp(r->method, "compauth") == 0;
	const char *subject;

	if ((!dkim && !spf && !dmarc && !compauth) || (dkim && c->dkim_domains != NULL &&
	    c->dkim_domains[0] != NULL))
		return;
	subject = subject_of(r, from);
	if (subject == NULL || !users_domain(c, a, subject))
		return;
	if (strcmp(r->result, "pass") == 0 && !compauth && !r->anonymous) {
		t->pass = t->pass != NULL ? t->pass : r->method;
		t->signed_pass = t->signed_pass || dkim || dmarc;
	} else if ((strcmp(r->result, "fail") == 0 && !dkim) ||
	    (spf && strcmp(r->result, "softfail") == 0)) {
		if (t->fail == NULL) {
			t->fail = r->method;
			t->fail_result = r->result;
		}
	}
}

void
evidence_auth(const struct evidence_config *c, const struct answer *a, GPtrArray *list)
{
	struct tally t = { NULL, NULL, NULL, false };
	GPtrArray *results;
	char *server = NULL, *from;

	if (a->original == NULL)
		return;
	results = auth_results_of_bouncer(a->original, a->rec->reporting_mta, &server);
	if (results->len == 0) {
		g_free(server);	/* a field of the bouncer's that held no result */
		g_ptr_array_unref(results);
		return;
	}
	from = answer_address(g_mime_object_get_header(GMIME_OBJECT(a->original), "From"));
	for (guint i = 0; i < results->len; i++)
		count(c, a, g_ptr_array_index(results, i), from, &t);
	/* nothing about the user's domains: no entry, like a source not consulted */
	if (server == NULL)
		server = g_strdup("the bouncing server");
	if (t.signed_pass || (t.pass != NULL && t.fail == NULL))
		evidence_add(list, SOURCE, EVIDENCE_SENT, "%.100s found %s=pass for the user's"
		    " domain", server, t.pass);
	else if (t.pass != NULL)
		evidence_add(list, SOURCE, EVIDENCE_NO_OPINION, "%.100s found %s=pass and %s=fail"
		    " for the user's domain", server, t.pass, t.fail);
	else if (t.fail != NULL)
		evidence_add(list, SOURCE, EVIDENCE_NOT_SENT, "%.100s found %s=%s for the user's"
		    " domain", server, t.fail, t.fail_result);
	g_free(from);
	g_free(server);
	g_ptr_array_unref(results);
}
