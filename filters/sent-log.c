/*
 * sent-log.c: the sent log's line format, and lookups in it.
 *
 * Plain text, one line per message, so that a user can read it, grep
 * it and trim it by hand; tabs and commas separate fields because no
 * normalised Message-ID or address holds either.  The whole file is read
 * per automated answer (never for ordinary mail): at a few hundred
 * messages a day for keep_days (90) that is a few megabytes at most.
 * It is searched as it is, not split into an index: an answer needs one
 * or two lookups, and memmem over the text costs far less than building
 * hash tables of every line (~8,000 instructions a line; 36M for 4,500
 * lines, three times a whole bounce delivery).
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "sent-log.h"

struct sent_log {
	char *text;		/* the whole log, NUL-terminated */
	size_t len;
	gint64 not_before;	/* older lines do not count */
};

/* No blank, control byte or comma in the n bytes at s, and n > 0. */
static bool
usable_n(const char *s, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] <= 0x20 || s[i] == 0x7f || s[i] == ',')
			return false;
	return true;
}

static bool
usable(const char *s)
{
	return s != NULL && usable_n(s, strlen(s));
}

char *
sent_log_line(gint64 time, const char *id, char *const *recipients)
{
	GString *line;
	int n = 0;

	if (!usable(id))
		return NULL;
	line = g_string_new(NULL);
	g_string_append_printf(line, "%" G_GINT64_FORMAT "\t%s\t", time, id);
	for (; recipients != NULL && *recipients != NULL; recipients++) {
		char *a = g_ascii_strdown(*recipients, -1);
		if (usable(a))
			g_string_append_printf(line, "%s%s", n++ ? "," : "", a);
		g_free(a);
	}
	g_string_append_c(line, '\n');
	return g_string_free(line, FALSE);
}

bool
sent_log_line_time(const char *line, gint64 *time)
{
	char *end;

	*time = g_ascii_strtoll(line, &end, 10);
	return end != line && *end == '\t' && *time > 0;
}

/*
 * The line holding text[pos]: its start, and its end (the LF or the end
 * of the text).
 */
static const char *
line_start(const struct sent_log *l, const char *at)
{
	while (at > l->text && at[-1] != '\n')
		at--;
	return at;
}

static const char *
line_end(const struct sent_log *l, const char *at)
{
	const char *nl = memchr(at, '\n', (size_t)(l->text + l->len - at));

	return nl != NULL ? nl : l->text + l->len;
}

/*
 * Splits the line from start to end: TIME<TAB>ID<TAB>RCPTS, no further
 * field, TIME in the window.  Sets *time and the ID's bounds.  The time
 * is read by hand: this runs for every line when the log is counted.
 */
static bool
line_fields(const struct sent_log *l, const char *start, const char *end, gint64 *time,
    const char **id, const char **id_end)
{
	const char *p = start, *tab2;
	gint64 t = 0;

	for (; p < end && *p >= '0' && *p <= '9'; p++) {
		if (t > (G_MAXINT64 - 9) / 10)
			return false;
		t = t * 10 + (*p - '0');
	}
	if (p == start || p == end || *p != '\t' || t <= 0 || t < l->not_before ||
	    (tab2 = memchr(p + 1, '\t', (size_t)(end - p - 1))) == NULL ||
	    memchr(tab2 + 1, '\t', (size_t)(end - tab2 - 1)) != NULL)
		return false;
	*time = t;
	*id = p + 1;
	*id_end = tab2;
	return true;
}

/* Does the line count: well formed, in the window, with a usable ID? */
static bool
line_valid(const struct sent_log *l, const char *start, const char *end, gint64 *time)
{
	const char *id, *id_end;

	return line_fields(l, start, end, time, &id, &id_end) &&
	    usable_n(id, (size_t)(id_end - id));
}

struct sent_log *
sent_log_from_text(const char *text, gint64 not_before)
{
	struct sent_log *l = g_new0(struct sent_log, 1);

	l->len = strlen(text);
	l->text = g_strndup(text, l->len);
	l->not_before = not_before;
	return l;
}

/*
 * The latest time of a valid line in which needle occurs, beginning
 * right after a byte in `before` and ending right before a byte in
 * `after` (or at the end of the line, if `after` holds LF).  The needle
 * holds no LF, so a match lies within one line.
 */
static bool
find(const struct sent_log *l, const char *needle, const char *before, const char *after,
    gint64 *time)
{
	size_t n = strlen(needle);
	const char *p = l->text, *end = l->text + l->len, *hit;
	bool found = false;
	gint64 best = 0, t;

	while (n > 0 && (hit = memmem(p, (size_t)(end - p), needle, n)) != NULL) {
		const char *next = hit + n;
		p = hit + 1;
		if (hit == l->text || strchr(before, hit[-1]) == NULL || hit[-1] == '\0' ||
		    (next < end ? strchr(after, *next) == NULL || *next == '\0' :
		    strchr(after, '\n') == NULL))
			continue;
		if (line_valid(l, line_start(l, hit), line_end(l, hit), &t) && (!found || t > best)) {
			best = t;
			found = true;
		}
	}
	if (found && time != NULL)
		*time = best;
	return found;
}

struct sent_log *
sent_log_load(const char *path, gint64 not_before)
{
	GError *err = NULL;
	struct sent_log *l;
	char *text;
	gsize len;

	if (!g_file_get_contents(path, &text, &len, &err)) {
		errno = err->domain == G_FILE_ERROR && err->code == G_FILE_ERROR_NOENT ? ENOENT : EIO;
		g_error_free(err);
		return NULL;
	}
	l = g_new0(struct sent_log, 1);
	l->text = text;
	l->len = strnlen(text, len);	/* a NUL byte ends it, as it ended the old split */
	l->not_before = not_before;
	return l;
}

void
sent_log_free(struct sent_log *l)
{
	if (l == NULL)
		return;
	g_free(l->text);
	g_free(l);
}

/*
 * Well-formed lines in the window: messages logged, a message sent twice
 * counting twice.  (An unusable ID is not looked at here: it only makes
 * a line that no lookup finds.)
 */
guint
sent_log_size(const struct sent_log *l)
{
	const char *p = l->text, *end = l->text + l->len, *id, *id_end;
	guint n = 0;
	gint64 t;

	while (p < end) {
		const char *e = line_end(l, p);
		if (line_fields(l, p, e, &t, &id, &id_end))
			n++;
		p = e + 1;
	}
	return n;
}

bool
sent_log_find_id(const struct sent_log *l, const char *id, gint64 *time)
{
	/* The ID field is the only one between two tabs. */
	return usable(id) && find(l, id, "\t", "\t", time);
}

bool
sent_log_find_address(const struct sent_log *l, const char *address, gint64 *time)
{
	char *a = g_ascii_strdown(address, -1);
	/* A recipient follows the second tab or a comma and ends at a comma
	 * or the line's end; an ID, ending at a tab, cannot match. */
	bool found = usable(a) && find(l, a, "\t,", ",\n", time);

	g_free(a);
	return found;
}

GPtrArray *
sent_log_recent_ids(const struct sent_log *l, guint max)
{
	GPtrArray *ids = g_ptr_array_new_with_free_func(g_free);
	const char *end = l->text + l->len, *id, *id_end;
	gint64 t;

	/* Lines are appended, so the newest are last: walk back from the end. */
	while (end > l->text && ids->len < max) {
		const char *e = end, *start;
		if (e > l->text && e[-1] == '\n')
			e--;
		for (start = e; start > l->text && start[-1] != '\n'; start--)
			;
		if (line_fields(l, start, e, &t, &id, &id_end) && usable_n(id, (size_t)(id_end - id)))
			g_ptr_array_add(ids, g_strndup(id, (gsize)(id_end - id)));
		end = start;
	}
	return ids;
}
