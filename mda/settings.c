/*
 * settings.c: iniparser -> struct settings.
 *
 * iniparser 4.1 lower-cases keys, cuts unquoted values at ';' and '#',
 * reads booleans by their first letter and numbers with strtol base 0,
 * and prints its errors to stderr unless given a callback.  So: values
 * are validated here by hand, errors are captured and returned, and a
 * broken file never stops a delivery (the caller delivers to the inbox).
 */
#include "config.h"

#include "settings.h"

#include <errno.h>
#include <limits.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>
#ifdef HAVE_INIPARSER_INIPARSER_H
#include <iniparser/iniparser.h>
#else
#include <iniparser.h>
#endif

#include "log.h"

#define DEFAULT_QUARANTINE_TAGS	"+backscatter -inbox -unread"
#define DEFAULT_SENT_FOLDERS	".Sent, Sent"
#define DEFAULT_INDEX_TIMEOUT	10
#define DEFAULT_RETENTION_DAYS	30
#define DEFAULT_FLOOD_RATE	60
#define DEFAULT_FLOOD_WINDOW	600
#define DEFAULT_SENDMAIL	"/usr/sbin/sendmail -oi"
#define DEFAULT_KEEP_DAYS	90
#define DEFAULT_KEY_DAYS	30
#define DEFAULT_CORRESPONDENCE_DAYS 30

static const char *known_keys[] = {
	"delivery:maildir", "delivery:quarantine", "delivery:unverified",
	"delivery:header", "delivery:prescreen", "user:addresses", "notmuch:config",
	"quarantine:retention_days", "flood:rate", "flood:window",
	"notmuch:sent_tag", "notmuch:sent_folders", "notmuch:quarantine_tags",
	"notmuch:index_timeout", "notmuch:index", "send:sendmail", "send:keep_days",
	"send:envelope_tag", "send:key_days", "evidence:relays",
	"evidence:dkim_domains", "evidence:correspondence_days",
	"lists:allow", "lists:deny",
};

/* iniparser reports through a process-global callback; keep the first error. */
static GString *ini_errors;

static int
ini_error_capture(const char *fmt, ...)
{
	va_list ap;

	if (ini_errors == NULL || ini_errors->len > 0)
		return 0;
	va_start(ap, fmt);
	g_string_append_vprintf(ini_errors, fmt, ap);
	va_end(ap);
	g_strchomp(ini_errors->str);
	ini_errors->len = strlen(ini_errors->str);
	return 0;
}

static char *
home_directory(void)
{
	const char *h = getenv("HOME");
	struct passwd *pw;

	if (h != NULL && *h == '/')
		return g_strdup(h);
	pw = getpwuid(getuid());
	if (pw != NULL && pw->pw_dir != NULL)
		return g_strdup(pw->pw_dir);
	return g_strdup("/");
}


static char *
expand_tilde(const char *home, const char *value)
{
	if (value[0] == '~' && (value[1] == '/' || value[1] == '\0'))
		return g_build_filename(home, value + 1, NULL);
	return g_strdup(value);
}

char *
settings_expand_path(const char *home, const char *value)
{
	if (value[0] == '/' || value[0] == '~')
		return expand_tilde(home, value);
	return g_build_filename(home, value, NULL);
}

/* Splits on any of seps, trims, drops empty items; optionally lower-cases. */
static char **
split_list(const char *value, const char *seps, bool lower)
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

static char *
config_dir(const char *home)
{
	const char *xdg = getenv("XDG_CONFIG_HOME");

	if (xdg != NULL && *xdg == '/')
		return g_build_filename(xdg, "backstop", NULL);
	return g_build_filename(home, ".config", "backstop", NULL);
}

static void
send_defaults(struct settings *c)
{
	char *dir = config_dir(c->home);

	g_shell_parse_argv(DEFAULT_SENDMAIL, NULL, &c->sendmail, NULL);
	c->keep_days = DEFAULT_KEEP_DAYS;
	c->key_days = DEFAULT_KEY_DAYS;
	c->key_path = g_build_filename(dir, "key", NULL);
	c->sent_log = g_build_filename(c->state_dir, "sent.log", NULL);
	c->relays = split_list("", ",", true);
	c->dkim_domains = split_list("", ",", true);
	c->correspondence_days = DEFAULT_CORRESPONDENCE_DAYS;
	c->allow = split_list("", ",", true);
	c->deny = split_list("", ",", true);
	g_free(dir);
}

static void
settings_defaults(struct settings *c)
{
	const char *xdg_state = getenv("XDG_STATE_HOME");

	memset(c, 0, sizeof *c);
	c->home = home_directory();
	c->maildir = g_build_filename(c->home, "Maildir", NULL);
	c->unverified = UNVERIFIED_QUARANTINE;
	c->header = true;
	c->prescreen = true;
	c->addresses = split_list("", ",", true);
	c->notmuch_enabled = true;
	c->sent_tag = g_strdup("sent");
	c->sent_folders = split_list(DEFAULT_SENT_FOLDERS, ",", false);
	c->quarantine_tags = split_list(DEFAULT_QUARANTINE_TAGS, " \t", false);
	c->index_timeout = DEFAULT_INDEX_TIMEOUT;
	c->retention_days = DEFAULT_RETENTION_DAYS;
	c->flood_rate = DEFAULT_FLOOD_RATE;
	c->flood_window = DEFAULT_FLOOD_WINDOW;
	if (xdg_state != NULL && *xdg_state == '/')
		c->state_dir = g_build_filename(xdg_state, "backstop", NULL);
	else
		c->state_dir = g_build_filename(c->home, ".local", "state", "backstop", NULL);
	send_defaults(c);
}

/* Where the file is looked for; *must_exist is false only for the default. */
static char *
settings_locate(const char *explicit_path, const char *home, bool *must_exist)
{
	const char *env = getenv("BACKSTOP_CONFIG");
	const char *xdg = getenv("XDG_CONFIG_HOME");

	/* Named on the command line or in the environment: relative to the cwd, like any argument. */
	*must_exist = true;
	if (explicit_path != NULL)
		return expand_tilde(home, explicit_path);
	if (env != NULL && *env != '\0')
		return expand_tilde(home, env);
	*must_exist = false;
	if (xdg != NULL && *xdg == '/')
		return g_build_filename(xdg, "backstop", "config.ini", NULL);
	return g_build_filename(home, ".config", "backstop", "config.ini", NULL);
}

static int
set_error(struct settings *c, const char *fmt, ...)
{
	va_list ap;

	if (c->error != NULL)
		return -1;
	va_start(ap, fmt);
	c->error = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	return -1;
}

static bool
parse_bool(const char *v, bool *out)
{
	static const char *yes[] = { "yes", "true", "on", "1" };
	static const char *no[] = { "no", "false", "off", "0" };

	for (size_t i = 0; i < G_N_ELEMENTS(yes); i++) {
		if (g_ascii_strcasecmp(v, yes[i]) == 0) {
			*out = true;
			return true;
		}
		if (g_ascii_strcasecmp(v, no[i]) == 0) {
			*out = false;
			return true;
		}
	}
	return false;
}

static bool
parse_seconds(const char *v, int *out)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(v, &end, 10);
	while (g_ascii_isspace(*end))
		end++;
	if (errno != 0 || end == v || *end != '\0' || n < 0 || n > 3600)
		return false;
	*out = (int)n;
	return true;
}

static void
warn_unknown_keys(dictionary *d, const char *path)
{
	int nsec = iniparser_getnsec(d);

	for (int i = 0; i < nsec; i++) {
		const char *sec = iniparser_getsecname(d, i);
		int nkeys = iniparser_getsecnkeys(d, sec);
		const char **keys = g_new0(const char *, nkeys > 0 ? nkeys : 1);

		iniparser_getseckeys(d, sec, keys);
		for (int k = 0; k < nkeys; k++) {
			bool known = false;
			for (size_t j = 0; j < G_N_ELEMENTS(known_keys); j++)
				known = known || strcmp(keys[k], known_keys[j]) == 0;
			if (!known)
				log_warnx("%s: unknown key '%s' ignored", path, keys[k]);
		}
		g_free(keys);
	}
}

static void
replace_string(char **slot, char *value)
{
	g_free(*slot);
	*slot = value;
}

static void
replace_list(char ***slot, char **value)
{
	g_strfreev(*slot);
	*slot = value;
}

static int
apply_delivery(struct settings *c, dictionary *d)
{
	const char *v;
	bool b;

	if ((v = iniparser_getstring(d, "delivery:maildir", NULL)) != NULL && *v)
		replace_string(&c->maildir, settings_expand_path(c->home, v));
	if ((v = iniparser_getstring(d, "delivery:quarantine", NULL)) != NULL && *v)
		replace_string(&c->quarantine, settings_expand_path(c->home, v));
	if ((v = iniparser_getstring(d, "delivery:unverified", NULL)) != NULL) {
		if (g_ascii_strcasecmp(v, "quarantine") == 0)
			c->unverified = UNVERIFIED_QUARANTINE;
		else if (g_ascii_strcasecmp(v, "inbox") == 0)
			c->unverified = UNVERIFIED_INBOX;
		else
			return set_error(c, "[delivery] unverified = '%s': use quarantine or inbox", v);
	}
	if ((v = iniparser_getstring(d, "delivery:header", NULL)) != NULL) {
		if (!parse_bool(v, &b))
			return set_error(c, "[delivery] header = '%s': use yes or no", v);
		c->header = b;
	}
	if ((v = iniparser_getstring(d, "delivery:prescreen", NULL)) != NULL) {
		if (!parse_bool(v, &b))
			return set_error(c, "[delivery] prescreen = '%s': use yes or no", v);
		c->prescreen = b;
	}
	return 0;
}

static int
apply_notmuch(struct settings *c, dictionary *d)
{
	const char *v;

	if ((v = iniparser_getstring(d, "notmuch:config", NULL)) != NULL && *v) {
		if (strcmp(v, "none") == 0)
			c->notmuch_enabled = false;
		else
			replace_string(&c->notmuch_config, settings_expand_path(c->home, v));
	}
	if ((v = iniparser_getstring(d, "notmuch:sent_tag", NULL)) != NULL && *v)
		replace_string(&c->sent_tag, g_strdup(v));
	if ((v = iniparser_getstring(d, "notmuch:sent_folders", NULL)) != NULL)
		replace_list(&c->sent_folders, split_list(v, ",", false));
	if ((v = iniparser_getstring(d, "notmuch:quarantine_tags", NULL)) != NULL) {
		char **ops = split_list(v, " \t", false);
		for (char **p = ops; *p != NULL; p++) {
			if (((*p)[0] != '+' && (*p)[0] != '-') || (*p)[1] == '\0') {
				set_error(c, "[notmuch] quarantine_tags: '%s' is not +tag or -tag"
				    " (quote the value if it holds ';' or '#')", *p);
				g_strfreev(ops);
				return -1;
			}
		}
		replace_list(&c->quarantine_tags, ops);
	}
	if ((v = iniparser_getstring(d, "notmuch:index_timeout", NULL)) != NULL &&
	    !parse_seconds(v, &c->index_timeout))
		return set_error(c, "[notmuch] index_timeout = '%s': use whole seconds, 0 to 3600", v);
	if ((v = iniparser_getstring(d, "notmuch:index", NULL)) != NULL) {
		if (strcmp(v, "background") != 0 && strcmp(v, "delivery") != 0)
			return set_error(c, "[notmuch] index = '%s': use background or delivery", v);
		c->index_in_delivery = strcmp(v, "delivery") == 0;
	}
	return 0;
}

/* Whole days from 1 to max. */
static bool
parse_days(const char *v, int max, int *out)
{
	int n;

	if (!parse_seconds(v, &n) || n < 1 || n > max)
		return false;
	*out = n;
	return true;
}

static int
apply_send(struct settings *c, dictionary *d)
{
	const char *v;
	char **argv = NULL;
	GError *err = NULL;
	bool b;

	if ((v = iniparser_getstring(d, "send:sendmail", NULL)) != NULL) {
		if (!g_shell_parse_argv(v, NULL, &argv, &err)) {
			set_error(c, "[send] sendmail = '%s': %s", v, err->message);
			g_error_free(err);
			return -1;
		}
		replace_list(&c->sendmail, argv);
	}
	if ((v = iniparser_getstring(d, "send:keep_days", NULL)) != NULL &&
	    !parse_days(v, 3600, &c->keep_days))
		return set_error(c, "[send] keep_days = '%s': use whole days, 1 to 3600", v);
	if ((v = iniparser_getstring(d, "send:key_days", NULL)) != NULL &&
	    !parse_days(v, 365, &c->key_days))
		return set_error(c, "[send] key_days = '%s': use whole days, 1 to 365", v);
	if ((v = iniparser_getstring(d, "send:envelope_tag", NULL)) != NULL) {
		if (!parse_bool(v, &b))
			return set_error(c, "[send] envelope_tag = '%s': use yes or no", v);
		c->envelope_tag = b;
	}
	return 0;
}

static int
apply_evidence(struct settings *c, dictionary *d)
{
	const char *v;

	if ((v = iniparser_getstring(d, "evidence:relays", NULL)) != NULL)
		replace_list(&c->relays, split_list(v, ", \t", true));
	if ((v = iniparser_getstring(d, "evidence:dkim_domains", NULL)) != NULL)
		replace_list(&c->dkim_domains, split_list(v, ", \t", true));
	if ((v = iniparser_getstring(d, "evidence:correspondence_days", NULL)) != NULL &&
	    (!parse_seconds(v, &c->correspondence_days) || c->correspondence_days > 3600))
		return set_error(c, "[evidence] correspondence_days = '%s': use whole days,"
		    " 0 (off) to 3600", v);
	if ((v = iniparser_getstring(d, "lists:allow", NULL)) != NULL)
		replace_list(&c->allow, split_list(v, ", \t", true));
	if ((v = iniparser_getstring(d, "lists:deny", NULL)) != NULL)
		replace_list(&c->deny, split_list(v, ", \t", true));
	return 0;
}

/* A whole number from min to max. */
static bool
parse_range(const char *v, int min, int max, int *out)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(v, &end, 10);
	while (g_ascii_isspace(*end))
		end++;
	if (errno != 0 || end == v || *end != '\0' || n < min || n > max)
		return false;
	*out = (int)n;
	return true;
}

/* [quarantine] and [flood]: the tools and the flood limit. */
static int
apply_living(struct settings *c, dictionary *d)
{
	const char *v;

	if ((v = iniparser_getstring(d, "quarantine:retention_days", NULL)) != NULL &&
	    !parse_range(v, 1, 36500, &c->retention_days))
		return set_error(c, "[quarantine] retention_days = '%s': use whole days, 1 to 36500", v);
	if ((v = iniparser_getstring(d, "flood:rate", NULL)) != NULL &&
	    !parse_range(v, 0, 1000000, &c->flood_rate))
		return set_error(c, "[flood] rate = '%s': use a whole number, 0 (off) or more", v);
	if ((v = iniparser_getstring(d, "flood:window", NULL)) != NULL &&
	    !parse_range(v, 10, 86400, &c->flood_window))
		return set_error(c, "[flood] window = '%s': use whole seconds, 10 to 86400", v);
	return 0;
}

static int
settings_read(struct settings *c, const char *path)
{
	struct stat st;
	dictionary *d;
	const char *v;
	int rc = 0;

	if (stat(path, &st) == -1)
		return set_error(c, "%s: %s", path, strerror(errno));
	if (!S_ISREG(st.st_mode))
		return set_error(c, "%s: not a regular file", path);
	ini_errors = g_string_new(NULL);
	iniparser_set_error_callback(ini_error_capture);
	d = iniparser_load(path);
	if (d == NULL) {
		set_error(c, "%s: %s", path, ini_errors->len ? ini_errors->str : "cannot be read");
		g_string_free(ini_errors, TRUE);
		ini_errors = NULL;
		return -1;
	}
	g_string_free(ini_errors, TRUE);
	ini_errors = NULL;
	c->path = g_strdup(path);
	warn_unknown_keys(d, path);
	rc = apply_living(c, d);
	if (apply_send(c, d) == -1 || apply_delivery(c, d) == -1 || apply_notmuch(c, d) == -1 ||
	    apply_evidence(c, d) == -1)
		rc = -1;
	if ((v = iniparser_getstring(d, "user:addresses", NULL)) != NULL)
		replace_list(&c->addresses, split_list(v, ", \t", true));
	iniparser_freedict(d);
	return rc;
}

int
settings_load(const char *explicit_path, struct settings *c)
{
	bool must_exist;
	char *path;
	int rc = 0;

	settings_defaults(c);
	path = settings_locate(explicit_path, c->home, &must_exist);
	if (must_exist || access(path, F_OK) == 0)
		rc = settings_read(c, path);
	g_free(path);
	if (rc == -1) {
		/* Only the inbox and the real sendmail survive a broken file. */
		char *maildir = g_strdup(c->maildir);
		char **sendmail = g_strdupv(c->sendmail);
		char *error = c->error;
		c->error = NULL;
		settings_clear(c);
		settings_defaults(c);
		replace_string(&c->maildir, maildir);
		replace_list(&c->sendmail, sendmail);
		c->error = error;
	}
	if (c->quarantine == NULL)
		c->quarantine = g_build_filename(c->maildir, ".Backscatter", NULL);
	return rc;
}

void
settings_clear(struct settings *c)
{
	g_free(c->path);
	g_free(c->home);
	g_free(c->maildir);
	g_free(c->quarantine);
	g_strfreev(c->addresses);
	g_free(c->notmuch_config);
	g_free(c->sent_tag);
	g_strfreev(c->sent_folders);
	g_strfreev(c->quarantine_tags);
	g_free(c->state_dir);
	g_strfreev(c->sendmail);
	g_free(c->key_path);
	g_free(c->sent_log);
	g_strfreev(c->relays);
	g_strfreev(c->dkim_domains);
	g_strfreev(c->allow);
	g_strfreev(c->deny);
	g_free(c->error);
	memset(c, 0, sizeof *c);
}
