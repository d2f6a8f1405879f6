/*
 * mime-walk.c: a bounded walk over a parsed message, and bounded
 * decoding of one part.
 *
 * g_mime_message_foreach does not descend into attached messages, but
 * bounces keep the original exactly there, so we walk ourselves.  The
 * walk is recursive; the recursion is bounded by MIME_MAX_DEPTH and the
 * total by MIME_MAX_PARTS, so a hostile nesting costs nothing.
 *
 * Decoding reads the part's raw stream through GMime's transfer-encoding
 * filter and stops after the caller's limit, so a 50 MB base64 blob is
 * never decoded whole just to look at its first lines.
 */
#include "filter.h"

struct walk {
	mime_visit_fn	 visit;
	void		*data;
	int		 parts;
	bool		 stopped;
};

static void	walk_object(GMimeObject *obj, GMimeObject *parent, int depth,
		    struct walk *w);
static void	walk_children(GMimeObject *obj, int depth, struct walk *w);
static GMimeStream *decoding_stream(GMimeDataWrapper *content);
static GByteArray *read_bounded(GMimeStream *in, gsize max);

void
mime_walk(GMimeMessage *msg, mime_visit_fn visit, void *data)
{
	struct walk	w = { visit, data, 0, false };
	GMimeObject	*top;

	if (msg == NULL || visit == NULL)
		return;
	top = g_mime_message_get_mime_part(msg);
	if (top == NULL)
		return;
	walk_object(top, NULL, 0, &w);
}

/* Visits obj, then its children; stops at the bounds or on request. */
static void
walk_object(GMimeObject *obj, GMimeObject *parent, int depth,
    struct walk *w)
{
	if (w->stopped || obj == NULL)
		return;
	if (depth > MIME_MAX_DEPTH || w->parts >= MIME_MAX_PARTS) {
		w->stopped = true;
		return;
	}
	w->parts++;
	if (!w->visit(obj, parent, depth, w->data)) {
		w->stopped = true;
		return;
	}
	walk_children(obj, depth, w);
}

/* The children of a multipart, or the body of an attached message. */
static void
walk_children(GMimeObject *obj, int depth, struct walk *w)
{
	GMimeMessage	*inner;
	int		 i, n;

	if (GMIME_IS_MULTIPART(obj)) {
		n = g_mime_multipart_get_count(GMIME_MULTIPART(obj));
		for (i = 0; i < n && !w->stopped; i++)
			walk_object(g_mime_multipart_get_part(
			    GMIME_MULTIPART(obj), i), obj, depth + 1, w);
		return;
	}
	if (!GMIME_IS_MESSAGE_PART(obj))
		return;
	inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(obj));
	if (inner == NULL)
		return;		/* an empty message/rfc822 part */
	walk_object(g_mime_message_get_mime_part(inner), obj, depth + 1, w);
}

GByteArray *
mime_part_bytes(GMimePart *part, gsize max)
{
	GMimeDataWrapper *content;
	GMimeStream	*in;
	GByteArray	*bytes;

	if (part == NULL || !GMIME_IS_PART(part))
		return NULL;
	content = g_mime_part_get_content(part);
	if (content == NULL || g_mime_data_wrapper_get_stream(content) == NULL)
		return NULL;
	in = decoding_stream(content);
	bytes = read_bounded(in, max);
	g_object_unref(in);
	return bytes;
}

/*
 * A new reference to a stream that yields content's decoded bytes from
 * the start: a filter stream for an encoded part, else the wrapper's
 * own stream.  That stream is shared with the message, so it is reset
 * rather than assumed to be at 0.
 */
static GMimeStream *
decoding_stream(GMimeDataWrapper *content)
{
	GMimeStream	*raw, *filtered;
	GMimeFilter	*filter;

	raw = g_mime_data_wrapper_get_stream(content);
	g_mime_stream_reset(raw);
	switch (g_mime_data_wrapper_get_encoding(content)) {
	case GMIME_CONTENT_ENCODING_BASE64:
	case GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE:
	case GMIME_CONTENT_ENCODING_UUENCODE:
		break;
	default:
		return g_object_ref(raw);
	}
	filtered = g_mime_stream_filter_new(raw);
	filter = g_mime_filter_basic_new(
	    g_mime_data_wrapper_get_encoding(content), FALSE);
	g_mime_stream_filter_add(GMIME_STREAM_FILTER(filtered), filter);
	g_object_unref(filter);	/* the stream holds it */
	return filtered;
}

/* Up to max bytes of in; an empty array at end of stream. */
static GByteArray *
read_bounded(GMimeStream *in, gsize max)
{
	GByteArray	*bytes;
	char		 buf[4096];
	gssize		 n;
	gsize		 want;

	/* Sized, so data is never NULL even when empty: callers compute
	 * data + len, which is undefined behaviour on a null pointer. */
	bytes = g_byte_array_sized_new(sizeof(buf));
	while (bytes->len < max) {
		want = MIN(sizeof(buf), max - bytes->len);
		n = g_mime_stream_read(in, buf, want);
		if (n <= 0)
			break;
		g_byte_array_append(bytes, (const guint8 *)buf, (guint)n);
	}
	return bytes;
}
