/*
 * original-match.c: the quoted original against the user's sent mail,
 * by what the message said rather than by its Message-ID.
 *
 * Two mistakes of an ID lookup alone are caught here.  Outlook.com,
 * Office 365 and some webmail and list servers replace the Message-ID
 * the client chose, so a genuine bounce quotes an ID that is nowhere:
 * the sent copy is found by recipient AND subject AND a date window
 * instead (one bounded notmuch query of quoted terms, never a scan).
 * And spam may reuse the Message-ID of the user's public list post, so
 * an ID found as sent is also compared with what the bounce quotes:
 * other recipients, another subject, a Date days away, or a path
 * through a stranger's machine before the user's submission.
 *
 * The same message keeps its From, To, Cc, Subject and Date headers
 * from the client to the bounce, but a quoted original normally has
 * more Received: lines than the sent copy (the user's own relays),
 * subjects gain "Re:" or "[list]" tags and change their encoding, and
 * a list or alias may stand for the recipient.  So values are
 * normalised and only a clear contradiction counts: a Date days away
 * together with two of the others (test fixtures and careless copies
 * differ in one or two headers; spam reusing an old post's ID differs
 * in all).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "nm-session.h"
#include "original-match.h"
#include "submission.h"

#define DAY			86400
#define MATCH_WINDOW		3600		/* the quoted Date's window, each way: the
					 * same message has the same Date: */
#define CONTRADICTING_DAYS	3		/* a Date this far away is one sign */
#define MATCH_RESULTS_MAX	20		/* sent copies looked at per match */
#define RECIPIENTS_MAX		8		/* recipients put into the query */
#define SUBJECT_WORDS_MAX	12
#define WORD_MAX		64		/* bytes of a subject word put into the query */
#define ADDRESS_MAX		254		/* RFC 5321's longest path */

/* Reply and forward prefixes of mail clients in many languages. */
static const char *const prefixes[] = {
	"re", "fw", "fwd", "aw", "wg", "sv", "vs", "antw", "doorst", "rif", "r",
	"ref", "réf", "enc", "res", "odp", "pd", "ynt", "vl", "rv", "fs", "atb", "tr",
};

/* Drops one "Re:" or "[tag]" at the start of s; false if there is none. */
static bool
drop_prefix(const char **s)
{
	const char *p = *s, *end;

	while (*p == ' ')
		p++;
	if (*p == '[' && (end = strchr(p, ']')) != NULL && end - p < 64) {
		*s = end + 1;
		return true;
	}
	for (size_t i = 0; i < G_N_ELEMENTS(prefixes); i++) {
		size_t n = strlen(prefixes[i]);
		if (g_ascii_strncasecmp(p, prefixes[i], n) != 0)
			continue;
		end = p + n;
		if (*end == '[' || *end == '(')	/* "Re[2]:", "AW(2):" */
			end = strpbrk(end, "])") ? strpbrk(end, "])") + 1 : end;
		if (*end == ':' || (end[0] == ' ' && end[1] == ':')) {
			*s = end + (*end == ':' ? 1 : 2);
			return true;
		}
	}
	return false;
}

char *
original_subject_normalise(const char *subject)
{
	GString *out;
	char *folded;
	bool blank = true;

	if (subject == NULL || !g_utf8_validate(subject, -1, NULL))
		return NULL;
	for (int i = 0; i < 16 && drop_prefix(&subject); i++)
		;
	out = g_string_new(NULL);
	for (const char *p = subject; *p != '\0'; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (!g_unichar_isalnum(c)) {
			if (!blank)
				g_string_append_c(out, ' ');
			blank = true;
			continue;
		}
		g_string_append_unichar(out, c);
		blank = false;
	}
	g_strchomp(out->str);
	folded = g_utf8_casefold(out->str, -1);
	g_string_free(out, TRUE);
	if (*folded == '\0')
		g_clear_pointer(&folded, g_free);
	return folded;
}

/* The To: and Cc: addresses of msg, lower-case, into out. */
static void
add_recipients(GMimeMessage *msg, GPtrArray *out)
{
	static const char *const fields[] = { "To", "Cc", "Bcc" };

	for (size_t f = 0; f < G_N_ELEMENTS(fields); f++) {
		const char *v = g_mime_object_get_header(GMIME_OBJECT(msg), fields[f]);
		InternetAddressList *l = v != NULL ? internet_address_list_parse(NULL, v) : NULL;
		for (int i = 0; l != NULL && i < internet_address_list_length(l) && out->len < 64; i++) {
			InternetAddress *a = internet_address_list_get_address(l, i);
			const char *addr;
			if (INTERNET_ADDRESS_IS_MAILBOX(a) &&
			    (addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(a))) != NULL &&
			    strchr(addr, '@') != NULL && strlen(addr) <= ADDRESS_MAX)
				g_ptr_array_add(out, g_ascii_strdown(addr, -1));
		}
		if (l != NULL)
			g_object_unref(l);
	}
}

/* The Unix time of msg's Date:, or -1. */
static gint64
date_of(GMimeMessage *msg)
{
	const char *v = g_mime_object_get_header(GMIME_OBJECT(msg), "Date");
	GDateTime *t = v != NULL ? g_mime_utils_header_decode_date(v) : NULL;
	gint64 u;

	if (t == NULL)
		return -1;
	u = g_date_time_to_unix(t);
	g_date_time_unref(t);
	return u > 0 ? u : -1;	/* GMime gives the epoch for a date it cannot read */
}

static bool
shares_address(GPtrArray *a, GPtrArray *b)
{
	for (guint i = 0; i < a->len; i++)
		for (guint j = 0; j < b->len; j++)
			if (strcmp(g_ptr_array_index(a, i), g_ptr_array_index(b, j)) == 0)
				return true;
	return false;
}

static bool
subjects_differ(GMimeMessage *copy, GMimeMessage *original)
{
	char *a = original_subject_normalise(g_mime_message_get_subject(copy));
	char *b = original_subject_normalise(g_mime_message_get_subject(original));
	bool differ = a != NULL && b != NULL && strstr(a, b) == NULL && strstr(b, a) == NULL;

	g_free(a);
	g_free(b);
	return differ;
}

/*
 * Did the quoted original pass a stranger's machine before the user's
 * submission?  Its Received: lines, oldest (lowest) first: a hop from
 * outside below the lowest submission hop.
 */
static bool
stranger_before_submission(GMimeMessage *original)
{
	GMimeHeaderList *hl = g_mime_object_get_header_list(GMIME_OBJECT(original));
	int n = g_mime_header_list_get_count(hl), seen = 0;
	bool outside_below = false;

	for (int i = n - 1; i >= 0 && seen < SUBMISSION_RECEIVED_MAX; i--) {
		GMimeHeader *h = g_mime_header_list_get_header_at(hl, i);
		const char *v;
		if (g_ascii_strcasecmp(g_mime_header_get_name(h), "Received") != 0 ||
		    (v = g_mime_header_get_value(h)) == NULL)
			continue;
		seen++;
		if (submission_hop(v, NULL))
			return outside_below;
		outside_below = outside_below || received_from_outside(v);
	}
	return false;
}

bool
original_contradicts(GMimeMessage *copy, GMimeMessage *original, GString *why)
{
	GPtrArray *mine = g_ptr_array_new_with_free_func(g_free);
	GPtrArray *quoted = g_ptr_array_new_with_free_func(g_free);
	gint64 a = date_of(copy), b = date_of(original);
	int signs = 0;
	bool far;

	add_recipients(copy, mine);
	add_recipients(original, quoted);
	far = a > 0 && b > 0 && (a > b ? a - b : b - a) >= CONTRADICTING_DAYS * DAY;
	if (far)
		g_string_append_printf(why, "a Date %" G_GINT64_FORMAT " days away",
		    (a > b ? a - b : b - a) / DAY);
	if (mine->len > 0 && quoted->len > 0 && !shares_address(mine, quoted) && ++signs)
		g_string_append_printf(why, "%sother recipients", why->len ? ", " : "");
	if (subjects_differ(copy, original) && ++signs)
		g_string_append_printf(why, "%sanother subject", why->len ? ", " : "");
	if (stranger_before_submission(original) && ++signs)
		g_string_append_printf(why, "%sa stranger's machine before the submission",
		    why->len ? ", " : "");
	g_ptr_array_unref(mine);
	g_ptr_array_unref(quoted);
	return far && signs >= 2;
}

/* The normalised subject's words as quoted subject: terms, into q. */
void
original_subject_terms(GString *q, const char *subject)
{
	char **words = g_strsplit(subject, " ", -1);
	int n = 0;

	for (char **w = words; *w != NULL && n < SUBJECT_WORDS_MAX; w++) {
		if (**w == '\0' || strlen(*w) > WORD_MAX)
			continue;	/* no such term is indexed; it could only fail the query */
		g_string_append(q, " and subject:");
		nm_query_append_quoted(q, *w);
		n++;
	}
	g_strfreev(words);
}

/*
 * The query for the user's mail to one of rcpts with subject words, near
 * t.  from, the original's own From address, is asked for too when it is
 * the user's in a form her addresses do not name: notmuch's
 * from:"alice@example.org" does not find alice+shop@example.org.
 */
static char *
match_query(const struct nm_session *s, GPtrArray *rcpts, const char *subject, gint64 t,
    const char *from)
{
	GString *q = g_string_new("(");

	for (guint i = 0; i < s->addresses->len; i++) {
		g_string_append(q, i ? " or from:" : "from:");
		nm_query_append_quoted(q, g_ptr_array_index(s->addresses, i));
	}
	if (from != NULL && nm_session_is_user(s, from)) {
		g_string_append(q, " or from:");
		nm_query_append_quoted(q, from);
	}
	g_string_append(q, ") and (");
	for (guint i = 0; i < rcpts->len && i < RECIPIENTS_MAX; i++) {
		g_string_append(q, i ? " or to:" : "to:");
		nm_query_append_quoted(q, g_ptr_array_index(rcpts, i));
	}
	g_string_append_printf(q, ") and date:@%" G_GINT64_FORMAT "..@%" G_GINT64_FORMAT,
	    t - MATCH_WINDOW, t + MATCH_WINDOW);
	original_subject_terms(q, subject);
	return g_string_free(q, FALSE);
}

/* Looks at the first results of q for a copy that counts as sent. */
static notmuch_status_t
first_sent_copy(struct nm_session *s, const char *q, char **id, const char **why)
{
	notmuch_query_t *query = notmuch_query_create(s->db, q);
	notmuch_messages_t *msgs = NULL;
	notmuch_status_t st;
	int seen = 0;

	if (query == NULL)
		return NOTMUCH_STATUS_OUT_OF_MEMORY;
	notmuch_query_set_sort(query, NOTMUCH_SORT_NEWEST_FIRST);
	st = notmuch_query_search_messages(query, &msgs);
	for (; st == NOTMUCH_STATUS_SUCCESS && *id == NULL && notmuch_messages_valid(msgs) &&
	    seen++ < MATCH_RESULTS_MAX; notmuch_messages_move_to_next(msgs)) {
		notmuch_message_t *m = notmuch_messages_get(msgs);
		bool ghost;
		if (m == NULL)
			continue;
		st = nm_copy_is_sent(s, m, why, &ghost, NULL);
		if (st == NOTMUCH_STATUS_SUCCESS && *why != NULL)
			*id = g_strdup(notmuch_message_get_message_id(m));
		if (st == NOTMUCH_STATUS_FILE_ERROR)
			st = NOTMUCH_STATUS_SUCCESS;	/* this one's file is gone: the next */
		notmuch_message_destroy(m);
	}
	notmuch_query_destroy(query);	/* also the messages */
	return st;
}

notmuch_status_t
original_match(struct nm_session *s, GMimeMessage *original, char **id, const char **why)
{
	GPtrArray *rcpts = g_ptr_array_new_with_free_func(g_free);
	char *subject = original_subject_normalise(g_mime_message_get_subject(original));
	gint64 t = date_of(original);
	notmuch_status_t st = NOTMUCH_STATUS_SUCCESS;
	int attempt = 0;

	*id = NULL;
	*why = NULL;
	add_recipients(original, rcpts);
	if (rcpts->len > 0 && subject != NULL && t > 0 && s->addresses->len > 0) {
		char *from = answer_address(g_mime_object_get_header(GMIME_OBJECT(original), "From"));
		char *q = match_query(s, rcpts, subject, t, from);
		g_free(from);
		do {
			g_clear_pointer(id, g_free);
			st = first_sent_copy(s, q, id, why);
		} while (st != NOTMUCH_STATUS_SUCCESS && nm_session_retry(s, st, &attempt));
		g_free(q);
	}
	g_free(subject);
	g_ptr_array_unref(rcpts);
	return st;
}
