/*
 * bare.c: the lines that make a message without From, To or Subject
 * visible to notmuch (bare.h says why).  GMime is not loaded: this
 * reads the raw header block, as notmuch's parser sees it.
 */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "bare.h"

/* Length of a header field name at p (printable ASCII but ':'), then ':'; 0 if none. */
static size_t
field_name(const char *p, const char *end)
{
	const char *q = p;

	while (q < end && *q > ' ' && *q < 0x7f && *q != ':')
		q++;
	while (q < end && q > p && (*q == ' ' || *q == '\t'))
		q++;
	return q > p && q < end && *q == ':' ? (size_t)(q - p) : 0;
}

static bool
names_visible_field(const char *p, size_t n)
{
	static const char *const fields[] = { "from", "to", "subject" };

	for (size_t i = 0; i < G_N_ELEMENTS(fields); i++) {
		size_t len = strlen(fields[i]);
		if (n >= len && g_ascii_strncasecmp(p, fields[i], len) == 0 &&
		    (n == len || p[len] == ' ' || p[len] == '\t'))
			return true;
	}
	return false;
}

/* True if the rest of the line at p holds more than blanks (an empty To: is no To:). */
static bool
has_value(const char *p, const char *end)
{
	for (; p < end && *p != '\n'; p++)
		if (*p != ' ' && *p != '\t' && *p != '\r')
			return true;
	return false;
}

/*
 * Like notmuch (GMime's parser): a first line that is not a field means
 * no header at all; after it, lines that are not fields do not end the
 * header block, only an empty line does.
 */
char *
bare_lines(int fd, bool crlf)
{
	char *buf = g_malloc(BARE_SCAN);
	ssize_t got = pread(fd, buf, BARE_SCAN, 0);
	const char *p = buf, *end, *eol = crlf ? "\r\n" : "\n";
	bool starts_with_header;
	size_t n;

	if (got < 0)
		got = 0;
	end = buf + got;
	starts_with_header = field_name(p, end) > 0;
	while (starts_with_header && p < end && *p != '\n' && *p != '\r') {
		n = field_name(p, end);
		if (n > 0 && names_visible_field(p, n) && has_value(p + n + 1, end)) {
			g_free(buf);
			return NULL;
		}
		if ((p = memchr(p, '\n', (size_t)(end - p))) == NULL)
			break;
		p++;
	}
	if (got == BARE_SCAN && p == NULL) {
		g_free(buf);
		return NULL;		/* a header block this long: not ours to fix */
	}
	g_free(buf);
	return g_strconcat(BARE_SUBJECT, eol, starts_with_header ? "" : eol, NULL);
}
