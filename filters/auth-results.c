/*
 * auth-results.c: what the server that bounced the original found when
 * it received it, from its Authentication-Results (RFC 8601) and
 * Received-SPF (RFC 7208 section 9.1) fields on the returned original.
 *
 * The fields are parsed as the RFCs define them: comments in
 * parentheses (nested, with backslash escapes) are dropped wherever
 * they stand, quoted strings are values, and `;` separates results only
 * outside them, so OpenDKIM's "dkim=pass (2048-bit key; unprotected)
 * header.d=..." is one result.
 *
 * Only the bouncing server's own results count.  Any sender can write
 * such fields into a message; what the bouncing server wrote stands at
 * the top of the original, above the first Received: line that another
 * server wrote, and names the server as its authserv-id: the DSN's
 * Reporting-MTA or the host in the topmost "Received: ... by HOST"
 * (the same organisation's name counts: mx1.example.net for
 * example.net).  A field further down, or naming another server, may be
 * the forger's own text and is ignored.  A field without an authserv-id
 * (Microsoft writes them so) in that block is kept, marked anonymous:
 * its failures count, its passes do not.
 */
#include "config.h"

#include <stdbool.h>
#include <string.h>

#include "auth-results.h"

#define FIELDS_MAX	16	/* result fields read from one original */
#define RESULTS_MAX	32	/* results kept from one field */
#define HOST_MAX	255

enum tok { T_END, T_WORD, T_SEMI, T_EQ };

struct lexer {
	const char *p;
	char word[512];
};

/* Skips blanks and comments, nested and escaped as RFC 5322 says. */
static void
skip_cfws(struct lexer *lx)
{
	int depth = 0;

	for (; *lx->p != '\0'; lx->p++) {
		if (depth > 0 && *lx->p == '\\' && lx->p[1] != '\0')
			lx->p++;
		else if (*lx->p == '(')
			depth++;
		else if (depth > 0 && *lx->p == ')')
			depth--;
		else if (depth == 0 && *lx->p != ')' && !g_ascii_isspace(*lx->p))
			return;		/* a stray ')' is skipped like a blank */
	}
}

/* The next token; a word or quoted string is in lx->word, lower-case. */
static enum tok
next(struct lexer *lx)
{
	size_t n = 0;

	skip_cfws(lx);
	if (*lx->p == '\0')
		return T_END;
	if (*lx->p == ';' || *lx->p == '=') {
		return *lx->p++ == ';' ? T_SEMI : T_EQ;
	}
	if (*lx->p == '"') {
		for (lx->p++; *lx->p != '\0' && *lx->p != '"'; lx->p++) {
			if (*lx->p == '\\' && lx->p[1] != '\0')
				lx->p++;
			if (n < sizeof lx->word - 1)
				lx->word[n++] = g_ascii_tolower(*lx->p);
		}
		if (*lx->p == '"')
			lx->p++;
	} else {
		const char *start = lx->p;
		for (; *lx->p != '\0' && !g_ascii_isspace(*lx->p) && !strchr(";=\"()", *lx->p); lx->p++)
			if (n < sizeof lx->word - 1)
				lx->word[n++] = g_ascii_tolower(*lx->p);
		if (lx->p == start)
			lx->p++;	/* never stand still, whatever the input */
	}
	lx->word[n] = '\0';
	return T_WORD;
}

/* Is the next token "="?  (The lexer does not move.) */
static bool
peek_eq(struct lexer *lx)
{
	struct lexer copy = { .p = lx->p };

	return next(&copy) == T_EQ;
}

static void
result_free(gpointer p)
{
	struct ar_result *r = p;

	g_free(r->method);
	g_free(r->result);
	g_strfreev(r->props);
	g_free(r);
}

/* Sets a property "ptype.property=value" of r. */
static void
add_prop(GPtrArray *props, const char *key, const char *value)
{
	if (props->len < 32)
		g_ptr_array_add(props, g_strdup_printf("%s=%s", key, value));
}

static void
finish(GPtrArray *out, struct ar_result *r, GPtrArray *props)
{
	g_ptr_array_add(props, NULL);
	r->props = (char **)g_ptr_array_free(props, FALSE);
	if (r->method != NULL && r->result != NULL && out->len < RESULTS_MAX)
		g_ptr_array_add(out, r);
	else
		result_free(r);
}

char *
auth_results_parse(const char *value, GPtrArray *out)
{
	struct lexer lx = { .p = value };
	char *authserv = NULL;
	enum tok t = next(&lx);

	if (t != T_WORD)
		return NULL;
	authserv = g_strdup(lx.word);
	if (peek_eq(&lx)) {
		/* no authserv-id (Microsoft writes "spf=fail ...; dmarc=..."): results from the start */
		g_clear_pointer(&authserv, g_free);
		lx.p = value;
		t = T_SEMI;
	} else {
		/* skip the optional version and anything up to the first ';' */
		while ((t = next(&lx)) != T_END && t != T_SEMI)
			;
	}
	while (t == T_SEMI) {
		struct ar_result *r = g_new0(struct ar_result, 1);
		GPtrArray *props = g_ptr_array_new();
		char key[512];
		if ((t = next(&lx)) == T_WORD) {
			r->method = g_strndup(lx.word, strcspn(lx.word, "/"));
			if ((t = next(&lx)) == T_EQ && (t = next(&lx)) == T_WORD) {
				r->result = g_strdup(lx.word);
				t = next(&lx);
			}
		}
		while (t == T_WORD) {
			g_strlcpy(key, lx.word, sizeof key);
			if ((t = next(&lx)) != T_EQ)
				continue;
			if ((t = next(&lx)) != T_WORD)
				break;
			add_prop(props, key, lx.word);
			t = next(&lx);
		}
		finish(out, r, props);
		while (t != T_END && t != T_SEMI)
			t = next(&lx);
	}
	return authserv;
}

char *
received_spf_parse(const char *value, GPtrArray *out)
{
	struct lexer lx = { .p = value };
	struct ar_result *r;
	GPtrArray *props;
	char *receiver = NULL, *colon;
	const char *open;
	char key[512];
	enum tok t = next(&lx);

	if (t != T_WORD)
		return NULL;
	r = g_new0(struct ar_result, 1);
	r->method = g_strdup("spf");
	r->result = g_strdup(lx.word);
	props = g_ptr_array_new();
	/* "(mx.example.net: domain of ... designates ...)": the receiver names itself */
	if ((open = strchr(lx.p, '(')) != NULL && (colon = strchr(open, ':')) != NULL &&
	    colon - open > 1 && colon - open < HOST_MAX && memchr(open, ' ', (size_t)(colon - open)) == NULL)
		receiver = g_ascii_strdown(open + 1, colon - open - 1);
	while ((t = next(&lx)) != T_END) {
		if (t != T_WORD)
			continue;
		g_strlcpy(key, lx.word, sizeof key);
		if (next(&lx) != T_EQ || next(&lx) != T_WORD)
			continue;
		if (strcmp(key, "receiver") == 0) {
			g_free(receiver);
			receiver = g_strdup(lx.word);
		} else if (strcmp(key, "envelope-from") == 0) {
			add_prop(props, "smtp.mailfrom", lx.word);
		} else if (strcmp(key, "helo") == 0) {
			add_prop(props, "smtp.helo", lx.word);
		}
	}
	finish(out, r, props);
	return receiver;
}

const char *
ar_prop(const struct ar_result *r, const char *key)
{
	size_t n = strlen(key);

	for (char **p = r->props; p != NULL && *p != NULL; p++)
		if (strncmp(*p, key, n) == 0 && (*p)[n] == '=')
			return *p + n + 1;
	return NULL;
}

/* The host named after " by " in a Received: value, lower-case, or NULL. */
static char *
received_by(const char *value)
{
	char *v = g_ascii_strdown(value, -1), *by, *host = NULL;

	g_strdelimit(v, "\t\r\n", ' ');
	by = strncmp(v, "by ", 3) == 0 ? v : strstr(v, " by ");
	if (by != NULL) {
		by += by == v ? 3 : 4;
		while (*by == ' ')
			by++;
		host = g_strndup(by, strcspn(by, " ;()[]"));
	}
	g_free(v);
	return host;
}

/*
 * The organisation's part of a host name, roughly: its last two labels
 * ("mx1.mail.example.net" -> "example.net").  Servers of one provider
 * name themselves differently in different fields.
 */
static const char *
org_part(const char *host)
{
	const char *last = strrchr(host, '.'), *p;

	if (last == NULL)
		return host;
	for (p = last - 1; p > host && *p != '.'; p--)
		;
	return *p == '.' ? p + 1 : p;
}

static bool
same_server(const char *a, const char *b)
{
	if (a == NULL || b == NULL || *a == '\0' || *b == '\0')
		return false;
	if (g_ascii_strcasecmp(a, b) == 0)
		return true;
	return strchr(org_part(a), '.') != NULL && g_ascii_strcasecmp(org_part(a), org_part(b)) == 0;
}

/* Does the header block hold a result field at all?  (Names only: cheap.) */
static bool
has_results(GMimeHeaderList *hl, int n)
{
	for (int i = 0; i < n; i++) {
		const char *name = g_mime_header_get_name(g_mime_header_list_get_header_at(hl, i));
		if (g_ascii_strcasecmp(name, "Authentication-Results") == 0 ||
		    g_ascii_strcasecmp(name, "Received-SPF") == 0)
			return true;
	}
	return false;
}

/* The host of the original's topmost Received: "by", or NULL. */
static char *
top_received_by(GMimeHeaderList *hl, int n)
{
	for (int i = 0; i < n; i++) {
		GMimeHeader *h = g_mime_header_list_get_header_at(hl, i);
		if (g_ascii_strcasecmp(g_mime_header_get_name(h), "Received") == 0 &&
		    g_mime_header_get_value(h) != NULL)
			return received_by(g_mime_header_get_value(h));
	}
	return NULL;
}

/* An IP literal, or a name without a dot, says nothing about whose it is. */
static bool
named(const char *host)
{
	if (host == NULL || strchr(host, ':') != NULL || strchr(host, '.') == NULL)
		return false;
	for (; *host != '\0'; host++)
		if (g_ascii_isalpha(*host))
			return true;
	return false;
}

static bool
bouncers(const char *id, const char *reporting_mta, const char *top_by)
{
	return same_server(id, reporting_mta) || same_server(id, top_by);
}

/* Moves the results of one field into out, marked anonymous or not. */
static void
take(GPtrArray *out, GPtrArray *these, bool anonymous)
{
	while (these->len > 0) {
		struct ar_result *r = g_ptr_array_steal_index(these, 0);
		r->anonymous = anonymous;
		g_ptr_array_add(out, r);
	}
}

GPtrArray *
auth_results_of_bouncer(GMimeMessage *original, const char *reporting_mta, char **server)
{
	GMimeHeaderList *hl = g_mime_object_get_header_list(GMIME_OBJECT(original));
	int n = g_mime_header_list_get_count(hl), fields = 0;
	GPtrArray *out = g_ptr_array_new_with_free_func(result_free);
	char *top_by;

	*server = NULL;
	if (!has_results(hl, n))
		return out;	/* most originals: no value is decoded at all */
	top_by = top_received_by(hl, n);
	/*
	 * The bouncing server's block: from the top down to the first
	 * Received: line that another server wrote (its "by" names neither
	 * the reporting MTA nor the topmost receiver).
	 */
	for (int i = 0; i < n && fields < FIELDS_MAX; i++) {
		GMimeHeader *h = g_mime_header_list_get_header_at(hl, i);
		const char *name = g_mime_header_get_name(h), *value;
		bool spf = g_ascii_strcasecmp(name, "Received-SPF") == 0;
		bool received = g_ascii_strcasecmp(name, "Received") == 0;
		GPtrArray *these;
		char *id;
		if ((!received && !spf && g_ascii_strcasecmp(name, "Authentication-Results") != 0) ||
		    (value = g_mime_header_get_value(h)) == NULL)
			continue;
		if (received) {
			char *by = received_by(value);
			bool foreign = named(by) && !bouncers(by, reporting_mta, top_by);
			g_free(by);
			if (foreign)
				break;
			continue;
		}
		fields++;
		these = g_ptr_array_new_with_free_func(result_free);
		id = spf ? received_spf_parse(value, these) : auth_results_parse(value, these);
		if (bouncers(id, reporting_mta, top_by)) {
			take(out, these, false);
			if (*server == NULL)
				*server = g_strdup(id);
		} else if (id == NULL) {
			take(out, these, true);	/* only its failures count (auth, dkim) */
		}
		g_free(id);
		g_ptr_array_unref(these);
	}
	g_free(top_by);
	return out;
}

GPtrArray *
auth_results_new(void)
{
	return g_ptr_array_new_with_free_func(result_free);
}
