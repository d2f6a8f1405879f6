/*
 * sent-copy.c: reads the header block of a copy of sent mail, bounded.
 *
 * The sources that look at sent copies on disk (not yet indexed, or to
 * see how a copy notmuch holds arrived) need only the header block.
 * One read of at most SENT_COPY_HEADER_MAX bytes is enough for any
 * real header block and keeps a scan of many files cheap; a file whose
 * header block is longer is cut there, which can only hide a header,
 * never invent one.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "filter.h"
#include "sent-mail.h"

/* Where the header block of buf ends (after its blank line), or len. */
static size_t
header_end(const char *buf, size_t len)
{
	for (size_t i = 0; i + 1 < len; i++) {
		if (buf[i] != '\n')
			continue;
		if (buf[i + 1] == '\n')
			return i + 2;
		if (buf[i + 1] == '\r' && i + 2 < len && buf[i + 2] == '\n')
			return i + 3;
	}
	return len;
}

bool
sent_copy_read_header(const char *path, GByteArray **out)
{
	guint8 *buf = g_malloc(SENT_COPY_HEADER_MAX + 1);
	size_t got = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);

	if (fd < 0) {
		g_free(buf);
		return false;
	}
	while (got < SENT_COPY_HEADER_MAX) {
		ssize_t n = read(fd, buf + got, SENT_COPY_HEADER_MAX - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
		if (header_end((const char *)buf, got) < got)
			break;
	}
	close(fd);
	got = header_end((const char *)buf, got);
	buf[got] = '\0';
	*out = g_byte_array_new_take(buf, got + 1);
	return true;
}

GMimeMessage *
sent_copy_parse(const char *path)
{
	GByteArray *bytes;
	GMimeStream *stream;
	GMimeParser *parser;
	GMimeMessage *msg;

	if (!sent_copy_read_header(path, &bytes))
		return NULL;
	/* The NUL becomes part of a blank line: headers only. */
	bytes->data[bytes->len - 1] = '\n';
	g_byte_array_append(bytes, (const guint8 *)"\n", 1);
	stream = g_mime_stream_mem_new_with_byte_array(bytes);	/* takes bytes */
	parser = g_mime_parser_new_with_stream(stream);
	g_object_unref(stream);
	msg = g_mime_parser_construct_message(parser, NULL);
	g_object_unref(parser);
	return msg;
}

/* The value of the first "Message-ID:" field of block, unfolded; new string or NULL. */
static char *
field_value(const char *block, const char *name)
{
	size_t nlen = strlen(name);
	const char *line = block;

	while (*line != '\0' && *line != '\n' && *line != '\r') {
		const char *next = strchr(line, '\n');
		if (g_ascii_strncasecmp(line, name, nlen) == 0 && line[nlen] == ':') {
			GString *v = g_string_new(NULL);
			const char *p = line + nlen + 1;
			for (;;) {
				const char *eol = strchr(p, '\n');
				g_string_append_len(v, p, eol ? eol - p : (gssize)strlen(p));
				if (eol == NULL || (eol[1] != ' ' && eol[1] != '\t'))
					break;
				p = eol + 1;
			}
			return g_string_free(v, FALSE);
		}
		if (next == NULL)
			break;
		line = next + 1;
	}
	return NULL;
}

char *
sent_copy_message_id(const char *header_block)
{
	char *raw = field_value(header_block, "Message-ID");
	char *id;

	if (raw == NULL)
		return NULL;
	g_strdelimit(raw, "\r", ' ');
	id = message_id_normalise(raw);
	g_free(raw);
	return id;
}
