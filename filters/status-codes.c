/*
 * status-codes.c: SMTP reply codes, enhanced status codes and the
 * phrases mail systems write instead of them.
 *
 * Codes are found in free text, so a code is taken only where one can
 * stand: an enhanced status code is three dot-separated numbers that
 * are not part of a longer dotted run (an IP address, a version), and
 * a reply code is three digits that open a line, follow a colon, '#',
 * "<<<" or '(' (as "said: 550", "smtp; 550", "<<< 550", "(reason: 550")
 * or stand before an enhanced status code ("550 5.1.1"), never a year,
 * a time or a port.
 *
 * When an answer writes no status, the diagnostic phrase table below
 * (the one place that knows what a phrase means) says which detail it
 * stands for and whether retrying can ever succeed; the class digit
 * comes from the reply code, or from the answer being a delay warning.
 */
#include <string.h>

#include "recipients.h"

/* A diagnostic phrase, lower case, and the status detail it means. */
struct phrase {
	const char	*words;
	const char	*detail;	/* subject.detail, e.g. "1.1" */
	bool		 permanent;	/* the address or domain does not exist */
};

/* Most specific first: the first phrase found decides. */
static const struct phrase phrases[] = {
	/* the mailbox does not exist: X.1.1 */
	{ "user unknown", "1.1", true }, { "unknown user", "1.1", true },
	{ "no such user", "1.1", true }, { "user not found", "1.1", true },
	{ "unknown recipient", "1.1", true }, { "recipient unknown", "1.1", true },
	{ "no such recipient", "1.1", true }, { "recipient not found", "1.1", true },
	{ "invalid recipient", "1.1", true }, { "no such mailbox", "1.1", true },
	{ "mailbox not found", "1.1", true }, { "mailbox does not exist", "1.1", true },
	{ "account does not exist", "1.1", true }, { "address does not exist", "1.1", true },
	{ "user does not exist", "1.1", true }, { "unknown address", "1.1", true },
	{ "unknown local part", "1.1", true }, { "not a valid mailbox", "1.1", true },
	{ "no such address", "1.1", true }, { "addressee unknown", "1.1", true },
	{ "invalid mailbox", "1.1", true }, { "no mailbox here", "1.1", true },
	{ "unknown or illegal alias", "1.1", true }, { "doesn't have a", "1.1", true },
	{ "recipient name is not recognized", "1.1", true },	/* Exchange */
	{ "not listed in domino directory", "1.1", true },	/* Domino */
	{ "no longer exists", "1.1", true }, { "bad destination mailbox", "1.1", true },
	/* the same in other languages (de, fr, es, it, pt, nl) */
	{ "unbekannt", "1.1", true }, { "existiert nicht", "1.1", true },
	{ "utilisateur inconnu", "1.1", true }, { "destinataire inconnu", "1.1", true },
	{ "n'existe pas", "1.1", true }, { "usuario desconocido", "1.1", true },
	{ "no existe", "1.1", true }, { "utente sconosciuto", "1.1", true },
	{ "non esiste", "1.1", true }, { "desconhecido", "1.1", true },
	{ "não existe", "1.1", true }, { "onbekend", "1.1", true },
	{ "bestaat niet", "1.1", true },
	/* the domain does not exist: X.1.2 */
	{ "host not found", "1.2", true }, { "host unknown", "1.2", true },
	{ "unknown host", "1.2", true }, { "domain not found", "1.2", true },
	{ "no such domain", "1.2", true }, { "domain does not exist", "1.2", true },
	{ "unrouteable address", "1.2", true }, { "unroutable address", "1.2", true },
	{ "name service error", "1.2", true }, { "host or domain name not found", "1.2", true },
	{ "nxdomain", "1.2", true }, { "no mx ", "1.2", true },
	{ "invalid domain", "1.2", true }, { "illegal host/domain", "1.2", true },
	/* the domain accepts no mail (RFC 7505 null MX): X.1.10 */
	{ "no smtp service", "1.10", true }, { "null mx", "1.10", true },
	/* after the domain's: "domain does not exist" is not a mailbox */
	{ "not exist", "1.1", true }, { "doesn't exist", "1.1", true },
	/* the mailbox has moved: X.1.6 */
	{ "has moved", "1.6", true }, { "mailbox moved", "1.6", true },
	/* the mailbox is disabled or full: X.2.1, X.2.2 */
	{ "account disabled", "2.1", false }, { "mailbox disabled", "2.1", false },
	{ "account has been disabled", "2.1", false }, { "account is disabled", "2.1", false },
	{ "suspended", "2.1", false }, { "inactive", "2.1", false },
	{ "deactivated", "2.1", false }, { "receiving disabled", "2.1", false },
	{ "mailbox full", "2.2", false }, { "mailbox is full", "2.2", false },
	{ "over quota", "2.2", false }, { "overquota", "2.2", false },
	{ "quota exceeded", "2.2", false }, { "exceeded storage", "2.2", false },
	{ "quota", "2.2", false }, { "mailbox size limit", "2.2", false },
	{ "insufficient storage", "2.2", false }, { "too much mail", "2.2", false },
	{ "mailbox exceeds", "2.2", false }, { "postfach voll", "2.2", false },
	{ "postfach ist voll", "2.2", false }, { "speicherplatz", "2.2", false },
	{ "boîte pleine", "2.2", false }, { "boite pleine", "2.2", false },
	{ "buzón lleno", "2.2", false }, { "casella piena", "2.2", false },
	{ "caixa cheia", "2.2", false }, { "mailbox vol", "2.2", false },
	/* the message is too big: X.3.4 */
	{ "message too large", "3.4", false }, { "message too big", "3.4", false },
	{ "message size exceeds", "3.4", false }, { "size limit", "3.4", false },
	{ "too large", "3.4", false },
	/* relaying: X.7.1 */
	{ "relay access denied", "7.1", false }, { "relaying denied", "7.1", false },
	{ "not permitted to relay", "7.1", false }, { "unable to relay", "7.1", false },
	{ "relay not permitted", "7.1", false }, { "relaying not allowed", "7.1", false },
	/* the network: X.4.1, X.4.7 */
	{ "connection refused", "4.1", false }, { "connection timed out", "4.1", false },
	{ "no route to host", "4.1", false },
	{ "retry timeout exceeded", "4.7", false }, { "message expired", "4.7", false },
	{ "too long in queue", "4.7", false }, { "delivery time expired", "4.7", false },
	{ "could not be delivered within", "4.7", false }, { "expired", "4.7", false },
	{ "timed out", "4.7", false },
	/* the receiving site's policy: X.7.1 */
	{ "spam", "7.1", false }, { "blacklist", "7.1", false },
	{ "blocklist", "7.1", false }, { "blocked", "7.1", false },
	{ "policy", "7.1", false }, { "denied", "7.1", false },
	{ "refused", "7.1", false }, { "rejected", "7.1", false },
};

/*
 * Status details whose failure no retry cures: the mailbox or domain
 * does not exist, the address is malformed or moved, no route exists.
 */
static const char *const hard_details[] = { "1.1", "1.2", "1.3", "1.6", "1.10", "4.4", NULL };
/* Details that are about the sender's address, not the recipient's. */
static const char *const sender_details[] = { "1.7", "1.8", "7.27", NULL };

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* The length of a run of 1..3 digits at s (within end), or 0. */
static gsize
digits(const char *s, const char *end)
{
	gsize	n = 0;

	while (s + n < end && is_digit(s[n]) && n < 4)
		n++;
	return n >= 1 && n <= 3 ? n : 0;
}

/* The length of a status code "C.S.D" at s, or 0 (see the top). */
static gsize
status_at(const char *s, const char *end)
{
	const char	*p = s;
	gsize		 n;

	if (p >= end || (*p != '4' && *p != '5') || p + 1 >= end || p[1] != '.')
		return 0;
	p += 2;
	if ((n = digits(p, end)) == 0 || p + n >= end || p[n] != '.')
		return 0;
	p += n + 1;
	if ((n = digits(p, end)) == 0)
		return 0;
	p += n;
	if (p < end && (g_ascii_isalnum(*p) || (*p == '.' && p + 1 < end && is_digit(p[1]))))
		return 0;
	return (gsize)(p - s);
}

/* True if a code may start at p: not inside a word, a number or a dotted run. */
static bool
code_boundary(const char *s, const char *p)
{
	if (p == s)
		return true;
	if (p[-1] == '-')	/* "550-5.7.1", a reply code's continuation */
		return p - 1 > s && is_digit(p[-2]);
	return !g_ascii_isalnum(p[-1]) && p[-1] != '.';
}

/* The first status code in s[0..len), or NULL; its length in *n. */
static const char *
status_pos(const char *s, gsize len, gsize *n)
{
	const char	*end = s + len;

	for (const char *p = s; p < end; p++)
		if (code_boundary(s, p) && (*n = status_at(p, end)) > 0 && *n < STATUS_MAX)
			return p;
	return NULL;
}

bool
status_find(const char *s, gsize len, char out[STATUS_MAX])
{
	gsize		 n;
	const char	*p = status_pos(s, len, &n);

	if (p == NULL)
		return false;
	memcpy(out, p, n);
	out[n] = '\0';
	return true;
}

bool
status_parse(const char *s, char out[STATUS_MAX])
{
	while (*s == ' ' || *s == '\t')
		s++;
	return status_find(s, strnlen(s, 16), out) && strncmp(s, out, strlen(out)) == 0;
}

/* True if what precedes p (back to s, blanks skipped) lets a reply code stand there. */
static bool
code_may_stand(const char *s, const char *p)
{
	while (p > s && (p[-1] == ' ' || p[-1] == '\t'))
		p--;
	if (p == s || p[-1] == '\n' || p[-1] == '\r')
		return true;
	return strchr(":#(;<=", p[-1]) != NULL;
}

/* The first reply code in s[0..len) where one can stand, or NULL. */
static const char *
reply_code_pos(const char *s, gsize len)
{
	const char	*end = s + len;

	for (const char *p = s; p + 3 <= end; p++) {
		if ((*p != '4' && *p != '5') || !is_digit(p[1]) || !is_digit(p[2]))
			continue;
		if (p > s && (g_ascii_isalnum(p[-1]) || p[-1] == '.' || p[-1] == '-'))
			continue;
		if (p + 3 < end && strchr(" -\t\r\n:,", p[3]) == NULL)
			continue;
		if (code_may_stand(s, p) ||
		    (p + 4 < end && p[3] != ':' && p[3] != ',' && status_at(p + 4, end) > 0))
			return p;
	}
	return NULL;
}

int
reply_code_find(const char *s, gsize len)
{
	const char	*p = reply_code_pos(s, len);

	return p == NULL ? 0 : (p[0] - '0') * 100 + (p[1] - '0') * 10 + (p[2] - '0');
}

const char *
codes_start(const char *s, gsize len)
{
	gsize		 n;
	const char	*r = reply_code_pos(s, len), *st = status_pos(s, len, &n);

	if (r == NULL)
		return st;
	return st != NULL && st < r ? st : r;
}

/* The first phrase of the table in the diagnostic, or NULL. */
static const struct phrase *
phrase_of(const char *diagnostic)
{
	char		*low;
	const struct phrase *hit = NULL;

	if (diagnostic == NULL)
		return NULL;
	low = g_ascii_strdown(diagnostic, -1);
	for (gsize i = 0; i < G_N_ELEMENTS(phrases) && hit == NULL; i++)
		if (strstr(low, phrases[i].words) != NULL)
			hit = &phrases[i];
	g_free(low);
	return hit;
}

bool
status_generic(const char *status)
{
	return status[0] != '\0' && strcmp(status + 1, ".0.0") == 0;
}

bool
status_phrase_known(const char *s, gsize len)
{
	char	*v = g_strndup(s, len);
	bool	 known = phrase_of(v) != NULL;

	g_free(v);
	return known;
}

/* True if the detail of status ("5.1.1" -> "1.1") is in details. */
static bool
in_list(const char *status, const char *const *details)
{
	for (gsize i = 0; details[i] != NULL; i++)
		if (strcmp(status + 2, details[i]) == 0)
			return true;
	return false;
}

void
recipient_infer(struct recipient *rc, bool delay)
{
	const struct phrase *ph = phrase_of(rc->diagnostic);
	char	 class;

	if (rc->status[0] == '\0') {
		if (rc->reply_code >= 400)
			class = rc->reply_code >= 500 ? '5' : '4';
		else
			class = delay ? '4' : '5';
		g_snprintf(rc->status, STATUS_MAX, "%c.%s", class,
		    ph != NULL ? ph->detail : "0.0");
		rc->inferred = true;
	}
	/* Servers often write a loose status ("5.2.1 User unknown"), so a
	 * phrase that says the address does not exist counts beside the
	 * status, unless the status blames the sender's address. */
	rc->permanent = rc->status[0] == '5' && !in_list(rc->status, sender_details) &&
	    (in_list(rc->status, hard_details) || (ph != NULL && ph->permanent));
}
