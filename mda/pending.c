/*
 * pending.c: the list of messages waiting for notmuch's write lock.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "maildir.h"
#include "pending.h"

static char *
pending_dir(const char *state_dir)
{
	return g_build_filename(state_dir, "pending", NULL);
}

int
pending_add(const char *state_dir, const char *folder, const char *name,
    const char *class_tag, char **tag_ops)
{
	char *dir = pending_dir(state_dir);
	char *tmp = g_strdup_printf("%s/.%s", dir, name);
	char *final = g_build_filename(dir, name, NULL);
	char *ops = tag_ops != NULL ? g_strjoinv(" ", tag_ops) : NULL;
	char *body = ops != NULL ? g_strdup_printf("%s\n%s\n%s\n", folder, class_tag, ops) :
	    g_strdup_printf("%s\n%s\n", folder, class_tag);
	int fd = -1, rc = -1, saved = 0;

	if (g_mkdir_with_parents(dir, 0700) == -1)
		goto done;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	/* Durable like the message it names: after a power loss, an entry
	 * lost would leave a stored message for `notmuch new` to index as
	 * inbox mail. */
	if (fd == -1 || write_all(fd, body, strlen(body)) == -1 || fdatasync(fd) == -1 ||
	    close(fd) == -1) {
		fd = -1;
		unlink(tmp);
		goto done;
	}
	fd = -1;
	if (rename(tmp, final) == -1) {
		unlink(tmp);
		goto done;
	}
	rc = sync_dir(dir);
done:
	saved = errno;
	g_free(dir);
	g_free(tmp);
	g_free(final);
	g_free(body);
	g_free(ops);
	errno = saved;
	return rc;
}

static void
entry_free(gpointer p)
{
	struct pending_entry *e = p;

	g_free(e->entry_path);
	g_free(e->folder);
	g_free(e->name);
	g_free(e->class_tag);
	g_strfreev(e->tag_ops);
	g_free(e);
}

/* "+a -b" -> { "+a", "-b", NULL }; NULL unless every word is +tag or -tag. */
static char **
tag_ops_parse(const char *line)
{
	char **ops = g_strsplit(line, " ", -1);

	for (char **op = ops; *op != NULL; op++) {
		if (((*op)[0] != '+' && (*op)[0] != '-') || (*op)[1] == '\0') {
			g_strfreev(ops);
			return NULL;
		}
	}
	return ops;
}

static struct pending_entry *
entry_load(const char *dir, const char *name)
{
	struct pending_entry *e;
	char *path = g_build_filename(dir, name, NULL);
	char *body = NULL;
	char **lines;

	if (!g_file_get_contents(path, &body, NULL, NULL)) {
		g_free(path);
		return NULL;
	}
	lines = g_strsplit(body, "\n", 4);
	g_free(body);
	if (lines[0] == NULL || lines[1] == NULL || *lines[0] != '/') {
		g_strfreev(lines);
		g_free(path);
		return NULL;
	}
	e = g_new0(struct pending_entry, 1);
	e->entry_path = path;
	e->folder = g_strdup(lines[0]);
	e->name = g_strdup(name);
	e->class_tag = g_strdup(lines[1]);
	if (lines[2] != NULL && lines[3] != NULL)	/* a whole third line */
		e->tag_ops = tag_ops_parse(lines[2]);
	g_strfreev(lines);
	return e;
}

static gint
by_name(gconstpointer a, gconstpointer b)
{
	const struct pending_entry *x = *(struct pending_entry *const *)a;
	const struct pending_entry *y = *(struct pending_entry *const *)b;

	return strcmp(x->name, y->name);
}

GPtrArray *
pending_list(const char *state_dir)
{
	GPtrArray *list = g_ptr_array_new_with_free_func(entry_free);
	char *dir = pending_dir(state_dir);
	DIR *d = opendir(dir);
	struct dirent *de;

	while (d != NULL && (de = readdir(d)) != NULL) {
		struct pending_entry *e;
		if (de->d_name[0] == '.')
			continue;
		if ((e = entry_load(dir, de->d_name)) != NULL)
			g_ptr_array_add(list, e);
	}
	if (d != NULL)
		closedir(d);
	g_free(dir);
	g_ptr_array_sort(list, by_name);
	return list;
}

/* Counts the entries; with names != NULL, also adds their names to it. */
static unsigned
pending_scan(const char *state_dir, GHashTable *names)
{
	char *dir = pending_dir(state_dir);
	DIR *d = opendir(dir);
	struct dirent *de;
	unsigned n = 0;

	while (d != NULL && (de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		n++;
		if (names != NULL)
			g_hash_table_add(names, g_strdup(de->d_name));
	}
	if (d != NULL)
		closedir(d);
	g_free(dir);
	return n;
}

unsigned
pending_count(const char *state_dir)
{
	return pending_scan(state_dir, NULL);
}

GHashTable *
pending_names(const char *state_dir)
{
	GHashTable *names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);

	pending_scan(state_dir, names);
	return names;
}

bool
pending_any_beyond(const char *state_dir, GHashTable *known)
{
	GHashTable *now = pending_names(state_dir);
	GHashTableIter it;
	gpointer name;
	bool found = false;

	g_hash_table_iter_init(&it, now);
	while (!found && g_hash_table_iter_next(&it, &name, NULL))
		found = !g_hash_table_contains(known, name);
	g_hash_table_unref(now);
	return found;
}

/* A file in cur/ named name or name + ":2,..." (flags added by a client or by notmuch). */
static char *
locate_in_cur(const struct pending_entry *e)
{
	char *cur = g_build_filename(e->folder, "cur", NULL);
	size_t len = strlen(e->name);
	DIR *d = opendir(cur);
	struct dirent *de;
	char *found = NULL;

	while (d != NULL && found == NULL && (de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, e->name, len) == 0 &&
		    (de->d_name[len] == '\0' || de->d_name[len] == ':'))
			found = g_build_filename(cur, de->d_name, NULL);
	}
	if (d != NULL)
		closedir(d);
	g_free(cur);
	return found;
}

char *
pending_locate(const struct pending_entry *e)
{
	char *path = g_build_filename(e->folder, "new", e->name, NULL);

	if (access(path, F_OK) == 0)
		return path;
	g_free(path);
	return locate_in_cur(e);
}

void
pending_done(const struct pending_entry *e)
{
	unlink(e->entry_path);
}
