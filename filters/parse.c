/*
 * parse.c: from a file descriptor to a GMime message, whatever the
 * line ends.
 *
 * GMime splits lines on LF and copes with CRLF, but a lone CR (old Mac
 * mail, some gateways) is no line end to it: a CR-only message is one
 * long header line and nothing is recognised.  So the first line end
 * is sniffed; when it is a lone CR, the file is read through a filter
 * that turns every lone CR into LF (CR LF pairs are left alone, so a
 * mixed file stays readable).  The filter works on the stream as the
 * parser pulls it: memory stays bounded by GMime's own buffers, and the
 * parts are then kept in memory instead of as substreams of the file,
 * as on a pipe.
 *
 * The first HEAD_MAX bytes are read with one pread(2).  That is the
 * whole of most messages (bounces are a few KB): then GMime parses that
 * buffer as a memory stream, and the parts are substreams of it, so the
 * recognisers read part contents without a system call each.  A longer
 * file takes the plain fs-stream path of notes/libraries.md (persistent
 * substreams of the file, nothing copied), the head serving to sniff the
 * line ends and to start counting lines.
 *
 * GMime is only ever given a bounded prefix of the file: at most
 * PARSE_MAX_BYTES and PARSE_MAX_LINES lines.  GMime keeps an object for
 * every header and every part, ~600 bytes per header line and ~2 KB per
 * part, so a million Received: lines or 100,000 tiny parts would cost
 * hundreds of megabytes, and on the CR-only path the part contents are
 * held in memory too.  What decides the verdict (the top-level header,
 * the report and the returned header of a bounce) comes first; a bounce
 * is small (Postfix returns at most 50 KB of the original).  A message
 * cut short is no problem for GMime: it closes what is open.  The
 * delivered file is never cut; only what is looked at.
 */
#include <string.h>
#include <unistd.h>

#include "filter.h"

#define SNIFF_MAX	8192	/* bytes searched for the first line end */
#define HEAD_MAX	65536	/* bytes read first; a shorter file is parsed in memory */
#define PARSE_MAX_BYTES	(8 * 1024 * 1024)	/* bytes of a message parsed */
#define PARSE_MAX_LINES	50000	/* lines (LF or lone CR) parsed */

/* A GMimeFilter that turns lone CRs into LFs. */
typedef struct {
	GMimeFilter	parent;
} CrFilter;

typedef struct {
	GMimeFilterClass parent_class;
} CrFilterClass;

static GType	cr_filter_get_type(void);
G_DEFINE_TYPE(CrFilter, cr_filter, GMIME_TYPE_FILTER)

static GMimeFilter *cr_filter_new(void);
static GMimeFilter *cr_filter_copy(GMimeFilter *f);
static void	cr_filter_filter(GMimeFilter *f, char *in, size_t len,
		    size_t prespace, char **out, size_t *outlen,
		    size_t *outprespace);
static void	cr_filter_complete(GMimeFilter *f, char *in, size_t len,
		    size_t prespace, char **out, size_t *outlen,
		    size_t *outprespace);
static void	cr_filter_reset(GMimeFilter *f);
static void	cr_convert(GMimeFilter *f, char *in, size_t len, bool last,
		    char **out, size_t *outlen, size_t *outprespace);
static bool	first_line_ends_in_cr(const guint8 *buf, size_t n);
static ssize_t	count_lines(const guint8 *buf, size_t n, long *lines,
		    char *prev);
static off_t	parse_limit(int fd, guint8 *buf, size_t n);
static GMimeStream *head_stream(const guint8 *head, size_t n);
static size_t	blank_lead(const guint8 *buf, size_t n);

static void
cr_filter_class_init(CrFilterClass *klass)
{
	GMimeFilterClass *fc = GMIME_FILTER_CLASS(klass);

	fc->copy = cr_filter_copy;
	fc->filter = cr_filter_filter;
	fc->complete = cr_filter_complete;
	fc->reset = cr_filter_reset;
}

static void
cr_filter_init(CrFilter *f)
{
}

/*
 * Not g_object_new(): mda/backstop reaches GObject through trampolines
 * (filters/gmime-lazy.c), and a variadic function cannot be forwarded.
 */
static GMimeFilter *
cr_filter_new(void)
{
	return GMIME_FILTER(g_object_new_with_properties(cr_filter_get_type(), 0, NULL, NULL));
}

static GMimeFilter *
cr_filter_copy(GMimeFilter *f)
{
	return cr_filter_new();
}

static void
cr_filter_filter(GMimeFilter *f, char *in, size_t len, size_t prespace,
    char **out, size_t *outlen, size_t *outprespace)
{
	cr_convert(f, in, len, false, out, outlen, outprespace);
}

static void
cr_filter_complete(GMimeFilter *f, char *in, size_t len, size_t prespace,
    char **out, size_t *outlen, size_t *outprespace)
{
	cr_convert(f, in, len, true, out, outlen, outprespace);
}

static void
cr_filter_reset(GMimeFilter *f)
{
}

/*
 * Copies in to the filter's buffer with lone CRs as LFs.  A CR at the
 * very end of a chunk may be the first half of CR LF: unless this is
 * the last chunk it is held back (g_mime_filter_backup) and seen again
 * in front of the next one.
 */
static void
cr_convert(GMimeFilter *f, char *in, size_t len, bool last, char **out,
    size_t *outlen, size_t *outprespace)
{
	char	*o;
	size_t	 i;

	g_mime_filter_set_size(f, len, FALSE);
	o = f->outbuf;
	for (i = 0; i < len; i++) {
		if (in[i] != '\r') {
			*o++ = in[i];
			continue;
		}
		if (i + 1 < len)
			*o++ = in[i + 1] == '\n' ? '\r' : '\n';
		else if (last)
			*o++ = '\n';
		else
			g_mime_filter_backup(f, "\r", 1);
	}
	*out = f->outbuf;
	*outlen = (size_t)(o - f->outbuf);
	*outprespace = f->outpre;
}

/* True if the first line end in buf (the file from offset 0) is a lone CR. */
static bool
first_line_ends_in_cr(const guint8 *buf, size_t n)
{
	const guint8	*cr, *lf;

	n = MIN(n, SNIFF_MAX);
	cr = memchr(buf, '\r', n);
	if (cr == NULL)
		return false;
	lf = memchr(buf, '\n', (size_t)(cr - buf));
	if (lf != NULL)
		return false;	/* an LF comes first */
	return cr + 1 == buf + n || cr[1] != '\n';
}

/*
 * Counts the line ends in buf (LFs, and lone CRs for CR-only mail) on
 * top of *lines, *prev being the byte before buf.  The offset in buf
 * just past line PARSE_MAX_LINES, or -1 if buf ends first.  Without a
 * CR, memchr(3) jumps from LF to LF instead of looking at every byte.
 */
static ssize_t
count_lines(const guint8 *buf, size_t n, long *lines, char *prev)
{
	const guint8	*p, *end = buf + n;
	size_t		 i;

	if (n > 0 && *prev != '\r' && memchr(buf, '\r', n) == NULL) {
		for (p = buf; (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++)
			if (++*lines >= PARSE_MAX_LINES)
				return p + 1 - buf;
		*prev = (char)end[-1];
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (buf[i] == '\n' || *prev == '\r')
			(*lines)++;	/* an LF, or the lone CR before this byte */
		*prev = (char)buf[i];
		if (*lines >= PARSE_MAX_LINES)
			return (ssize_t)i + 1;
	}
	return -1;
}

/*
 * How much of fd GMime gets: the offset just past line PARSE_MAX_LINES,
 * at most PARSE_MAX_BYTES.  buf (HEAD_MAX bytes) holds the file's first
 * n; the rest is read into it with pread(2), up to PARSE_MAX_BYTES in
 * all.  -1 means no limit is needed (the file is shorter) or it could
 * not be read.
 */
static off_t
parse_limit(int fd, guint8 *buf, size_t n)
{
	off_t	 off;
	long	 lines = 0;
	char	 prev = '\0';
	ssize_t	 got, end;

	end = count_lines(buf, n, &lines, &prev);
	if (end >= 0)
		return (off_t)end;
	off = (off_t)n;
	while (off < PARSE_MAX_BYTES) {
		got = pread(fd, buf, HEAD_MAX, off);
		if (got <= 0)
			return -1;
		end = count_lines(buf, (size_t)got, &lines, &prev);
		if (end >= 0)
			return off + end;
		off += got;
	}
	return PARSE_MAX_BYTES;
}

/*
 * A memory stream holding a copy of head, the whole file, cut after
 * line PARSE_MAX_LINES.  Fewer bytes than that many lines need no
 * counting.
 */
static GMimeStream *
head_stream(const guint8 *head, size_t n)
{
	long	 lines = 0;
	char	 prev = '\0';
	ssize_t	 end;

	if (n > PARSE_MAX_LINES && (end = count_lines(head, n, &lines,
	    &prev)) >= 0)
		n = (size_t)end;
	return g_mime_stream_mem_new_with_buffer((const char *)head, n);
}

/*
 * Some gateways (Exchange among them) write a blank or whitespace-only
 * line before the header block, which would make GMime read the whole
 * message as a body with no header.  The length of such leading lines
 * (up to the last line end in the first run of blanks), or 0.
 */
static size_t
blank_lead(const guint8 *buf, size_t n)
{
	size_t	i, end = 0;

	n = MIN(n, SNIFF_MAX);
	for (i = 0; i < n && (buf[i] == ' ' || buf[i] == '\t' ||
	    buf[i] == '\r' || buf[i] == '\n'); i++)
		if (buf[i] == '\r' || buf[i] == '\n')
			end = i + 1;
	return end;
}

GMimeMessage *
message_parse_fd(int fd)
{
	GMimeStream	*stream, *filtered;
	GMimeFilter	*filter;
	GMimeParser	*parser;
	GMimeMessage	*msg;
	guint8		 head[HEAD_MAX];
	ssize_t		 n;
	size_t		 lead;
	bool		 cr_only;

	n = pread(fd, head, sizeof(head), 0);
	if (n < 0)
		return NULL;
	lead = blank_lead(head, (size_t)n);
	cr_only = first_line_ends_in_cr(head + lead, (size_t)n - lead);
	if (n < HEAD_MAX)	/* a short read: the whole file */
		stream = head_stream(head + lead, (size_t)n - lead);
	else {
		stream = g_mime_stream_fs_new_with_bounds(fd, (gint64)lead,
		    parse_limit(fd, head, (size_t)n));
		g_mime_stream_fs_set_owner(GMIME_STREAM_FS(stream), FALSE);
	}
	if (cr_only) {
		filtered = g_mime_stream_filter_new(stream);
		g_object_unref(stream);		/* the filter stream holds it */
		filter = cr_filter_new();
		g_mime_stream_filter_add(GMIME_STREAM_FILTER(filtered), filter);
		g_object_unref(filter);
		stream = filtered;
	}
	parser = g_mime_parser_new_with_stream(stream);
	g_object_unref(stream);		/* the parser holds its own ref */
	if (cr_only)
		g_mime_parser_set_persist_stream(parser, FALSE);
	msg = g_mime_parser_construct_message(parser, NULL);
	g_object_unref(parser);
	return msg;
}
