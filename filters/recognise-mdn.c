/*
 * recognise-mdn.c: RFC 8098 message disposition notifications (read
 * receipts).
 *
 * An MDN is multipart/report; report-type=disposition-notification.
 * Like a DSN it names the original (Original-Message-ID in the
 * message/disposition-notification part, usually also a
 * text/rfc822-headers part), so it can be checked against sent mail.
 * Only the top-level type counts: a receipt attached to a forwarded
 * message is not one sent to us.
 */
#include "filter.h"

static bool	match(GMimeMessage *, const struct envelope *,
		    struct recognition *);
static GMimeObject *find_child(GMimeMultipart *mp, const char *subtype);
static void	add_original_id(GMimeObject *notification,
		    struct recognition *r);

/* Gate: the top-level part must be a multipart/report. */
static const char *const report_types[] = { "multipart/report", NULL };

static const struct gate gate = {
	.content_types = GATE_TABLES(report_types),
};

const struct recogniser recogniser_mdn = {
	.name = "mdn",
	.gate = &gate,
	.match = match,
};

static bool
match(GMimeMessage *msg, const struct envelope *env, struct recognition *r)
{
	GMimeObject	*top;
	GMimeContentType *ct;
	const char	*rtype;
	GMimeObject	*notification;

	top = g_mime_message_get_mime_part(msg);
	if (top == NULL || !GMIME_IS_MULTIPART(top))
		return false;
	ct = g_mime_object_get_content_type(top);
	if (ct == NULL || !g_mime_content_type_is_type(ct, "multipart",
	    "report"))
		return false;
	rtype = g_mime_content_type_get_parameter(ct, "report-type");
	notification = find_child(GMIME_MULTIPART(top),
	    "disposition-notification");
	/* a misnamed report-type does not hide the notification part */
	if (notification == NULL && (rtype == NULL ||
	    g_ascii_strcasecmp(rtype, "disposition-notification") != 0))
		return false;
	recognition_set(r, CLASS_MDN, "mdn", "disposition notification");
	if (notification != NULL)
		add_original_id(notification, r);
	return true;
}

/* The direct child of mp of type message/<subtype>, or NULL. */
static GMimeObject *
find_child(GMimeMultipart *mp, const char *subtype)
{
	GMimeObject	*child;
	GMimeContentType *ct;
	int		 i, n;

	n = g_mime_multipart_get_count(mp);
	for (i = 0; i < n && i < MIME_MAX_PARTS; i++) {
		child = g_mime_multipart_get_part(mp, i);
		ct = g_mime_object_get_content_type(child);
		if (ct != NULL && g_mime_content_type_is_type(ct, "message",
		    subtype))
			return child;
	}
	return NULL;
}

/* Adds Original-Message-ID from the notification's field block. */
static void
add_original_id(GMimeObject *notification, struct recognition *r)
{
	GByteArray	*bytes;
	GMimeStream	*stream;
	GMimeParser	*parser;
	GMimeObject	*fields;

	if (!GMIME_IS_PART(notification))
		return;
	bytes = mime_part_bytes(GMIME_PART(notification), TEXT_SCAN_MAX);
	if (bytes == NULL)
		return;
	stream = g_mime_stream_mem_new_with_byte_array(bytes);	/* owns it */
	parser = g_mime_parser_new_with_stream(stream);
	g_object_unref(stream);
	fields = g_mime_parser_construct_part(parser, NULL);
	g_object_unref(parser);
	if (fields == NULL)
		return;
	recognition_add_id(r, g_mime_object_get_header(fields,
	    "Original-Message-ID"));
	g_object_unref(fields);
}
