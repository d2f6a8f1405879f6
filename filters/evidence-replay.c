/*
 * evidence-replay.c: is the answer about mail far older than any MTA
 * keeps retrying?
 *
 * MTAs give up on a message after a few days (Postfix and Sendmail 5,
 * Exim 4, Exchange 2), and a delay warning is followed by the final
 * failure within that time.  A bounce of a message whose Date: (or
 * whose DSN Arrival-Date) lies more than REPLAY_DAYS before the bounce
 * was written is not an answer to mail the user sent today: someone
 * sent her old mail again (a copy of a real message, with its real
 * signatures and Message-ID) to a server that bounced it.  That weighs
 * as forged even when the original really was sent, once.
 *
 * The reference is the answer's own Date:, so a stored bounce checked
 * years later is judged as on the day it came; without one, now.  A
 * user whose clock was wrong is protected by the sent log: an ID logged
 * within the window was sent then, whatever its Date: says.
 */
#include "config.h"

#include "evidence.h"

#define SOURCE "replay"
#define REPLAY_DAYS	10	/* twice the longest common MTA retry period */
#define DAY		86400

void
evidence_replay(const struct evidence_config *c, const struct answer *a, GPtrArray *list)
{
	gint64 ref = a->date > 0 ? a->date : c->now, quoted = 0, logged;
	const char *what = "the quoted Date:";
	const GPtrArray *ids = a->rec->original_ids;

	if (a->rec->class != CLASS_BOUNCE && a->rec->class != CLASS_DELAY)
		return;
	if (a->original != NULL)
		quoted = answer_parse_date(g_mime_object_get_header(GMIME_OBJECT(a->original), "Date"));
	if (a->arrival_date > 0 && (quoted == 0 || a->arrival_date < quoted)) {
		quoted = a->arrival_date;
		what = "the DSN's Arrival-Date";
	}
	if (quoted == 0 || ref - quoted <= (gint64)REPLAY_DAYS * DAY)
		return;		/* nothing to say: no entry, like a source not consulted */
	for (guint i = 0; c->sent_log != NULL && ids != NULL && i < ids->len; i++)
		if (sent_log_find_id(c->sent_log, g_ptr_array_index(ids, i), &logged) &&
		    ref - logged <= (gint64)REPLAY_DAYS * DAY) {
			evidence_add(list, SOURCE, EVIDENCE_NO_OPINION, "%s is %" G_GINT64_FORMAT
			    " days old, but the sent log has it %" G_GINT64_FORMAT " days ago", what,
			    (ref - quoted) / DAY, (ref - logged) / DAY);
			return;
		}
	evidence_add(list, SOURCE, EVIDENCE_NOT_SENT, "%s is %" G_GINT64_FORMAT " days before the"
	    " answer, beyond any retry period (%d days): a replay of old mail", what,
	    (ref - quoted) / DAY, REPLAY_DAYS);
}
