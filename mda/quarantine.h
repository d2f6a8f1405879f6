/*
 * quarantine.h: the messages in a quarantine folder, read from disk (so
 * the tools work without notmuch), and scan's move into it.  Moving one
 * out: release.h.
 */
#ifndef BACKSTOP_QUARANTINE_H
#define BACKSTOP_QUARANTINE_H

#include <stdbool.h>
#include <time.h>

#include <glib.h>

struct qmsg {
	char *path;		/* <folder>/new/<name> or <folder>/cur/<name> */
	time_t arrived;		/* from the Maildir name, else the file's mtime */
	char *message_id;	/* without <>, or NULL */
	char *from;		/* decoded, or NULL */
	char *subject;
	char *verdict;		/* from our X-Backstop line, or NULL */
	char *class;
	char *ref;
	char *stamp;		/* the whole value of our X-Backstop line, or NULL */
};

/* Every message in folder's new/ and cur/, oldest first (struct qmsg *, owned). */
GPtrArray *quarantine_scan(const char *folder);

/* Reads one file; NULL if it cannot be opened. */
struct qmsg *quarantine_read(const char *path);
void qmsg_free(gpointer m);

/*
 * The message at path id (when id holds a '/'), else the first whose
 * Message-ID is id ("<x>", "id:x" or "x"), else the first whose
 * X-Backstop ref= is id (the original it answers); NULL if none
 * (borrowed).
 */
const struct qmsg *quarantine_find(GPtrArray *list, const char *id);

/*
 * Moves path into <folder>/new/ under its base name (Maildir info such
 * as ":2,S" dropped; a new unique name if that one is taken): link,
 * fsync the target directory, unlink, fsync the source directory.  Never
 * two copies and never none: if the unlink fails the link is undone.
 * Returns 0 with *new_path (g_malloc'd), or -1/errno.  scan moves with
 * it, then restamp.h writes the verdict line.
 */
int quarantine_move(const char *path, const char *folder, char **new_path);

#endif
