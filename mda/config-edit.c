/*
 * config-edit.c: `quarantine release --allow` writes to the user's own
 * file, which may be hand-edited, commented and quoted.  So the edit is
 * textual and minimal: one line changed or added, the rest untouched,
 * written to a temporary file and renamed.  Only plain host names and
 * addresses are accepted as entries, so nothing from a message can add
 * a section, a key, a quote or a comment.
 */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include <glib.h>

#include "config-edit.h"
#include "setup-config.h"

static bool
entry_safe(const char *e)
{
	if (*e == '\0' || strlen(e) > 255)
		return false;
	for (; *e; e++)
		if (!g_ascii_isalnum(*e) && !strchr(".-_+@", *e))
			return false;
	return true;
}

/* The line is "allow = ..." (any spacing, any case). */
static bool
is_allow_line(const char *line)
{
	while (*line == ' ' || *line == '\t')
		line++;
	if (g_ascii_strncasecmp(line, "allow", 5) != 0)
		return false;
	line += 5;
	while (*line == ' ' || *line == '\t')
		line++;
	return *line == '=';
}

static bool
is_section(const char *line, const char *name)
{
	char *t = g_strstrip(g_strdup(line));
	bool yes = t[0] == '[' && (name == NULL || (g_ascii_strncasecmp(t + 1, name, strlen(name)) == 0 &&
	    t[strlen(name) + 1] == ']'));

	g_free(t);
	return yes;
}

/* Appends ", entry" to an allow line, inside closing quotes if it has them. */
static char *
extend_line(const char *line, const char *entry)
{
	char *t = g_strdup(line);
	size_t n;
	char *out;

	g_strchomp(t);
	n = strlen(t);
	if (n > 0 && (t[n - 1] == '"' || t[n - 1] == '\'')) {
		char q = t[n - 1];
		t[n - 1] = '\0';
		out = g_strdup_printf("%s, %s%c", t, entry, q);
	} else
		out = g_strdup_printf("%s, %s", t, entry);
	g_free(t);
	return out;
}

/* The allow line already names entry. */
static bool
line_has(const char *line, const char *entry)
{
	const char *eq = strchr(line, '=');
	char **items = g_strsplit_set(eq ? eq + 1 : "", ", \t\"'", -1);
	bool found = false;

	for (char **p = items; *p != NULL && !found; p++)
		found = g_ascii_strcasecmp(*p, entry) == 0;
	g_strfreev(items);
	return found;
}

/* Edits lines in place; returns 1 added, 0 already there. */
static int
edit_lines(GPtrArray *lines, const char *entry)
{
	bool in_lists = false;

	for (guint i = 0; i < lines->len; i++) {
		char *l = g_ptr_array_index(lines, i);
		if (is_section(l, NULL)) {
			in_lists = is_section(l, "lists");
			continue;
		}
		if (in_lists && is_allow_line(l)) {
			if (line_has(l, entry))
				return 0;
			g_ptr_array_index(lines, i) = extend_line(l, entry);
			g_free(l);
			return 1;
		}
	}
	for (guint i = 0; i < lines->len; i++)
		if (is_section(g_ptr_array_index(lines, i), "lists")) {
			g_ptr_array_insert(lines, (gint)i + 1, g_strdup_printf("allow = %s", entry));
			return 1;
		}
	g_ptr_array_add(lines, g_strdup(""));
	g_ptr_array_add(lines, g_strdup("[lists]"));
	g_ptr_array_add(lines, g_strdup_printf("allow = %s", entry));
	return 1;
}

int
config_add_allow(const char *path, const char *entry, char **error)
{
	char *text = NULL, **split, *joined;
	GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
	int rc;

	if (!entry_safe(entry)) {
		*error = g_strdup_printf("'%s' is not a plain host name or address", entry);
		g_ptr_array_unref(lines);
		return -1;
	}
	if (!g_file_get_contents(path, &text, NULL, NULL)) {
		char *dir = g_path_get_dirname(path);
		g_mkdir_with_parents(dir, 0700);
		g_free(dir);
		text = g_strdup("");
	}
	split = g_strsplit(text, "\n", -1);
	for (char **p = split; *p != NULL; p++)
		g_ptr_array_add(lines, g_strdup(*p));
	if (lines->len > 0 && *(char *)g_ptr_array_index(lines, lines->len - 1) == '\0')
		g_ptr_array_remove_index(lines, lines->len - 1);
	rc = edit_lines(lines, entry);
	g_ptr_array_add(lines, g_strdup(""));
	g_ptr_array_add(lines, NULL);
	joined = g_strjoinv("\n", (char **)lines->pdata);
	if (rc == 1 && setup_write_file(path, joined, 0600) == -1) {
		*error = g_strdup_printf("cannot write %s: %s", path, strerror(errno));
		rc = -1;
	}
	g_free(joined);
	g_strfreev(split);
	g_free(text);
	g_ptr_array_unref(lines);
	return rc;
}
