/*
 * evidence-notmuch.c: is the original in the user's notmuch database as
 * a message the user sent?
 *
 * Finding the Message-ID is not enough: a spammer's forgery is often
 * delivered to the user too, and that copy is in the database.  A hit
 * counts as sent only if it carries the sent tag, lies in a sent folder,
 * or is From one of the user's addresses and has no Received: header
 * (it never passed through an MTA on its way to us).
 *
 * The database is opened read-only: readers never wait for Xapian's
 * write lock.  It is opened once per message, on first use, and shared
 * with the correspondence stage (nm_session).  A delivery that then
 * quarantines the message takes the handle over (nm_session_take_db)
 * and reopens it read-write to index the message, rather than opening
 * the database a second time.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <notmuch.h>

#include "evidence.h"

#define SOURCE "notmuch"

struct nm_session {
	struct notmuch_evidence_opts opts;	/* a copy; its strings are borrowed */
	notmuch_database_t *db;
	const char *mail_root;
	GPtrArray *addresses;	/* char *, lower-case, owned */
	bool tried;		/* open was attempted */
	char *error;		/* why it could not be opened */
	bool open_failed;	/* enabled, and libnotmuch refused to open it */
};

static bool
has_tag(notmuch_message_t *m, const char *tag)
{
	notmuch_tags_t *tags = notmuch_message_get_tags(m);
	bool found = false;

	for (; !found && notmuch_tags_valid(tags); notmuch_tags_move_to_next(tags))
		found = strcmp(notmuch_tags_get(tags), tag) == 0;
	notmuch_tags_destroy(tags);
	return found;
}

/* Does a path component below the mail root equal a sent folder name? */
static bool
path_in_sent_folder(const struct nm_session *l, const char *path)
{
	size_t rootlen = l->mail_root ? strlen(l->mail_root) : 0;
	char **parts;
	bool found = false;

	if (rootlen > 0 && strncmp(path, l->mail_root, rootlen) == 0 && path[rootlen] == '/')
		path += rootlen + 1;
	parts = g_strsplit(path, "/", -1);
	for (char **p = parts; !found && *p != NULL && p[1] != NULL; p++)
		for (char **f = l->opts.sent_folders; !found && f && *f; f++)
			found = strcmp(*p, *f) == 0;
	g_strfreev(parts);
	return found;
}

static bool
in_sent_folder(const struct nm_session *l, notmuch_message_t *m)
{
	notmuch_filenames_t *names = notmuch_message_get_filenames(m);
	bool found = false;

	for (; !found && notmuch_filenames_valid(names); notmuch_filenames_move_to_next(names))
		found = path_in_sent_folder(l, notmuch_filenames_get(names));
	notmuch_filenames_destroy(names);
	return found;
}

/* The first mailbox of a From: value, lower-case; NULL if none. */
static char *
from_address(const char *from)
{
	InternetAddressList *list = internet_address_list_parse(NULL, from);
	char *addr = NULL;

	if (list == NULL)
		return NULL;
	for (int i = 0; addr == NULL && i < internet_address_list_length(list); i++) {
		InternetAddress *a = internet_address_list_get_address(list, i);
		if (INTERNET_ADDRESS_IS_MAILBOX(a))
			addr = g_ascii_strdown(internet_address_mailbox_get_addr(
			    INTERNET_ADDRESS_MAILBOX(a)), -1);
	}
	g_object_unref(list);
	return addr;
}

static bool
from_user_unrelayed(const struct nm_session *l, notmuch_message_t *m)
{
	const char *from = notmuch_message_get_header(m, "from");
	const char *received = notmuch_message_get_header(m, "received");
	char *addr;
	bool mine = false;

	if (from == NULL || received == NULL || *received != '\0')
		return false;
	addr = from_address(from);
	for (guint i = 0; addr != NULL && !mine && i < l->addresses->len; i++)
		mine = strcmp(addr, g_ptr_array_index(l->addresses, i)) == 0;
	g_free(addr);
	return mine;
}

/* Why the message counts as sent, or NULL. */
static const char *
sent_reason(const struct nm_session *l, notmuch_message_t *m)
{
	if (l->opts.sent_tag && *l->opts.sent_tag && has_tag(m, l->opts.sent_tag))
		return "carries the sent tag";
	if (in_sent_folder(l, m))
		return "is in a sent folder";
	if (from_user_unrelayed(l, m))
		return "is from the user with no Received: header";
	return NULL;
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
	s->mail_root = NULL;	/* it lived in the handle */
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
	g_free(s->error);
	g_free(s);
}

/* Opens the database on first use; false with s->error when it cannot. */
static bool
session_open(struct nm_session *s)
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
	s->mail_root = notmuch_config_get(s->db, NOTMUCH_CONFIG_MAIL_ROOT);
	collect_addresses(s);
	return true;
}

static void
judge(struct nm_session *l, const struct recognition *r, GPtrArray *list)
{
	const char *first_found = NULL;

	for (guint i = 0; i < r->original_ids->len; i++) {
		const char *id = g_ptr_array_index(r->original_ids, i);
		notmuch_message_t *m = NULL;
		const char *why;

		if (notmuch_database_find_message(l->db, id, &m) != NOTMUCH_STATUS_SUCCESS ||
		    m == NULL)
			continue;
		why = sent_reason(l, m);
		notmuch_message_destroy(m);
		if (why != NULL) {
			evidence_add(list, SOURCE, EVIDENCE_SENT, "<%s> %s", id, why);
			return;
		}
		if (first_found == NULL)
			first_found = id;
	}
	if (first_found != NULL)
		evidence_add(list, SOURCE, EVIDENCE_NOT_SENT,
		    "<%s> is in the database but arrived from outside", first_found);
	else
		evidence_add(list, SOURCE, EVIDENCE_NOT_SENT,
		    "no message with %s<%s>", r->original_ids->len > 1 ? "any of the ids, e.g. " : "id ",
		    (const char *)g_ptr_array_index(r->original_ids, 0));
}

void
evidence_notmuch(struct nm_session *s, const struct recognition *r, GPtrArray *list)
{
	if (!s->opts.enabled) {
		evidence_add(list, SOURCE, EVIDENCE_NO_OPINION, "notmuch is turned off");
		return;
	}
	if (r->original_ids == NULL || r->original_ids->len == 0) {
		evidence_add(list, SOURCE, EVIDENCE_NO_OPINION, "the answer names no original Message-ID");
		return;
	}
	if (!session_open(s)) {
		evidence_add(list, SOURCE, EVIDENCE_NO_OPINION, "%s", s->error);
		return;
	}
	judge(s, r, list);
}

/* Quotes a term for a notmuch query: "..." with inner quotes doubled. */
static void
append_quoted(GString *q, const char *term)
{
	g_string_append_c(q, '"');
	for (; *term != '\0'; term++) {
		if (*term == '"')
			g_string_append_c(q, '"');
		g_string_append_c(q, *term);
	}
	g_string_append_c(q, '"');
}

const char *
nm_session_open_error(const struct nm_session *s)
{
	return s != NULL && s->open_failed ? s->error : NULL;
}

int
nm_session_wrote_to(struct nm_session *s, const char *address, gint64 since,
    const char **why)
{
	GString *q;
	notmuch_query_t *query;
	unsigned int count = 0;
	notmuch_status_t st;

	if (s == NULL || !session_open(s)) {
		*why = s != NULL ? s->error : "no database";
		return -1;
	}
	if (s->addresses->len == 0) {
		*why = "the user's addresses are unknown";
		return -1;
	}
	q = g_string_new("to:");
	append_quoted(q, address);
	g_string_append_printf(q, " and date:@%" G_GINT64_FORMAT ".. and (", since);
	for (guint i = 0; i < s->addresses->len; i++) {
		g_string_append(q, i ? " or from:" : "from:");
		append_quoted(q, g_ptr_array_index(s->addresses, i));
	}
	g_string_append_c(q, ')');
	query = notmuch_query_create(s->db, q->str);
	st = query != NULL ? notmuch_query_count_messages(query, &count) : NOTMUCH_STATUS_OUT_OF_MEMORY;
	if (query != NULL)
		notmuch_query_destroy(query);
	g_string_free(q, TRUE);
	if (st != NOTMUCH_STATUS_SUCCESS) {
		*why = notmuch_status_to_string(st);
		return -1;
	}
	return count > 0 ? 1 : 0;
}
