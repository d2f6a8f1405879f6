/*
 * dsn-fields.c: reads the blocks of a delivery-status text.
 *
 * The fields are plain ASCII by RFC 3464, so the lines are read in
 * place rather than through a header parser per block.  Only the
 * fields struct dsn_block names are kept, the first value of each, each
 * bounded: a hostile report costs its length once, nothing more.
 */
#include <stddef.h>
#include <string.h>

#include "dsn-fields.h"

#define FIELD_MAX	2048	/* bytes of one unfolded field kept */

/* The block being read: owned copies of its fields. */
struct reading {
	char	*reporting_mta, *final_recipient, *original_recipient;
	char	*action, *status, *diagnostic;
};

static char **
slot(struct reading *b, const char *name, gsize len)
{
	static const struct {
		const char	*name;
		size_t		 off;
	} fields[] = {
		{ "reporting-mta", offsetof(struct reading, reporting_mta) },
		{ "final-recipient", offsetof(struct reading, final_recipient) },
		{ "original-recipient", offsetof(struct reading, original_recipient) },
		{ "action", offsetof(struct reading, action) },
		{ "status", offsetof(struct reading, status) },
		{ "diagnostic-code", offsetof(struct reading, diagnostic) },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(fields); i++)
		if (strlen(fields[i].name) == len && g_ascii_strncasecmp(name, fields[i].name, len) == 0)
			return (char **)((char *)b + fields[i].off);
	return NULL;
}

/* Ends the field gathered in cur ("Name: value" with its continuations). */
static void
field_end(struct reading *b, GString *cur)
{
	const char	*colon = memchr(cur->str, ':', cur->len);
	char		**s;

	if (colon != NULL && colon > cur->str &&
	    (s = slot(b, cur->str, (gsize)(colon - cur->str))) != NULL && *s == NULL)
		*s = g_strstrip(g_strdup(colon + 1));
	g_string_truncate(cur, 0);
}

static void
reading_clear(struct reading *b)
{
	char **all[] = { &b->reporting_mta, &b->final_recipient, &b->original_recipient,
	    &b->action, &b->status, &b->diagnostic };

	for (size_t i = 0; i < G_N_ELEMENTS(all); i++)
		g_clear_pointer(all[i], g_free);
}

/* Passes a block that holds anything, then empties it; true if passed. */
static bool
block_end(struct reading *b, void (*each)(const struct dsn_block *, void *), void *data)
{
	struct dsn_block view = { b->reporting_mta, b->final_recipient, b->original_recipient,
	    b->action, b->status, b->diagnostic };
	bool any = view.reporting_mta != NULL || view.final_recipient != NULL ||
	    view.original_recipient != NULL || view.action != NULL || view.status != NULL ||
	    view.diagnostic != NULL;

	if (any)
		each(&view, data);
	reading_clear(b);
	return any;
}

unsigned
dsn_read_blocks(const char *text, gsize len, unsigned max,
    void (*each)(const struct dsn_block *, void *), void *data)
{
	GString		*cur = g_string_new(NULL);
	struct reading	 b = { 0 };
	const char	*p = text, *end = text + len, *nl;
	unsigned	 blocks = 0;
	gsize		 n;

	for (; p < end && (max == 0 || blocks < max); p = nl + 1) {
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
			blocks += block_end(&b, each, data);
	}
	field_end(&b, cur);
	if (max == 0 || blocks < max)
		blocks += block_end(&b, each, data);
	reading_clear(&b);
	g_string_free(cur, TRUE);
	return blocks;
}

static enum dsn_outcome
action_outcome(const char *action)
{
	static const struct {
		const char		*word;
		enum dsn_outcome	 outcome;
	} actions[] = {
		{ "failed", DSN_FAILED }, { "undeliverable", DSN_FAILED },
		{ "delayed", DSN_DELAYED },
		{ "delivered", DSN_DELIVERED }, { "relayed", DSN_DELIVERED },
		{ "expanded", DSN_DELIVERED }, { "deliverable", DSN_DELIVERED },
	};

	if (action == NULL)
		return DSN_UNKNOWN;
	while (g_ascii_isspace(*action))
		action++;
	for (size_t i = 0; i < G_N_ELEMENTS(actions); i++) {
		size_t n = strlen(actions[i].word);
		if (g_ascii_strncasecmp(action, actions[i].word, n) == 0 &&
		    !g_ascii_isalnum(action[n]))
			return actions[i].outcome;
	}
	return DSN_UNKNOWN;
}

enum dsn_outcome
dsn_block_outcome(const struct dsn_block *b)
{
	enum dsn_outcome o = action_outcome(b->action);
	const char *status = b->status;

	if (o != DSN_UNKNOWN || status == NULL)
		return o;
	status += strspn(status, " \t");
	switch (*status) {
	case '5':
		return DSN_FAILED;
	case '4':
		return DSN_DELAYED;
	case '2':
		return DSN_DELIVERED;
	default:
		return DSN_UNKNOWN;
	}
}

const char *
dsn_after_type(const char *v)
{
	const char	*semi = strchr(v, ';');

	return semi != NULL && (gsize)(semi - v) < 16 ? semi + 1 : v;
}
