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
 * GMime has no DSN class, so the status part is decoded and fed to a
 * fresh parser block by block (construct_part: its headers are the
 * block, its content the rest), as notes/libraries.md describes.
 *
 * Only the top-level part, or a report one level inside a top-level
 * multipart (some gateways wrap reports to add a footer), counts: a
 * report found deeper sits inside a forwarded message or a list post.
 */
#include <string.h>

#include "filter.h"

#define DSN_MAX_BLOCKS	128	/* per-recipient blocks read */

struct tally {
	int	failed, delayed, delivered, blocks;
	struct recognition *r;	/* takes the first recipient and MTA */
};

static bool	match(GMimeMessage *, const struct envelope *,
		    struct recognition *);
static GMimeMultipart *find_report(GMimeMessage *msg);
static bool	is_dsn_report(GMimeMultipart *mp);
static GMimePart *status_part(GMimeMultipart *mp);
static bool	is_status_type(GMimeObject *obj);
static void	tally_status(GMimePart *part, struct tally *t);
static GByteArray *tally_block(const guint8 *data, gsize len,
		    struct tally *t);
static void	tally_fields(GMimeObject *block, struct tally *t);
static bool	tally_action(const char *action, struct tally *t);

const struct recogniser recogniser_dsn = {
	.name = "dsn",
	.match = match,
};

static bool
match(GMimeMessage *msg, const struct envelope *env, struct recognition *r)
{
	GMimeMultipart	*report;
	GMimePart	*status;
	struct tally	 t = { 0, 0, 0, 0, r };

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

/* Reads the status part block by block and counts the outcomes. */
static void
tally_status(GMimePart *part, struct tally *t)
{
	GByteArray	*bytes, *rest;
	gsize		 off;

	bytes = mime_part_bytes(part, TEXT_SCAN_MAX);
	while (bytes != NULL && t->blocks < DSN_MAX_BLOCKS) {
		off = 0;
		while (off < bytes->len &&
		    (bytes->data[off] == '\n' || bytes->data[off] == '\r'))
			off++;
		if (off == bytes->len)
			break;
		rest = tally_block(bytes->data + off, bytes->len - off, t);
		if (rest != NULL && rest->len >= bytes->len - off) {
			g_byte_array_unref(rest);	/* no progress */
			rest = NULL;
		}
		g_byte_array_unref(bytes);
		bytes = rest;
	}
	if (bytes != NULL)
		g_byte_array_unref(bytes);
}

/*
 * Parses one header block at data, counts its fields, and returns the
 * bytes after it (a new array), or NULL when nothing follows.
 */
static GByteArray *
tally_block(const guint8 *data, gsize len, struct tally *t)
{
	GMimeStream	*stream;
	GMimeParser	*parser;
	GMimeObject	*block;
	GByteArray	*rest = NULL;

	stream = g_mime_stream_mem_new_with_buffer((const char *)data, len);
	parser = g_mime_parser_new_with_stream(stream);
	g_object_unref(stream);	/* the parser holds it */
	block = g_mime_parser_construct_part(parser, NULL);
	g_object_unref(parser);
	if (block == NULL)
		return NULL;
	t->blocks++;
	tally_fields(block, t);
	if (GMIME_IS_PART(block))
		rest = mime_part_bytes(GMIME_PART(block), len);
	g_object_unref(block);
	return rest;
}

/*
 * Counts one block's Action, or its Status class when Action is absent
 * or unknown.  "deliverable"/"undeliverable" come from Postfix's
 * address verification reports (sendmail -bv).
 */
static void
tally_fields(GMimeObject *block, struct tally *t)
{
	const char	*status, *rcpt;
	int		 before = t->failed + t->delayed;

	recognition_set_mta(t->r, g_mime_object_get_header(block,
	    "Reporting-MTA"));
	if (tally_action(g_mime_object_get_header(block, "Action"), t)) {
		rcpt = g_mime_object_get_header(block, "Final-Recipient");
		if (rcpt == NULL)
			rcpt = g_mime_object_get_header(block,
			    "Original-Recipient");
		if (t->failed + t->delayed > before)
			recognition_set_recipient(t->r, rcpt);
		return;
	}
	status = g_mime_object_get_header(block, "Status");
	if (status == NULL)
		return;
	while (g_ascii_isspace(*status))
		status++;
	if (*status == '5')
		t->failed++;
	else if (*status == '4')
		t->delayed++;
	else if (*status == '2')
		t->delivered++;
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
