/*
 * cmd-config.c: `backstop config check [-c FILE]`, a lint for the file.
 *
 * It reads the file exactly as every other command does (settings.c and
 * its one table of keys), so what it reports is what delivery would do:
 * unknown keys (with the nearest known one), bad values (with what is
 * allowed and the default used instead), values the INI syntax cuts at
 * ';' or '#'.  Then it looks at the world the values point to: folders
 * and files that do not exist, a quarantine outside the Maildir, a
 * signing key others can read, sent folders notmuch has no mail in.
 *
 * One line per finding, "FILE:LINE: error|warning: text", like a
 * compiler.  Exit 0 when there is no error (warnings may be printed),
 * 1 when there is one, 64 (EX_USAGE) on a usage error.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include <notmuch.h>

#include "commands.h"
#include "log.h"
#include "nm-query.h"
#include "settings.h"

static const char usage[] =
    "usage: backstop config check [-c FILE]\n"
    "Reports mistakes in the config file, one line each: unknown keys, bad\n"
    "values, paths that do not exist, a signing key others can read, sent\n"
    "folders notmuch does not know.  Exit 0 if there is no error, 1 if there is.\n"
    "  -c FILE   the file to check (default: the one backstop reads)\n";

struct lint {
	const char *file;	/* as printed */
	int errors, warnings;
};

static void G_GNUC_PRINTF(4, 5)
finding(struct lint *l, bool error, int line, const char *fmt, ...)
{
	va_list ap;

	if (line > 0)
		printf("%s:%d: %s: ", l->file, line, error ? "error" : "warning");
	else
		printf("%s: %s: ", l->file, error ? "error" : "warning");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (error)
		l->errors++;
	else
		l->warnings++;
}

static bool
below(const char *path, const char *root)
{
	size_t n = strlen(root);

	while (n > 1 && root[n - 1] == '/')
		n--;
	return strncmp(path, root, n) == 0 && path[n] == '/';
}

static void
check_folders(struct lint *l, const struct settings *s)
{
	if (!g_file_test(s->maildir, G_FILE_TEST_IS_DIR))
		finding(l, false, 0, "[delivery] maildir %s does not exist; the first delivery"
		    " creates it", s->maildir);
	if (!below(s->quarantine, s->maildir))
		finding(l, false, 0, "[delivery] quarantine %s is outside the Maildir %s:"
		    " notmuch indexes it only inside its mail root; the usual place is"
		    " %s/.Backscatter", s->quarantine, s->maildir, s->maildir);
}

static void
check_files(struct lint *l, const struct settings *s)
{
	struct stat st;
	char *dir;

	if (s->notmuch_enabled && s->notmuch_config != NULL && access(s->notmuch_config, R_OK) == -1)
		finding(l, true, 0, "[notmuch] config %s: %s", s->notmuch_config, strerror(errno));
	if (stat(s->key_path, &st) == 0 && (st.st_mode & 077) != 0)
		finding(l, true, 0, "the signing key %s can be read by others (mode %03o):"
		    " chmod 600 %s", s->key_path, (unsigned)(st.st_mode & 0777), s->key_path);
	if (s->log_file == NULL)
		return;
	dir = g_path_get_dirname(s->log_file);
	if (access(dir, W_OK | X_OK) == -1)
		finding(l, true, 0, "[log] file %s: cannot create files in %s: %s", s->log_file,
		    dir, strerror(errno));
	else if (access(s->log_file, F_OK) == 0 && access(s->log_file, W_OK) == -1)
		finding(l, true, 0, "[log] file %s: %s", s->log_file, strerror(errno));
	g_free(dir);
}

static unsigned
count_folder(notmuch_database_t *db, const char *folder)
{
	GString *q = g_string_new(NULL);
	unsigned n;

	nm_append_term(q, "folder:", folder);
	n = nm_count_messages(db, q->str);
	g_string_free(q, TRUE);
	return n;
}

/* True when the sent folders are the default list (not chosen by the user). */
static bool
default_sent_folders(const struct settings *s)
{
	char **def = g_strsplit(settings_key_default("notmuch:sent_folders"), ",", -1);
	guint n = g_strv_length(s->sent_folders);
	bool same = n == g_strv_length(def);

	for (guint i = 0; same && i < n; i++)
		same = strcmp(g_strstrip(def[i]), s->sent_folders[i]) == 0;
	g_strfreev(def);
	return same;
}

/*
 * A sent folder the user named that holds no mail is a mistake; of the
 * default list (".Sent, Sent") one usually exists, so only all empty is.
 */
static void
check_sent_folders(struct lint *l, const struct settings *s, notmuch_database_t *db)
{
	bool deflt = default_sent_folders(s), any = false;
	GString *empty = g_string_new(NULL);

	for (char **f = s->sent_folders; *f != NULL; f++) {
		if (count_folder(db, *f) > 0) {
			any = true;
			continue;
		}
		if (!deflt)
			finding(l, false, 0, "[notmuch] sent_folders: notmuch has no mail in a"
			    " folder %s (folder:%s finds nothing)", *f, *f);
		g_string_append_printf(empty, "%s%s", empty->len ? ", " : "", *f);
	}
	if (deflt && !any && empty->len > 0)
		finding(l, false, 0, "[notmuch] sent_folders: notmuch has no mail in the default"
		    " sent folders (%s); name yours in [notmuch] sent_folders", empty->str);
	g_string_free(empty, TRUE);
}

static void
check_notmuch(struct lint *l, const struct settings *s)
{
	notmuch_database_t *db = NULL;
	char *err = NULL;

	if (!s->notmuch_enabled)
		return;
	if (notmuch_database_open_with_config(NULL, NOTMUCH_DATABASE_MODE_READ_ONLY,
	    s->notmuch_config, NULL, &db, &err) != NOTMUCH_STATUS_SUCCESS) {
		if (err != NULL) {
			size_t n = strlen(g_strchomp(err));
			while (n > 0 && (err[n - 1] == '.' || err[n - 1] == '\n'))
				err[--n] = '\0';
		}
		finding(l, false, 0, "notmuch: %s; bounces cannot be verified",
		    err != NULL ? err : "cannot open the database");
		free(err);
		if (db != NULL)
			notmuch_database_destroy(db);
		return;
	}
	free(err);
	check_sent_folders(l, s, db);
	notmuch_database_destroy(db);
}

static int
config_check(const char *config_path)
{
	struct settings s;
	struct lint l = { 0 };
	int rc;

	rc = settings_load_quietly(config_path, &s);
	l.file = s.path != NULL ? s.path : "config";
	if (rc == -1) {
		printf("%s (error: the whole file is ignored: mail is delivered to the inbox"
		    " unchecked until it is fixed)\n", s.error);
		settings_clear(&s);
		return 1;
	}
	if (s.path == NULL)
		printf("backstop: no config file; the built-in defaults apply\n");
	for (guint i = 0; i < s.problems->len; i++) {
		const struct settings_problem *p = g_ptr_array_index(s.problems, i);
		finding(&l, p->level == SETTINGS_ERROR, p->line, "%s", p->text);
	}
	check_folders(&l, &s);
	check_files(&l, &s);
	check_notmuch(&l, &s);
	if (l.errors == 0 && l.warnings == 0)
		printf("%s: no problems found\n", l.file);
	settings_clear(&s);
	return l.errors > 0 ? 1 : 0;
}

int
cmd_config(int argc, char **argv)
{
	struct common_opts opts = { 0 };
	int first;

	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		fputs(usage, stdout);
		return 0;
	}
	if (argc < 2 || strcmp(argv[1], "check") != 0) {
		fprintf(stderr, "backstop: config: %s%s\n%s", argc < 2 ? "missing subcommand" :
		    "unknown subcommand ", argc < 2 ? "" : argv[1], usage);
		return EX_USAGE;
	}
	first = parse_common(argc - 1, argv + 1, usage, &opts, NULL, "", NULL, NULL);
	if (first == -2)
		return 0;
	if (first == -1)
		return EX_USAGE;
	if (first < argc - 1) {
		fprintf(stderr, "backstop: config check: unexpected argument '%s'\n%s",
		    argv[1 + first], usage);
		return EX_USAGE;
	}
	log_init(opts.verbose, getenv("BACKSTOP_DEBUG") != NULL);
	setup_libraries();
	return config_check(opts.config_path);
}
