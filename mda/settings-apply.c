/*
 * settings-apply.c: one config file read against the table of settings
 * (settings-keys.c), and its problems worded.
 *
 * A bad value costs that key only: it stays at its default and a problem
 * says which key, which value, what is allowed and the default used.
 * Unknown keys are named with the nearest known key (edit distance), so
 * a typo is found from the warning alone.
 *
 * Lists accept ';' between items as well as their usual separators:
 * notmuch writes its lists that way, and iniparser would cut an unquoted
 * value at the first ';' (an inline comment to it).  So for list keys
 * the raw line is read (ini-raw.c) unless the value is quoted, in which
 * case the quotes mean "take this literally".  Any other unquoted value
 * that iniparser cut (a ';' or '#' not after a blank) is refused loudly.
 */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#ifdef HAVE_INIPARSER_INIPARSER_H
#include <iniparser/iniparser.h>
#else
#include <iniparser.h>
#endif

#include "ini-raw.h"
#include "settings-keys.h"

static void
problem_free(gpointer p)
{
	struct settings_problem *pr = p;

	g_free(pr->text);
	g_free(pr);
}

void
settings_add_problem(struct settings *c, enum settings_level level, int line,
    const char *fmt, ...)
{
	struct settings_problem *pr = g_new0(struct settings_problem, 1);
	va_list ap;

	if (c->problems == NULL)
		c->problems = g_ptr_array_new_with_free_func(problem_free);
	pr->level = level;
	pr->line = line;
	va_start(ap, fmt);
	pr->text = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_ptr_array_add(c->problems, pr);
}

/* "[section] name" for messages. New string. */
static char *
key_label(const char *key)
{
	const char *colon = strchr(key, ':');

	if (colon == NULL)
		return g_strdup(key);
	if (colon == key)
		return g_strdup_printf("%s (before any [section])", key + 1);
	return g_strdup_printf("[%.*s] %s", (int)(colon - key), key, colon + 1);
}

/*
 * The value to parse for k: for an unquoted list, the raw line with its
 * ';' items; else iniparser's.  *cut is set where iniparser cut a value
 * that was not a list.  Borrowed or new (*owned) string, NULL if unset.
 */
static const char *
value_for(const struct setting *k, dictionary *d, const struct ini_raw_entry *raw,
    char **owned, const char **cut)
{
	const char *v = iniparser_getstring(d, k->key, NULL);

	*owned = NULL;
	*cut = NULL;
	if (v == NULL || raw == NULL || ini_raw_quoted(raw->value))
		return v;
	if (k->flags & SET_LIST) {
		/* Unquoted, ';' separates items as notmuch's lists do. */
		*owned = ini_raw_list_text(raw->value);
		g_strdelimit(*owned, ";", k->seps[0]);
		return *owned;
	}
	*cut = ini_raw_cut_at(raw->value);
	return v;
}

/* "; using the default, X" for k. Static string or new in *owned. */
static const char *
default_note(const struct setting *k, char **owned)
{
	*owned = NULL;
	if (k->def == NULL)
		return "; using the default";
	if (*k->def == '\0')
		return "; using the default (none)";
	return *owned = g_strdup_printf("; using the default, %s", k->def);
}

static void
bad_value(struct settings *c, const struct setting *k, const char *v, int line)
{
	char *label = key_label(k->key), *owned;
	const char *note = default_note(k, &owned);

	settings_add_problem(c, SETTINGS_ERROR, line, "%s = '%s' is not allowed: use %s%s",
	    label, v, k->allowed, note);
	g_free(owned);
	g_free(label);
}

/* iniparser read "a" of "a;b": say so rather than use half a value. */
static void
cut_value(struct settings *c, const struct setting *k, const struct ini_raw_entry *e,
    char cut)
{
	char *label = key_label(k->key), *owned;
	const char *note = default_note(k, &owned);

	settings_add_problem(c, SETTINGS_ERROR, e->line, "%s = %s: the INI syntax cuts the"
	    " value at '%c' (a comment); write it in quotes, %s = \"%s\"%s",
	    label, e->value, cut, strchr(k->key, ':') + 1, e->value, note);
	g_free(owned);
	g_free(label);
}

static void
apply_one(struct settings *c, const struct setting *k, dictionary *d, GPtrArray *raw)
{
	const struct ini_raw_entry *e = ini_raw_find(raw, k->key);
	const char *v, *cut;
	char *owned;

	if ((v = value_for(k, d, e, &owned, &cut)) == NULL)
		return;
	if (cut != NULL)
		cut_value(c, k, e, *cut);
	else if (!k->parse(k, v, c))
		bad_value(c, k, v, e != NULL ? e->line : 0);
	g_free(owned);
}

/* Levenshtein distance, bounded by the short key names. */
static size_t
edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), *row = g_new(size_t, lb + 1), d;

	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);
			best = MIN(best, up + 1);
			best = MIN(best, row[j - 1] + 1);
			diag = up;
			row[j] = best;
		}
	}
	d = row[lb];
	g_free(row);
	return d;
}

/* The same name in another section wins; else the closest whole key. */
const char *
settings_key_nearest(const char *key)
{
	const char *name = strchr(key, ':'), *best = NULL;
	size_t best_d = (size_t)-1;

	name = name != NULL ? name + 1 : key;
	for (size_t i = 0; i < settings_table_size; i++) {
		const char *k = settings_table[i].key;
		size_t d = edit_distance(key, k);
		if (strcmp(strchr(k, ':') + 1, name) == 0)
			return k;
		if (d < best_d) {
			best_d = d;
			best = k;
		}
	}
	/* Suggest only what a typo could explain. */
	return best_d <= MAX(2, strlen(key) / 3) ? best : NULL;
}

static void
warn_unknown(struct settings *c, const struct ini_raw_entry *e)
{
	const char *near = settings_key_nearest(e->key);
	char *label = key_label(e->key), *near_label = near ? key_label(near) : NULL;

	if (near_label != NULL)
		settings_add_problem(c, SETTINGS_WARNING, e->line,
		    "unknown key %s ignored; did you mean %s?", label, near_label);
	else
		settings_add_problem(c, SETTINGS_WARNING, e->line,
		    "unknown key %s ignored (see backstop.conf(5) for the keys)", label);
	g_free(label);
	g_free(near_label);
}

/* File order: the reader fixes them top to bottom. */
static gint
by_line(gconstpointer a, gconstpointer b)
{
	const struct settings_problem *x = *(const struct settings_problem *const *)a;
	const struct settings_problem *y = *(const struct settings_problem *const *)b;

	return (x->line > y->line) - (x->line < y->line);
}

void
settings_keys_apply(struct settings *c, void *dict, GPtrArray *raw)
{
	for (guint i = 0; raw != NULL && i < raw->len; i++) {
		const struct ini_raw_entry *e = g_ptr_array_index(raw, i);
		if (!settings_key_known(e->key))
			warn_unknown(c, e);
	}
	for (size_t i = 0; i < settings_table_size; i++)
		apply_one(c, &settings_table[i], dict, raw);
	if (c->problems != NULL)
		g_ptr_array_sort(c->problems, by_line);
}
