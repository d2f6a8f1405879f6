/*
 * evidence-notmuch.c: is the original in the user's notmuch database as
 * a message the user sent?
 *
 * Finding the Message-ID is not enough: a spammer's forgery is often
 * delivered to the user too, and that copy is in the database, tagged
 * `sent` by the common recipe `notmuch tag +sent -- from:me`.  A hit
 * counts as sent if it lies in a sent folder (sent-folders.c), or if it
 * came from no outside host (its Received: lines, if any, are the
 * user's own submission, submission.c) and carries the sent tag or is
 * From one of the user's addresses.  A hit that counts as sent is still
 * not sent when the quoted original clearly contradicts it, and an ID
 * found nowhere may have been replaced on the way, so the quoted
 * original is then matched by what it said (original-match.c).
 *
 * An error is never "not found": a lookup that still fails after the
 * retries of nm-session.c gives no opinion with the detail "error (...)",
 * so it weighs nothing.
 *
 * The session (nm-session.c) is shared with the correspondence stage, the
 * sent folders on disk and original-match.c; a delivery that then
 * quarantines the message takes its handle over (nm_session_take_db).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <notmuch.h>

#include "nm-session.h"
#include "original-match.h"
#include "sent-mail.h"
#include "submission.h"

#define SOURCE "notmuch"
#define COPY_PATHS_MAX	4	/* files of one message tried for its header block */

/* Does m carry tag?  An error reading the tags is not "no". */
static notmuch_status_t
has_tag(notmuch_message_t *m, const char *tag, bool *found)
{
	notmuch_tags_t *tags = notmuch_message_get_tags(m);

	*found = false;
	if (tags == NULL)
		return NOTMUCH_STATUS_XAPIAN_EXCEPTION;
	for (; !*found && notmuch_tags_valid(tags); notmuch_tags_move_to_next(tags))
		*found = strcmp(notmuch_tags_get(tags), tag) == 0;
	notmuch_tags_destroy(tags);
	return NOTMUCH_STATUS_SUCCESS;
}

/* Is any file of m in a sent folder?  Keeps the first few paths in paths. */
static notmuch_status_t
scan_filenames(const struct nm_session *s, notmuch_message_t *m, bool *in_sent, GPtrArray *paths)
{
	notmuch_filenames_t *names = notmuch_message_get_filenames(m);

	*in_sent = false;
	if (names == NULL)
		return NOTMUCH_STATUS_XAPIAN_EXCEPTION;
	for (; !*in_sent && notmuch_filenames_valid(names); notmuch_filenames_move_to_next(names)) {
		const char *f = notmuch_filenames_get(names);
		if (f == NULL)
			continue;
		*in_sent = sent_folder_of_path(f, s->mail_root, s->opts.sent_folders);
		if (paths->len < COPY_PATHS_MAX)
			g_ptr_array_add(paths, g_strdup(f));
	}
	notmuch_filenames_destroy(names);
	return NOTMUCH_STATUS_SUCCESS;
}

/* The header block of the first readable file in paths, or NULL. */
static GMimeMessage *
read_copy(GPtrArray *paths)
{
	GMimeMessage *copy = NULL;

	for (guint i = 0; copy == NULL && i < paths->len; i++)
		copy = sent_copy_parse(g_ptr_array_index(paths, i));
	return copy;
}

static bool
copy_from_user(const struct nm_session *s, GMimeMessage *copy)
{
	char *addr = answer_address(g_mime_object_get_header(GMIME_OBJECT(copy), "From"));
	bool mine = nm_session_is_user(s, addr);

	g_free(addr);
	return mine;
}

notmuch_status_t
nm_copy_is_sent(const struct nm_session *s, notmuch_message_t *m, const char **why, bool *ghost,
    GMimeMessage **copy_out)
{
	GPtrArray *paths = g_ptr_array_new_with_free_func(g_free);
	GMimeMessage *copy = NULL;
	notmuch_status_t st;
	bool in_sent = false, tagged = false;

	notmuch_bool_t is_ghost = FALSE;

	*why = NULL;
	/* A ghost only stands for an ID that indexed mail refers to. */
	st = notmuch_message_get_flag_st(m, NOTMUCH_MESSAGE_FLAG_GHOST, &is_ghost);
	if ((*ghost = is_ghost) || st != NOTMUCH_STATUS_SUCCESS)
		goto done;
	if ((st = scan_filenames(s, m, &in_sent, paths)) != NOTMUCH_STATUS_SUCCESS)
		goto done;
	if (in_sent) {
		*why = "is in a sent folder";
		if (copy_out != NULL)
			copy = read_copy(paths);
		goto done;
	}
	if ((copy = read_copy(paths)) == NULL) {
		st = NOTMUCH_STATUS_FILE_ERROR;	/* renamed or removed since it was indexed */
		goto done;
	}
	if (received_chain_outside_hop(copy) != NULL)
		goto done;			/* arrived from outside: proves nothing */
	if (s->opts.sent_tag != NULL && *s->opts.sent_tag != '\0' &&
	    (st = has_tag(m, s->opts.sent_tag, &tagged)) != NOTMUCH_STATUS_SUCCESS)
		goto done;
	if (tagged)
		*why = "carries the sent tag and came from no outside host";
	else if (copy_from_user(s, copy))
		*why = "is from you and came from no outside host";
done:
	if (copy_out != NULL)
		*copy_out = copy;
	else if (copy != NULL)
		g_object_unref(copy);
	g_ptr_array_unref(paths);
	return st;
}

/*
 * Looks id up: SUCCESS with *found and *why (NULL: found, not as sent),
 * or the status of a failure that survived the retries.  With copy not
 * NULL, *copy is the copy's header block when it was found (or NULL).
 */
static notmuch_status_t
look_up(struct nm_session *l, const char *id, bool *found, const char **why,
    GMimeMessage **copy)
{
	notmuch_status_t st;
	int attempt = 0;

	do {
		notmuch_message_t *m = NULL;
		*found = false;
		*why = NULL;
		if (copy != NULL)
			g_clear_object(copy);
		st = notmuch_database_find_message(l->db, id, &m);
		if (st == NOTMUCH_STATUS_SUCCESS && m != NULL) {
			bool ghost;
			st = nm_copy_is_sent(l, m, why, &ghost, copy);
			*found = !ghost;
			notmuch_message_destroy(m);	/* before any reopen */
		}
	} while (st != NOTMUCH_STATUS_SUCCESS && nm_session_retry(l, st, &attempt));
	return st;
}

/*
 * The ID was found as sent: true (and an entry added) if the quoted
 * original clearly contradicts the copy, as when spam reuses the ID of
 * the user's public list post.
 */
static bool
contradicted(const char *id, GMimeMessage *copy, const struct answer *a, GPtrArray *list)
{
	GString *why;
	bool yes;

	if (copy == NULL || a->original == NULL)
		return false;
	why = g_string_new(NULL);
	if ((yes = original_contradicts(copy, a->original, why)))
		evidence_add(list, SOURCE, EVIDENCE_NOT_SENT, "<%s> was sent, but the bounce quotes"
		    " another message under its ID (%s)", id, why->str);
	g_string_free(why, TRUE);
	return yes;
}

/*
 * No ID was found: the sending service may have replaced it.  Adds an
 * entry and returns true if the quoted original matches a sent copy,
 * or if the look failed.
 */
static bool
matched(struct nm_session *l, const struct answer *a, GPtrArray *list)
{
	char *id = NULL;
	const char *why = NULL;
	notmuch_status_t st;

	if (a->original == NULL)
		return false;
	st = original_match(l, a->original, &id, &why);
	if (st != NOTMUCH_STATUS_SUCCESS)
		evidence_add(list, SOURCE, EVIDENCE_NO_OPINION, "error (%s matching the quoted"
		    " original, %u reopens)", notmuch_status_to_string(st), l->reopens);
	else if (id != NULL)
		evidence_add(list, SOURCE, EVIDENCE_SENT, "<%.200s> matches the quoted original by"
		    " recipient, subject and date, and %s (the ID was replaced on the way)", id, why);
	g_free(id);
	return st != NOTMUCH_STATUS_SUCCESS || id != NULL;
}

static void
judge(struct nm_session *l, const struct answer *a, GPtrArray *list)
{
	const struct recognition *r = a->rec;
	const char *first_found = NULL, *failed = NULL;
	notmuch_status_t error = NOTMUCH_STATUS_SUCCESS;

	for (guint i = 0; i < r->original_ids->len; i++) {
		const char *id = g_ptr_array_index(r->original_ids, i), *why;
		GMimeMessage *copy = NULL;
		bool found, against;
		notmuch_status_t st = look_up(l, id, &found, &why, a->original ? &copy : NULL);

		if (st != NOTMUCH_STATUS_SUCCESS) {
			l->lookup_failed = true;
			if (failed == NULL)
				failed = id, error = st;
			continue;		/* another ID may still prove sending */
		}
		l->id_found = l->id_found || found;
		against = why != NULL && contradicted(id, copy, a, list);
		if (copy != NULL)
			g_object_unref(copy);
		if (against)
			return;
		if (why != NULL) {
			evidence_add(list, SOURCE, EVIDENCE_SENT, "<%s> %s", id, why);
			return;
		}
		if (found && first_found == NULL)
			first_found = id;
	}
	if (failed == NULL && first_found == NULL && matched(l, a, list))
		return;
	if (failed != NULL)
		evidence_add(list, SOURCE, EVIDENCE_NO_OPINION, "error (%s looking up <%s>, %u reopens)",
		    error == NOTMUCH_STATUS_FILE_ERROR ? "the copy's file cannot be read" :
		    notmuch_status_to_string(error), failed, l->reopens);
	else if (first_found != NULL)
		evidence_add(list, SOURCE, EVIDENCE_NOT_SENT,
		    "<%s> is in the database but arrived from outside", first_found);
	else
		evidence_add(list, SOURCE, EVIDENCE_NOT_SENT,
		    "no message with %s<%s>", r->original_ids->len > 1 ? "any of the ids, e.g. " : "id ",
		    (const char *)g_ptr_array_index(r->original_ids, 0));
}

void
evidence_notmuch(struct nm_session *s, const struct answer *a, GPtrArray *list)
{
	const struct recognition *r = a->rec;

	if (!s->opts.enabled) {
		evidence_add(list, SOURCE, EVIDENCE_NO_OPINION, "notmuch is turned off");
		return;
	}
	if (r->original_ids == NULL || r->original_ids->len == 0) {
		evidence_add(list, SOURCE, EVIDENCE_NO_OPINION, "the answer names no original Message-ID");
		return;
	}
	if (!nm_session_open(s)) {
		evidence_add(list, SOURCE, EVIDENCE_NO_OPINION, "error (%s)", s->error);
		return;
	}
	/* notmuch's config may name none of them (no [user] section, an alias) */
	nm_session_add_addresses(s, a->recipients);
	judge(s, a, list);
}
