/*
 * evidence-correspondence.c: for an answer that names no original, did
 * the user write to whoever answered?
 *
 * Debian's vacation and many challenge-response systems quote nothing
 * and set no In-Reply-To, so no log can be searched by Message-ID.  But
 * an auto-reply comes from someone the user wrote to, and a bounce is
 * about a recipient the user wrote to.  So: the auto-replier's address
 * (From:, else the envelope sender), or for a bounce the failed
 * recipient, is looked up in the sent log and in notmuch
 * (from:<user> to:<address>) over the last correspondence_days.
 * For answers that name their original it is asked only when the logs
 * left the verdict open (verdict_settled): a correspondent the user
 * wrote to recently counts for genuine.  correspondence_days = 0 turns
 * the stage off.
 */
#include "config.h"

#include "evidence.h"

#define SOURCE "correspondence"
#define DAY 86400

static bool
is_dsn_class(enum msg_class c)
{
	return c == CLASS_BOUNCE || c == CLASS_DELAY || c == CLASS_DELIVERED;
}

/* The address to look up: new string or NULL. */
static char *
counterpart(const struct answer *a)
{
	if (is_dsn_class(a->rec->class))
		return answer_address(a->rec->failed_recipient);
	if (a->sender != NULL)
		return g_strdup(a->sender);
	if (a->envelope_sender != NULL && *a->envelope_sender != '\0')
		return g_strdup(a->envelope_sender);
	return NULL;
}

void
evidence_correspondence(const struct evidence_config *c, const struct answer *a,
    struct nm_session *nm, GPtrArray *list)
{
	gint64 since = c->now - (gint64)c->correspondence_days * DAY, when;
	const char *why = NULL;
	char *addr;
	int nmr;
	bool named = a->rec->original_ids != NULL && a->rec->original_ids->len > 0;

	if (c->correspondence_days == 0)
		return;
	if ((addr = counterpart(a)) == NULL) {
		if (named)
			return;
		evidence_add(list, SOURCE, EVIDENCE_NO_OPINION, "no %s address to look up",
		    is_dsn_class(a->rec->class) ? "failed recipient" : "sender");
		return;
	}
	if (named) {
		/* the logs answered for the original; only a letter to them adds to it */
		if ((c->sent_log != NULL && sent_log_find_address(c->sent_log, addr, &when) &&
		    when >= since) || nm_session_wrote_to(nm, addr, since, &why) == 1)
			evidence_add(list, SOURCE, EVIDENCE_SENT, "you wrote to %.200s", addr);
	} else if (c->sent_log != NULL && sent_log_find_address(c->sent_log, addr, &when) && when >= since)
		evidence_add(list, SOURCE, EVIDENCE_SENT, "you wrote to %.200s (sent log)", addr);
	else if ((nmr = nm_session_wrote_to(nm, addr, since, &why)) == 1)
		evidence_add(list, SOURCE, EVIDENCE_SENT, "you wrote to %.200s (notmuch)", addr);
	else if (nmr == -1 && c->sent_log == NULL)
		evidence_add(list, SOURCE, EVIDENCE_NO_OPINION, "no sent log, and notmuch: %s", why);
	else
		evidence_add(list, SOURCE, EVIDENCE_NOT_SENT, "you have not written to %.200s in"
		    " %d days", addr, c->correspondence_days);
	g_free(addr);
}
