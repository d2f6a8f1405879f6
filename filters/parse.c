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
 */
#include <string.h>
#include <unistd.h>

#include "filter.h"

#define SNIFF_MAX	8192	/* bytes read to find the first line end */

/* A GMimeFilter that turns lone CRs into LFs. */
typedef struct {
	GMimeFilter	parent;
} CrFilter;

typedef struct {
	GMimeFilterClass parent_class;
} CrFilterClass;

static GType	cr_filter_get_type(void);
G_DEFINE_TYPE(CrFilter, cr_filter, GMIME_TYPE_FILTER)

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

static GMimeFilter *
cr_filter_copy(GMimeFilter *f)
{
	return g_object_new(cr_filter_get_type(), NULL);
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

GMimeMessage *
message_parse_fd(int fd)
{
	GMimeStream	*stream, *filtered;
	GMimeFilter	*filter;
	GMimeParser	*parser;
	GMimeMessage	*msg;
	bool		 cr_only;

	if (lseek(fd, 0, SEEK_SET) == -1)
		return NULL;
	cr_only = first_line_ends_in_cr(fd);
	stream = g_mime_stream_fs_new(fd);
	g_mime_stream_fs_set_owner(GMIME_STREAM_FS(stream), FALSE);
	if (cr_only) {
		filtered = g_mime_stream_filter_new(stream);
		g_object_unref(stream);		/* the filter stream holds it */
		filter = g_object_new(cr_filter_get_type(), NULL);
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
