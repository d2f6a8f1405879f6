/*
 * recipients-dsn.c: the failed recipients of RFC 3464 reports.
 *
 * A message/delivery-status part (message/global-delivery-status for
 * RFC 6533) holds a block about the reporting MTA, then one block per
 * recipient: Final-Recipient, Original-Recipient, Action, Status,
 * Diagnostic-Code.  A recipient whose Action is delivered, relayed or
 * expanded (or whose Status is 2.x.x) did not fail and is left out.
 * Final-Recipient names the address the MTA tried; when it is absent
 * or not an address ("rfc822; <>", "system; <>", which some gateways
 * write after rewriting), Original-Recipient names it instead.
 *
 * Reports are searched in the answer's own multipart tree, never in an
 * attached message: a report inside the original is not about the
 * original.
 */
#include <string.h>

#include "recipients.h"

#define DSN_DEPTH	8	/* multipart levels searched */
#define FIELD_MAX	2048	/* bytes of one unfolded field kept */

struct block {
	GString	*final, *original, *action, *status, *diagnostic;
};

static GString **
slot(struct block *b, const char *name, gsize len)
{
	static const struct {
		const char *name;
		gsize off;
	} fields[] = {
		{ "final-recipient", G_STRUCT_OFFSET(struct block, final) },
		{ "original-recipient", G_STRUCT_OFFSET(struct block, original) },
		{ "action", G_STRUCT_OFFSET(struct block, action) },
		{ "status", G_STRUCT_OFFSET(struct block, status) },
		{ "diagnostic-code", G_STRUCT_OFFSET(struct block, diagnostic) },
	};

	for (gsize i = 0; i < G_N_ELEMENTS(fields); i++)
		if (strlen(fields[i].name) == len && g_ascii_strncasecmp(name, fields[i].name, len) == 0)
			return G_STRUCT_MEMBER_P(b, fields[i].off);
	return NULL;
}

static void
block_clear(struct block *b)
{
	GString	**all[] = { &b->final, &b->original, &b->action, &b->status, &b->diagnostic };

	for (gsize i = 0; i < G_N_ELEMENTS(all); i++)
		if (*all[i] != NULL) {
			g_string_free(*all[i], TRUE);
			*all[i] = NULL;
		}
}

/* True if the Action or Status says this recipient did not fail. */
static bool
succeeded(const struct block *b)
{
	static const char *const fine[] = { "delivered", "relayed", "expanded", "deliverable" };
	const char	*a;

	if (b->action != NULL) {
		for (a = b->action->str; g_ascii_isspace(*a); a++)
			;
		for (gsize i = 0; i < G_N_ELEMENTS(fine); i++)
			if (g_ascii_strncasecmp(a, fine[i], strlen(fine[i])) == 0)
				return true;
		return false;
	}
	if (b->status != NULL)
		return b->status->str[strspn(b->status->str, " \t")] == '2';
	return false;
}

/* The value after "type;" ("smtp; 550 ..."), or the whole value. */
static const char *
after_type(const char *v)
{
	const char	*semi = strchr(v, ';');

	return semi != NULL && (gsize)(semi - v) < 16 ? semi + 1 : v;
}

static void
block_end(struct block *b, GPtrArray *list)
{
	struct recipient_facts f = { 0 };
	const GString	*addr = b->final;

	if ((b->final != NULL || b->original != NULL) && !succeeded(b)) {
		f.status = b->status != NULL ? b->status->str : NULL;
		if (b->diagnostic != NULL) {
			f.diagnostic = after_type(b->diagnostic->str);
			f.diagnostic_len = strlen(f.diagnostic);
		}
		if (addr == NULL || !recipients_add(list, addr->str, addr->len, &f))
			if ((addr = b->original) != NULL)
				recipients_add(list, addr->str, addr->len, &f);
	}
	block_clear(b);
}

/* Ends the field gathered in cur ("Name: value" with continuations). */
static void
field_end(struct block *b, GString *cur)
{
	const char	*colon = memchr(cur->str, ':', cur->len);
	GString		**s;
	char		*v;

	if (colon != NULL && (s = slot(b, cur->str, (gsize)(colon - cur->str))) != NULL &&
	    *s == NULL) {
		v = g_strstrip(g_strdup(colon + 1));
		*s = g_string_new(v);
		g_free(v);
	}
	g_string_truncate(cur, 0);
}

static void
read_blocks(const char *p, const char *end, GPtrArray *list)
{
	GString		*cur = g_string_new(NULL);
	struct block	 b = { 0 };
	const char	*nl;
	gsize		 n;

	for (; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (gsize)(end - p));
		if (nl == NULL)
			nl = end;
		n = (gsize)(nl - p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		if (n > 0 && (p[0] == ' ' || p[0] == '\t') && cur->len > 0) {
			if (cur->len < FIELD_MAX)
				g_string_append_len(cur, p, (gssize)MIN(n, FIELD_MAX));
			continue;
		}
		field_end(&b, cur);
		if (n > 0)
			g_string_append_len(cur, p, (gssize)MIN(n, FIELD_MAX));
		else
			block_end(&b, list);
	}
	field_end(&b, cur);
	block_end(&b, list);
	g_string_free(cur, TRUE);
}

static bool
is_status_part(GMimeObject *obj)
{
	GMimeContentType *ct = g_mime_object_get_content_type(obj);

	return ct != NULL && (g_mime_content_type_is_type(ct, "message", "delivery-status") ||
	    g_mime_content_type_is_type(ct, "message", "global-delivery-status"));
}

static void
walk(GMimeObject *obj, int depth, GPtrArray *list)
{
	GByteArray	*bytes;

	if (obj == NULL || depth > DSN_DEPTH)
		return;
	if (GMIME_IS_MULTIPART(obj)) {
		int n = g_mime_multipart_get_count(GMIME_MULTIPART(obj));
		for (int i = 0; i < n && i < MIME_MAX_PARTS; i++)
			walk(g_mime_multipart_get_part(GMIME_MULTIPART(obj), i), depth + 1, list);
		return;
	}
	if (!GMIME_IS_PART(obj) || !is_status_part(obj))
		return;
	bytes = mime_part_bytes(GMIME_PART(obj), TEXT_SCAN_MAX);
	if (bytes == NULL)
		return;
	read_blocks((const char *)bytes->data,
	    (const char *)bytes->data + strnlen((const char *)bytes->data, bytes->len), list);
	g_byte_array_unref(bytes);
}

void
recipients_from_fields(const char *text, gsize len, GPtrArray *list)
{
	read_blocks(text, text + len, list);
}

void
recipients_from_dsn(GMimeMessage *msg, GPtrArray *list)
{
	walk(g_mime_message_get_mime_part(msg), 0, list);
}
