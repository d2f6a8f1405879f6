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
static bool parse_index(const struct setting *, const char *, struct settings *);
static bool parse_judge(const struct setting *, const char *, struct settings *);
static bool parse_number(const struct setting *, const char *, struct settings *);
static bool parse_items(const struct setting *, const char *, struct settings *);
static bool parse_tag_ops(const struct setting *, const char *, struct settings *);
static bool parse_command(const struct setting *, const char *, struct settings *);

#define F(name)	offsetof(struct settings, name)
#define YESNO	"yes or no"

/*
 * In the order, and with the words, of the file `backstop setup` writes;
 * .shown is what that file shows as the default when .def is not.
 */
const struct setting settings_table[] = {
	{ .key = "delivery:maildir", .parse = parse_path, .field = F(maildir),
	    .def = "~/Maildir", .allowed = "a directory", .help = "the inbox (a Maildir)" },
	{ .key = "delivery:quarantine", .parse = parse_path, .field = F(quarantine),
	    .shown = "<maildir>/.Backscatter", .allowed = "a directory inside the Maildir",
	    .help = "where backscatter goes" },
	{ .key = "delivery:unverified", .parse = parse_unverified, .field = F(unverified),
	    .def = "quarantine", .allowed = "quarantine or inbox",
	    .help = "quarantine or inbox: answers that cannot be checked" },
	{ .key = "delivery:header", .parse = parse_flag, .field = F(header), .def = "yes",
	    .allowed = YESNO, .help = "yes or no: add the X-Backstop: line" },
	{ .key = "delivery:prescreen", .parse = parse_flag, .field = F(prescreen),
	    .def = "yes", .allowed = YESNO,
	    .help = "yes or no: store plainly ordinary mail without parsing it" },
	{ .key = "delivery:judge", .parse = parse_judge, .field = F(judge_resident),
	    .def = "resident", .allowed = "resident or inline",
	    .help = "resident (one process keeps the libraries loaded) or inline: who classifies" },
	{ .key = "delivery:judge_idle", .parse = parse_number, .field = F(judge_idle),
	    .min = 1, .max = 3600, .def = "45", .allowed = "whole seconds, 1 to 3600",
	    .help = "seconds the resident judge waits for the next message before exiting" },
	{ .key = "user:addresses", .parse = parse_items, .field = F(addresses),
	    .seps = ", \t", .lower = true, .def = "", .flags = SET_LIST,
	    .allowed = "addresses separated by ',' or ';'",
	    .help = "more addresses of yours, comma-separated" },
	{ .key = "notmuch:config", .parse = parse_notmuch_config,
	    .field = F(notmuch_config), .allowed = "the path of a notmuch config, or none",
	    .help = "the notmuch config file (default: notmuch's own lookup); none = off" },
	{ .key = "notmuch:sent_tag", .parse = parse_word, .field = F(sent_tag),
	    .def = "sent", .allowed = "a tag",
	    .help = "a message with this tag counts as sent by you" },
	{ .key = "notmuch:sent_folders", .parse = parse_items, .field = F(sent_folders),
	    .seps = ",", .def = ".Sent, Sent", .flags = SET_LIST,
	    .allowed = "folder names separated by ',' or ';'",
	    .help = "a message in one of these folders counts as sent" },
	{ .key = "notmuch:quarantine_tags", .parse = parse_tag_ops,
	    .field = F(quarantine_tags), .seps = " \t,",
	    .def = "+backscatter -inbox -unread", .flags = SET_LIST,
	    .shown = "\"+backscatter -inbox -unread\"",
	    .allowed = "+tag and -tag separated by blanks, ',' or ';'",
	    .help = "tag operations for quarantined mail (keep the quotes)" },
	{ .key = "notmuch:index", .parse = parse_index, .field = F(index_in_delivery),
	    .def = "background", .allowed = "background or delivery",
	    .help = "background (the batch indexer) or delivery: who indexes quarantined mail" },
	{ .key = "notmuch:index_timeout", .parse = parse_number, .field = F(index_timeout),
	    .min = 0, .max = 3600, .def = "10", .allowed = "whole seconds, 0 to 3600",
	    .help = "seconds 'backstop index' waits for the batch indexer and notmuch's write lock" },
	{ .key = "send:sendmail", .parse = parse_command, .field = F(sendmail),
	    .def = "/usr/sbin/sendmail -oi", .allowed = "a command line",
	    .help = "the real sendmail, for 'backstop sendmail'" },
	{ .key = "send:keep_days", .parse = parse_number, .field = F(keep_days),
	    .min = 1, .max = 3600, .def = "90", .allowed = "whole days, 1 to 3600",
	    .help = "days the sent log keeps a line" },
	{ .key = "send:envelope_tag", .parse = parse_flag, .field = F(envelope_tag),
	    .def = "no", .allowed = YESNO,
	    .help = "yes or no: sign the envelope sender too" },
	{ .key = "send:key_days", .parse = parse_number, .field = F(key_days),
	    .min = 1, .max = 365, .def = "30", .allowed = "whole days, 1 to 365",
	    .help = "days a signature stays valid" },
	{ .key = "evidence:relays", .parse = parse_items, .field = F(relays),
	    .seps = ", \t", .lower = true, .def = "", .flags = SET_LIST,
	    .allowed = "host names separated by ',' or ';'",
	    .help = "your outgoing relays (globs), comma-separated" },
	{ .key = "evidence:dkim_domains", .parse = parse_items, .field = F(dkim_domains),
	    .seps = ", \t", .lower = true, .def = "", .flags = SET_LIST,
	    .allowed = "domains separated by ',' or ';'",
	    .help = "domains that DKIM-sign your mail" },
	{ .key = "evidence:correspondence_days", .parse = parse_number,
	    .field = F(correspondence_days), .min = 0, .max = 3600, .def = "30",
	    .allowed = "whole days, 0 (off) to 3600",
	    .help = "days of correspondence that vouch for a sender; 0 = off" },
	{ .key = "lists:allow", .parse = parse_items, .field = F(allow), .seps = ", \t",
	    .lower = true, .def = "", .flags = SET_LIST,
	    .allowed = "entries separated by ',' or ';'",
	    .help = "reporting MTAs or senders whose answers always reach the inbox" },
	{ .key = "lists:deny", .parse = parse_items, .field = F(deny), .seps = ", \t",
	    .lower = true, .def = "", .flags = SET_LIST,
	    .allowed = "entries separated by ',' or ';'",
	    .help = "reporting MTAs or senders whose answers are always quarantined" },
	{ .key = "quarantine:retention_days", .parse = parse_number,
	    .field = F(retention_days), .min = 1, .max = 36500, .def = "30",
	    .allowed = "whole days, 1 to 36500",
	    .help = "days 'backstop quarantine expire' keeps by default" },
	{ .key = "flood:rate", .parse = parse_number, .field = F(flood_rate),
	    .min = 0, .max = 1000000, .def = "60",
	    .allowed = "a whole number, 0 (off) to 1000000",
	    .help = "backscatter per window above which indexing is batched; 0 = off" },
	{ .key = "flood:window", .parse = parse_number, .field = F(flood_window),
	    .min = 10, .max = 86400, .def = "600", .allowed = "whole seconds, 10 to 86400",
	    .help = "the flood window, in seconds" },
	{ .key = "log:file", .parse = parse_path, .field = F(log_file),
	    .allowed = "a file name",
	    .help = "also append the log lines to this file (for users without syslog)" },
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

/* background: the batch indexer (false); delivery: each delivery itself (true). */
static bool
parse_index(const struct setting *k, const char *v, struct settings *c)
{
	bool *p = slot(k, c);

	if (g_ascii_strcasecmp(v, "background") == 0)
		*p = false;
	else if (g_ascii_strcasecmp(v, "delivery") == 0)
		*p = true;
	else
		return false;
	return true;
}

/* resident: the resident judge (true); inline: each delivery itself (false). */
static bool
parse_judge(const struct setting *k, const char *v, struct settings *c)
{
	bool *p = slot(k, c);

	if (g_ascii_strcasecmp(v, "resident") == 0)
		*p = true;
	else if (g_ascii_strcasecmp(v, "inline") == 0)
		*p = false;
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

bool
settings_key_doc(size_t i, const char **key, const char **shown, const char **help)
{
	const struct setting *k;

	if (i >= G_N_ELEMENTS(settings_table))
		return false;
	k = &settings_table[i];
	*key = k->key;
	*shown = k->shown != NULL ? k->shown : k->def != NULL ? k->def : "";
	*help = k->help;
	return true;
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

