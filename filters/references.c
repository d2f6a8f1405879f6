/*
 * references.c: which message is this automated answer about?
 *
 * The best witness is the original itself, attached whole
 * (message/rfc822, message/global) or as headers (text/rfc822-headers):
 * its own Message-ID.  Free-text bounces quote the original inline
 * after a fixed marker line; its header block is parsed like an
 * attachment.  Last come the answer's own In-Reply-To and References
 * (latest first), which well-behaved responders set.
 *
 * Never used: the answer's own Message-ID, and anything inside the
 * original (its References name the user's correspondents' mail, not
 * the user's, and a forwarded message inside it is older still).
 */
#include <string.h>

#include "filter.h"

struct refs {
	struct recognition *r;
	const char	*own;		/* the answer's Message-ID, or NULL */
	int		 inside;	/* depth of the message part being skipped */
};

/* Lines after which free-text bounces quote the original's headers. */
static const char *const quote_markers[] = {
	"------ This is a copy of ",	/* Exim: the message, its headers, ... */
	"--- Below this line is a copy of the message.",
	"----- Original message follows -----",
	"----- Unsent message follows -----",
	"----- Message header follows -----",
};

static bool	visit(GMimeObject *part, GMimeObject *parent, int depth,
		    void *data);
static bool	is_headers_leaf(GMimeObject *part);
static void	add_from_bytes(GByteArray *bytes, struct refs *st);
static void	add_quoted(GMimeMessage *msg, struct refs *st);
static GMimeObject *notice_part(GMimeMessage *msg);
static const guint8 *after_marker(const guint8 *data, gsize len);
static const guint8 *skip_marker_lines(const guint8 *p, const guint8 *end);
static void	add_header_ids(GMimeMessage *msg, const char *name,
		    bool last_first, struct refs *st);
static void	add_unless_own(struct refs *st, const char *raw);

void
collect_references(GMimeMessage *msg, struct recognition *r)
{
	struct refs	st = { r, NULL, -1 };

	if (msg == NULL)
		return;
	st.own = g_mime_message_get_message_id(msg);
	mime_walk(msg, visit, &st);
	add_quoted(msg, &st);
	add_header_ids(msg, "In-Reply-To", false, &st);
	add_header_ids(msg, "References", true, &st);
}

/* mime_walk callback: takes IDs of attached originals, not their insides. */
static bool
visit(GMimeObject *part, GMimeObject *parent, int depth, void *data)
{
	struct refs	*st = data;
	GMimeMessage	*inner;

	if (st->inside >= 0 && depth > st->inside)
		return true;
	st->inside = -1;
	if (GMIME_IS_MESSAGE_PART(part)) {
		inner = g_mime_message_part_get_message(
		    GMIME_MESSAGE_PART(part));
		if (inner != NULL)
			add_unless_own(st,
			    g_mime_message_get_message_id(inner));
		st->inside = depth;
		return true;
	}
	if (GMIME_IS_PART(part) && is_headers_leaf(part))
		add_from_bytes(mime_part_bytes(GMIME_PART(part),
		    TEXT_SCAN_MAX), st);
	return true;
}

/* Parts holding an original's header block as text GMime did not parse. */
static bool
is_headers_leaf(GMimeObject *part)
{
	GMimeContentType *ct;

	ct = g_mime_object_get_content_type(part);
	if (ct == NULL)
		return false;
	return g_mime_content_type_is_type(ct, "text", "rfc822-headers") ||
	    g_mime_content_type_is_type(ct, "message", "rfc822-headers") ||
	    g_mime_content_type_is_type(ct, "message", "global-headers") ||
	    g_mime_content_type_is_type(ct, "message", "rfc822") ||
	    g_mime_content_type_is_type(ct, "message", "global");
}

/* Parses bytes (consumed) as a header block and adds its Message-ID. */
static void
add_from_bytes(GByteArray *bytes, struct refs *st)
{
	GMimeStream	*stream;
	GMimeParser	*parser;
	GMimeMessage	*m;

	if (bytes == NULL)
		return;
	stream = g_mime_stream_mem_new_with_byte_array(bytes);	/* owns it */
	parser = g_mime_parser_new_with_stream(stream);
	g_object_unref(stream);
	m = g_mime_parser_construct_message(parser, NULL);
	g_object_unref(parser);
	if (m == NULL)
		return;
	add_unless_own(st, g_mime_message_get_message_id(m));
	g_object_unref(m);
}

/* The original quoted inline in the notice after a marker line. */
static void
add_quoted(GMimeMessage *msg, struct refs *st)
{
	GMimeObject	*notice;
	GByteArray	*bytes, *block;
	const guint8	*p, *end;

	notice = notice_part(msg);
	if (notice == NULL)
		return;
	bytes = mime_part_bytes(GMIME_PART(notice), TEXT_SCAN_MAX);
	if (bytes == NULL)
		return;
	end = bytes->data + bytes->len;
	p = after_marker(bytes->data, bytes->len);
	if (p != NULL)
		p = skip_marker_lines(p, end);
	if (p != NULL && p < end) {
		block = g_byte_array_sized_new((guint)(end - p));
		g_byte_array_append(block, p, (guint)(end - p));
		add_from_bytes(block, st);
	}
	g_byte_array_unref(bytes);
}

/* The text part a free-text notice lives in: the body or its first child. */
static GMimeObject *
notice_part(GMimeMessage *msg)
{
	GMimeObject	*top;

	top = g_mime_message_get_mime_part(msg);
	if (top != NULL && GMIME_IS_MULTIPART(top) &&
	    g_mime_multipart_get_count(GMIME_MULTIPART(top)) > 0)
		top = g_mime_multipart_get_part(GMIME_MULTIPART(top), 0);
	if (top == NULL || !GMIME_IS_TEXT_PART(top))
		return NULL;
	return top;
}

/* The start of the line after the first marker line, or NULL. */
static const guint8 *
after_marker(const guint8 *data, gsize len)
{
	const char	*hit, *nl;
	size_t		 i;

	for (i = 0; i < G_N_ELEMENTS(quote_markers); i++) {
		hit = g_strstr_len((const char *)data, len, quote_markers[i]);
		if (hit == NULL)
			continue;
		nl = memchr(hit, '\n', len - (gsize)(hit - (const char *)data));
		return nl == NULL ? NULL : (const guint8 *)nl + 1;
	}
	return NULL;
}

/* Skips blank lines and Exim's "------ The body ..." continuation lines. */
static const guint8 *
skip_marker_lines(const guint8 *p, const guint8 *end)
{
	const guint8	*nl;

	while (p < end) {
		if (*p == '\n' || *p == '\r') {
			p++;
			continue;
		}
		if (end - p < 7 || memcmp(p, "------ ", 7) != 0)
			return p;
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			return NULL;
		p = nl + 1;
	}
	return NULL;
}

/* Adds the IDs of a top-level header, in order or last first. */
static void
add_header_ids(GMimeMessage *msg, const char *name, bool last_first,
    struct refs *st)
{
	GMimeReferences	*refs;
	const char	*value;
	int		 i, n;

	value = g_mime_object_get_header(GMIME_OBJECT(msg), name);
	if (value == NULL)
		return;
	refs = g_mime_references_parse(NULL, value);
	if (refs == NULL)
		return;
	n = g_mime_references_length(refs);
	for (i = 0; i < n; i++)
		add_unless_own(st, g_mime_references_get_message_id(refs,
		    last_first ? n - 1 - i : i));
	g_mime_references_free(refs);
}

static void
add_unless_own(struct refs *st, const char *raw)
{
	char	*id;

	id = message_id_normalise(raw);
	if (id == NULL)
		return;
	if (st->own == NULL || strcmp(id, st->own) != 0)
		recognition_add_id(st->r, id);
	g_free(id);
}
