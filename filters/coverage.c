/*
 * coverage.c: how much of the user's sent mail does notmuch hold?
 *
 * "notmuch has no such message" proves something only where the user's
 * sent mail is indexed.  This measures it, on demand (only after a
 * notmuch miss), with two samples of the user's most recent outgoing
 * mail: the newest lines of the sent log that `backstop sendmail` keeps,
 * and the newest files in the sent folders on disk.  The share that the
 * database holds is the coverage; a copy not indexed yet lowers it, as
 * it should: a bounce that arrives before `notmuch new` ran is exactly
 * the case where a miss means little.  Both samples are bounded: a sent
 * folder is read only up to SCAN_MAX names, far above any real folder
 * (the file system lists names in no useful order, so a smaller bound
 * would sample old files of a large folder and miss the new copies);
 * only the SAMPLE_MAX newest of each directory are kept while reading;
 * and a file's age is read from its Maildir name, which begins with the
 * delivery time, so no file is opened or stat()ed unless its name is of
 * another form.
 */
#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include "evidence.h"
#include "sent-mail.h"

#define SAMPLE_MAX	10	/* messages taken from each sample */
#define SAMPLE_MIN	3	/* fewer than this measures nothing */
#define SCAN_MAX	500000	/* names read from one sent folder directory */

struct sample {
	unsigned held, total;
};

static void
sample_log(const struct evidence_config *c, notmuch_database_t *db, struct sample *s)
{
	GPtrArray *ids;

	if (c->sent_log == NULL)
		return;
	ids = sent_log_recent_ids(c->sent_log, SAMPLE_MAX);
	for (guint i = 0; i < ids->len; i++) {
		notmuch_message_t *m = NULL;
		s->total++;
		if (notmuch_database_find_message(db, g_ptr_array_index(ids, i), &m) ==
		    NOTMUCH_STATUS_SUCCESS && m != NULL) {
			s->held++;
			notmuch_message_destroy(m);
		}
	}
	g_ptr_array_unref(ids);
}

struct file {
	gint64 mtime;
	char *path;
};

static gint
newest_first(gconstpointer a, gconstpointer b)
{
	const struct file *x = a, *y = b;

	return x->mtime < y->mtime ? 1 : x->mtime > y->mtime ? -1 : 0;
}

/* The delivery time a Maildir name begins with ("1700000000.M1P2.host"), or 0. */
static gint64
name_time(const char *name)
{
	gint64 t = 0;
	const char *p = name;

	for (; *p >= '0' && *p <= '9' && p - name < 12; p++)
		t = t * 10 + (*p - '0');
	return p > name && *p == '.' ? t : 0;
}

/* Index of the oldest of files[from..], or -1 when there is none. */
static gint
oldest_from(GArray *files, guint from)
{
	gint at = -1;

	for (guint i = from; i < files->len; i++)
		if (at < 0 || g_array_index(files, struct file, i).mtime <
		    g_array_index(files, struct file, at).mtime)
			at = (gint)i;
	return at;
}

/*
 * Adds the SAMPLE_MAX newest files of dir (new/ or cur/ of a sent
 * folder) to files: a newer one replaces the oldest kept.
 */
static void
list_dir(const char *dir, GArray *files)
{
	GDir *d = g_dir_open(dir, 0, NULL);
	const char *name;
	guint from = files->len;
	gint oldest = -1;
	int seen = 0;

	while (d != NULL && seen++ < SCAN_MAX && (name = g_dir_read_name(d)) != NULL) {
		struct file f = { name_time(name), NULL };
		struct stat st;
		if (name[0] == '.')
			continue;
		f.path = g_build_filename(dir, name, NULL);
		if (f.mtime == 0 && stat(f.path, &st) == 0 && S_ISREG(st.st_mode))
			f.mtime = (gint64)st.st_mtime;
		if (f.mtime == 0 || (files->len - from >= SAMPLE_MAX &&
		    f.mtime <= g_array_index(files, struct file, oldest).mtime)) {
			g_free(f.path);
			continue;
		}
		if (files->len - from < SAMPLE_MAX) {
			g_array_append_val(files, f);
		} else {
			g_free(g_array_index(files, struct file, oldest).path);
			g_array_index(files, struct file, oldest) = f;
		}
		oldest = oldest_from(files, from);
	}
	if (d != NULL)
		g_dir_close(d);
}

static void
sample_folders(const struct evidence_config *c, notmuch_database_t *db, struct sample *s)
{
	const char *root = notmuch_config_get(db, NOTMUCH_CONFIG_MAIL_ROOT);
	GArray *files = g_array_new(FALSE, FALSE, sizeof(struct file));

	GPtrArray *folders = g_ptr_array_new_with_free_func(g_free);

	/* The folders the sent-folder source looks at: configured and by name. */
	if (root != NULL)
		sent_folders_find(root, c->notmuch.sent_folders, folders);
	for (guint i = 0; i < folders->len; i++) {
		for (int sub = 0; sub < 2; sub++) {
			char *dir = g_build_filename(g_ptr_array_index(folders, i),
			    sub ? "cur" : "new", NULL);
			list_dir(dir, files);
			g_free(dir);
		}
	}
	g_ptr_array_unref(folders);
	g_array_sort(files, newest_first);
	for (guint i = 0; i < files->len; i++) {
		struct file *f = &g_array_index(files, struct file, i);
		notmuch_message_t *m = NULL;
		if (i < SAMPLE_MAX) {
			s->total++;
			if (notmuch_database_find_message_by_filename(db, f->path, &m) ==
			    NOTMUCH_STATUS_SUCCESS && m != NULL) {
				s->held++;
				notmuch_message_destroy(m);
			}
		}
		g_free(f->path);
	}
	g_array_unref(files);
}

int
coverage_measure(const struct evidence_config *c, struct nm_session *nm, char **detail)
{
	notmuch_database_t *db = nm_session_db(nm);
	struct sample log = { 0, 0 }, folders = { 0, 0 };
	unsigned held, total;

	if (db == NULL) {
		*detail = g_strdup("coverage not measured: no database");
		return -1;
	}
	sample_log(c, db, &log);
	sample_folders(c, db, &folders);
	held = log.held + folders.held;
	total = log.total + folders.total;
	if (total < SAMPLE_MIN) {
		*detail = g_strdup_printf("coverage not measured: only %u recent sent message%s",
		    total, total == 1 ? "" : "s");
		return -1;
	}
	*detail = g_strdup_printf("coverage %u%%: notmuch holds %u of the %u newest sent"
	    " (log %u/%u, folders %u/%u)", held * 100 / total, held, total, log.held, log.total,
	    folders.held, folders.total);
	return (int)(held * 100 / total);
}
