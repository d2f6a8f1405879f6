/*
 * cmd-check.c: `backstop check`, the same classification as delivery,
 * printed instead of acted on.  This is how a user debugs a verdict and
 * how accuracy is measured, so its output format is kept stable.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "classify.h"
#include "explain.h"
#include "commands.h"
#include "json.h"
#include "log.h"
#include "recipients.h"
#include "settings.h"
#include "spool.h"
#include "stamp.h"

static const char usage[] =
    "usage: backstop check [--json | -q] [-v] [-c FILE] [FILE|DIR ...]\n"
    "Classifies messages without delivering them: standard input when no FILE;\n"
    "a DIR means its files (for a Maildir, those in cur/ and new/).\n"
    "  --json    one JSON object per message per line\n"
    "  -q, --quiet  print nothing; exit 0 if every message is backscatter,\n"
    "               1 otherwise (for procmail's '* ? backstop check -q')\n"
    "  -c FILE   read settings from FILE\n"
    "  -v        the evidence too, and log to standard error\n";

struct check {
	const struct settings *s;
	struct classify_context *cx;	/* keys and sent log, read once per run */
	bool json;
	bool quiet;		/* --quiet: no output, the status says it */
	bool flush_each;	/* -v: each line out before the next message's log */
	bool verbose;		/* -v: the evidence too */
	int failures;
	int not_backscatter;	/* messages checked that were not backscatter */
};

/*
 * json_append_string, with a shortcut for the usual string (printable
 * ASCII with no quote or backslash), which needs no escaping and no
 * UTF-8 decoding, character by character.
 */
static void
append_json(GString *out, const char *s)
{
	const char *p;

	for (p = s; p != NULL && *p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\'; p++)
		;
	if (p == NULL || *p != '\0') {
		json_append_string(out, s);
		return;
	}
	g_string_append_c(out, '"');
	g_string_append_len(out, s, p - s);
	g_string_append_c(out, '"');
}

/* ,"recipients":[{"address":...,"status":...,"reply_code":550|null,...}] */
static void
append_recipients(GString *out, const GPtrArray *list)
{
	g_string_append(out, ",\"recipients\":[");
	for (guint i = 0; list != NULL && i < list->len; i++) {
		const struct recipient *rc = g_ptr_array_index(list, i);
		g_string_append(out, i ? ",{\"address\":" : "{\"address\":");
		append_json(out, rc->address);
		g_string_append(out, ",\"status\":");
		append_json(out, rc->status[0] != '\0' ? rc->status : NULL);
		if (rc->reply_code != 0)
			g_string_append_printf(out, ",\"reply_code\":%d", rc->reply_code);
		else
			g_string_append(out, ",\"reply_code\":null");
		g_string_append(out, ",\"diagnostic\":");
		append_json(out, rc->diagnostic);
		g_string_append(out, rc->permanent ? ",\"permanent\":true}" : ",\"permanent\":false}");
	}
	g_string_append_c(out, ']');
}

static void
print_json(const char *path, const struct outcome *o)
{
	GString *out = g_string_new("{\"path\":");
	const GPtrArray *ids = o->rec.original_ids;

	append_json(out, path);
	/* Names from fixed tables: no escaping, and no printf per line. */
	g_string_append(out, ",\"class\":\"");
	g_string_append(out, class_name(o->rec.class));
	g_string_append(out, "\",\"verdict\":\"");
	g_string_append(out, verdict_name(o->verdict));
	g_string_append(out, "\",\"folder\":\"");
	g_string_append(out, folder_name(o->folder));
	g_string_append(out, "\",\"recogniser\":");
	append_json(out, o->rec.recogniser);
	g_string_append(out, ",\"reason\":");
	append_json(out, o->rec.reason);
	g_string_append(out, ",\"original_message_ids\":[");
	for (guint i = 0; ids != NULL && i < ids->len; i++) {
		if (i > 0)
			g_string_append_c(out, ',');
		append_json(out, g_ptr_array_index(ids, i));
	}
	g_string_append_c(out, ']');
	append_recipients(out, o->rec.recipients);
	g_string_append(out, ",\"evidence\":[");
	for (guint i = 0; o->evidence != NULL && i < o->evidence->len; i++) {
		const struct evidence *e = g_ptr_array_index(o->evidence, i);
		g_string_append(out, i ? ",{\"source\":\"" : "{\"source\":\"");
		g_string_append(out, e->source);
		g_string_append(out, "\",\"result\":\"");
		g_string_append(out, evidence_result_name(e->result));
		g_string_append(out, "\",\"detail\":");
		append_json(out, e->detail);
		g_string_append_c(out, '}');
	}
	g_string_append(out, "]}\n");
	fwrite(out->str, 1, out->len, stdout);
	g_string_free(out, TRUE);
}

/*
 * "PATH: VERDICT class=C folder=F ref=R -- why, in words"; with -v the
 * machine words (evidence=, by=) stay in and each piece of evidence
 * follows on its own indented line.
 */
static void
print_line(const struct check *c, const char *path, const struct outcome *o)
{
	const char *folder = folder_name(o->folder);
	char *words = c->verbose ? stamp_summary(o, folder) : stamp_verdict_words(o, folder);
	char *why = explain_outcome(o), *ev = c->verbose ? explain_evidence(o) : NULL;

	printf("%s: %s -- %s\n%s", path, words, why, ev != NULL ? ev : "");
	g_free(ev);
	g_free(why);
	g_free(words);
}

/* The sender of a leading "From " line, or NULL. */
static char *
from_line_sender(int fd)
{
	char buf[1024];
	ssize_t n = pread(fd, buf, sizeof buf, 0);

	if (n < 5 || memcmp(buf, "From ", 5) != 0)
		return NULL;
	return spool_from_line_sender(buf + 5, (size_t)n - 5);
}

static void
check_fd(struct check *c, int fd, const char *path)
{
	struct envelope env = { 0 };
	struct outcome o;
	char *sender = from_line_sender(fd);

	env.sender = sender;
	classify_with(c->cx, fd, &env, &o);
	if (o.verdict != VERDICT_BACKSCATTER)
		c->not_backscatter++;
	if (c->json && !c->quiet)
		print_json(path, &o);
	else if (!c->quiet)
		print_line(c, path, &o);
	if (c->flush_each)
		fflush(stdout);
	outcome_clear(&o);
	g_free(sender);
}

static void
check_file(struct check *c, const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd == -1) {
		fprintf(stderr, "backstop: %s: %s\n", path, strerror(errno));
		c->failures++;
		return;
	}
	check_fd(c, fd, path);
	close(fd);
}

static gint
compare_names(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Regular files directly in dir, sorted. */
static void
check_dir_files(struct check *c, const char *dir)
{
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	DIR *d = opendir(dir);
	struct dirent *de;

	if (d == NULL) {
		fprintf(stderr, "backstop: %s: %s\n", dir, strerror(errno));
		c->failures++;
		g_ptr_array_unref(names);
		return;
	}
	while ((de = readdir(d)) != NULL) {
		char *p = g_build_filename(dir, de->d_name, NULL);
		if (de->d_name[0] != '.' && g_file_test(p, G_FILE_TEST_IS_REGULAR))
			g_ptr_array_add(names, p);
		else
			g_free(p);
	}
	closedir(d);
	g_ptr_array_sort(names, compare_names);
	for (guint i = 0; i < names->len; i++)
		check_file(c, g_ptr_array_index(names, i));
	g_ptr_array_unref(names);
}

static void
check_path(struct check *c, const char *path)
{
	char *cur, *new;

	if (!g_file_test(path, G_FILE_TEST_IS_DIR)) {
		check_file(c, path);
		return;
	}
	cur = g_build_filename(path, "cur", NULL);
	new = g_build_filename(path, "new", NULL);
	if (g_file_test(cur, G_FILE_TEST_IS_DIR) && g_file_test(new, G_FILE_TEST_IS_DIR)) {
		check_dir_files(c, cur);
		check_dir_files(c, new);
	} else
		check_dir_files(c, path);
	g_free(cur);
	g_free(new);
}

/* Standard input may be a pipe: copy it to an unlinked file GMime can seek. */
static void
check_stdin(struct check *c)
{
	FILE *f = tmpfile();
	char buf[65536];
	size_t n;

	if (f == NULL) {
		fprintf(stderr, "backstop: cannot create a temporary file: %s\n", strerror(errno));
		c->failures++;
		return;
	}
	while ((n = fread(buf, 1, sizeof buf, stdin)) > 0)
		fwrite(buf, 1, n, f);
	if (fflush(f) != 0 || ferror(stdin)) {
		fprintf(stderr, "backstop: reading standard input: %s\n", strerror(errno));
		c->failures++;
	} else
		check_fd(c, fileno(f), "-");
	fclose(f);
}

static bool
check_option(int opt, const char *arg, void *data)
{
	struct check *c = data;

	if (opt == 'j')
		c->json = true;
	else if (opt == 'q')
		c->quiet = true;
	else
		return false;
	return true;
}

int
cmd_check(int argc, char **argv)
{
	static const char *const longopts[] = { "json", "quiet", NULL };
	struct common_opts opts = { 0 };
	struct check c = { 0 };
	struct settings s;
	int first;

	first = parse_common(argc, argv, usage, &opts, check_option, "q", longopts, &c);
	if (first == -2)
		return 0;
	if (first == -1)
		return EX_USAGE;
	log_init(opts.verbose, getenv("BACKSTOP_DEBUG") != NULL);
	setup_libraries();
	if (settings_load(opts.config_path, &s) == -1 && !c.quiet)
		fprintf(stderr, "backstop: broken config (a delivery would go to the inbox"
		    " unchecked): %s\n", s.error);
	c.s = &s;
	c.cx = classify_context_new(&s);
	c.flush_each = opts.verbose || getenv("BACKSTOP_DEBUG") != NULL;
	c.verbose = opts.verbose;
	if (first >= argc)
		check_stdin(&c);
	for (int i = first; i < argc; i++)
		check_path(&c, argv[i]);
	classify_context_free(c.cx);
	settings_clear(&s);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "backstop: writing standard output: %s\n", strerror(errno));
		c.failures++;
	}
	if (c.quiet)
		return c.failures > 0 || c.not_backscatter > 0 ? 1 : 0;
	return c.failures > 0 ? 1 : 0;
}
