/*
 * release.c: moving a message out of the quarantine with a new first
 * line, and the list of releases (release.h says why both).
 *
 * The list is plain text, one release per line, tab-separated:
 * "<unix time>\t<message-id>\t<by>\t<path>\t<why>".  Every field is
 * cleaned of tabs and line ends before it is written, so a Message-ID
 * chosen by a sender cannot add a line.  Appended with O_APPEND and
 * fsynced: a line is small, and a later line for the same ID wins.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "indexer.h"
#include "log.h"
#include "maildir.h"
#include "quarantine.h"
#include "release.h"

void
release_free(gpointer p)
{
	struct release *r = p;

	g_free(r->message_id);
	g_free(r->by);
	g_free(r->path);
	g_free(r->why);
	g_free(r);
}

/* s with every byte below 0x20 (tab, CR, LF ...) and ';' made a space: one field. */
static char *
field(const char *s, bool semicolon)
{
	char *out = g_strdup(s != NULL ? s : "");

	for (char *p = out; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f || (semicolon && *p == ';'))
			*p = ' ';
	return out;
}

/* The value of old_stamp without its verdict: "; class=..; ref=.." or "". */
static const char *
stamp_rest(const char *old_stamp)
{
	const char *semi = old_stamp != NULL ? strchr(old_stamp, ';') : NULL;

	return semi != NULL ? semi : "";
}

static char *
released_line(const char *old_stamp, time_t at, const char *by, const char *why, bool crlf)
{
	char when[32], *verdict, *b = field(by, true), *w = field(why, true), *line;
	char *rest = field(stamp_rest(old_stamp), false);	/* no line ends from the file */
	struct tm tm;

	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&at, &tm));
	verdict = old_stamp != NULL ? field(old_stamp, false) : g_strdup("-");
	verdict[strcspn(verdict, ";")] = '\0';
	g_strstrip(verdict);
	/* was= and class= first: stats reads the first 256 bytes of a file */
	line = g_strdup_printf("X-Backstop: released; was=%.40s; at=%s; by=%s%.600s; why=%.300s%s",
	    verdict, when, b, rest, w, crlf ? "\r\n" : "\n");
	g_free(verdict);
	g_free(rest);
	g_free(b);
	g_free(w);
	return line;
}

/* Length of the first line of buf if it is an X-Backstop line (with its end), else 0. */
static size_t
first_stamp_len(const char *buf, size_t len)
{
	const char *nl;

	if (len < 11 || g_ascii_strncasecmp(buf, "X-Backstop:", 11) != 0)
		return 0;
	nl = memchr(buf, '\n', len);
	return nl != NULL ? (size_t)(nl - buf) + 1 : len;
}

/* path's Maildir name without its ":2,FLAGS" info. New string. */
static char *
base_name(const char *path)
{
	char *name = g_path_get_basename(path), *colon = strchr(name, ':');

	if (colon != NULL)
		*colon = '\0';
	return name;
}

/*
 * True if folder already holds name (in new/, or in cur/ with any
 * flags): an earlier move got that far and was stopped before it
 * removed the source.  Sets *where to that file.
 */
static bool
already_there(const char *folder, const char *name, char **where)
{
	char *p = g_build_filename(folder, "new", name, NULL), *cur;
	GDir *d;
	const char *e;
	size_t len = strlen(name);

	if (g_file_test(p, G_FILE_TEST_IS_REGULAR)) {
		*where = p;
		return true;
	}
	g_free(p);
	cur = g_build_filename(folder, "cur", NULL);
	d = g_dir_open(cur, 0, NULL);
	while (d != NULL && (e = g_dir_read_name(d)) != NULL)
		if (strncmp(e, name, len) == 0 && (e[len] == '\0' || e[len] == ':')) {
			*where = g_build_filename(cur, e, NULL);
			break;
		}
	if (d != NULL)
		g_dir_close(d);
	g_free(cur);
	return d != NULL && e != NULL;
}

/* Links the finished tmp file into <folder>/new/name (a fresh name if taken), fsyncs. */
static int
publish_named(const char *tmp, const char *folder, const char *name, char **new_path)
{
	char *newdir = g_build_filename(folder, "new", NULL);
	char *target = g_build_filename(newdir, name, NULL);
	int rc;

	if (link(tmp, target) == 0) {
		rc = sync_dir(newdir);
		unlink(tmp);
		*new_path = target;
		target = NULL;
	} else
		rc = errno == EEXIST ? maildir_publish(tmp, folder, new_path) : -1;
	g_free(target);
	g_free(newdir);
	return rc;
}

/* Writes line + the file at path (minus its first X-Backstop line) into folder. */
static int
write_restamped(const char *path, const char *folder, const char *line, char **new_path)
{
	char *text = NULL, *tmp = NULL, *name = base_name(path);
	gsize len = 0;
	size_t skip;
	int fd, saved, rc = -1;

	if (already_there(folder, name, new_path)) {
		g_free(name);
		return 0;
	}
	if (!g_file_get_contents(path, &text, &len, NULL)) {
		g_free(name);
		errno = EIO;
		return -1;
	}
	skip = first_stamp_len(text, len);
	if (maildir_ensure(folder) == 0 && (fd = maildir_create_tmp(folder, &tmp)) != -1) {
		if (write_all(fd, line, strlen(line)) == 0 &&
		    write_all(fd, text + skip, len - skip) == 0 && fsync(fd) == 0) {
			rc = close(fd);
			if (rc == 0)
				rc = publish_named(tmp, folder, name, new_path);
		} else {
			saved = errno;
			close(fd);
			errno = saved;
		}
		saved = errno;
		if (rc == -1)
			unlink(tmp);
		errno = saved;
	}
	g_free(tmp);
	g_free(text);
	g_free(name);
	return rc;
}

/*
 * The move with any first line "X-Backstop: ..." replaced by line (a
 * whole header line with its end), or line added when the file has none.
 */
static int
move_restamped(const char *path, const char *folder, const char *line, char **new_path)
{
	char *dir;

	if (write_restamped(path, folder, line, new_path) == -1)
		return -1;
	if (unlink(path) == -1 && errno != ENOENT) {
		int saved = errno;
		unlink(*new_path);		/* never two copies when we can help it */
		g_free(*new_path);
		*new_path = NULL;
		errno = saved;
		return -1;
	}
	dir = g_path_get_dirname(path);
	sync_dir(dir);
	g_free(dir);
	return 0;
}

/* True if the file's first line ends in CRLF. */
static bool
file_is_crlf(const char *path)
{
	FILE *f = fopen(path, "r");
	int c, last = 0;

	if (f == NULL)
		return false;
	while ((c = getc(f)) != EOF && c != '\n')
		last = c;
	fclose(f);
	return c == '\n' && last == '\r';
}

int
release_move(const char *path, const char *folder, const char *old_stamp, time_t at,
    const char *by, const char *why, char **new_path)
{
	char *line = released_line(old_stamp, at, by, why, file_is_crlf(path));
	int rc = move_restamped(path, folder, line, new_path);

	g_free(line);
	return rc;
}

int
release_record(const char *state_dir, const struct release *r)
{
	char *path = g_build_filename(state_dir, "released", NULL);
	char *id = field(r->message_id, false), *by = field(r->by, false);
	char *where = field(r->path, false), *why = field(r->why, false);
	char *line = g_strdup_printf("%lld\t%s\t%s\t%s\t%s\n", (long long)r->at, id, by, where, why);
	int fd = -1, rc = -1, saved;

	if (g_mkdir_with_parents(state_dir, 0700) == 0)
		fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd != -1 && write_all(fd, line, strlen(line)) == 0 && fsync(fd) == 0)
		rc = 0;
	saved = errno;
	if (fd != -1)
		close(fd);
	g_free(line);
	g_free(id);
	g_free(by);
	g_free(where);
	g_free(why);
	g_free(path);
	errno = saved;
	return rc;
}

GHashTable *
release_table(const char *state_dir)
{
	GHashTable *t = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, release_free);
	char *path = g_build_filename(state_dir, "released", NULL), *text = NULL;
	char **lines;

	if (g_file_get_contents(path, &text, NULL, NULL)) {
		lines = g_strsplit(text, "\n", -1);
		for (char **l = lines; *l != NULL; l++) {
			char **f = g_strsplit(*l, "\t", 5);
			if (g_strv_length(f) == 5 && *f[1] != '\0') {
				struct release *r = g_new0(struct release, 1);
				r->at = (time_t)g_ascii_strtoll(f[0], NULL, 10);
				r->message_id = g_strdup(f[1]);
				r->by = g_strdup(f[2]);
				r->path = g_strdup(f[3]);
				r->why = g_strdup(f[4]);
				g_hash_table_replace(t, r->message_id, r);
			}
			g_strfreev(f);
		}
		g_strfreev(lines);
	}
	g_free(text);
	g_free(path);
	return t;
}

/* release: the file has moved from old to new; notmuch follows. */
struct moved {
	const char *old_path, *new_path;
};

/* Index the new path first (the message keeps its tags), drop the old, then retag. */
static int
release_run(notmuch_database_t *db, const struct settings *s, void *data,
    unsigned *done, unsigned *left)
{
	struct moved *mv = data;
	notmuch_indexopts_t *opts = notmuch_database_get_default_indexopts(db);
	notmuch_message_t *m = NULL;
	notmuch_status_t st = notmuch_database_index_file(db, mv->new_path, opts, &m);
	char *id;

	notmuch_indexopts_destroy(opts);
	if (st != NOTMUCH_STATUS_SUCCESS && st != NOTMUCH_STATUS_DUPLICATE_MESSAGE_ID) {
		log_warnx("cannot index %s: %s", mv->new_path, notmuch_status_to_string(st));
		return -1;
	}
	id = g_strdup(notmuch_message_get_message_id(m));
	notmuch_message_destroy(m);
	notmuch_database_remove_message(db, mv->old_path);
	m = NULL;
	if (notmuch_database_find_message(db, id, &m) != NOTMUCH_STATUS_SUCCESS || m == NULL) {
		g_free(id);
		return -1;
	}
	indexer_tag_released(db, m, s);
	notmuch_message_destroy(m);
	g_free(id);
	(*done)++;
	return 0;
}

int
release_message(const struct settings *s, const struct qmsg *m, const char *by,
    const char *why, char **new_path, bool *indexed)
{
	struct release r = { 0 };
	struct moved mv = { 0 };
	struct index_job job = { release_run, NULL, &mv };
	unsigned done = 0, left = 0;

	*indexed = false;
	r.at = time(NULL);
	if (release_move(m->path, s->maildir, m->stamp, r.at, by, why, new_path) == -1)
		return -1;
	r.message_id = m->message_id;
	r.by = (char *)by;
	r.path = *new_path;
	r.why = (char *)why;
	if (m->message_id != NULL && release_record(s->state_dir, &r) == -1)
		log_warn("cannot record the release in %s/released", s->state_dir);
	mv.old_path = m->path;
	mv.new_path = *new_path;
	if (s->notmuch_enabled)
		*indexed = indexer_run(s, &job, &done, &left) == INDEX_DONE && done == 1;
	return 0;
}
