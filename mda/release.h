/*
 * release.h: a released message stays released.
 *
 * A release (by the user, `quarantine release`, or by `quarantine
 * recheck`) is recorded twice: in the stored file, whose X-Backstop line
 * becomes "X-Backstop: released; was=<old verdict>; at=...; by=...; class=...;
 * ...; why=..."
 * so any mail reader shows it, and in <state_dir>/released, one line per
 * release, which `scan` and `recheck` honour.  Only the list is trusted:
 * an X-Backstop line can be forged by a sender in mail that arrived
 * before backstop was installed, the list is written only by us.
 */
#ifndef BACKSTOP_RELEASE_H
#define BACKSTOP_RELEASE_H

#include <stdbool.h>
#include <time.h>

#include <glib.h>

struct release {
	char *message_id;	/* without <> */
	time_t at;
	char *by;		/* "you" (quarantine release), "recheck" */
	char *path;		/* where the released file was put */
	char *why;		/* one line */
};
void release_free(gpointer r);

/*
 * Moves the message at path (a quarantine file) into <folder>/new/ as a
 * new file: the X-Backstop line built from old_stamp (the value of the
 * file's first X-Backstop line, or NULL), at, by and why, then the file
 * without that first line.  Written to tmp/, fsynced, linked into new/,
 * new/ fsynced; only then is path unlinked (and its directory fsynced).
 * A crash in between leaves two copies, never none.  Returns 0 with
 * *new_path (g_malloc'd), or -1/errno with path untouched.
 */
int release_move(const char *path, const char *folder, const char *old_stamp, time_t at,
    const char *by, const char *why, char **new_path);

/* Appends r to <state_dir>/released (fsynced).  0 or -1/errno. */
int release_record(const char *state_dir, const struct release *r);

/* Every recorded release by Message-ID (without <>): char * -> struct release *. */
GHashTable *release_table(const char *state_dir);

struct settings;
struct qmsg;

/*
 * Releases the quarantined message m into s->maildir: release_move,
 * release_record (by, why), then notmuch follows (the new path indexed
 * with the message's tags, the old one dropped, the quarantine tags
 * undone: inbox again).  Returns 0 with *new_path (g_malloc'd) and
 * *indexed telling whether notmuch was updated, or -1/errno (nothing
 * moved).
 */
int release_message(const struct settings *s, const struct qmsg *m, const char *by,
    const char *why, char **new_path, bool *indexed);

#endif
