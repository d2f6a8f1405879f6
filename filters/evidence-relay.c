/*
 * evidence-relay.c: did the original leave through one of the user's
 * own outgoing servers (`[evidence] relays`)?
 *
 * Mail the user sends passes a known relay (the provider's submission
 * server, the office smarthost), and each MTA on the way records itself
 * in a Received: line.  A forgery enters the mail system somewhere else,
 * typically a botnet host talking straight to the victim's MX.  So a
 * relay among the hosts of the embedded original's Received chain
 * counts as sent, and a chain without one as not sent.  A forger can
 * write fake Received: lines, which is why this ranks below the logs.
 */
#include "config.h"

#include <string.h>

#include "evidence.h"

#define SOURCE "relay"
#define RECEIVED_MAX	50	/* Received: lines looked at */

/* Adds the word after *p (a host name, "[ip]" brackets removed). */
static void
add_word(GPtrArray *hosts, const char *p)
{
	size_t n;

	while (*p == ' ' || *p == '\t' || *p == '[')
		p++;
	n = strcspn(p, " \t\r\n()[];");
	if (n > 0 && n < 256)
		g_ptr_array_add(hosts, g_ascii_strdown(p, (gssize)n));
}

/* The hosts a Received: value names: "from X (Y [ip]) by Z". */
static void
received_hosts(const char *value, GPtrArray *hosts)
{
	char *v = g_ascii_strdown(value, -1);
	const char *p;

	for (char *q = v; *q != '\0'; q++)
		if (*q == '\t' || *q == '\r' || *q == '\n')
			*q = ' ';
	p = v;
	while (*p == ' ')
		p++;
	if (strncmp(p, "from ", 5) == 0) {
		add_word(hosts, p + 5);
		if ((p = strchr(p, '(')) != NULL && strchr(p, ')') != NULL)
			add_word(hosts, p + 1);
	}
	if ((p = strstr(v, " by ")) != NULL)
		add_word(hosts, p + 4);
	else if (strncmp(v, "by ", 3) == 0)
		add_word(hosts, v + 3);
	g_free(v);
}

static const char *
matching_relay(char **relays, const char *host)
{
	for (char **r = relays; *r != NULL; r++)
		if (g_pattern_match_simple(*r, host))
			return *r;
	return NULL;
}

void
evidence_relay(const struct evidence_config *c, const struct answer *a, GPtrArray *list)
{
	GMimeHeaderList *hl;
	GPtrArray *hosts;
	int n, seen = 0;
	guint entry = 0;

	if (c->relays == NULL || c->relays[0] == NULL)
		return;
	if (a->original == NULL) {
		evidence_add(list, SOURCE, EVIDENCE_NO_OPINION, "the answer quotes no original");
		return;
	}
	hl = g_mime_object_get_header_list(GMIME_OBJECT(a->original));
	n = g_mime_header_list_get_count(hl);
	hosts = g_ptr_array_new_with_free_func(g_free);
	for (int i = 0; i < n && seen < RECEIVED_MAX; i++) {
		GMimeHeader *h = g_mime_header_list_get_header_at(hl, i);
		if (g_ascii_strcasecmp(g_mime_header_get_name(h), "Received") != 0)
			continue;
		seen++;
		entry = hosts->len;	/* the bottom line's first host is where it entered */
		received_hosts(g_mime_header_get_value(h), hosts);
	}
	for (guint i = 0; i < hosts->len; i++) {
		const char *host = g_ptr_array_index(hosts, i), *relay;
		if ((relay = matching_relay(c->relays, host)) != NULL) {
			evidence_add(list, SOURCE, EVIDENCE_SENT, "the original passed %.200s (relay %.200s)",
			    host, relay);
			g_ptr_array_unref(hosts);
			return;
		}
	}
	if (seen == 0)
		evidence_add(list, SOURCE, EVIDENCE_NO_OPINION, "the original has no Received: line");
	else
		evidence_add(list, SOURCE, EVIDENCE_NOT_SENT, "the original entered at %.200s, not"
		    " through a relay", entry < hosts->len ? (const char *)g_ptr_array_index(hosts,
		    entry) : "an unnamed host");
	g_ptr_array_unref(hosts);
}
