/*
 * evidence-sentdir.c: is the original in a sent folder on disk, not yet
 * indexed by notmuch?
 *
 * The commonest genuine bounce is the local MTA's, within seconds of
 * sending, before `notmuch new` has run: the client has already written
 * its copy into the sent folder.  So when notmuch did not find the
 * original as sent (or could not look), the sent folders below the mail
 * root are looked at directly: the newest files of the last days, each
 * read only as far as its header block, matched by Message-ID.  Nothing
 * from outside is delivered into a sent folder, so a match is proof.
 * The look is bounded (sent-mail.h), so a miss proves nothing and adds
 * no entry.
 */
#include "config.h"

#include <dirent.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>

#include "nm-session.h"
#include "original-match.h"
#include "sent-mail.h"

#define SOURCE "sent-folder"
#define DAY 86400
/*
 * Names read from one new/ or cur/.  The file system lists them in no
 * useful order (hash order on ext4), so a bound below the folder's size
 * would miss the newest copy by chance: it is far above any real sent
 * folder (years of mail), and only recent files are kept.
 */
#define NAMES_MAX	500000
#define CANDIDATES_MAX	100000	/* files of the last days kept, in all sent folders */

struct candidate {
	gint64 time;
	char *path;
	const char *folder;	/* borrowed from the folder list */
};

static bool
is_dir_at(int dfd, const char *name)
{
	struct stat st;

	return fstatat(dfd, name, &st, 0) == 0 && S_ISDIR(st.st_mode);
}

/* Adds the sent folders at or below dir (rel: its path under the root, "" for the root). */
static void
find_folders(const char *dir, const char *rel, int depth, char **configured,
    GPtrArray *folders, unsigned *visited)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL && *visited < SENTDIR_FOLDERS_MAX) {
		const char *name = de->d_name;
		char *path, *sub;
		if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0 || strcmp(name, "cur") == 0 ||
		    strcmp(name, "new") == 0 || strcmp(name, "tmp") == 0)
			continue;
		if (de->d_type != DT_DIR && de->d_type != DT_UNKNOWN && de->d_type != DT_LNK)
			continue;
		if (de->d_type != DT_DIR && !is_dir_at(dirfd(d), name))
			continue;
		(*visited)++;
		path = g_build_filename(dir, name, NULL);
		sub = *rel ? g_strconcat(rel, "/", name, NULL) : g_strdup(name);
		if (sent_folder_name(sub, configured)) {
			char *cur = g_build_filename(path, "cur", NULL);
			if (g_file_test(cur, G_FILE_TEST_IS_DIR))
				g_ptr_array_add(folders, g_strdup(path));
			g_free(cur);
		}
		/* Maildir++ folders (".Sent") have their subfolders as siblings. */
		if (name[0] != '.' && depth + 1 < SENTDIR_DEPTH)
			find_folders(path, sub, depth + 1, configured, folders, visited);
		g_free(path);
		g_free(sub);
	}
	closedir(d);
}

void
sent_folders_find(const char *root, char **configured, GPtrArray *folders)
{
	unsigned visited = 0;

	find_folders(root, "", 0, configured, folders, &visited);
}

/* The delivery time a Maildir name starts with ("1700000000.M1P2.host"), or -1. */
static gint64
name_time(const char *name)
{
	gint64 t = 0;
	const char *p = name;

	for (; g_ascii_isdigit(*p) && p - name < 12; p++)
		t = t * 10 + (*p - '0');
	return p > name && *p == '.' ? t : -1;
}

/*
 * Adds the files of folder/sub of the last SENTDIR_DAYS days, by the
 * time in their Maildir name or their mtime, whichever is later.  When
 * notmuch indexed the directory at `indexed` (its recorded mtime, or
 * -1), a directory unchanged since holds nothing new, and only files
 * changed since then (by ctime: a file moved in from Drafts keeps its
 * old name) can be missing from the index: the rest need not be read.
 */
static void
add_candidates(const char *folder, const char *sub, gint64 since, struct nm_session *nm,
    GArray *out)
{
	char *dir = g_build_filename(folder, sub, NULL);
	/* What notmuch indexed is skipped only when notmuch could be asked. */
	gint64 indexed = nm != NULL && !nm->lookup_failed ? nm_session_dir_mtime(nm, dir) : -1;
	DIR *d = opendir(dir);
	struct dirent *de;
	struct stat st;
	unsigned names = 0;

	if (d != NULL && indexed > 0 && fstat(dirfd(d), &st) == 0 && st.st_mtime <= indexed) {
		closedir(d);	/* notmuch new has seen all of it */
		g_free(dir);
		return;
	}
	while (d != NULL && (de = readdir(d)) != NULL && names++ < NAMES_MAX &&
	    out->len < CANDIDATES_MAX) {
		struct candidate c = { 0 };
		if (de->d_name[0] == '.')
			continue;
		c.time = name_time(de->d_name);
		if (c.time > since + 2 * SENTDIR_DAYS * DAY)
			c.time = -1;		/* an absurd time in the name */
		/* An old name with a fresh mtime was written lately all the same. */
		if (indexed > 0 || c.time < since) {
			if (fstatat(dirfd(d), de->d_name, &st, 0) != 0)
				continue;
			if (indexed > 0 && st.st_ctime < indexed)
				continue;	/* indexed already */
			c.time = MAX(c.time, (gint64)st.st_mtime);
		}
		if (c.time < since)
			continue;
		c.path = g_build_filename(dir, de->d_name, NULL);
		c.folder = folder;
		g_array_append_val(out, c);
	}
	if (d != NULL)
		closedir(d);
	g_free(dir);
}

static gint
newest_first(gconstpointer a, gconstpointer b)
{
	const struct candidate *x = a, *y = b;

	return x->time < y->time ? 1 : x->time > y->time ? -1 : 0;
}

static void
clear_candidate(gpointer p)
{
	g_free(((struct candidate *)p)->path);
}

/*
 * The newest files in the sent folders below root, by Message-ID (both
 * strings owned; the newest file of an ID wins).  Built once per process
 * and root: a delivery looks once, and `scan` or `check` of many answers
 * would otherwise read the same files for each.  A file written after
 * that is not seen, which a one-shot run can afford (a resident one
 * calls evidence_sentdir_forget).  Freed only there.
 */
static char *built_root;
static GHashTable *built_index;

void
evidence_sentdir_forget(void)
{
	g_clear_pointer(&built_index, g_hash_table_unref);
	g_clear_pointer(&built_root, g_free);
}

static GHashTable *
sent_index(const char *root, char **configured, gint64 now, struct nm_session *nm)
{
	GPtrArray *folders;
	GArray *cands;
	unsigned visited = 0;

	if (built_index != NULL && strcmp(built_root, root) == 0)
		return built_index;
	if (built_index != NULL)
		g_hash_table_unref(built_index);
	g_free(built_root);
	built_root = g_strdup(root);
	built_index = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	folders = g_ptr_array_new_with_free_func(g_free);
	find_folders(root, "", 0, configured, folders, &visited);
	cands = g_array_new(FALSE, TRUE, sizeof(struct candidate));
	g_array_set_clear_func(cands, clear_candidate);
	for (guint i = 0; i < folders->len; i++) {
		add_candidates(g_ptr_array_index(folders, i), "new", now - SENTDIR_DAYS * DAY, nm, cands);
		add_candidates(g_ptr_array_index(folders, i), "cur", now - SENTDIR_DAYS * DAY, nm, cands);
	}
	g_array_sort(cands, newest_first);
	for (guint i = 0; i < cands->len && i < SENTDIR_FILES_MAX; i++) {
		const char *path = g_array_index(cands, struct candidate, i).path;
		GByteArray *block;
		char *id;
		if (!sent_copy_read_header(path, &block))
			continue;
		id = sent_copy_message_id((const char *)block->data);
		g_byte_array_unref(block);
		if (id != NULL && !g_hash_table_contains(built_index, id))
			g_hash_table_insert(built_index, id, g_strdup(path));
		else
			g_free(id);
	}
	g_array_unref(cands);
	g_ptr_array_unref(folders);
	return built_index;
}

/*
 * Adds the entry for the copy at path: sent, unless the quoted original
 * clearly contradicts it (original-match.c), as spam reusing the ID of
 * the user's public post does.
 */
static void
add_found(const struct answer *a, const char *id, const char *path, const char *folder,
    GPtrArray *list)
{
	GMimeMessage *copy = a->original != NULL ? sent_copy_parse(path) : NULL;
	GString *why = g_string_new(NULL);

	if (copy != NULL && original_contradicts(copy, a->original, why))
		evidence_add(list, SOURCE, EVIDENCE_NOT_SENT, "<%.200s> is in %.200s on disk, but the"
		    " bounce quotes another message under its ID (%s)", id, folder, why->str);
	else
		evidence_add(list, SOURCE, EVIDENCE_SENT, "<%.200s> is in %.200s on disk, not yet"
		    " indexed", id, folder);
	g_string_free(why, TRUE);
	if (copy != NULL)
		g_object_unref(copy);
}

/* The folder of the file at path, under the root, for the detail (new string). */
static char *
folder_name(const char *path, const char *root)
{
	char *dir = g_path_get_dirname(path);	/* .../Folder/cur */
	char *folder = g_path_get_dirname(dir);
	size_t n = strlen(root);
	char *name = g_strdup(strncmp(folder, root, n) == 0 && folder[n] == '/' ? folder + n + 1 :
	    folder);

	g_free(dir);
	g_free(folder);
	return name;
}

void
evidence_sentdir(const struct evidence_config *c, const struct answer *a,
    struct nm_session *nm, GPtrArray *list)
{
	const GPtrArray *ids = a->rec->original_ids;
	GHashTable *index;
	const char *root;

	if (ids == NULL || ids->len == 0 || (nm != NULL && nm->id_found))
		return;		/* indexed: notmuch has judged that copy */
	if ((root = nm_session_mail_root(nm)) == NULL && (root = c->notmuch.maildir) == NULL)
		return;
	index = sent_index(root, c->notmuch.sent_folders, c->now, nm);
	for (guint i = 0; i < ids->len; i++) {
		const char *id = g_ptr_array_index(ids, i);
		const char *path = g_hash_table_lookup(index, id);
		if (path != NULL) {
			char *folder = folder_name(path, root);
			add_found(a, id, path, folder, list);
			g_free(folder);
			return;
		}
	}
}
