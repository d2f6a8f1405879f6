/*
 * settings.h: the settings, read once from an INI file into a validated
 * struct.  Nothing else in the program sees iniparser.
 */
#ifndef BACKSTOP_SETTINGS_H
#define BACKSTOP_SETTINGS_H

#include <stdbool.h>

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
	char *error;			/* why the file was refused, or NULL */
};

/*
 * Fills c from explicit_path (-c), else $BACKSTOP_CONFIG, else
 * ${XDG_CONFIG_HOME:-~/.config}/backstop/config.ini; a missing default
 * file means built-in defaults.  Always leaves c usable: on a broken
 * file it returns -1 with c->error set and every setting at its default
 * (except maildir and [send] sendmail when they could be read), so the
 * caller can still deliver to the inbox, or send.  Returns 0 otherwise.  Free with settings_clear.
 */
int settings_load(const char *explicit_path, struct settings *c);
void settings_clear(struct settings *c);

/* Expands a leading "~" and makes relative paths relative to home. */
char *settings_expand_path(const char *home, const char *value);

#endif
