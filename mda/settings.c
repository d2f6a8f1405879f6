/*
 * settings.c: iniparser -> struct settings.
 *
 * iniparser 4.1 lower-cases keys, cuts unquoted values at ';' and '#',
 * reads booleans by their first letter and numbers with strtol base 0,
 * and prints its errors to stderr unless given a callback.  So: values
 * are validated by hand, key by key (settings-keys.c: a bad value costs
 * that key only), errors are captured and returned, and a file that
 * cannot be read or parsed never stops a delivery (the caller delivers
 * to the inbox, flagged).
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

#include "ini-raw.h"
#include "log.h"
#include "nm-profile.h"
#include "settings-keys.h"

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
	g_strdelimit(ini_errors->str, "\n", ' ');	/* one line for the log */
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

static char *
config_dir(const char *home)
{
	const char *xdg = getenv("XDG_CONFIG_HOME");

	if (xdg != NULL && *xdg == '/')
		return g_build_filename(xdg, "backstop", NULL);
	return g_build_filename(home, ".config", "backstop", NULL);
}

static void
settings_defaults(struct settings *c)
{
	const char *xdg_state = getenv("XDG_STATE_HOME");
	char *dir;

	memset(c, 0, sizeof *c);
	c->home = home_directory();
	c->notmuch_enabled = true;
	settings_keys_defaults(c);
	if (xdg_state != NULL && *xdg_state == '/')
		c->state_dir = g_build_filename(xdg_state, "backstop", NULL);
	else
		c->state_dir = g_build_filename(c->home, ".local", "state", "backstop", NULL);
	dir = config_dir(c->home);
	c->key_path = g_build_filename(dir, "key", NULL);
	g_free(dir);
	c->sent_log = g_build_filename(c->state_dir, "sent.log", NULL);
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

static int
settings_read(struct settings *c, const char *path)
{
	struct stat st;
	GPtrArray *raw;
	dictionary *d;

	if (stat(path, &st) == -1)
		return set_error(c, "%s: %s", path, strerror(errno));
	if (!S_ISREG(st.st_mode))
		return set_error(c, "%s: not a regular file", path);
	/* Read it ourselves first: iniparser's "cannot open" hides the reason. */
	if ((raw = ini_raw_read(path)) == NULL)
		return set_error(c, "%s: %s", path, strerror(errno));
	ini_errors = g_string_new(NULL);
	iniparser_set_error_callback(ini_error_capture);
	d = iniparser_load(path);
	if (d == NULL) {
		set_error(c, "%s: %s", path, ini_errors->len ? ini_errors->str : "cannot be read");
		g_string_free(ini_errors, TRUE);
		ini_errors = NULL;
		g_ptr_array_unref(raw);
		return -1;
	}
	g_string_free(ini_errors, TRUE);
	ini_errors = NULL;
	c->path = g_strdup(path);
	settings_keys_apply(c, d, raw);
	iniparser_freedict(d);
	g_ptr_array_unref(raw);
	return 0;
}

int
settings_load_quietly(const char *explicit_path, struct settings *c)
{
	bool must_exist;
	char *path;
	int rc = 0;

	settings_defaults(c);
	path = settings_locate(explicit_path, c->home, &must_exist);
	if (must_exist || access(path, F_OK) == 0)
		rc = settings_read(c, path);
	if (rc == -1) {
		/* A file that cannot be read or parsed: nothing of it counts. */
		char *error = c->error;
		c->error = NULL;
		settings_clear(c);
		settings_defaults(c);
		c->error = error;
	}
	g_free(path);
	if (c->quarantine == NULL)
		c->quarantine = g_build_filename(c->maildir, ".Backscatter", NULL);
	if (c->problems == NULL)
		c->problems = g_ptr_array_new();
	/* A delivery has no NOTMUCH_PROFILE: the configured file names it. */
	nm_profile_apply(c->notmuch_enabled ? c->notmuch_config : NULL);
	return rc;
}

int
settings_load(const char *explicit_path, struct settings *c)
{
	int rc = settings_load_quietly(explicit_path, c);

	if (c->log_file != NULL)
		log_open_file(c->log_file);
	for (guint i = 0; i < c->problems->len; i++) {
		const struct settings_problem *p = g_ptr_array_index(c->problems, i);
		if (p->line > 0)
			log_warnx_user("%s:%d: %s", c->path, p->line, p->text);
		else
			log_warnx_user("%s: %s", c->path, p->text);
	}
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
	g_free(c->log_file);
	if (c->problems != NULL)
		g_ptr_array_unref(c->problems);
	g_free(c->error);
	memset(c, 0, sizeof *c);
}
