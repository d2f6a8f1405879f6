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
 * LF and CRLF input takes the plain fs-stream path of
 * notes/libraries.md (persistent substreams, nothing copied).
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

#define SNIFF_MAX	8192	/* bytes read to find the first line end */
#define PARSE_MAX_BYTES	(8 * 1024 * 1024)	/* bytes of a message parsed */
#define PARSE_MAX_LINES	50000	/* lines (LF or lone CR) parsed */
#define SCAN_BUF	65536

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
static bool	first_line_ends_in_cr(int fd);
static off_t	parse_limit(int fd);

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
 * (mda/gmime-lazy.c), and a variadic function cannot be forwarded.
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

/* True if the first line end in fd (read from offset 0) is a lone CR. */
static bool
first_line_ends_in_cr(int fd)
{
	char	 buf[SNIFF_MAX];
	ssize_t	 n;
	char	*cr, *lf;

	n = pread(fd, buf, sizeof(buf), 0);
	if (n <= 0)
		return false;
	cr = memchr(buf, '\r', (size_t)n);
	if (cr == NULL)
		return false;
	lf = memchr(buf, '\n', (size_t)(cr - buf));
	if (lf != NULL)
		return false;	/* an LF comes first */
	return cr + 1 == buf + n || cr[1] != '\n';
}

/*
 * How much of fd GMime gets: the offset just past line PARSE_MAX_LINES
 * (counting LFs, and lone CRs for CR-only mail), at most
 * PARSE_MAX_BYTES.  Reads at most PARSE_MAX_BYTES with pread(2); -1 means
 * no limit is needed (the file is shorter) or it could not be read.
 */
static off_t
parse_limit(int fd)
{
	char	 buf[SCAN_BUF];
	off_t	 off = 0;
	long	 lines = 0;
	char	 prev = '\0';
	ssize_t	 n, i;

	while (off < PARSE_MAX_BYTES) {
		n = pread(fd, buf, sizeof(buf), off);
		if (n <= 0)
			return -1;
		for (i = 0; i < n; i++) {
			if (buf[i] == '\n' || prev == '\r')
				lines++;	/* an LF, or the lone CR before this byte */
			prev = buf[i];
			if (lines >= PARSE_MAX_LINES)
				return off + i + 1;
		}
		off += n;
	}
	return PARSE_MAX_BYTES;
}

GMimeMessage *
message_parse_fd(int fd)
{
	GMimeStream	*stream, *filtered;
	GMimeFilter	*filter;
	GMimeParser	*parser;
	GMimeMessage	*msg;
	bool		 cr_only;
	off_t		 limit;

	if (lseek(fd, 0, SEEK_SET) == -1)
		return NULL;
	cr_only = first_line_ends_in_cr(fd);
	limit = parse_limit(fd);
	stream = g_mime_stream_fs_new_with_bounds(fd, 0, limit);
	g_mime_stream_fs_set_owner(GMIME_STREAM_FS(stream), FALSE);
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
