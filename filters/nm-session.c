/*
 * nm-session.c: the notmuch database as the evidence sources share it
 * (nm-session.h): opened read-only once per message on first use, the
 * user's addresses, queries, and the retry after a Xapian exception.
 *
 * A read-only handle sees the database as it was when opened; once a
 * writer (`notmuch new`, a delivery indexing the quarantine) commits,
 * Xapian may throw DatabaseModifiedError, which libnotmuch reports as
 * NOTMUCH_STATUS_XAPIAN_EXCEPTION.  Every call that evidence rests on
 * is retried after a reopen (nm_session_retry), and a failure that
 * remains is reported as such, never as "not found".
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <notmuch.h>

#include "nm-session.h"
#include "original-match.h"

bool
nm_session_retry(struct nm_session *s, notmuch_status_t st, int *attempt)
{
	if (st != NOTMUCH_STATUS_XAPIAN_EXCEPTION || ++*attempt >= NM_ATTEMPTS)
		return false;
	if (notmuch_database_reopen(s->db, NOTMUCH_DATABASE_MODE_READ_ONLY) != NOTMUCH_STATUS_SUCCESS)
		return false;
	s->reopens++;
	return true;
}

static bool
in_addresses(const struct nm_session *s, const char *addr)
{
	for (guint i = 0; s->addresses != NULL && i < s->addresses->len; i++)
		if (strcmp(addr, g_ptr_array_index(s->addresses, i)) == 0)
			return true;
	return false;
}

/*
 * addr without the "+detail" of its local part (RFC 5233 subaddress:
 * alice+lists@example.org is alice@example.org's mailbox), as a new
 * string; NULL when it has none.  Only '+': the other delimiters in use
 * ('-', '=') also occur in plain local parts of other people's names.
 */
static char *
without_detail(const char *addr)
{
	const char *plus = strchr(addr, '+'), *at = strrchr(addr, '@');

	GString *base;

	if (plus == NULL || at == NULL || plus > at || plus == addr)
		return NULL;
	base = g_string_new_len(addr, plus - addr);
	g_string_append(base, at);
	return g_string_free(base, FALSE);
}

bool
nm_session_is_user(const struct nm_session *s, const char *addr)
{
	char *base;
	bool mine;

	if (addr == NULL)
		return false;
	if (in_addresses(s, addr))
		return true;
	if ((base = without_detail(addr)) == NULL)
		return false;
	mine = in_addresses(s, base);
	g_free(base);
	return mine;
}

static void
add_address(GPtrArray *a, const char *addr)
{
	if (addr != NULL && *addr != '\0')
		g_ptr_array_add(a, g_ascii_strdown(addr, -1));
}

static void
collect_addresses(struct nm_session *l)
{
	notmuch_config_values_t *v;

	l->addresses = g_ptr_array_new_with_free_func(g_free);
	for (char **p = l->opts.user_addresses; p && *p; p++)
		add_address(l->addresses, *p);
	add_address(l->addresses, notmuch_config_get(l->db, NOTMUCH_CONFIG_PRIMARY_EMAIL));
	v = notmuch_config_get_values(l->db, NOTMUCH_CONFIG_OTHER_EMAIL);
	for (; v && notmuch_config_values_valid(v); notmuch_config_values_move_to_next(v))
		add_address(l->addresses, notmuch_config_values_get(v));
	if (v)
		notmuch_config_values_destroy(v);
}

void
nm_session_add_addresses(struct nm_session *s, const GPtrArray *addrs)
{
	for (guint i = 0; s->addresses != NULL && addrs != NULL && i < addrs->len; i++) {
		const char *addr = g_ptr_array_index(addrs, i);
		char *base = without_detail(addr);
		if (!in_addresses(s, addr))
			add_address(s->addresses, addr);
		if (base != NULL && !in_addresses(s, base))
			add_address(s->addresses, base);
		g_free(base);
	}
}

struct nm_session *
nm_session_new(const struct notmuch_evidence_opts *o)
{
	struct nm_session *s = g_new0(struct nm_session, 1);

	s->opts = *o;
	return s;
}

notmuch_database_t *
nm_session_take_db(struct nm_session *s)
{
	notmuch_database_t *db;

	if (s == NULL || s->db == NULL)
		return NULL;
	db = s->db;
	s->db = NULL;
	s->error = g_strdup("the database was handed over");
	return db;
}

void
nm_session_free(struct nm_session *s)
{
	if (s == NULL)
		return;
	if (s->addresses != NULL)
		g_ptr_array_unref(s->addresses);
	if (s->db != NULL)
		notmuch_database_destroy(s->db);
	g_free(s->mail_root);
	g_free(s->error);
	g_free(s);
}

notmuch_database_t *
nm_session_db(struct nm_session *s)
{
	return s != NULL && nm_session_open(s) ? s->db : NULL;
}

const char *
nm_session_open_error(const struct nm_session *s)
{
	return s != NULL && s->open_failed ? s->error : NULL;
}

const char *
nm_session_mail_root(struct nm_session *s)
{
	if (s == NULL || !nm_session_open(s))
		return NULL;
	return s->mail_root;
}

bool
nm_session_open(struct nm_session *s)
{
	char *error = NULL;
	notmuch_status_t st;

	if (s->tried)
		return s->db != NULL;
	s->tried = true;
	if (!s->opts.enabled) {
		s->error = g_strdup("notmuch is turned off");
		return false;
	}
	st = notmuch_database_open_with_config(NULL, NOTMUCH_DATABASE_MODE_READ_ONLY,
	    s->opts.config_path, NULL, &s->db, &error);
	if (st != NOTMUCH_STATUS_SUCCESS) {
		s->open_failed = true;
		s->error = g_strdup_printf("database unavailable: %s",
		    error ? g_strchomp(error) : notmuch_status_to_string(st));
		free(error);
		if (s->db)
			notmuch_database_destroy(s->db);
		s->db = NULL;
		return false;
	}
	free(error);
	s->mail_root = g_strdup(notmuch_config_get(s->db, NOTMUCH_CONFIG_MAIL_ROOT));
	collect_addresses(s);
	return true;
}

/* Quotes a term for a notmuch query: "..." with inner quotes doubled. */
void
nm_query_append_quoted(GString *q, const char *term)
{
	g_string_append_c(q, '"');
	for (; *term != '\0'; term++) {
		if (*term == '"')
			g_string_append_c(q, '"');
		g_string_append_c(q, *term);
	}
	g_string_append_c(q, '"');
}

gint64
nm_session_dir_mtime(struct nm_session *s, const char *path)
{
	notmuch_directory_t *dir = NULL;
	notmuch_status_t st;
	gint64 mtime = -1;
	int attempt = 0;

	if (s == NULL || s->db == NULL)
		return -1;
	do
		st = notmuch_database_get_directory(s->db, path, &dir);
	while (st != NOTMUCH_STATUS_SUCCESS && nm_session_retry(s, st, &attempt));
	if (st == NOTMUCH_STATUS_SUCCESS && dir != NULL) {
		time_t t = notmuch_directory_get_mtime(dir);
		mtime = t > 0 ? (gint64)t : -1;
		notmuch_directory_destroy(dir);
	}
	return mtime;
}

/* Counts the messages of query q, retrying after reopens. */
notmuch_status_t
nm_session_count(struct nm_session *s, const char *q, unsigned *count)
{
	notmuch_status_t st;
	int attempt = 0;

	do {
		notmuch_query_t *query = notmuch_query_create(s->db, q);
		*count = 0;
		st = query != NULL ? notmuch_query_count_messages(query, count) :
		    NOTMUCH_STATUS_OUT_OF_MEMORY;
		if (query != NULL)
			notmuch_query_destroy(query);
	} while (st != NOTMUCH_STATUS_SUCCESS && nm_session_retry(s, st, &attempt));
	return st;
}

int
nm_session_wrote_to(struct nm_session *s, const char *address, gint64 since,
    const char *subject, const char **why)
{
	GString *q;
	unsigned int count = 0;
	notmuch_status_t st;

	if (s == NULL || !nm_session_open(s)) {
		*why = s != NULL ? s->error : "no database";
		return -1;
	}
	if (s->addresses->len == 0) {
		*why = "the user's addresses are unknown";
		return -1;
	}
	q = g_string_new("to:");
	nm_query_append_quoted(q, address);
	g_string_append_printf(q, " and date:@%" G_GINT64_FORMAT ".. and (", since);
	for (guint i = 0; i < s->addresses->len; i++) {
		g_string_append(q, i ? " or from:" : "from:");
		nm_query_append_quoted(q, g_ptr_array_index(s->addresses, i));
	}
	g_string_append_c(q, ')');
	if (subject != NULL)
		original_subject_terms(q, subject);
	st = nm_session_count(s, q->str, &count);
	g_string_free(q, TRUE);
	if (st != NOTMUCH_STATUS_SUCCESS) {
		*why = notmuch_status_to_string(st);
		return -2;
	}
	return count > 0 ? 1 : 0;
}
