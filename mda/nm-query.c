/*
 * nm-query.c: quoted terms and counts (nm-query.h).
 *
 * Every term is quoted, so that a folder or tag name from the config
 * cannot change the query's meaning.
 */
#include "config.h"

#include "nm-query.h"

void
nm_append_term(GString *q, const char *prefix, const char *value)
{
	g_string_append(q, prefix);
	g_string_append_c(q, '"');
	for (const char *p = value; *p != '\0'; p++) {
		if (*p == '"')
			g_string_append_c(q, '"');
		g_string_append_c(q, *p);
	}
	g_string_append_c(q, '"');
}

unsigned
nm_count_messages(notmuch_database_t *db, const char *query)
{
	notmuch_query_t *q = notmuch_query_create(db, query);
	unsigned n = 0;

	if (q != NULL && notmuch_query_count_messages(q, &n) != NOTMUCH_STATUS_SUCCESS)
		n = 0;
	if (q != NULL)
		notmuch_query_destroy(q);
	return n;
}

char *
nm_sent_query(const char *sent_tag, char **sent_folders)
{
	GString *q = g_string_new(NULL);

	nm_append_term(q, "tag:", sent_tag);
	for (char **f = sent_folders; f != NULL && *f != NULL; f++) {
		g_string_append(q, " or ");
		nm_append_term(q, "folder:", *f);
	}
	return g_string_free(q, FALSE);
}
