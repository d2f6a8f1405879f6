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
 * blocks are read by dsn-fields.c, which recipients-dsn.c shares.
 *
 * Only the top-level part, or a report one level inside a top-level
 * multipart (some gateways wrap reports to add a footer), counts: a
 * report found deeper sits inside a forwarded message or a list post.
 */
#include <stddef.h>
#include <string.h>

#include "dsn-fields.h"
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
static void	tally_block(const struct dsn_block *b, void *data);

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

/* Counts the outcomes of the status part's blocks. */
static void
tally_status(GMimePart *part, struct tally *t)
{
	GByteArray	*bytes = mime_part_bytes(part, TEXT_SCAN_MAX);

	if (bytes == NULL)
		return;
	t->blocks = dsn_read_blocks((const char *)bytes->data, bytes->len, DSN_MAX_BLOCKS,
	    tally_block, t);
	g_byte_array_unref(bytes);
}

/*
 * Counts one block's outcome and takes the report's first reporting
 * MTA and its first failed (or delayed) recipient; a success report is
 * about its delivered one, until a failed one comes.
 */
static void
tally_block(const struct dsn_block *b, void *data)
{
	struct tally	*t = data;
	const char	*rcpt = b->final_recipient != NULL ? b->final_recipient : b->original_recipient;

	enum dsn_outcome o = dsn_block_outcome(b);

	recognition_set_mta(t->r, b->reporting_mta);
	switch (o) {
	case DSN_FAILED:
	case DSN_DELAYED:
		if (o == DSN_FAILED)
			t->failed++;
		else
			t->delayed++;
		if (t->rcpt_delivered) {
			g_free(t->r->failed_recipient);	/* a failed recipient wins */
			t->r->failed_recipient = NULL;
			t->rcpt_delivered = false;
		}
		recognition_set_recipient(t->r, rcpt);
		break;
	case DSN_DELIVERED:
		t->delivered++;
		if (t->r->failed_recipient == NULL && rcpt != NULL) {
			recognition_set_recipient(t->r, rcpt);
			t->rcpt_delivered = t->r->failed_recipient != NULL;
		}
		break;
	case DSN_UNKNOWN:
		break;
	}
}
