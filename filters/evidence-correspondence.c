/*
 * evidence-correspondence.c: for an answer that names no original, did
 * the user write to whoever answered?
 *
 * Debian's vacation and many challenge-response systems quote nothing
 * and set no In-Reply-To, and an original cut short, old sendmail,
 * qmail and CommuniGate texts name no Message-ID, so no log can be
 * searched by ID.  But an auto-reply comes from someone the user wrote
 * to, and a bounce is about a recipient the user wrote to.  So: the
 * auto-replier's address (From:, else the envelope sender), or for a
 * bounce its failed recipients (recipients.c: DSN blocks, including
 * Original-Recipient when Final-Recipient is "system; <>", and the
 * notice text's recipient lines), or, when it names none, the To: and
 * Cc: of the original it quotes, are looked up in the sent log and in
 * notmuch (from:<user> to:<address>) over the last correspondence_days.
 * One address written to is enough; the user's own address (where the
 * answer was delivered) never counts.  For answers that name their
 * original it is asked only when the logs left the verdict open
 * (verdict_settled), and only a letter found counts: a correspondent the
 * user wrote to recently counts for genuine, the logs answer the rest.
 * correspondence_days = 0 turns the stage off.
 * When the stage can say nothing, its detail says why, so that an
 * unverified verdict explains itself.
 */
#include "config.h"

#include <string.h>

#include "evidence.h"
#include "original-match.h"
#include "recipients.h"

#define SOURCE "correspondence"
#define DAY 86400
#define LOOKUPS_MAX	8	/* addresses asked about per answer */

static bool
is_dsn_class(enum msg_class c)
{
	return c == CLASS_BOUNCE || c == CLASS_DELAY || c == CLASS_DELIVERED;
}

/* True if addr is where the answer was delivered: the user, not a correspondent. */
static bool
is_user(const struct answer *a, const char *addr)
{
	for (guint i = 0; a->recipients != NULL && i < a->recipients->len; i++)
		if (g_ascii_strcasecmp(g_ptr_array_index(a->recipients, i), addr) == 0)
			return true;
	return false;
}

/* Adds addr (taken) unless it is NULL, known, or the list is full. */
static void
add_unique(GPtrArray *out, char *addr)
{
	if (addr == NULL)
		return;
	for (guint i = 0; i < out->len; i++)
		if (strcmp(g_ptr_array_index(out, i), addr) == 0) {
			g_free(addr);
			return;
		}
	if (out->len >= LOOKUPS_MAX) {
		g_free(addr);
		return;
	}
	g_ptr_array_add(out, addr);
}

/* The mailboxes of the quoted original's To: and Cc:. */
static void
add_original_recipients(GPtrArray *out, GMimeMessage *original)
{
	static const char *const fields[] = { "To", "Cc" };

	for (gsize t = 0; original != NULL && t < G_N_ELEMENTS(fields); t++) {
		const char *v = g_mime_object_get_header(GMIME_OBJECT(original), fields[t]);
		InternetAddressList *l = v != NULL ? internet_address_list_parse(NULL, v) : NULL;
		for (int i = 0; l != NULL && i < internet_address_list_length(l); i++) {
			InternetAddress *ia = internet_address_list_get_address(l, i);
			const char *m;
			if (INTERNET_ADDRESS_IS_MAILBOX(ia) &&
			    (m = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia))) != NULL &&
			    strchr(m, '@') != NULL)
				add_unique(out, g_ascii_strdown(m, -1));
		}
		if (l != NULL)
			g_object_unref(l);
	}
}

/*
 * The addresses to look up (char *, owned), and in *what what they
 * are, for the detail.
 */
static GPtrArray *
counterparts(const struct answer *a, const char **what)
{
	GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
	const GPtrArray *rl = a->rec->recipients;

	if (!is_dsn_class(a->rec->class)) {
		*what = "sender";
		if (a->sender != NULL)
			add_unique(out, g_strdup(a->sender));
		else if (a->envelope_sender != NULL && *a->envelope_sender != '\0')
			add_unique(out, g_strdup(a->envelope_sender));
		return out;
	}
	*what = "failed recipient";
	for (guint i = 0; rl != NULL && i < rl->len; i++)
		add_unique(out, answer_address(((struct recipient *)g_ptr_array_index(rl, i))->address));
	if (out->len == 0)
		add_unique(out, answer_address(a->rec->failed_recipient));
	if (out->len == 0) {
		*what = "recipient of the quoted original";
		add_original_recipients(out, a->original);
	}
	/* Mail the user wrote to herself proves nothing about a bounce
	 * that names her own address (a forger's text may). */
	for (guint i = out->len; i-- > 0;)
		if (is_user(a, g_ptr_array_index(out, i)))
			g_ptr_array_remove_index(out, i);
	return out;
}

/*
 * For an answer that names an original no record holds, the subject of
 * the original it quotes (normalised), or NULL.  Writing to a failed
 * recipient is then a sign only when it was about that subject: a
 * forger (or a worm on a friend's machine) writes to the user's own
 * correspondents too, but not in her words.
 */
static char *
quoted_subject(const struct answer *a, bool named)
{
	const char *subject;

	if (!named || a->original == NULL)
		return NULL;
	subject = g_mime_message_get_subject(a->original);
	return subject != NULL ? original_subject_normalise(subject) : NULL;
}

void
evidence_correspondence(const struct evidence_config *c, const struct answer *a,
    struct nm_session *nm, GPtrArray *list)
{
	gint64 since = c->now - (gint64)c->correspondence_days * DAY, when;
	const char *why = NULL, *what, *error = NULL;
	GPtrArray *addrs;
	int nmr, unknown = 0;
	char *about;
	bool found = false;
	bool named = a->rec->original_ids != NULL && a->rec->original_ids->len > 0;

	if (c->correspondence_days == 0)
		return;
	addrs = counterparts(a, &what);
	if (named && addrs->len == 0) {
		g_ptr_array_unref(addrs);
		return;
	}
	if (addrs->len == 0) {
		if (is_dsn_class(a->rec->class))
			evidence_add(list, SOURCE, EVIDENCE_NO_OPINION, "no address to look up: the"
			    " answer names no failed recipient and quotes no original's To:");
		else
			evidence_add(list, SOURCE, EVIDENCE_NO_OPINION, "no sender address to look up");
		g_ptr_array_unref(addrs);
		return;
	}
	about = quoted_subject(a, named);
	for (guint i = 0; i < addrs->len; i++) {
		const char *addr = g_ptr_array_index(addrs, i);
		if (about == NULL && c->sent_log != NULL &&
		    sent_log_find_address(c->sent_log, addr, &when) && when >= since) {
			evidence_add(list, SOURCE, EVIDENCE_SENT, "you wrote to %.200s (sent log)", addr);
			found = true;
			break;
		}
		if ((nmr = nm_session_wrote_to(nm, addr, since, about, &why)) == 1) {
			evidence_add(list, SOURCE, EVIDENCE_SENT, "you wrote to %.200s%s%.200s%s (notmuch)",
			    addr, about ? " about \"" : "", about ? about : "", about ? "\"" : "");
			found = true;
			break;
		}
		if (nmr == -2 && error == NULL)
			error = why;
		unknown += nmr == -1;
	}
	g_free(about);
	if (found) {
		g_ptr_array_unref(addrs);
		return;
	}
	if (named)
		;	/* the logs answered for the original: no letter, nothing to add */
	else if (error != NULL)	/* an error is not "you did not write" */
		evidence_add(list, SOURCE, EVIDENCE_NO_OPINION, "error (notmuch: %s)", error);
	else if (unknown == (int)addrs->len && c->sent_log == NULL)
		evidence_add(list, SOURCE, EVIDENCE_NO_OPINION, "no sent log, and notmuch: %s", why);
	else if (addrs->len > 1)
		evidence_add(list, SOURCE, EVIDENCE_NOT_SENT, "you have not written to %.200s nor"
		    " %u other %s address(es) in %d days", (const char *)g_ptr_array_index(addrs, 0),
		    addrs->len - 1, what, c->correspondence_days);
	else
		evidence_add(list, SOURCE, EVIDENCE_NOT_SENT, "you have not written to %.200s in"
		    " %d days", (const char *)g_ptr_array_index(addrs, 0), c->correspondence_days);
	g_ptr_array_unref(addrs);
}
