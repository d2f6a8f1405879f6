/*
 * setup-config.c: the config.ini that `backstop setup` writes.
 *
 * Every key is in the file, commented out with its default and a line
 * on what it does (both from the one table of settings, settings-keys.c),
 * so the file documents itself; keys setup worked out
 * (a Maildir that is not ~/Maildir, say) are set.  The first line holds
 * a checksum of the rest.  Setup may replace a file whose checksum still
 * matches (nobody touched it) but never one that was edited or that it
 * did not write: that one stays, and the proposal goes next to it.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "maildir.h"
#include "settings.h"
#include "setup-config.h"

#define STAMP_LEAD	"# Written by backstop setup, sum "

static const char *
fact_for(const struct setup_facts *f, const char *section, const char *key)
{
	if (strcmp(section, "notmuch") == 0 && strcmp(key, "config") == 0)
		return f->notmuch_config;
	if (strcmp(section, "delivery") != 0)
		return NULL;
	if (strcmp(key, "maildir") == 0)
		return f->maildir;
	if (strcmp(key, "quarantine") == 0)
		return f->quarantine;
	return NULL;
}

/* A comment line: control characters (a line break above all) become '?'. */
static void
append_comment(GString *out, const char *lead, const char *text)
{
	g_string_append(out, lead);
	for (; *text; text++)
		g_string_append_c(out, (unsigned char)*text < 0x20 || *text == 0x7f ? '?' : *text);
	g_string_append_c(out, '\n');
}

static void
append_body(GString *out, const struct setup_facts *f)
{
	const char *key, *shown, *help;
	char *section = g_strdup("");

	g_string_append(out, "# backstop configuration; man backstop.conf for every key.\n");
	if (f->notmuch_file != NULL)
		append_comment(out, "# notmuch config found: ", f->notmuch_file);
	if (f->addresses != NULL)
		append_comment(out, "# your addresses in notmuch: ", f->addresses);
	for (size_t i = 0; settings_key_doc(i, &key, &shown, &help); i++) {
		const char *name = strchr(key, ':') + 1;
		char *sec = g_strndup(key, (gsize)(name - 1 - key));
		const char *fact = fact_for(f, sec, name);
		if (strcmp(section, sec) != 0) {
			g_free(section);
			section = g_strdup(sec);
			g_string_append_printf(out, "\n[%s]\n", section);
		}
		g_string_append_printf(out, "# %s\n", help);
		if (fact != NULL)
			g_string_append_printf(out, "%s = \"%s\"\n", name, fact);
		else
			g_string_append_printf(out, "#%s = %s\n", name, shown);
		g_free(sec);
	}
	g_free(section);
}

static char *
body_sum(const char *body)
{
	char *sum = g_compute_checksum_for_string(G_CHECKSUM_SHA256, body, -1);

	sum[16] = '\0';
	return sum;
}

char *
setup_config_text(const struct setup_facts *f)
{
	GString *body = g_string_new(NULL);
	char *sum, *text;

	append_body(body, f);
	sum = body_sum(body->str);
	text = g_strdup_printf(STAMP_LEAD "%s; once edited, setup leaves it alone.\n%s",
	    sum, body->str);
	g_free(sum);
	g_string_free(body, TRUE);
	return text;
}

/* The file carries our stamp and its body still matches it. */
static bool
unedited(const char *text)
{
	const char *nl = strchr(text, '\n');
	char *sum;
	bool same;

	if (strncmp(text, STAMP_LEAD, strlen(STAMP_LEAD)) != 0 || nl == NULL)
		return false;
	sum = body_sum(nl + 1);
	same = strncmp(text + strlen(STAMP_LEAD), sum, 16) == 0;
	g_free(sum);
	return same;
}

char *
setup_config_path(const char *explicit_path, const char *home)
{
	const char *env = getenv("BACKSTOP_CONFIG");
	const char *xdg = getenv("XDG_CONFIG_HOME");

	if (explicit_path != NULL)
		return g_strdup(explicit_path);
	if (env != NULL && *env != '\0')
		return g_strdup(env);
	if (xdg != NULL && *xdg == '/')
		return g_build_filename(xdg, "backstop", "config.ini", NULL);
	return g_build_filename(home, ".config", "backstop", "config.ini", NULL);
}

int
setup_write_file(const char *path, const char *text, int mode)
{
	char *tmp = g_strdup_printf("%s.tmp%ld", path, (long)getpid());
	char *dir = g_path_get_dirname(path);
	int fd, rc = -1, saved;

	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	if (fd != -1 && write_all(fd, text, strlen(text)) == 0 && fsync(fd) == 0 &&
	    close(fd) == 0) {
		fd = -1;
		rc = rename(tmp, path) == 0 ? sync_dir(dir) : -1;
	}
	saved = errno;
	if (fd != -1)
		close(fd);
	if (rc == -1)
		unlink(tmp);
	g_free(tmp);
	g_free(dir);
	errno = saved;
	return rc;
}

enum setup_write
setup_config_write(const char *path, const char *text)
{
	char *old = NULL, *dir = g_path_get_dirname(path), *proposal;
	enum setup_write r;

	if (g_mkdir_with_parents(dir, 0700) == -1) {
		g_free(dir);
		return SETUP_FAILED;
	}
	g_free(dir);
	if (!g_file_get_contents(path, &old, NULL, NULL))
		return setup_write_file(path, text, 0600) == 0 ? SETUP_WRITTEN : SETUP_FAILED;
	if (strcmp(old, text) == 0)
		r = SETUP_UNCHANGED;
	else if (unedited(old))
		r = setup_write_file(path, text, 0600) == 0 ? SETUP_UPDATED : SETUP_FAILED;
	else {
		proposal = g_strconcat(path, ".setup-new", NULL);
		r = setup_write_file(proposal, text, 0600) == 0 ? SETUP_KEPT : SETUP_FAILED;
		g_free(proposal);
	}
	g_free(old);
	return r;
}
