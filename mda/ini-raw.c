/*
 * ini-raw.c: the config file's key lines as written (ini-raw.h says why).
 *
 * This follows iniparser 4.1's line grammar closely enough for the
 * files iniparser accepts: blank lines and lines starting with ';' or
 * '#' are skipped, "[name]" opens a section, "key = value" sets a key,
 * a trailing backslash joins the next line (whose leading blanks stay),
 * names are trimmed and lower-cased.  Syntax errors are iniparser's to
 * report; lines this reader does not understand are ignored.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "ini-raw.h"

/* A config file larger than this is not a config file. */
#define INI_RAW_MAX	(1024 * 1024)

static void
entry_free(gpointer p)
{
	struct ini_raw_entry *e = p;

	g_free(e->key);
	g_free(e->value);
	g_free(e);
}

/* Joins continuation lines starting at lines[*i]; advances *i past them. */
static char *
logical_line(char **lines, size_t *i)
{
	GString *s = g_string_new(NULL);

	for (;;) {
		char *l = lines[*i];
		size_t len = strlen(l);

		if (len > 0 && l[len - 1] == '\r')
			l[--len] = '\0';
		while (len > 0 && g_ascii_isspace(l[len - 1]))
			len--;
		if (len > 0 && l[len - 1] == '\\' && lines[*i + 1] != NULL) {
			g_string_append_len(s, l, (gssize)len - 1);
			(*i)++;
			continue;
		}
		g_string_append_len(s, l, (gssize)len);
		return g_string_free(s, FALSE);
	}
}

/* Handles one logical line; *section is replaced on "[name]". */
static void
take_line(GPtrArray *out, char *line, int lineno, char **section)
{
	char *t = g_strstrip(line), *eq, *close, *name;
	struct ini_raw_entry *e;

	if (*t == '\0' || *t == ';' || *t == '#')
		return;
	if (*t == '[') {
		if ((close = strchr(t, ']')) == NULL)
			return;
		*close = '\0';
		g_free(*section);
		*section = g_ascii_strdown(g_strstrip(t + 1), -1);
		return;
	}
	if ((eq = strchr(t, '=')) == NULL)
		return;
	*eq = '\0';
	name = g_ascii_strdown(g_strstrip(t), -1);
	e = g_new0(struct ini_raw_entry, 1);
	e->key = g_strdup_printf("%s:%s", *section, name);
	g_free(name);
	e->value = g_strdup(g_strstrip(eq + 1));
	e->line = lineno;
	g_ptr_array_add(out, e);
}

GPtrArray *
ini_raw_read(const char *path)
{
	char *text = NULL, **lines, *section = g_strdup("");
	GError *err = NULL;
	GPtrArray *out;
	gsize len;

	int fd = open(path, O_RDONLY | O_CLOEXEC);

	/* open() first: its errno is exact, GLib's error codes are not. */
	if (fd == -1 || close(fd) == -1 || !g_file_get_contents(path, &text, &len, &err)) {
		if (err != NULL) {
			errno = err->code == G_FILE_ERROR_ACCES ? EACCES : EIO;
			g_error_free(err);
		}
		g_free(section);
		return NULL;
	}
	if (len > INI_RAW_MAX)
		text[INI_RAW_MAX] = '\0';
	out = g_ptr_array_new_with_free_func(entry_free);
	lines = g_strsplit(text, "\n", -1);
	for (size_t i = 0; lines[i] != NULL; i++) {
		int lineno = (int)i + 1;
		char *l = logical_line(lines, &i);
		take_line(out, l, lineno, &section);
		g_free(l);
	}
	g_strfreev(lines);
	g_free(text);
	g_free(section);
	return out;
}

const struct ini_raw_entry *
ini_raw_find(GPtrArray *entries, const char *key)
{
	for (guint i = entries != NULL ? entries->len : 0; i > 0; i--) {
		const struct ini_raw_entry *e = g_ptr_array_index(entries, i - 1);
		if (strcmp(e->key, key) == 0)
			return e;
	}
	return NULL;
}

bool
ini_raw_quoted(const char *raw)
{
	return raw[0] == '"' || raw[0] == '\'';
}

const char *
ini_raw_cut_at(const char *raw)
{
	if (ini_raw_quoted(raw))
		return NULL;
	for (const char *p = raw; *p != '\0'; p++) {
		if (*p != ';' && *p != '#')
			continue;
		if (p == raw || g_ascii_isspace(p[-1]))
			return NULL;	/* a comment */
		return p;
	}
	return NULL;
}

char *
ini_raw_list_text(const char *raw)
{
	const char *p;

	for (p = raw; *p != '\0'; p++)
		if (*p == '#' && (p == raw || g_ascii_isspace(p[-1])))
			break;
	return g_strstrip(g_strndup(raw, (gsize)(p - raw)));
}
