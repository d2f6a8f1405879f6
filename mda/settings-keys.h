/*
 * settings-keys.h: the one table of settings (settings-keys.c), used by
 * settings.c to read a file and by `backstop config check` to lint one.
 */
#ifndef BACKSTOP_SETTINGS_KEYS_H
#define BACKSTOP_SETTINGS_KEYS_H

#include <stdbool.h>

#include <glib.h>

#include "settings.h"

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
