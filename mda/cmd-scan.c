/*
 * cmd-scan.c: `backstop scan [--apply] [MAILDIR|MBOX|--query Q]`, the
 * same classification as delivery run over mail the user already has.
 *
 * A dry run only counts.  --apply moves each backscatter message into
 * the quarantine (quarantine.c: link, fsync, unlink; an interrupted move
 * is completed, not duplicated, by the next run) and records it in the
 * pending list before anything else, so notmuch learns of it either in
 * this run's batch (one writer, one commit per batch) or, if the run is
 * interrupted or notmuch is busy, in the next `backstop index` or scan.
 * SIGINT and SIGTERM are held off during a move and stop the run between
 * messages; running it again carries on where it stopped.  An mbox is
 * only ever read: --apply on one is refused.
 *
 * A moved file gets the X-Backstop line a delivery would have given it
 * (restamp.c), so stats and the quarantine tools see its verdict.
 * Unverified answers stay where they are: scan moves only what it can
 * show to be backscatter.  --list prints each automated answer with what
 * happens to it and why; --json prints the counts and that list as one
 * object.  A path that is missing or unreadable is an error, not "0
 * messages".
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "background.h"
#include "classify.h"
#include "commands.h"
#include "explain.h"
#include "indexer.h"
#include "json.h"
#include "log.h"
#include "pending.h"
#include "progress.h"
#include "quarantine.h"
#include "release.h"
#include "restamp.h"
#include "settings.h"
#include "stamp.h"
#include "startup.h"

#define BATCH	200	/* messages moved per notmuch commit */

static const char usage[] =
    "usage: backstop scan [--apply] [--list | --json] [-c FILE] [MAILDIR | MBOX | --query QUERY]\n"
    "Classifies mail you already have (default: your inbox) and counts the\n"
    "automated answers, genuine, backscatter and unverified.  Only backscatter\n"
    "is moved; unverified answers stay where they are.\n"
    "  --apply        move the backscatter into the quarantine and tag it\n"
    "  --list         each automated answer: move or keep, and why\n"
    "  --json         the counts and that list as one JSON object\n"
    "  --query QUERY  the files of a notmuch search instead of a folder\n"
    "  -c FILE        read settings from FILE\n";

struct counts {
	unsigned total, answers, genuine, backscatter, unverified, moved, failed, released;
};

struct scan {
	const struct settings *s;
	struct classify_context *cx;	/* keys and sent log, read once per run */
	bool apply;
	bool list;		/* --list: a line per automated answer */
	bool json;		/* --json: one object at the end */
	GString *items;		/* --json: the "list" array's members */
	const char *query;
	struct counts n;
	GPtrArray *old_paths;	/* moved in this batch: notmuch forgets them */
	GHashTable *released;	/* release.h: what the user released stays out */
};

static volatile sig_atomic_t stop_requested;

static void
on_stop(int sig)
{
	stop_requested = 1;
}

static bool
scan_option(int opt, const char *arg, void *data)
{
	struct scan *sc = data;

	if (opt == 'a')
		sc->apply = true;
	else if (opt == 'l')
		sc->list = true;
	else if (opt == 'j')
		sc->json = true;
	else if (opt == 'q')
		sc->query = arg;
	else
		return false;
	return true;
}

/* The files of folder/sub; -1 (said on stderr) if it exists but cannot be read. */
static int
add_dir_files(GPtrArray *paths, const char *folder, const char *sub)
{
	char *dir = g_build_filename(folder, sub, NULL);
	GError *err = NULL;
	GDir *d = g_dir_open(dir, 0, &err);
	const char *name;
	int rc = 0;

	if (d == NULL && !g_error_matches(err, G_FILE_ERROR, G_FILE_ERROR_NOENT)) {
		fprintf(stderr, "backstop: scan: %s\n", err->message);
		rc = -1;
	}
	g_clear_error(&err);

	while (d != NULL && (name = g_dir_read_name(d)) != NULL) {
		char *p = g_build_filename(dir, name, NULL);
		if (name[0] != '.' && g_file_test(p, G_FILE_TEST_IS_REGULAR))
			g_ptr_array_add(paths, p);
		else
			g_free(p);
	}
	if (d != NULL)
		g_dir_close(d);
	g_free(dir);
	return rc;
}

/* A Maildir's cur/ and new/; -1 (said) if path is missing, unreadable or no Maildir. */
static int
add_maildir_files(GPtrArray *paths, const char *path)
{
	char *cur = g_build_filename(path, "cur", NULL), *new = g_build_filename(path, "new", NULL);
	bool maildir = g_file_test(cur, G_FILE_TEST_IS_DIR) || g_file_test(new, G_FILE_TEST_IS_DIR);
	int rc = -1;

	g_free(cur);
	g_free(new);
	if (access(path, F_OK) == -1)
		fprintf(stderr, "backstop: scan: %s: %s\n", path, strerror(errno));
	else if (!g_file_test(path, G_FILE_TEST_IS_DIR))
		fprintf(stderr, "backstop: scan: %s: not a Maildir or an mbox\n", path);
	else if (!maildir && access(path, R_OK | X_OK) == -1)
		fprintf(stderr, "backstop: scan: %s: %s\n", path, strerror(errno));
	else if (!maildir)
		fprintf(stderr, "backstop: scan: %s: not a Maildir (no cur/ or new/)\n", path);
	else if (add_dir_files(paths, path, "cur") == 0 && add_dir_files(paths, path, "new") == 0)
		rc = 0;
	return rc;
}

/* --list and --json: one automated answer, what happens to it and why. */
static void
note_answer(struct scan *sc, const char *path, const struct outcome *o, bool moves)
{
	const char *action = moves ? (sc->apply ? "moved" : "move") : "keep";
	char *words, *why;

	if (o->rec.class == CLASS_NONE || (!sc->list && !sc->json))
		return;
	words = stamp_verdict_words(o, NULL);
	why = explain_outcome(o);
	if (sc->json) {
		g_string_append(sc->items, sc->items->len ? ",{\"path\":" : "{\"path\":");
		json_append_string(sc->items, path);
		g_string_append_printf(sc->items, ",\"action\":\"%s\",\"verdict\":\"%s\","
		    "\"class\":\"%s\",\"reason\":", action, verdict_name(o->verdict),
		    class_name(o->rec.class));
		json_append_string(sc->items, why);
		g_string_append_c(sc->items, '}');
	} else
		printf("%-5s %s: %s -- %s\n", action, path, words, why);
	g_free(words);
	g_free(why);
}

/* The files a notmuch query finds, outside the quarantine. */
static int
add_query_files(GPtrArray *paths, const struct settings *s, const char *q)
{
	notmuch_database_t *db = NULL;
	notmuch_query_t *query;
	notmuch_messages_t *msgs = NULL;
	notmuch_status_t st;
	char *err = NULL;

	if (notmuch_database_open_with_config(NULL, NOTMUCH_DATABASE_MODE_READ_ONLY,
	    s->notmuch_config, NULL, &db, &err) != NOTMUCH_STATUS_SUCCESS) {
		fprintf(stderr, "backstop: notmuch: %s\n", err ? g_strchomp(err) : "cannot open");
		free(err);
		return -1;
	}
	query = notmuch_query_create(db, q);
	st = query != NULL ? notmuch_query_search_messages(query, &msgs) : NOTMUCH_STATUS_OUT_OF_MEMORY;
	if (st != NOTMUCH_STATUS_SUCCESS)	/* an error is not "no messages" */
		fprintf(stderr, "backstop: notmuch search '%s': %s\n", q, notmuch_status_to_string(st));
	else
		for (; notmuch_messages_valid(msgs); notmuch_messages_move_to_next(msgs)) {
			notmuch_message_t *m = notmuch_messages_get(msgs);
			const char *f = notmuch_message_get_filename(m);
			if (f != NULL && !g_str_has_prefix(f, s->quarantine))
				g_ptr_array_add(paths, g_strdup(f));
			notmuch_message_destroy(m);
		}
	if (query != NULL)
		notmuch_query_destroy(query);
	notmuch_database_destroy(db);
	return st == NOTMUCH_STATUS_SUCCESS ? 0 : -1;
}

/* Counts one outcome; true if it is backscatter. */
static bool
tally(struct counts *n, const struct outcome *o)
{
	n->total++;
	if (o->rec.class != CLASS_NONE)
		n->answers++;
	if (o->verdict == VERDICT_GENUINE)
		n->genuine++;
	else if (o->verdict == VERDICT_BACKSCATTER)
		n->backscatter++;
	else if (o->verdict == VERDICT_UNVERIFIED)
		n->unverified++;
	return o->verdict == VERDICT_BACKSCATTER;
}

/* True if the message at path was released (release.h): scan leaves it alone. */
static bool
was_released(struct scan *sc, const char *path)
{
	struct qmsg *m;
	bool released;

	if (g_hash_table_size(sc->released) == 0 || (m = quarantine_read(path)) == NULL)
		return false;
	released = m->message_id != NULL && g_hash_table_contains(sc->released, m->message_id);
	qmsg_free(m);
	return released;
}

/* Moves one message with signals held off, and records it as pending. */
static void
move_one(struct scan *sc, const char *path, const struct outcome *o)
{
	const char *class_tag = class_name(o->rec.class);
	sigset_t block, old;
	char *new_path = NULL, *name;

	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, &old);
	if (quarantine_move(path, sc->s->quarantine, &new_path) == -1) {
		fprintf(stderr, "\rbackstop: cannot move %s: %s\n", path, strerror(errno));
		sc->n.failed++;
	} else {
		if (sc->s->header && restamp(new_path, sc->s->quarantine, o) == -1)
			fprintf(stderr, "\rbackstop: moved %s but cannot add its X-Backstop line: %s\n",
			    new_path, strerror(errno));
		name = g_path_get_basename(new_path);
		if (sc->s->notmuch_enabled &&
		    pending_add(sc->s->state_dir, sc->s->quarantine, name, class_tag,
		    sc->s->quarantine_tags) == -1)
			fprintf(stderr, "\rbackstop: cannot record %s as pending: %s\n", name,
			    strerror(errno));
		g_ptr_array_add(sc->old_paths, g_strdup(path));
		sc->n.moved++;
		g_free(name);
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	g_free(new_path);
}

static void
scan_file(struct scan *sc, const char *path)
{
	FILE *f = fopen(path, "r");
	struct envelope env = { 0 };
	struct outcome o;
	bool moves;

	if (f == NULL) {
		fprintf(stderr, "\rbackstop: scan: %s: %s\n", path, strerror(errno));
		sc->n.failed++;
		return;
	}
	classify_with(sc->cx, fileno(f), &env, &o);
	fclose(f);
	moves = tally(&sc->n, &o);
	if (moves && was_released(sc, path)) {
		sc->n.released++;
		moves = false;
	}
	note_answer(sc, path, &o, moves);
	if (moves && sc->apply)
		move_one(sc, path, &o);
	outcome_clear(&o);
}

static int
forget_run(notmuch_database_t *db, const struct settings *s, void *data,
    unsigned *done, unsigned *left)
{
	GPtrArray *paths = data;

	for (guint i = 0; i < paths->len; i++) {
		notmuch_database_remove_message(db, g_ptr_array_index(paths, i));
		(*done)++;
	}
	return 0;
}

/*
 * One batch into notmuch: new paths indexed and tagged, old ones dropped.
 * The pending queue is drained under batch.lock, as `backstop index`
 * does, so the batch indexer a delivery started never works beside it.
 */
static void
commit_batch(struct scan *sc)
{
	struct index_job forget = { forget_run, NULL, sc->old_paths };
	unsigned done = 0, left = 0;
	long pid;
	int lock;

	if (sc->old_paths->len == 0 || !sc->s->notmuch_enabled)
		return;
	lock = background_lock_wait(sc->s, sc->s->index_timeout > 0 ? sc->s->index_timeout : 10, &pid);
	if (lock == -1)
		fprintf(stderr, "\rbackstop: the batch indexer is busy; %u message(s) left pending"
		    " (run 'backstop index')\n", pending_count(sc->s->state_dir));
	else if ((lock >= 0 && indexer_drain(sc->s, 0, &done, &left) != INDEX_DONE) || left > 0)
		fprintf(stderr, "\rbackstop: notmuch busy; %u message(s) left pending"
		    " (run 'backstop index')\n", left);
	else
		indexer_run(sc->s, &forget, &done, &left);
	if (lock >= 0)
		close(lock);
	g_ptr_array_set_size(sc->old_paths, 0);
}

static void
scan_paths(struct scan *sc, GPtrArray *paths)
{
	struct progress p;

	progress_start(&p, paths->len);
	for (guint i = 0; i < paths->len && !stop_requested; i++) {
		scan_file(sc, g_ptr_array_index(paths, i));
		if (sc->old_paths->len >= BATCH)
			commit_batch(sc);
		progress_step(&p, i + 1);
	}
	progress_end(&p);
	commit_batch(sc);
}

/* An mbox: each message into a temporary file, classified, never changed. */
static void
scan_mbox(struct scan *sc, const char *path)
{
	char *text = NULL;
	gsize len = 0;
	const char *p, *end, *next;

	GError *err = NULL;
	unsigned number = 0;

	if (!g_file_get_contents(path, &text, &len, &err)) {
		fprintf(stderr, "backstop: scan: %s\n", err->message);
		g_error_free(err);
		sc->n.failed++;
		return;
	}
	for (p = text, end = text + len; p < end && !stop_requested; p = next) {
		FILE *f = tmpfile();
		const char *q = p;
		while ((q = memchr(q, '\n', (size_t)(end - q))) != NULL && q + 6 <= end &&
		    memcmp(q + 1, "From ", 5) != 0)
			q++;
		next = q == NULL || q + 6 > end ? end : q + 1;
		if (f == NULL || fwrite(p, 1, (size_t)(next - p), f) != (size_t)(next - p) ||
		    fflush(f) != 0)
			sc->n.failed++;
		else {
			struct envelope env = { 0 };
			struct outcome o;
			char *where = g_strdup_printf("%s (message %u)", path, ++number);
			classify_with(sc->cx, fileno(f), &env, &o);
			tally(&sc->n, &o);
			note_answer(sc, where, &o, false);
			outcome_clear(&o);
			g_free(where);
		}
		if (f != NULL)
			fclose(f);
	}
	g_free(text);
}

static void
report(const struct scan *sc, const char *what)
{
	const struct counts *n = &sc->n;

	printf("backstop scan: %u message(s) in %s\n", n->total, what);
	printf("  automated answers: %u\n    genuine:     %u\n    backscatter: %u\n"
	    "    unverified:  %u%s\n", n->answers, n->genuine, n->backscatter, n->unverified,
	    n->unverified > 0 ? " (left where they are: nothing could tell whether you sent"
	    " the original; see them with --list)" : "");
	if (n->released > 0)
		printf("left alone %u backscatter message(s) you released (backstop quarantine"
		    " release)\n", n->released);
	if (sc->apply)
		printf("moved %u backscatter message(s) to %s\n", n->moved, sc->s->quarantine);
	else if (n->backscatter > n->released)
		printf("would move %u backscatter message(s) to %s (run with --apply)\n",
		    n->backscatter - n->released, sc->s->quarantine);
	if (n->failed > 0)
		printf("%u message(s) could not be read or moved\n", n->failed);
	if (stop_requested)
		printf("interrupted: run it again to carry on\n");
}

static void
report_json(const struct scan *sc, const char *what)
{
	const struct counts *n = &sc->n;
	GString *out = g_string_new("{\"scanned\":");

	json_append_string(out, what);
	g_string_append_printf(out, ",\"messages\":%u,\"answers\":%u,\"genuine\":%u,"
	    "\"backscatter\":%u,\"unverified\":%u,\"unverified_action\":\"keep\","
	    "\"released\":%u,\"applied\":%s,\"moved\":%u,\"failed\":%u,\"interrupted\":%s,\"quarantine\":",
	    n->total, n->answers, n->genuine, n->backscatter, n->unverified, n->released,
	    sc->apply ? "true" : "false", n->moved, n->failed, stop_requested ? "true" : "false");
	json_append_string(out, sc->s->quarantine);
	g_string_append_printf(out, ",\"list\":[%s]}\n", sc->items->str);
	fwrite(out->str, 1, out->len, stdout);
	g_string_free(out, TRUE);
}

static int
run(struct scan *sc, const char *target)
{
	GPtrArray *paths = g_ptr_array_new_with_free_func(g_free);
	const char *what = sc->query ? sc->query : target ? target : sc->s->maildir;
	int rc = 0;

	if (sc->query != NULL)
		rc = add_query_files(paths, sc->s, sc->query);
	else if (target != NULL && g_file_test(target, G_FILE_TEST_IS_REGULAR)) {
		if (access(target, R_OK) == -1) {
			fprintf(stderr, "backstop: scan: %s: %s\n", target, strerror(errno));
			g_ptr_array_unref(paths);
			return 1;
		}
		if (sc->apply) {
			fprintf(stderr, "backstop: %s is an mbox; scan only reads those (no --apply)\n",
			    target);
			g_ptr_array_unref(paths);
			return EX_USAGE;
		}
		scan_mbox(sc, target);
	} else
		rc = add_maildir_files(paths, what);
	if (rc == 0)
		scan_paths(sc, paths);
	g_ptr_array_unref(paths);
	if (rc == 0 && sc->json)
		report_json(sc, what);
	else if (rc == 0)
		report(sc, what);
	return rc != 0 || sc->n.failed > 0 || stop_requested ? 1 : 0;
}

int
cmd_scan(int argc, char **argv)
{
	static const char *const longopts[] = { "apply", "query=", "list", "json", NULL };
	struct scan sc = { 0 };
	const struct startup_spec spec = {
		.name = "scan", .usage = usage, .extra = scan_option, .extra_long = longopts,
		.data = &sc, .max_operands = 1, .policy = CONFIG_REFUSE,
	};
	struct startup st = { 0 };
	struct settings s;
	int first, rc;

	if ((rc = startup(argc, argv, &spec, &st)) != STARTUP_GO)
		return rc;
	s = st.s;
	first = st.first;
	if (sc.query != NULL && first < argc) {
		fputs(usage, stderr);
		settings_clear(&s);
		return EX_USAGE;
	}
	signal(SIGINT, on_stop);
	signal(SIGTERM, on_stop);
	sc.s = &s;
	sc.cx = classify_context_new(&s);
	sc.old_paths = g_ptr_array_new_with_free_func(g_free);
	sc.released = release_table(s.state_dir);
	sc.items = g_string_new(NULL);
	rc = run(&sc, first < argc ? argv[first] : NULL);
	g_string_free(sc.items, TRUE);
	g_ptr_array_unref(sc.old_paths);
	g_hash_table_unref(sc.released);
	classify_context_free(sc.cx);
	settings_clear(&s);
	return rc;
}
