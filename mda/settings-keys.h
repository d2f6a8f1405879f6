/*
 * settings-keys.h: the one table of settings (settings-keys.c), and
 * reading a file against it (settings-apply.c).  Used by settings.c only;
 * the rest of the program sees struct settings.
 */
#ifndef BACKSTOP_SETTINGS_KEYS_H
#define BACKSTOP_SETTINGS_KEYS_H

#include <stdbool.h>

#include <glib.h>

#include "settings.h"

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
	const char *help;		/* one line for the file setup writes */
	const char *shown;		/* the default as that file shows it, if not def */
};

#define SET_LIST	0x1		/* unquoted, ';' separates items too */

extern const struct setting settings_table[];
extern const size_t settings_table_size;

/* The row of key ("section:name"), or NULL. */
const struct setting *settings_key_find(const char *key);

/* Sets every key that has a default to it; c->home must be set. */
void settings_keys_defaults(struct settings *c);

/*
 * Reads every known key from the loaded dictionary (an iniparser
 * dictionary, passed as void * so that only settings*.c see iniparser)
 * and the raw lines of the same file.  A bad value leaves that key at
 * its default and adds a problem naming the key, the value and what is
 * allowed; an unknown key adds a warning naming the nearest known key.
 */
void settings_keys_apply(struct settings *c, void *dict, GPtrArray *raw);

/* Adds a problem to c->problems (line 0: none). */
void settings_add_problem(struct settings *c, enum settings_level level, int line,
    const char *fmt, ...) G_GNUC_PRINTF(4, 5);

#endif
