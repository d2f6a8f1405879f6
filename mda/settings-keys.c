/*
 * settings-keys.c: the one table of settings and the parser of each value.
 *
 * Every key backstop knows is a row of settings_table: its default, in
 * the file's own syntax, is parsed like a value from the file, so the
 * default a warning names is the one in force.  A bad value costs that
 * key only: it stays at its default and a problem says which key, which
 * value and what is allowed.  Unknown keys are named with the nearest
 * known key (edit distance), so a typo is found from the warning alone.
 *
 * Lists accept ';' between items as well as their usual separators:
 * notmuch writes its lists that way, and iniparser would cut an unquoted
 * value at the first ';' (an inline comment to it).  So for list keys
 * the raw line is read (ini-raw.c) unless the value is quoted, in which
 * case the quotes mean "take this literally".  Any other unquoted value
 * that iniparser cut (a ';' or '#' not after a blank) is refused loudly.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#ifdef HAVE_INIPARSER_INIPARSER_H
#include <iniparser/iniparser.h>
#else
#include <iniparser.h>
#endif

#include "ini-raw.h"
#include "settings-keys.h"

/* What a setting's parser gets: where to write, its limits, its separators. */
struct setting;
typedef bool (*setting_parse)(const struct setting *, const char *, struct settings *);

/*
 * The one table of settings: the known keys, their defaults (written in
 * the file's own syntax and parsed like a value from the file), their
 * parsers and what a warning says is allowed.  A bad value leaves the
 * key at its default.
 */
struct setting {
	const char *key;		/* "section:name", as iniparser spells it */
	setting_parse parse;		/* false: the value is not allowed */
	size_t field;			/* offsetof(struct settings, ...) */
	int min, max;			/* whole numbers */
	const char *seps;		/* lists: item separators besides ';' */
	bool lower;			/* lists: lower-case the items */
	const char *def;		/* default; NULL: none or computed */
	const char *allowed;		/* "use ..." text of a warning */
	unsigned flags;
};

#define SET_LIST	0x1		/* unquoted, ';' separates items too */

static bool parse_path(const struct setting *, const char *, struct settings *);
static bool parse_notmuch_config(const struct setting *, const char *, struct settings *);
static bool parse_word(const struct setting *, const char *, struct settings *);
static bool parse_flag(const struct setting *, const char *, struct settings *);
static bool parse_unverified(const struct setting *, const char *, struct settings *);
static bool parse_number(const struct setting *, const char *, struct settings *);
static bool parse_items(const struct setting *, const char *, struct settings *);
static bool parse_tag_ops(const struct setting *, const char *, struct settings *);
static bool parse_command(const struct setting *, const char *, struct settings *);

#define F(name)	offsetof(struct settings, name)
#define YESNO	"yes or no"

static const struct setting settings_table[] = {
	{ "delivery:maildir", parse_path, F(maildir), 0, 0, NULL, false, "~/Maildir",
	    "a directory", 0 },
	{ "delivery:quarantine", parse_path, F(quarantine), 0, 0, NULL, false, NULL,
	    "a directory inside the Maildir", 0 },
	{ "delivery:unverified", parse_unverified, F(unverified), 0, 0, NULL, false,
	    "quarantine", "quarantine or inbox", 0 },
	{ "delivery:header", parse_flag, F(header), 0, 0, NULL, false, "yes", YESNO, 0 },
	{ "delivery:prescreen", parse_flag, F(prescreen), 0, 0, NULL, false, "yes", YESNO, 0 },
	{ "user:addresses", parse_items, F(addresses), 0, 0, ", \t", true, "",
	    "addresses separated by ',' or ';'", SET_LIST },
	{ "notmuch:config", parse_notmuch_config, F(notmuch_config), 0, 0, NULL, false, NULL,
	    "the path of a notmuch config, or none", 0 },
	{ "notmuch:sent_tag", parse_word, F(sent_tag), 0, 0, NULL, false, "sent", "a tag", 0 },
	{ "notmuch:sent_folders", parse_items, F(sent_folders), 0, 0, ",", false, ".Sent, Sent",
	    "folder names separated by ',' or ';'", SET_LIST },
	{ "notmuch:quarantine_tags", parse_tag_ops, F(quarantine_tags), 0, 0, " \t,", false,
	    "+backscatter -inbox -unread",
	    "+tag and -tag separated by blanks, ',' or ';'", SET_LIST },
	{ "notmuch:index_timeout", parse_number, F(index_timeout), 0, 3600, NULL, false, "10",
	    "whole seconds, 0 to 3600", 0 },
	{ "quarantine:retention_days", parse_number, F(retention_days), 1, 36500, NULL, false,
	    "30", "whole days, 1 to 36500", 0 },
	{ "flood:rate", parse_number, F(flood_rate), 0, 1000000, NULL, false, "60",
	    "a whole number, 0 (off) to 1000000", 0 },
	{ "flood:window", parse_number, F(flood_window), 10, 86400, NULL, false, "600",
	    "whole seconds, 10 to 86400", 0 },
	{ "send:sendmail", parse_command, F(sendmail), 0, 0, NULL, false,
	    "/usr/sbin/sendmail -oi", "a command line", 0 },
	{ "send:keep_days", parse_number, F(keep_days), 1, 3600, NULL, false, "90",
	    "whole days, 1 to 3600", 0 },
	{ "send:envelope_tag", parse_flag, F(envelope_tag), 0, 0, NULL, false, "no", YESNO, 0 },
	{ "send:key_days", parse_number, F(key_days), 1, 365, NULL, false, "30",
	    "whole days, 1 to 365", 0 },
	{ "evidence:relays", parse_items, F(relays), 0, 0, ", \t", true, "",
	    "host names separated by ',' or ';'", SET_LIST },
	{ "evidence:dkim_domains", parse_items, F(dkim_domains), 0, 0, ", \t", true, "",
	    "domains separated by ',' or ';'", SET_LIST },
	{ "evidence:correspondence_days", parse_number, F(correspondence_days), 0, 3600, NULL,
	    false, "30", "whole days, 0 (off) to 3600", 0 },
	{ "lists:allow", parse_items, F(allow), 0, 0, ", \t", true, "",
	    "entries separated by ',' or ';'", SET_LIST },
	{ "lists:deny", parse_items, F(deny), 0, 0, ", \t", true, "",
	    "entries separated by ',' or ';'", SET_LIST },
	{ "log:file", parse_path, F(log_file), 0, 0, NULL, false, NULL, "a file name", 0 },
};

#undef F

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

/* Splits on any of seps, trims, drops empty items. NULL-terminated. */
static char **
split_items(const char *value, const char *seps, bool lower)
{
	char **raw = g_strsplit_set(value, seps, -1);
	GPtrArray *out = g_ptr_array_new();

	for (char **p = raw; *p != NULL; p++) {
		char *item = g_strstrip(*p);
		if (*item == '\0')
			continue;
		g_ptr_array_add(out, lower ? g_ascii_strdown(item, -1) : g_strdup(item));
	}
	g_strfreev(raw);
	g_ptr_array_add(out, NULL);
	return (char **)g_ptr_array_free(out, FALSE);
}

static void *
slot(const struct setting *k, struct settings *c)
{
	return (char *)c + k->field;
}

static void
set_string(const struct setting *k, struct settings *c, char *value)
{
	char **p = slot(k, c);

	g_free(*p);
	*p = value;
}

static void
set_list(const struct setting *k, struct settings *c, char **value)
{
	char ***p = slot(k, c);

	g_strfreev(*p);
	*p = value;
}

/* An empty path keeps the default. */
static bool
parse_path(const struct setting *k, const char *v, struct settings *c)
{
	if (*v != '\0')
		set_string(k, c, settings_expand_path(c->home, v));
	return true;
}

static bool
parse_notmuch_config(const struct setting *k, const char *v, struct settings *c)
{
	if (strcmp(v, "none") == 0) {
		c->notmuch_enabled = false;
		return true;
	}
	c->notmuch_enabled = true;
	return parse_path(k, v, c);
}

/* A tag, as notmuch allows it; empty keeps the default. */
static bool
parse_word(const struct setting *k, const char *v, struct settings *c)
{
	if (*v != '\0')
		set_string(k, c, g_strdup(v));
	return true;
}

static bool
parse_flag(const struct setting *k, const char *v, struct settings *c)
{
	static const char *yes[] = { "yes", "true", "on", "1" };
	static const char *no[] = { "no", "false", "off", "0" };
	bool *p = slot(k, c);

	for (size_t i = 0; i < G_N_ELEMENTS(yes); i++) {
		if (g_ascii_strcasecmp(v, yes[i]) == 0 || g_ascii_strcasecmp(v, no[i]) == 0) {
			*p = g_ascii_strcasecmp(v, yes[i]) == 0;
			return true;
		}
	}
	return false;
}

static bool
parse_unverified(const struct setting *k, const char *v, struct settings *c)
{
	enum unverified_policy *p = slot(k, c);

	if (g_ascii_strcasecmp(v, "quarantine") == 0)
		*p = UNVERIFIED_QUARANTINE;
	else if (g_ascii_strcasecmp(v, "inbox") == 0)
		*p = UNVERIFIED_INBOX;
	else
		return false;
	return true;
}

/* A whole number from k->min to k->max, in decimal. */
static bool
parse_number(const struct setting *k, const char *v, struct settings *c)
{
	int *p = slot(k, c);
	char *end;
	long n;

	errno = 0;
	n = strtol(v, &end, 10);
	while (g_ascii_isspace(*end))
		end++;
	if (errno != 0 || end == v || *end != '\0' || n < k->min || n > k->max)
		return false;
	*p = (int)n;
	return true;
}

static bool
parse_items(const struct setting *k, const char *v, struct settings *c)
{
	set_list(k, c, split_items(v, k->seps, k->lower));
	return true;
}

/* notmuch tag operations: each item is +tag or -tag. */
static bool
parse_tag_ops(const struct setting *k, const char *v, struct settings *c)
{
	char **ops = split_items(v, k->seps, false);

	for (char **p = ops; *p != NULL; p++) {
		if (((*p)[0] != '+' && (*p)[0] != '-') || (*p)[1] == '\0') {
			g_strfreev(ops);
			return false;
		}
	}
	set_list(k, c, ops);
	return true;
}

static bool
parse_command(const struct setting *k, const char *v, struct settings *c)
{
	char **argv = NULL;

	if (!g_shell_parse_argv(v, NULL, &argv, NULL))
		return false;
	set_list(k, c, argv);
	return true;
}

void
settings_keys_defaults(struct settings *c)
{
	for (size_t i = 0; i < G_N_ELEMENTS(settings_table); i++) {
		const struct setting *k = &settings_table[i];
		if (k->def != NULL && !k->parse(k, k->def, c))
			g_error("settings: the default of %s does not parse", k->key);
	}
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

const char *
settings_key_default(const char *key)
{
	for (size_t i = 0; i < G_N_ELEMENTS(settings_table); i++)
		if (strcmp(key, settings_table[i].key) == 0)
			return settings_table[i].def;
	return NULL;
}

bool
settings_key_known(const char *key)
{
	for (size_t i = 0; i < G_N_ELEMENTS(settings_table); i++)
		if (strcmp(key, settings_table[i].key) == 0)
			return true;
	return false;
}

/* The same name in another section wins; else the closest whole key. */
const char *
settings_key_nearest(const char *key)
{
	const char *name = strchr(key, ':'), *best = NULL;
	size_t best_d = (size_t)-1;

	name = name != NULL ? name + 1 : key;
	for (size_t i = 0; i < G_N_ELEMENTS(settings_table); i++) {
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
	for (size_t i = 0; i < G_N_ELEMENTS(settings_table); i++)
		apply_one(c, &settings_table[i], dict, raw);
	if (c->problems != NULL)
		g_ptr_array_sort(c->problems, by_line);
}
