/*
 * nm-query.h: small notmuch queries for the interactive commands (setup,
 * config check): a quoted term and a message count.
 */
#ifndef BACKSTOP_NM_QUERY_H
#define BACKSTOP_NM_QUERY_H

#include <glib.h>
#include <notmuch.h>

/* Appends prefix and value as a quoted notmuch term ("" inside doubled). */
void nm_append_term(GString *q, const char *prefix, const char *value);

/* Messages matching query; 0 when the query fails. */
unsigned nm_count_messages(notmuch_database_t *db, const char *query);

/*
 * A query for the mail that counts as sent: tag:SENT_TAG or a message
 * in one of the sent folders.  New string.
 */
char *nm_sent_query(const char *sent_tag, char **sent_folders);

#endif
