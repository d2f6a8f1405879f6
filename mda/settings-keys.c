/*
 * settings-keys.c: the one table of settings and the parser of each value.
 *
 * Every key backstop knows is a row of settings_table: its default, in
 * the file's own syntax, is parsed like a value from the file, so the
 * default a warning names is the one in force.  A parser writes its
 * field only when the value is good, so a bad value leaves the default
 * (settings-apply.c reads a file against this table and words the
 * problems).
 */
#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "settings-keys.h"

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

const struct setting settings_table[] = {
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

const size_t settings_table_size = G_N_ELEMENTS(settings_table);

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

const struct setting *
settings_key_find(const char *key)
{
	for (size_t i = 0; i < G_N_ELEMENTS(settings_table); i++)
		if (strcmp(key, settings_table[i].key) == 0)
			return &settings_table[i];
	return NULL;
}

const char *
settings_key_default(const char *key)
{
	const struct setting *k = settings_key_find(key);

	return k != NULL ? k->def : NULL;
}

bool
settings_key_known(const char *key)
{
	return settings_key_find(key) != NULL;
}

