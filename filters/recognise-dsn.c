/*
 * recognise-dsn.c: RFC 3464 delivery status notifications.
 *
 * A DSN is multipart/report; report-type=delivery-status with a
 * message/delivery-status part (message/global-delivery-status for
 * RFC 6533).  That part is a header block about the reporting MTA and
 * one block per recipient; the per-recipient Action fields say what
 * happened.  One failed recipient makes the whole report a bounce, else
 * one delayed makes it a delay warning, else it is a success report.
 * Postfix's and Exim's own DSNs land here.
 *
 * GMime has no DSN class, so the status part is decoded and its
 * blocks are read line by line (tally_status).
 *
 * Only the top-level part, or a report one level inside a top-level
 * multipart (some gateways wrap reports to add a footer), counts: a
 * report found deeper sits inside a forwarded message or a list post.
 */
#include <stddef.h>
#include <string.h>

#include "filter.h"

#define DSN_MAX_BLOCKS	128	/* per-recipient blocks read */

struct tally {
	int	failed, delayed, delivered, blocks;
	struct recognition *r;	/* takes the first recipient and MTA */
	bool	rcpt_delivered;	/* r's recipient is a delivered one (a failed one wins) */
};

static bool	match(GMimeMessage *, const struct envelope *,
		    struct recognition *);
static GMimeMultipart *find_report(GMimeMessage *msg);
static bool	is_dsn_report(GMimeMultipart *mp);
static GMimePart *status_part(GMimeMultipart *mp);
static bool	is_status_type(GMimeObject *obj);
static void	tally_status(GMimePart *part, struct tally *t);
struct dsn_block;
static void	tally_block(struct dsn_block *b, struct tally *t);
static bool	tally_action(const char *action, struct tally *t);

/* Gate: find_report asks for a multipart/report, at the top or one down. */
static const char *const report_types[] = { "multipart/report", NULL };

static const struct gate gate = {
	.content_types = GATE_TABLES(report_types),
};

const struct recogniser recogniser_dsn = {
	.name = "dsn",
	.gate = &gate,
	.match = match,
};

static bool
match(GMimeMessage *msg, const struct envelope *env, struct recognition *r)
{
	GMimeMultipart	*report;
	GMimePart	*status;
	struct tally	 t = { 0, 0, 0, 0, r, false };

	report = find_report(msg);
	if (report == NULL)
		return false;
	status = status_part(report);
	if (status == NULL) {
		recognition_set(r, CLASS_BOUNCE, "dsn",
		    "delivery-status report without a status part");
		return true;
	}
	tally_status(status, &t);
	if (t.failed > 0)
		recognition_set(r, CLASS_BOUNCE, "dsn",
		    "DSN: %d recipient(s) failed", t.failed);
	else if (t.delayed > 0)
		recognition_set(r, CLASS_DELAY, "dsn",
		    "DSN: %d recipient(s) delayed", t.delayed);
	else if (t.delivered > 0)
		recognition_set(r, CLASS_DELIVERED, "dsn",
		    "DSN: %d recipient(s) delivered", t.delivered);
	else
		recognition_set(r, CLASS_BOUNCE, "dsn",
		    "DSN without a readable Action or Status");
	return true;
}

/* The delivery-status report at the top or one level down, or NULL. */
static GMimeMultipart *
find_report(GMimeMessage *msg)
{
	GMimeObject	*top, *child;
	int		 i, n;

	top = g_mime_message_get_mime_part(msg);
	if (top == NULL || !GMIME_IS_MULTIPART(top))
		return NULL;
	if (is_dsn_report(GMIME_MULTIPART(top)))
		return GMIME_MULTIPART(top);
	n = g_mime_multipart_get_count(GMIME_MULTIPART(top));
	for (i = 0; i < n && i < MIME_MAX_PARTS; i++) {
		child = g_mime_multipart_get_part(GMIME_MULTIPART(top), i);
		if (GMIME_IS_MULTIPART(child) &&
		    is_dsn_report(GMIME_MULTIPART(child)))
			return GMIME_MULTIPART(child);
	}
	return NULL;
}

/* multipart/report that says delivery-status or holds a status part. */
static bool
is_dsn_report(GMimeMultipart *mp)
{
	GMimeContentType *ct;
	const char	*rtype;

	ct = g_mime_object_get_content_type(GMIME_OBJECT(mp));
	if (ct == NULL || !g_mime_content_type_is_type(ct, "multipart",
	    "report"))
		return false;
	rtype = g_mime_content_type_get_parameter(ct, "report-type");
	if (rtype != NULL && (g_ascii_strcasecmp(rtype, "delivery-status") == 0
	    || g_ascii_strcasecmp(rtype, "global-delivery-status") == 0))
		return true;
	if (rtype != NULL)
		return false;	/* some other report: MDN, ARF, ... */
	return status_part(mp) != NULL;
}

/* The report's message/delivery-status child, or NULL. */
static GMimePart *
status_part(GMimeMultipart *mp)
{
	GMimeObject	*child;
	int		 i, n;

	n = g_mime_multipart_get_count(mp);
	for (i = 0; i < n && i < MIME_MAX_PARTS; i++) {
		child = g_mime_multipart_get_part(mp, i);
		if (GMIME_IS_PART(child) && is_status_type(child))
			return GMIME_PART(child);
	}
	return NULL;
}

static bool
is_status_type(GMimeObject *obj)
{
	GMimeContentType *ct;

	ct = g_mime_object_get_content_type(obj);
	if (ct == NULL)
		return false;
	return g_mime_content_type_is_type(ct, "message", "delivery-status") ||
	    g_mime_content_type_is_type(ct, "message",
	    "global-delivery-status");
}

/* The fields of one block that matter here; values are g_malloc'd or NULL. */
struct dsn_block {
	char	*mta, *action, *status, *final_rcpt, *orig_rcpt;
};

static void
block_clear(struct dsn_block *b)
{
	g_free(b->mta);
	g_free(b->action);
	g_free(b->status);
	g_free(b->final_rcpt);
	g_free(b->orig_rcpt);
	memset(b, 0, sizeof *b);
}

/* Keeps the first value of a field we want; name is len bytes, value unfolded. */
static void
block_field(struct dsn_block *b, const char *name, gsize len, const char *value)
{
	static const struct {
		const char	*name;
		size_t		 slot;
	} wanted[] = {
		{ "reporting-mta", offsetof(struct dsn_block, mta) },
		{ "action", offsetof(struct dsn_block, action) },
		{ "status", offsetof(struct dsn_block, status) },
		{ "final-recipient", offsetof(struct dsn_block, final_rcpt) },
		{ "original-recipient", offsetof(struct dsn_block, orig_rcpt) },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(wanted); i++) {
		char **slot = (char **)((char *)b + wanted[i].slot);
		if (strlen(wanted[i].name) == len &&
		    g_ascii_strncasecmp(name, wanted[i].name, len) == 0 && *slot == NULL)
			*slot = g_strstrip(g_strdup(value));
	}
}

/*
 * Ends the field being gathered in cur ("Name: value", continuation
 * lines already appended).
 */
static void
block_flush(struct dsn_block *b, GString *cur)
{
	const char *colon = memchr(cur->str, ':', cur->len);

	if (colon != NULL && colon > cur->str)
		block_field(b, cur->str, (gsize)(colon - cur->str), colon + 1);
	g_string_truncate(cur, 0);
}

/*
 * Reads the status part block by block (blank lines between blocks,
 * "Name: value" fields, folded lines continued with white space) and
 * counts the outcomes.  The fields are plain ASCII by RFC 3464, so the
 * lines are read in place instead of through a parser per block.
 */
static void
tally_status(GMimePart *part, struct tally *t)
{
	GByteArray	*bytes = mime_part_bytes(part, TEXT_SCAN_MAX);
	GString		*cur = g_string_new(NULL);
	struct dsn_block b = { 0 };
	const char	*p, *end, *nl;
	gsize		 n;

	p = bytes != NULL ? (const char *)bytes->data : "";
	end = p + (bytes != NULL ? bytes->len : 0);
	for (; p < end && t->blocks < DSN_MAX_BLOCKS; p = nl + 1) {
		nl = memchr(p, '\n', (gsize)(end - p));
		if (nl == NULL)
			nl = end;
		n = (gsize)(nl - p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		if (n > 0 && (p[0] == ' ' || p[0] == '\t') && cur->len > 0) {
			g_string_append_len(cur, p, (gssize)n);
			continue;
		}
		block_flush(&b, cur);
		if (n > 0) {
			g_string_append_len(cur, p, (gssize)n);
			continue;
		}
		tally_block(&b, t);
	}
	block_flush(&b, cur);
	tally_block(&b, t);
	g_string_free(cur, TRUE);
	if (bytes != NULL)
		g_byte_array_unref(bytes);
}

/*
 * Counts one block's Action, or its Status class when Action is absent
 * or unknown, then empties the block.  An empty block (two blank lines)
 * counts for nothing.  "deliverable"/"undeliverable" come from Postfix's
 * address verification reports (sendmail -bv).
 */
static void
tally_block(struct dsn_block *b, struct tally *t)
{
	const char	*status = b->status;
	int		 before = t->failed + t->delayed;

	if (b->mta == NULL && b->action == NULL && b->status == NULL &&
	    b->final_rcpt == NULL && b->orig_rcpt == NULL)
		return;
	t->blocks++;
	recognition_set_mta(t->r, b->mta);
	if (tally_action(b->action, t)) {
		const char *rcpt = b->final_rcpt != NULL ? b->final_rcpt : b->orig_rcpt;
		if (t->failed + t->delayed > before && t->rcpt_delivered) {
			g_free(t->r->failed_recipient);	/* a failed recipient wins */
			t->r->failed_recipient = NULL;
			t->rcpt_delivered = false;
		}
		if (t->failed + t->delayed > before)
			recognition_set_recipient(t->r, rcpt);
		else if (t->r->failed_recipient == NULL && rcpt != NULL) {
			/* a delivery report is about its delivered recipient */
			recognition_set_recipient(t->r, rcpt);
			t->rcpt_delivered = t->r->failed_recipient != NULL;
		}
	} else if (status != NULL) {
		if (*status == '5')
			t->failed++;
		else if (*status == '4')
			t->delayed++;
		else if (*status == '2')
			t->delivered++;
	}
	block_clear(b);
}

/* Counts a known Action value; false if absent or unknown. */
static bool
tally_action(const char *action, struct tally *t)
{
	static const struct {
		const char	*word;
		int		 outcome;	/* 0 failed, 1 delayed, 2 delivered */
	} actions[] = {
		{ "failed", 0 }, { "undeliverable", 0 },
		{ "delayed", 1 },
		{ "delivered", 2 }, { "relayed", 2 }, { "expanded", 2 },
		{ "deliverable", 2 },
	};
	size_t	i, n;

	if (action == NULL)
		return false;
	while (g_ascii_isspace(*action))
		action++;
	for (i = 0; i < G_N_ELEMENTS(actions); i++) {
		n = strlen(actions[i].word);
		if (g_ascii_strncasecmp(action, actions[i].word, n) != 0 ||
		    g_ascii_isalnum(action[n]))
			continue;
		if (actions[i].outcome == 0)
			t->failed++;
		else if (actions[i].outcome == 1)
			t->delayed++;
		else
			t->delivered++;
		return true;
	}
	return false;
}
