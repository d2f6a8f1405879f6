/*
 * submission.c: tells a submission hop from a hop that brought mail in
 * from outside (submission.h).
 *
 * Only what MTAs write themselves is read: the protocol after "with"
 * (RFC 5321 and the RFC 3848 "A" suffix for authenticated sessions),
 * the markers of a local pickup, and the peer's address in the "from"
 * clause.  A Received: line is text anyone can write, which is why
 * this is asked only of copies already in the user's own mail (where
 * the user's MX wrote the top line of anything that came from outside)
 * and never taken alone as proof of sending.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "submission.h"

#define VALUE_MAX	2048	/* bytes of a Received: value looked at */

/* Lower-cased, blanks collapsed to single spaces, at most VALUE_MAX bytes. */
static char *
normalise(const char *value)
{
	GString *out = g_string_sized_new(256);
	bool blank = true;

	for (const char *p = value; *p != '\0' && out->len < VALUE_MAX; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') {
			if (!blank)
				g_string_append_c(out, ' ');
			blank = true;
			continue;
		}
		g_string_append_c(out, g_ascii_tolower(*p));
		blank = false;
	}
	return g_string_free(out, FALSE);
}

/* RFC 3848: [UTF8](E)SMTP or LMTP, then S for TLS, then A for authenticated. */
static bool
authenticated_protocol(const char *w)
{
	if (g_str_has_prefix(w, "utf8"))
		w += 4;
	if (*w == 'e')
		w++;
	if (!g_str_has_prefix(w, "smtp") && !g_str_has_prefix(w, "lmtp"))
		return false;
	w += 4;
	if (*w == 's')
		w++;
	return strcmp(w, "a") == 0;
}

/* The protocol word after " with ", lower-case, into buf; "" if none. */
static void
protocol_word(const char *v, char *buf, size_t size)
{
	const char *p = strstr(v, " with ");
	size_t n;

	buf[0] = '\0';
	if (p == NULL && g_str_has_prefix(v, "with "))
		p = v - 1;
	if (p == NULL)
		return;
	p += 6;
	n = strcspn(p, " ;()");
	if (n < size) {
		memcpy(buf, p, n);
		buf[n] = '\0';
	}
}

static const char *
submission_sign(const char *v)
{
	char proto[32];

	protocol_word(v, proto, sizeof proto);
	if (authenticated_protocol(proto))
		return "authenticated";
	if (g_str_has_prefix(proto, "http"))
		return "web client";
	if (strcmp(proto, "mapi") == 0)
		return "MAPI client";
	if (g_str_has_prefix(proto, "local"))
		return "local pickup";		/* Exim: local, local-esmtp, local-bsmtp */
	if (strstr(v, "from userid ") != NULL || strstr(v, "invoked by uid ") != NULL ||
	    strstr(v, "/submit)") != NULL)
		return "local pickup";		/* Postfix pickup, qmail-inject, sendmail MSP */
	if (strstr(v, "(authenticated ") != NULL || strstr(v, "(authenticated sender: ") != NULL)
		return "authenticated";		/* sendmail's "(authenticated bits=0)" */
	return NULL;
}

bool
submission_hop(const char *received, const char **why)
{
	char *v = normalise(received);
	const char *sign = submission_sign(v);

	g_free(v);
	if (why != NULL)
		*why = sign;
	return sign != NULL;
}

/* Loopback, RFC 1918, link-local or unique-local: this host or its own network. */
static bool
internal_address(const char *ip)
{
	unsigned a = 0, b = 0;

	if (g_str_has_prefix(ip, "ipv6:"))
		ip += 5;
	if (strchr(ip, ':') != NULL)
		return strcmp(ip, "::1") == 0 || g_str_has_prefix(ip, "fe80:") ||
		    g_str_has_prefix(ip, "fc") || g_str_has_prefix(ip, "fd") ||
		    g_str_has_prefix(ip, "::ffff:127.");
	if (sscanf(ip, "%u.%u.", &a, &b) != 2)
		return false;
	return a == 127 || a == 10 || (a == 192 && b == 168) || (a == 172 && b >= 16 && b <= 31);
}

/* The last "[address]" in the from clause [from, end), into buf; false if none. */
static bool
peer_address(const char *from, const char *end, char *buf, size_t size)
{
	const char *open = NULL, *close;

	for (const char *p = from; p < end; p++)
		if (*p == '[')
			open = p;
	if (open == NULL || (close = memchr(open, ']', (size_t)(end - open))) == NULL ||
	    (size_t)(close - open) > size)
		return false;
	memcpy(buf, open + 1, (size_t)(close - open - 1));
	buf[close - open - 1] = '\0';
	return true;
}

static bool
local_name(const char *from)
{
	return g_str_has_prefix(from, "localhost ") || g_str_has_prefix(from, "localhost.localdomain ") ||
	    strcmp(from, "localhost") == 0;
}

bool
received_from_outside(const char *received)
{
	char *v = normalise(received);
	const char *from, *end;
	char ip[64];
	bool outside;

	if (submission_sign(v) != NULL || !g_str_has_prefix(v, "from ")) {
		g_free(v);
		return false;		/* a submission, or made by the host itself */
	}
	from = v + 5;
	end = strstr(from, " by ");
	if (end == NULL)
		end = from + strlen(from);
	if (peer_address(from, end, ip, sizeof ip))
		outside = !internal_address(ip);
	else
		outside = !local_name(from);
	g_free(v);
	return outside;
}

const char *
received_chain_outside_hop(GMimeMessage *msg)
{
	GMimeHeaderList *hl = g_mime_object_get_header_list(GMIME_OBJECT(msg));
	int n = g_mime_header_list_get_count(hl), seen = 0;

	for (int i = 0; i < n; i++) {
		GMimeHeader *h = g_mime_header_list_get_header_at(hl, i);
		const char *value;
		if (g_ascii_strcasecmp(g_mime_header_get_name(h), "Received") != 0)
			continue;
		value = g_mime_header_get_value(h);
		if (value == NULL)
			continue;
		if (++seen > SUBMISSION_RECEIVED_MAX || received_from_outside(value))
			return value;
	}
	return NULL;
}
