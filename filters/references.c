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
 * Never used: the answer's own Message-ID as found in its own
 * In-Reply-To/References, and anything inside the original (its
 * References name the user's correspondents' mail, not the user's, and
 * a forwarded message inside it is older still).  An embedded original
 * whose Message-ID equals the answer's is still taken: the original's
 * own header block says so (real answers never reuse the ID; anonymised
 * samples do), and a forger controls that block anyway.
 */
#include <string.h>

#include "filter.h"

struct refs {
	struct recognition *r;
	const char	*own;		/* the answer's Message-ID, or NULL */
	int		 inside;	/* depth of the message part being skipped */
	GPtrArray	*quoted;	/* IDs quoted in text, added after the walk */
	GPtrArray	*lone;		/* quoted outside a header block: last */
	int		 texts;		/* text leaves scanned */
};

#define QUOTED_TEXTS_MAX	8	/* text leaves scanned for quoted headers */
#define QUOTED_IDS_MAX		MAX_ORIGINAL_IDS

static bool	visit(GMimeObject *part, GMimeObject *parent, int depth,
		    void *data);
static bool	is_headers_leaf(GMimeObject *part);
static bool	is_text_leaf(GMimeObject *part);
static void	add_part_header_id(GMimeObject *part, int depth,
		    struct refs *st);
static void	add_prologue(GMimeObject *part, struct refs *st);
static void	add_headless(GMimeMessage *inner, struct refs *st);
static void	add_from_bytes(GByteArray *bytes, struct refs *st);
static void	add_quoted(GByteArray *bytes, struct refs *st);
static const char *quoted_line(const char *p, const char *end);
static bool	is_daemon_from(const char *line, const char *end);
static bool	is_header_field(const char *line, const char *end);
static void	flush_block(GPtrArray *block, bool daemon, int fields,
		    struct refs *st);
static void	add_header_ids(GMimeMessage *msg, const char *name,
		    bool last_first, struct refs *st);
static void	add_unless_own(struct refs *st, const char *raw);

void
collect_references(GMimeMessage *msg, struct recognition *r)
{
	struct refs	st = { r, NULL, -1, NULL, NULL, 0 };
	guint		i;

	if (msg == NULL)
		return;
	st.own = g_mime_message_get_message_id(msg);
	st.quoted = g_ptr_array_new_with_free_func(g_free);
	st.lone = g_ptr_array_new_with_free_func(g_free);
	mime_walk(msg, visit, &st);
	for (i = 0; i < st.quoted->len; i++)
		recognition_add_id(r, g_ptr_array_index(st.quoted, i));
	for (i = 0; i < st.lone->len; i++)
		recognition_add_id(r, g_ptr_array_index(st.lone, i));
	g_ptr_array_unref(st.quoted);
	g_ptr_array_unref(st.lone);
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
		if (inner != NULL && g_mime_message_get_message_id(inner)
		    != NULL)
			recognition_add_id(st->r,
			    g_mime_message_get_message_id(inner));
		else if (inner != NULL)
			add_headless(inner, st);
		st->inside = depth;
		return true;
	}
	if (GMIME_IS_MULTIPART(part)) {
		add_prologue(part, st);
		return true;
	}
	if (GMIME_IS_PART(part))
		add_part_header_id(part, depth, st);
	if (GMIME_IS_PART(part) && is_headers_leaf(part))
		add_from_bytes(mime_part_bytes(GMIME_PART(part),
		    TEXT_SCAN_MAX), st);
	else if (GMIME_IS_PART(part) && is_text_leaf(part) &&
	    st->texts++ < QUOTED_TEXTS_MAX)
		add_quoted(mime_part_bytes(GMIME_PART(part), TEXT_SCAN_MAX),
		    st);
	return true;
}

/*
 * Parts whose text may quote the original's headers: text, and the
 * delivery-status part, which swallows the parts after it when a
 * report's boundary is mangled.
 */
static bool
is_text_leaf(GMimeObject *part)
{
	GMimeContentType *ct;

	ct = g_mime_object_get_content_type(part);
	return ct == NULL || g_mime_content_type_is_type(ct, "text", "*") ||
	    g_mime_content_type_is_type(ct, "message", "delivery-status") ||
	    g_mime_content_type_is_type(ct, "message",
	    "global-delivery-status");
}

/*
 * Broken MIME, seen in real bounces: an original pasted right after a
 * boundary line, so that GMime reads its header block as the part's
 * own MIME headers.  A leaf whose headers hold a Message-ID is that.
 */
static void
add_part_header_id(GMimeObject *part, int depth, struct refs *st)
{
	const char	*v;
	char		*id;

	if (depth == 0 || st->quoted->len >= QUOTED_IDS_MAX)
		return;
	v = g_mime_object_get_header(part, "Message-ID");
	if (v == NULL || (id = message_id_normalise(v)) == NULL)
		return;
	g_ptr_array_add(st->quoted, id);
}

/* A multipart GMime found no parts in keeps its text in the prologue. */
static void
add_prologue(GMimeObject *part, struct refs *st)
{
	const char	*pro;
	GByteArray	*bytes;

	if (g_mime_multipart_get_count(GMIME_MULTIPART(part)) > 0 ||
	    st->texts++ >= QUOTED_TEXTS_MAX)
		return;
	pro = g_mime_multipart_get_prologue(GMIME_MULTIPART(part));
	if (pro == NULL)
		return;
	bytes = g_byte_array_new();
	g_byte_array_append(bytes, (const guint8 *)pro,
	    (guint)strnlen(pro, TEXT_SCAN_MAX));
	add_quoted(bytes, st);
}

/*
 * An attached original whose header block GMime did not see (a blank
 * line too many after the part's own headers) has no Message-ID, and
 * its headers are the start of its body: read them as a header block.
 */
static void
add_headless(GMimeMessage *inner, struct refs *st)
{
	GMimeObject	*body;

	body = g_mime_message_get_mime_part(inner);
	if (body != NULL && GMIME_IS_PART(body))
		add_from_bytes(mime_part_bytes(GMIME_PART(body),
		    TEXT_SCAN_MAX), st);
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
	    g_mime_content_type_is_type(ct, "text", "rfc822-header") ||
	    g_mime_content_type_is_type(ct, "message", "partial") ||
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
	recognition_add_id(st->r, g_mime_message_get_message_id(m));
	g_object_unref(m);
}

/*
 * Message-IDs quoted in a text part (consumed): free-text bounces copy
 * the original's header block into their notice, after a marker line
 * that differs for every MTA (and is translated), sometimes indented
 * or "> "-quoted.  So every line that reads "Message-ID: <...>" is
 * taken, marker or not, unless its header block also has a From: of a
 * mail system: that block is a bounce's own header, quoted in a
 * forward.  A "References:" line is never read.  Candidates are kept
 * aside and added after the attached ones; an ID on a line of its own,
 * with no other header field around it, comes after those from real
 * header blocks.
 */
static void
add_quoted(GByteArray *bytes, struct refs *st)
{
	const char	*p, *end, *nl, *v;
	GPtrArray	*block;
	bool		 daemon = false;
	char		*id, *norm;
	int		 fields = 0;

	if (bytes == NULL)
		return;
	if (bytes->len == 0) {	/* data may be NULL: no arithmetic on it */
		g_byte_array_unref(bytes);
		return;
	}
	block = g_ptr_array_new_with_free_func(g_free);
	p = (const char *)bytes->data;
	end = p + bytes->len;
	for (; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		v = quoted_line(p, nl);
		if (v == nl || *v == '\r') {	/* a blank line ends a block */
			flush_block(block, daemon, fields, st);
			daemon = false;
			fields = 0;
			continue;
		}
		if (is_daemon_from(v, nl))
			daemon = true;
		if (is_header_field(v, nl))
			fields++;
		if (nl - v < 11 || (*v != 'm' && *v != 'M') ||
		    g_ascii_strncasecmp(v, "message-id:", 11) != 0)
			continue;
		v += 11;
		id = g_strndup(v, (gsize)(nl - v));
		if (strchr(id, '<') == NULL && nl < end &&
		    quoted_line(nl + 1, end) != end) {
			/* "Message-ID:" folded: the ID is on the next line */
			g_free(id);
			v = nl + 1;
			nl = memchr(v, '\n', (size_t)(end - v));
			if (nl == NULL)
				nl = end;
			id = g_strndup(v, (gsize)(nl - v));
		}
		norm = message_id_normalise(id);
		if (norm != NULL && block->len < QUOTED_IDS_MAX)
			g_ptr_array_add(block, norm);
		else
			g_free(norm);
		g_free(id);
		if (nl == end)
			break;
	}
	flush_block(block, daemon, fields, st);
	g_ptr_array_unref(block);
	g_byte_array_unref(bytes);
}

/*
 * Moves a block's IDs to the quoted list if the block looks like a
 * header block (another field beside Message-ID), else to the lone
 * list; drops them if the block is a mail system's own header.
 */
static void
flush_block(GPtrArray *block, bool daemon, int fields, struct refs *st)
{
	GPtrArray	*to = fields > 0 ? st->quoted : st->lone;
	guint		 i;

	for (i = 0; !daemon && i < block->len; i++)
		if (to->len < QUOTED_IDS_MAX)
			g_ptr_array_add(to, g_strdup(g_ptr_array_index(block,
			    i)));
	g_ptr_array_set_size(block, 0);
}

/*
 * True for a line opening a common header field other than Message-ID.
 * Every line of every text part comes here: the first letter rules out
 * most of them before any name is compared.
 */
static bool
is_header_field(const char *line, const char *end)
{
#define FIELD(s)	{ s, sizeof(s) - 1 }
	static const struct {
		const char	*name;
		size_t		 len;
	} fields[] = {
		FIELD("from:"), FIELD("to:"), FIELD("subject:"), FIELD("date:"),
		FIELD("received:"), FIELD("return-path:"), FIELD("cc:"),
		FIELD("mime-version:"), FIELD("content-type:"),
		FIELD("x-mailer:"), FIELD("reply-to:"), FIELD("in-reply-to:"),
		FIELD("references:"),
	};
#undef FIELD
	size_t	i;
	char	c;

	if (line >= end)
		return false;
	c = g_ascii_tolower(*line);
	for (i = 0; i < G_N_ELEMENTS(fields); i++)
		if (fields[i].name[0] == c &&
		    (size_t)(end - line) >= fields[i].len &&
		    g_ascii_strncasecmp(line, fields[i].name,
		    fields[i].len) == 0)
			return true;
	return false;
}

/* The start of a line's content after blanks and "> " quoting. */
static const char *
quoted_line(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '>'))
		p++;
	return p;
}

/*
 * True if the line is a From: naming a mail system (not postmaster:
 * people send ordinary mail from there, and their mail bounces too).
 */
static bool
is_daemon_from(const char *line, const char *end)
{
	static const char *const words[] = {
		"mailer-daemon", "mail delivery", NULL,
	};
	char	*low;
	bool	 hit;

	if (end - line < 5 || (*line != 'f' && *line != 'F') ||
	    g_ascii_strncasecmp(line, "from:", 5) != 0)
		return false;
	low = g_ascii_strdown(line, end - line);
	hit = notice_find_any(low, strlen(low), words) != NULL;
	g_free(low);
	return hit;
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
