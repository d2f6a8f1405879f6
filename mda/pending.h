/*
 * pending.h: quarantined messages that still need indexing.
 *
 * One small file per message in <state_dir>/pending/, named after the
 * message's unique file name, so adding and finishing an entry needs no
 * lock and survives crashes.  The entry is written before indexing is
 * tried and removed once the message is indexed and tagged.
 */
#ifndef BACKSTOP_PENDING_H
#define BACKSTOP_PENDING_H

#include <glib.h>

struct pending_entry {
	char *entry_path;	/* the entry file */
	char *folder;		/* Maildir folder holding the message */
	char *name;		/* unique file name, as first delivered to new/ */
	char *class_tag;	/* "bounce", ... */
	char **tag_ops;		/* the delivery's quarantine_tags, or NULL: the indexer's */
};

/*
 * Records that <folder>/new/<name> needs indexing with class_tag and the
 * tag operations tag_ops ("+tag"/"-tag"; the settings of whoever
 * indexes it when NULL).  The batch indexer may have been started with
 * other settings than the delivery's (another -c FILE, a config edited
 * since), so the delivery's operations travel with the entry.
 * Returns 0, or -1/errno (the message is delivered either way; the
 * caller logs).
 */
int pending_add(const char *state_dir, const char *folder, const char *name,
    const char *class_tag, char **tag_ops);

/* All entries, oldest name first; a GPtrArray of struct pending_entry * (owned). */
GPtrArray *pending_list(const char *state_dir);

/* How many entries there are (a directory read; the entries are not opened). */
unsigned pending_count(const char *state_dir);

/* The entries' names, a set (free with g_hash_table_unref). */
GHashTable *pending_names(const char *state_dir);

/* Is there an entry now whose name is not in known (from pending_names)? */
bool pending_any_beyond(const char *state_dir, GHashTable *known);

/* The message's current path: new/<name>, or cur/<name> with any ":2,..." info; NULL if gone. */
char *pending_locate(const struct pending_entry *e);

/* Removes the entry file. */
void pending_done(const struct pending_entry *e);

#endif
