/*
 * evidence-relay.c: did the original leave through one of the user's
 * own outgoing servers (`[evidence] relays`)?
 *
 * Mail the user sends is handed to a known relay (the provider's
 * submission server, the office smarthost), which records the hand-over
 * in a Received: line.  Only a submission hop counts: the relay names
 * itself after "by", and the line shows that the sender logged in or
 * was local: an authenticated protocol (RFC 3848 and 6531: ESMTPA,
 * ESMTPSA, LMTPA, LMTPSA, UTF8SMTPA, UTF8SMTPSA, ...), a local pickup
 * (Postfix's "(Postfix, from userid N)", qmail's "invoked by uid N",
 * Exim's "with local"), an authentication comment ("(Authenticated
 * sender: ...)", Sendmail's "(authenticated bits=N)"), or a client in
 * one of the user's own networks, listed among the relays as CIDR
 * ("192.0.2.0/24", "2001:db8::/32": an office smarthost that takes
 * mail from the LAN without a login).  What a submission hop looks like
 * is filters/submission.c's one definition, shared with the sent-mail
 * sources.  A plain inbound
 * ESMTP hop through the same server is how a forgery arrives on a small
 * shared server, and counts for nothing.  Providers that strip their
 * internal lines leave one more sign: the topmost line, written by the
 * server that bounced the original, names the relay it came from as
 * its own reverse lookup, "from HELO (RELAY [ip])"; the HELO word is
 * the client's claim and does not count.  An original whose Received
 * chain has no such hop counts as not sent.  A forger can write fake
 * Received: lines, which is why this weighs as a sign, not a record.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "evidence.h"
#include "own-server.h"
#include "submission.h"

#define SOURCE "relay"
#define RECEIVED_MAX	50	/* Received: lines looked at */

/* The word after *p (a host name, "[ip]" brackets removed), or NULL. */
static char *
word_at(const char *p)
{
	size_t n;

	while (*p == ' ' || *p == '[')
		p++;
	n = strcspn(p, " ()[];");
	return n > 0 && n < 256 ? g_strndup(p, n) : NULL;
}

/* The value of a Received: line, lower-case, with blanks for line ends. */
static char *
flat(const char *value)
{
	char *v = g_ascii_strdown(value, -1);

	g_strdelimit(v, "\t\r\n", ' ');
	return v;
}

/* The host after " by " (or a leading "by "), or NULL. */
static char *
by_host(const char *v)
{
	const char *p = strncmp(v, "by ", 3) == 0 ? v + 3 : strstr(v, " by ");

	if (p == NULL)
		return NULL;
	return word_at(p == v + 3 ? p : p + 4);
}

/* The first host after a leading "from " (where the line entered), or NULL. */
static char *
from_host(const char *v)
{
	while (*v == ' ')
		v++;
	return strncmp(v, "from ", 5) == 0 ? word_at(v + 5) : NULL;
}

/* The host the receiver looked up, "from helo (HOST [ip])", or NULL. */
static char *
looked_up_host(const char *v)
{
	const char *open;

	while (*v == ' ')
		v++;
	if (strncmp(v, "from ", 5) != 0 || (open = strchr(v, '(')) == NULL)
		return NULL;
	return word_at(open + 1);
}

static const char *
matching_relay(char **relays, const char *host)
{
	for (char **r = relays; *r != NULL; r++)
		if (strchr(*r, '/') == NULL && g_pattern_match_simple(*r, host))
			return *r;
	return NULL;
}

/* Parses "a.b.c.d" or an IPv6 address into 16 bytes; the family, or 0. */
static int
parse_ip(const char *s, unsigned char out[16])
{
	if (inet_pton(AF_INET, s, out) == 1)
		return AF_INET;
	if (inet_pton(AF_INET6, s, out) == 1)
		return AF_INET6;
	return 0;
}

/* Is ip inside the network "addr/bits"? */
static bool
in_network(const char *network, const unsigned char ip[16], int family)
{
	const char *slash = strchr(network, '/');
	unsigned char net[16];
	char addr[64];
	int bits, nfamily, max;

	if (slash == NULL || (size_t)(slash - network) >= sizeof addr)
		return false;
	memcpy(addr, network, (size_t)(slash - network));
	addr[slash - network] = '\0';
	bits = atoi(slash + 1);
	nfamily = parse_ip(addr, net);
	max = nfamily == AF_INET ? 32 : 128;
	if (nfamily != family || bits < 0 || bits > max)
		return false;
	for (int i = 0; i < bits; i++)
		if (((ip[i / 8] ^ net[i / 8]) >> (7 - i % 8)) & 1)
			return false;
	return true;
}

/* The listed network holding the client of "from helo (name [ip])", or NULL. */
static const char *
client_network(char **relays, const char *v)
{
	const char *open = strchr(v, '['), *by = strstr(v, " by ");
	unsigned char ip[16];
	char buf[64];
	size_t n;
	int family;

	if (open == NULL || (by != NULL && open > by))
		return NULL;
	open++;
	if (g_ascii_strncasecmp(open, "ipv6:", 5) == 0)
		open += 5;
	n = strcspn(open, "]");
	if (n == 0 || n >= sizeof buf || open[n] != ']')
		return NULL;
	memcpy(buf, open, n);
	buf[n] = '\0';
	if ((family = parse_ip(buf, ip)) == 0)
		return NULL;
	for (char **r = relays; *r != NULL; r++)
		if (strchr(*r, '/') != NULL && in_network(*r, ip, family))
			return *r;
	return NULL;
}

void
evidence_relay(const struct evidence_config *c, const struct answer *a, GPtrArray *list)
{
	GMimeHeaderList *hl;
	char *entry = NULL;
	int n, seen = 0;

	if (c->relays == NULL || c->relays[0] == NULL) {
		own_server_submission(a, list);	/* her own server is her relay */
		return;
	}
	if (a->original == NULL) {
		evidence_add(list, SOURCE, EVIDENCE_NO_OPINION, "the answer quotes no original");
		return;
	}
	hl = g_mime_object_get_header_list(GMIME_OBJECT(a->original));
	n = g_mime_header_list_get_count(hl);
	for (int i = 0; i < n && seen < RECEIVED_MAX; i++) {
		GMimeHeader *h = g_mime_header_list_get_header_at(hl, i);
		const char *relay, *net = NULL;
		char *v, *by;
		if (g_ascii_strcasecmp(g_mime_header_get_name(h), "Received") != 0 ||
		    g_mime_header_get_value(h) == NULL)
			continue;
		v = flat(g_mime_header_get_value(h));
		by = seen++ == 0 ? looked_up_host(v) : NULL;
		if (by != NULL && (relay = matching_relay(c->relays, by)) != NULL) {
			evidence_add(list, SOURCE, EVIDENCE_SENT, "the bouncing server got it from"
			    " %.200s (relay %.200s)", by, relay);
			g_free(by);
			g_free(v);
			g_free(entry);
			return;
		}
		g_free(by);
		by = by_host(v);
		if (by != NULL && (relay = matching_relay(c->relays, by)) != NULL &&
		    (submission_hop(v, NULL) || (net = client_network(c->relays, v)) != NULL)) {
			evidence_add(list, SOURCE, EVIDENCE_SENT, "submitted at %.200s (relay %.200s%s%.64s)",
			    by, relay, net != NULL ? ", from network " : "", net != NULL ? net : "");
			g_free(by);
			g_free(v);
			g_free(entry);
			return;
		}
		g_free(entry);
		entry = from_host(v);	/* the bottom line's sender is where it entered */
		if (entry == NULL)
			entry = g_steal_pointer(&by);
		g_free(by);
		g_free(v);
	}
	if (seen == 0)
		evidence_add(list, SOURCE, EVIDENCE_NO_OPINION, "the original has no Received: line");
	else
		evidence_add(list, SOURCE, EVIDENCE_NOT_SENT, "the original entered at %.200s, with no"
		    " submission hop at a relay", entry != NULL ? entry : "an unnamed host");
	g_free(entry);
}
