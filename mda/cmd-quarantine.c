/*
 * cmd-quarantine.c: `backstop quarantine list|show|release|expire|recheck`.
 *
 * The quarantine folder is read from disk (quarantine.c), so the tools
 * work when notmuch is off or busy.  Changes to notmuch (retagging a
 * released message, forgetting expired ones) go through the writer
 * child of indexer.c with its lock deadline; when notmuch cannot be
 * written, the files are still moved or removed and the command says
 * what to run later.  A release (release.c) writes the file anew with
 * a "released" X-Backstop line and records it, so it stays released;
 * recheck (recheck.c) releases what is now genuine.  Expire removes the file first,
 * then the index entry: a stale index entry is harmless (notmuch new
 * drops it), a file left behind without its tags would reach the inbox.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "classify.h"
#include "commands.h"
#include "config-edit.h"
#include "duration.h"
#include "filter.h"
#include "indexer.h"
#include "json.h"
#include "log.h"
#include "maildir.h"
#include "quarantine.h"
#include "recheck.h"
#include "release.h"
#include "settings.h"
#include "startup.h"
#include "setup-config.h"

static const char usage[] =
    "usage: backstop quarantine list [--since AGE] [--json]\n"
    "       backstop quarantine show MESSAGE-ID|REF|PATH\n"
    "       backstop quarantine release [--allow] MESSAGE-ID|REF|PATH\n"
    "       backstop quarantine expire [--older-than AGE] [--dry-run]\n"
    "       backstop quarantine recheck [--since AGE] [--apply] [--quiet]\n"
    "AGE is a number with s, m, h, d or w (days if bare), e.g. 7d.\n"
    "  --since AGE       only messages quarantined within AGE\n"
    "  --json            one JSON object per message per line\n"
    "  --allow           also add the reporting MTA (or sender) to [lists] allow\n"
    "  --older-than AGE  expire what is older (default [quarantine] retention_days)\n"
    "  --dry-run         expire: list what would go, remove nothing\n"
    "  --apply           recheck: release what is now genuine (default: list it)\n"
    "  --quiet           recheck: print only what is released\n"
    "  -c FILE           read settings from FILE\n";

struct qopts {
	const char *sub;	/* the subcommand */
	long since;		/* seconds, 0 = all */
	long older_than;	/* seconds, -1 = the configured retention */
	bool json;
	bool allow;
	bool dry_run;
	bool quiet;
	bool apply;
	bool bad_value;
};

static bool
qoption(int opt, const char *arg, void *data)
{
	struct qopts *q = data;

	switch (opt) {
	case 's':
		q->bad_value |= !duration_parse(arg, &q->since);
		return true;
	case 'o':
		q->bad_value |= !duration_parse(arg, &q->older_than);
		return true;
	case 'j':
		q->json = true;
		return true;
	case 'a':
		if (strcmp(q->sub, "recheck") == 0)	/* --apply; --allow elsewhere */
			q->apply = true;
		else
			q->allow = true;
		return true;
	case 'd':
		q->dry_run = true;
		return true;
	case 'q':
		q->quiet = true;
		return true;
	}
	return false;
}

/* Printable: control bytes become '?', so a subject cannot drive the terminal. */
static char *
printable(const char *s)
{
	char *out = g_strdup(s ? s : "");

	for (char *p = out; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	return out;
}

static void
print_json(const struct qmsg *m)
{
	GString *out = g_string_new("{\"path\":");
	char when[32];

	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime(&m->arrived));
	json_append_string(out, m->path);
	g_string_append_printf(out, ",\"arrived\":\"%s\",\"message_id\":", when);
	json_append_string(out, m->message_id);
	g_string_append(out, ",\"verdict\":");
	json_append_string(out, m->verdict);
	g_string_append(out, ",\"class\":");
	json_append_string(out, m->class);
	g_string_append(out, ",\"ref\":");
	json_append_string(out, m->ref);
	g_string_append(out, ",\"from\":");
	json_append_string(out, m->from);
	g_string_append(out, ",\"subject\":");
	json_append_string(out, m->subject);
	g_string_append(out, "}\n");
	fputs(out->str, stdout);
	g_string_free(out, TRUE);
}

static void
print_line(const struct qmsg *m)
{
	char when[32];
	char *id = printable(m->message_id), *subject = printable(m->subject);
	char *verdict = printable(m->verdict ? m->verdict : "-");
	char *class = printable(m->class ? m->class : "-");

	strftime(when, sizeof when, "%Y-%m-%d %H:%M", localtime(&m->arrived));
	printf("%s  %-11s %-9s <%s>  %s\n", when, verdict, class, id, subject);
	g_free(id);
	g_free(subject);
	g_free(verdict);
	g_free(class);
}

static int
q_list(const struct settings *s, const struct qopts *q)
{
	GPtrArray *list = quarantine_scan(s->quarantine);
	time_t now = time(NULL);
	unsigned shown = 0;

	if (!q->json)
		printf("%-16s  %-11s %-9s %s  %s\n", "arrived", "verdict", "class", "<message-id>",
		    "subject");
	for (guint i = 0; i < list->len; i++) {
		const struct qmsg *m = g_ptr_array_index(list, i);
		if (q->since > 0 && m->arrived < now - q->since)
			continue;
		if (q->json)
			print_json(m);
		else
			print_line(m);
		shown++;
	}
	if (!q->json)
		fprintf(stderr, "backstop: %u of %u quarantined message(s) in %s\n", shown,
		    list->len, s->quarantine);
	g_ptr_array_unref(list);
	return 0;
}

/* show of a message no longer in the quarantine: when, by whom and why it left. */
static int
show_released(const struct settings *s, const char *id)
{
	GHashTable *t = release_table(s->state_dir);
	char *want = message_id_normalise(g_str_has_prefix(id, "id:") ? id + 3 : id);
	const struct release *r = want != NULL ? g_hash_table_lookup(t, want) : NULL;
	char when[32], *text = NULL;
	gsize len = 0;
	struct tm tm;
	int rc = 1;

	if (r == NULL)
		fprintf(stderr, "backstop: no message with that Message-ID in %s\n", s->quarantine);
	else {
		strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S %z", localtime_r(&r->at, &tm));
		fprintf(stderr, "backstop: released %s by %s (%s), to %s\n", when, r->by, r->why,
		    r->path);
		rc = 0;
		if (g_file_get_contents(r->path, &text, &len, NULL))
			rc = fwrite(text, 1, len, stdout) == len && fflush(stdout) == 0 ? 0 : 1;
	}
	g_free(text);
	g_free(want);
	g_hash_table_unref(t);
	return rc;
}

static int
q_show(const struct settings *s, const char *id)
{
	GPtrArray *list = quarantine_scan(s->quarantine);
	const struct qmsg *m = quarantine_find(list, id);
	char *text = NULL;
	gsize len = 0;
	int rc = 1;

	if (m == NULL)
		rc = show_released(s, id);
	else if (!g_file_get_contents(m->path, &text, &len, NULL))
		fprintf(stderr, "backstop: %s: cannot read it\n", m->path);
	else if (fwrite(text, 1, len, stdout) == len && fflush(stdout) == 0)
		rc = 0;
	g_free(text);
	g_ptr_array_unref(list);
	return rc;
}

/* What --allow adds: the reporting MTA, else the envelope or From sender. */
static char *
allow_entry(const struct settings *s, const char *path)
{
	struct envelope env = { 0 };
	struct outcome o;
	FILE *f = fopen(path, "r");
	char *entry = NULL;

	if (f == NULL)
		return NULL;
	classify_fd(fileno(f), &env, s, &o);
	if (o.rec.reporting_mta != NULL)
		entry = g_ascii_strdown(o.rec.reporting_mta, -1);
	outcome_clear(&o);
	fclose(f);
	return entry;
}

static void
add_allow(const struct settings *s, const struct qmsg *m)
{
	char *entry = allow_entry(s, m->path), *error = NULL;
	char *path = s->path ? g_strdup(s->path) : NULL;
	int r;

	if (entry == NULL && m->from != NULL) {
		InternetAddressList *l = internet_address_list_parse(NULL, m->from);
		InternetAddress *a = l && internet_address_list_length(l) > 0 ?
		    internet_address_list_get_address(l, 0) : NULL;
		if (a != NULL && INTERNET_ADDRESS_IS_MAILBOX(a))
			entry = g_ascii_strdown(internet_address_mailbox_get_addr(
			    INTERNET_ADDRESS_MAILBOX(a)), -1);
		if (l)
			g_object_unref(l);
	}
	if (path == NULL)
		path = setup_config_path(NULL, s->home);
	if (entry == NULL)
		printf("backstop: no reporting MTA or sender to allow\n");
	else if ((r = config_add_allow(path, entry, &error)) == -1)
		printf("backstop: not allowed: %s\n", error);
	else
		printf("backstop: %s %s in [lists] allow of %s\n", entry,
		    r ? "added" : "is already", path);
	g_free(error);
	g_free(entry);
	g_free(path);
}

static int
q_release(const struct settings *s, const char *id, bool allow)
{
	GPtrArray *list = quarantine_scan(s->quarantine);
	const struct qmsg *m = quarantine_find(list, id);
	char *new_path = NULL;
	bool indexed = false;

	if (m == NULL) {
		fprintf(stderr, "backstop: no message with that Message-ID in %s\n", s->quarantine);
		g_ptr_array_unref(list);
		return 1;
	}
	if (allow)
		add_allow(s, m);
	if (release_message(s, m, "you", allow ? "quarantine release --allow" :
	    "quarantine release", &new_path, &indexed) == -1) {
		fprintf(stderr, "backstop: cannot move %s to %s: %s\n", m->path, s->maildir,
		    strerror(errno));
		g_ptr_array_unref(list);
		return 1;
	}
	printf("backstop: released to %s\n", new_path);
	if (s->notmuch_enabled && !indexed)
		printf("backstop: notmuch not updated; run: notmuch new && notmuch tag +inbox"
		    " -backscatter -- id:%s\n", m->message_id ? m->message_id : "...");
	g_free(new_path);
	g_ptr_array_unref(list);
	return 0;
}

/* expire: files already removed; notmuch forgets them. */
static int
expire_run(notmuch_database_t *db, const struct settings *s, void *data,
    unsigned *done, unsigned *left)
{
	GPtrArray *paths = data;

	for (guint i = 0; i < paths->len; i++) {
		notmuch_status_t st = notmuch_database_remove_message(db, g_ptr_array_index(paths, i));
		if (st == NOTMUCH_STATUS_SUCCESS || st == NOTMUCH_STATUS_DUPLICATE_MESSAGE_ID)
			(*done)++;
		else
			(*left)++;
	}
	return 0;
}

static void
sync_folder(const char *folder)
{
	char *new = g_build_filename(folder, "new", NULL);
	char *cur = g_build_filename(folder, "cur", NULL);

	sync_dir(new);
	sync_dir(cur);
	g_free(new);
	g_free(cur);
}

static int
q_expire(const struct settings *s, long older_than, bool dry_run)
{
	GPtrArray *list = quarantine_scan(s->quarantine);
	GPtrArray *gone = g_ptr_array_new_with_free_func(g_free);
	struct index_job job = { expire_run, NULL, gone };
	time_t cutoff = time(NULL) - older_than;
	unsigned done = 0, left = 0;
	int rc = 0;

	for (guint i = 0; i < list->len; i++) {
		const struct qmsg *m = g_ptr_array_index(list, i);
		if (m->arrived >= cutoff)
			continue;
		if (dry_run)
			print_line(m);
		else if (unlink(m->path) == 0)
			g_ptr_array_add(gone, g_strdup(m->path));
		else {
			fprintf(stderr, "backstop: %s: %s\n", m->path, strerror(errno));
			rc = 1;
		}
	}
	if (gone->len > 0)
		sync_folder(s->quarantine);
	if (dry_run) {
		unsigned n = 0;
		for (guint i = 0; i < list->len; i++)
			n += ((const struct qmsg *)g_ptr_array_index(list, i))->arrived < cutoff;
		printf("backstop: would expire %u of %u quarantined message(s) (--dry-run: nothing"
		    " removed)\n", n, list->len);
		g_ptr_array_unref(gone);
		g_ptr_array_unref(list);
		return 0;
	}
	printf("backstop: expired %u of %u quarantined message(s) older than %ld %s\n",
	    gone->len, list->len, older_than % 86400 ? older_than : older_than / 86400,
	    older_than % 86400 ? "second(s)" : "day(s)");
	if (gone->len > 0 && s->notmuch_enabled &&
	    (indexer_run(s, &job, &done, &left) != INDEX_DONE || left > 0))
		printf("backstop: notmuch not updated; 'notmuch new' will drop the entries\n");
	g_ptr_array_unref(gone);
	g_ptr_array_unref(list);
	return rc;
}

static int
dispatch(const char *sub, int argc, char **argv, int first, const struct settings *s,
    const struct qopts *q)
{
	bool one_arg = first == argc - 1;

	if (strcmp(sub, "list") == 0 && first == argc)
		return q_list(s, q);
	if (strcmp(sub, "show") == 0 && one_arg)
		return q_show(s, argv[first]);
	if (strcmp(sub, "release") == 0 && one_arg)
		return q_release(s, argv[first], q->allow);
	if (strcmp(sub, "expire") == 0 && first == argc)
		return q_expire(s, q->older_than >= 0 ? q->older_than : s->retention_days * 86400L,
		    q->dry_run);
	if (strcmp(sub, "recheck") == 0 && first == argc)
		return quarantine_recheck(s, q->since, q->apply, q->quiet);
	fputs(usage, stderr);
	return EX_USAGE;
}

int
cmd_quarantine(int argc, char **argv)
{
	static const char *const longopts[] = { "since=", "older-than=", "json", "allow",
		"dry-run", "apply", "quiet", NULL };
	struct qopts q = { .older_than = -1 };
	const struct startup_spec spec = {
		.name = "quarantine", .usage = usage, .extra = qoption, .extra_long = longopts,
		.data = &q, .max_operands = -1, .policy = CONFIG_REFUSE,
	};
	struct startup st = { 0 };
	struct settings s;
	int rc;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? EX_USAGE : 0;
	}
	q.sub = argv[1];
	if ((rc = startup(argc - 1, argv + 1, &spec, &st)) != STARTUP_GO)
		return rc;
	s = st.s;
	if (q.bad_value) {
		fprintf(stderr, "backstop: use an age like 30d, 12h or 90m\n");
		settings_clear(&s);
		return EX_USAGE;
	}
	rc = dispatch(argv[1], argc - 1, argv + 1, st.first, &s, &q);
	settings_clear(&s);
	return rc;
}
