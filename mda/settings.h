/*
 * settings.h: the settings, read once from an INI file into a validated
 * struct.  Nothing else in the program sees iniparser.
 */
#ifndef BACKSTOP_SETTINGS_H
#define BACKSTOP_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>

#include <glib.h>

/* What is wrong with one key of the file (settings-keys.c words it). */
enum settings_level {
	SETTINGS_WARNING,		/* e.g. an unknown key */
	SETTINGS_ERROR,			/* a bad value: the key keeps its default */
};

struct settings_problem {
	enum settings_level level;
	int line;			/* in the file; 0 when not known */
	char *text;			/* one sentence, without the file name */
};

enum unverified_policy {
	UNVERIFIED_QUARANTINE,
	UNVERIFIED_INBOX,
};

struct settings {
	char *path;			/* file that was read, NULL for defaults */
	char *home;
	char *maildir;			/* inbox, absolute */
	char *quarantine;		/* absolute */
	enum unverified_policy unverified;
	bool header;
	bool prescreen;			/* deliver ordinary-looking mail unparsed */
	bool judge_resident;		/* [delivery] judge = resident (judge.h) */
	int judge_idle;			/* [delivery] judge_idle, seconds */
	char **addresses;		/* [user] addresses, lower-case, NULL-terminated */
	bool notmuch_enabled;
	char *notmuch_config;		/* NULL: notmuch's own lookup */
	char *sent_tag;
	char **sent_folders;
	char **quarantine_tags;		/* "+tag" / "-tag" operations */
	int index_timeout;		/* seconds */
	bool index_in_delivery;		/* [notmuch] index = delivery: not by the batch indexer */
	int retention_days;		/* [quarantine] retention_days: expire's default */
	int flood_rate;			/* [flood] rate: backscatter per window; 0 = off */
	int flood_window;		/* [flood] window, seconds */
	char *state_dir;		/* ${XDG_STATE_HOME:-~/.local/state}/backstop */
	/* [send] */
	char **sendmail;		/* argv of the real sendmail */
	int keep_days;			/* sent log lines kept */
	bool envelope_tag;
	int key_days;			/* signatures and tags stay valid */
	char *key_path;			/* ${XDG_CONFIG_HOME:-~/.config}/backstop/key */
	char *sent_log;			/* <state_dir>/sent.log */
	/* [evidence] */
	char **relays;			/* globs, lower-case */
	char **dkim_domains;		/* lower-case */
	int correspondence_days;
	/* [lists] */
	char **allow;			/* lower-case */
	char **deny;
	/* [log] */
	char *log_file;			/* also append log lines here, or NULL */
	/*
	 * Each key that was ignored or kept at its default, in file order
	 * (struct settings_problem); never NULL after settings_load.  A
	 * caller that tells the user in other ways (a notice in the
	 * mailbox) reads them here.
	 */
	GPtrArray *problems;
	char *error;			/* why the file was refused, or NULL */
};

/*
 * Fills c from explicit_path (-c), else $BACKSTOP_CONFIG, else
 * ${XDG_CONFIG_HOME:-~/.config}/backstop/config.ini; a missing default
 * file means built-in defaults.  Always leaves c usable: on a file that
 * cannot be read or parsed it returns -1 with c->error set and every
 * setting at its default, so the caller can still deliver to the inbox,
 * or send.  A bad value or an unknown key costs that key only: it is
 * listed in c->problems and logged (as "FILE:LINE: text").  Opens
 * [log] file for the log module.  Returns 0 otherwise.  Free with
 * settings_clear.
 */
int settings_load(const char *explicit_path, struct settings *c);

/* settings_load without logging the problems or opening [log] file. */
int settings_load_quietly(const char *explicit_path, struct settings *c);

/* True if key ("section:name") is a setting; the nearest setting or NULL. */
bool settings_key_known(const char *key);
const char *settings_key_nearest(const char *key);

/* The default of key as the file would spell it, or NULL if it has none. */
const char *settings_key_default(const char *key);

/*
 * The i-th setting, in the order of the file setup writes: its key
 * ("section:name"), its default as shown there and a line on what it
 * does (static strings).  False past the last one.
 */
bool settings_key_doc(size_t i, const char **key, const char **shown, const char **help);
void settings_clear(struct settings *c);

/* Expands a leading "~" and makes relative paths relative to home. */
char *settings_expand_path(const char *home, const char *value);

#endif
