/*
 * quarantine.c: reading the quarantine folder and moving mail out.
 *
 * The folder on disk is the truth: notmuch may be off, busy or behind,
 * and a quarantined message must stay findable and releasable anyway.
 * Headers come from GMime (decoded); our own X-Backstop line is the
 * first header line we wrote, parsed for its verdict and class.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gmime/gmime.h>

#include "filter.h"
#include "maildir.h"
#include "quarantine.h"

void
qmsg_free(gpointer p)
{
	struct qmsg *m = p;

	g_free(m->path);
	g_free(m->message_id);
	g_free(m->from);
	g_free(m->subject);
	g_free(m->verdict);
	g_free(m->class);
	g_free(m->ref);
	g_free(m->stamp);
	g_free(m);
}

/* "X-Backstop: backscatter; class=bounce; ref=x; ..." -> fields. */
static void
parse_stamp(struct qmsg *m, const char *value)
{
	char **parts = g_strsplit(value, ";", -1);

	m->stamp = g_strdup(value);
	for (char **p = parts; *p != NULL; p++) {
		char *f = g_strstrip(*p);
		if (p == parts)
			m->verdict = g_strdup(f);
		else if (g_str_has_prefix(f, "class="))
			m->class = g_strdup(f + 6);
		else if (g_str_has_prefix(f, "ref="))
			m->ref = g_strdup(f + 4);
	}
	g_strfreev(parts);
}

static time_t
arrival(const char *path, int fd)
{
	const char *name = strrchr(path, '/');
	struct stat st;
	char *end;
	long long t;

	name = name ? name + 1 : path;
	t = strtoll(name, &end, 10);
	if (end != name && *end == '.' && t > 0)
		return (time_t)t;
	return fstat(fd, &st) == 0 ? st.st_mtime : 0;
}

static char *
header_copy(GMimeMessage *msg, const char *name)
{
	const char *v = g_mime_object_get_header(GMIME_OBJECT(msg), name);

	return v ? g_strdup(v) : NULL;
}

struct qmsg *
quarantine_read(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct qmsg *m;
	GMimeMessage *msg;
	const char *id;

	if (fd == -1)
		return NULL;
	m = g_new0(struct qmsg, 1);
	m->path = g_strdup(path);
	m->arrived = arrival(path, fd);
	if ((msg = message_parse_fd(fd)) != NULL) {
		if ((id = g_mime_message_get_message_id(msg)) != NULL)
			m->message_id = g_strdup(id);
		m->from = header_copy(msg, "From");
		m->subject = header_copy(msg, "Subject");
		if ((id = g_mime_object_get_header(GMIME_OBJECT(msg), "X-Backstop")) != NULL)
			parse_stamp(m, id);
		g_object_unref(msg);
	}
	close(fd);
	return m;
}

static void
scan_dir(GPtrArray *list, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	while (d != NULL && (de = readdir(d)) != NULL) {
		char *p;
		struct qmsg *m;
		if (de->d_name[0] == '.')
			continue;
		p = g_build_filename(dir, de->d_name, NULL);
		if (g_file_test(p, G_FILE_TEST_IS_REGULAR) && (m = quarantine_read(p)) != NULL)
			g_ptr_array_add(list, m);
		g_free(p);
	}
	if (d != NULL)
		closedir(d);
}

static gint
by_arrival(gconstpointer a, gconstpointer b)
{
	const struct qmsg *x = *(struct qmsg *const *)a, *y = *(struct qmsg *const *)b;

	if (x->arrived != y->arrived)
		return x->arrived < y->arrived ? -1 : 1;
	return strcmp(x->path, y->path);
}

GPtrArray *
quarantine_scan(const char *folder)
{
	GPtrArray *list = g_ptr_array_new_with_free_func(qmsg_free);
	char *new = g_build_filename(folder, "new", NULL);
	char *cur = g_build_filename(folder, "cur", NULL);

	scan_dir(list, new);
	scan_dir(list, cur);
	g_ptr_array_sort(list, by_arrival);
	g_free(new);
	g_free(cur);
	return list;
}

static bool
same_file(const char *a, const char *b)
{
	struct stat x, y;

	return stat(a, &x) == 0 && stat(b, &y) == 0 && x.st_dev == y.st_dev &&
	    x.st_ino == y.st_ino;
}

const struct qmsg *
quarantine_find(GPtrArray *list, const char *id)
{
	char *want;
	const struct qmsg *found = NULL;

	for (guint i = 0; i < list->len && found == NULL; i++) {
		const struct qmsg *m = g_ptr_array_index(list, i);
		if (strchr(id, '/') != NULL && same_file(m->path, id))
			found = m;
	}
	if (found != NULL)
		return found;
	if (g_str_has_prefix(id, "id:"))
		id += 3;
	if ((want = message_id_normalise(id)) == NULL)
		return NULL;
	for (guint i = 0; i < list->len && found == NULL; i++) {
		const struct qmsg *m = g_ptr_array_index(list, i);
		if (m->message_id != NULL && strcmp(m->message_id, want) == 0)
			found = m;
	}
	for (guint i = 0; i < list->len && found == NULL; i++) {
		const struct qmsg *m = g_ptr_array_index(list, i);
		if (m->ref != NULL && strcmp(m->ref, want) == 0)
			found = m;
	}
	g_free(want);
	return found;
}

/* link() path into newdir under name, or a fresh unique name on EEXIST. */
static char *
link_unique(const char *path, const char *newdir, const char *name)
{
	char *target = g_build_filename(newdir, name, NULL);

	for (int tries = 0; tries < 100; tries++) {
		char *fresh;
		int e;
		if (link(path, target) == 0)
			return target;
		e = errno;
		if (e == EEXIST && same_file(path, target))
			return target;	/* an earlier move was interrupted after its link */
		g_free(target);
		if (e != EEXIST) {
			errno = e;
			return NULL;
		}
		fresh = maildir_unique_name();
		target = g_build_filename(newdir, fresh, NULL);
		g_free(fresh);
	}
	g_free(target);
	errno = EEXIST;
	return NULL;
}

int
quarantine_move(const char *path, const char *folder, char **new_path)
{
	char *name = g_path_get_basename(path), *colon = strchr(name, ':');
	char *newdir = g_build_filename(folder, "new", NULL);
	char *srcdir = g_path_get_dirname(path);
	char *target = NULL;
	int rc = -1, saved = 0;

	if (colon != NULL)
		*colon = '\0';
	if (maildir_ensure(folder) == -1 || (target = link_unique(path, newdir, name)) == NULL ||
	    sync_dir(newdir) == -1)
		goto done;
	if (unlink(path) == -1) {
		saved = errno;
		unlink(target);		/* no duplicate: the original stays */
		sync_dir(newdir);
		errno = saved;
		goto done;
	}
	sync_dir(srcdir);
	*new_path = target;
	target = NULL;
	rc = 0;
done:
	saved = errno;
	if (target != NULL && rc == -1 && access(path, F_OK) == 0)
		unlink(target);
	g_free(target);
	g_free(name);
	g_free(newdir);
	g_free(srcdir);
	errno = saved;
	return rc;
}
