/*
 * sent-log.c: the sent log's line format and its in-memory index.
 *
 * Plain text, one line per message, so that a user can read it, grep
 * it and trim it by hand; tabs and commas separate fields because no
 * normalised Message-ID or address holds either.  The whole file is read
 * per automated answer (never for ordinary mail): at a few hundred
 * messages a day for keep_days (90) that is a few megabytes at most.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "sent-log.h"

struct sent_log {
	GHashTable *ids;	/* char * -> gint64 * (latest time) */
	GHashTable *addresses;	/* lower-case char * -> gint64 * */
};

static bool
usable(const char *s)
{
	if (s == NULL || *s == '\0')
		return false;
	for (; *s != '\0'; s++)
		if ((unsigned char)*s <= 0x20 || *s == 0x7f || *s == ',')
			return false;
	return true;
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

static void
remember(GHashTable *t, const char *key, gint64 time)
{
	gint64 *old = g_hash_table_lookup(t, key);

	if (old == NULL)
		g_hash_table_insert(t, g_strdup(key), g_memdup2(&time, sizeof time));
	else if (*old < time)
		*old = time;
}

static void
index_line(struct sent_log *l, const char *line, gint64 not_before)
{
	char **f = g_strsplit(line, "\t", 4);
	gint64 time;

	if (g_strv_length(f) == 3 && sent_log_line_time(line, &time) && time >= not_before &&
	    usable(f[1])) {
		char **rcpts = g_strsplit(f[2], ",", -1);
		remember(l->ids, f[1], time);
		for (char **r = rcpts; *r != NULL; r++)
			if (usable(*r))
				remember(l->addresses, *r, time);
		g_strfreev(rcpts);
	}
	g_strfreev(f);
}

struct sent_log *
sent_log_from_text(const char *text, gint64 not_before)
{
	struct sent_log *l = g_new0(struct sent_log, 1);
	char **lines = g_strsplit(text, "\n", -1);

	l->ids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	l->addresses = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	for (char **p = lines; *p != NULL; p++)
		index_line(l, *p, not_before);
	g_strfreev(lines);
	return l;
}

struct sent_log *
sent_log_load(const char *path, gint64 not_before)
{
	GError *err = NULL;
	struct sent_log *l;
	char *text;

	if (!g_file_get_contents(path, &text, NULL, &err)) {
		errno = err->domain == G_FILE_ERROR && err->code == G_FILE_ERROR_NOENT ? ENOENT : EIO;
		g_error_free(err);
		return NULL;
	}
	l = sent_log_from_text(text, not_before);
	g_free(text);
	return l;
}

void
sent_log_free(struct sent_log *l)
{
	if (l == NULL)
		return;
	g_hash_table_unref(l->ids);
	g_hash_table_unref(l->addresses);
	g_free(l);
}

guint
sent_log_size(const struct sent_log *l)
{
	return g_hash_table_size(l->ids);
}

static bool
find(GHashTable *t, const char *key, gint64 *time)
{
	gint64 *v = g_hash_table_lookup(t, key);

	if (v != NULL && time != NULL)
		*time = *v;
	return v != NULL;
}

bool
sent_log_find_id(const struct sent_log *l, const char *id, gint64 *time)
{
	return find(l->ids, id, time);
}

bool
sent_log_find_address(const struct sent_log *l, const char *address, gint64 *time)
{
	char *a = g_ascii_strdown(address, -1);
	bool found = find(l->addresses, a, time);

	g_free(a);
	return found;
}
