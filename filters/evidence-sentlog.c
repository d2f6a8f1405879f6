/*
 * evidence-sentlog.c: is the original in the sent log that `backstop
 * sendmail` keeps?
 *
 * The log records every message handed to the real sendmail
 * successfully, with the Message-ID the client chose or the signed one
 * we added, so it covers clients that make their own IDs and users who
 * never index their sent mail.  Like notmuch, a miss counts against the
 * answer; only mail sent through `backstop sendmail` is in the log.
 */
#include "config.h"

#include "evidence.h"

#define SOURCE "sent-log"

void
evidence_sent_log(const struct evidence_config *c, const struct answer *a, GPtrArray *list)
{
	const GPtrArray *ids = a->rec->original_ids;
	gint64 when;

	if (c->sent_log == NULL)
		return;
	if (ids == NULL || ids->len == 0) {
		evidence_add(list, SOURCE, EVIDENCE_NO_OPINION, "the answer names no original Message-ID");
		return;
	}
	for (guint i = 0; i < ids->len; i++) {
		const char *id = g_ptr_array_index(ids, i);
		if (sent_log_find_id(c->sent_log, id, &when)) {
			GDateTime *t = g_date_time_new_from_unix_utc(when);
			char *day = t ? g_date_time_format(t, "%F %T") : g_strdup("?");
			evidence_add(list, SOURCE, EVIDENCE_SENT, "<%.200s> was sent at %s UTC", id, day);
			g_free(day);
			if (t)
				g_date_time_unref(t);
			return;
		}
	}
	evidence_add(list, SOURCE, EVIDENCE_NOT_SENT, "no message with %s<%.200s> among %u logged",
	    ids->len > 1 ? "any of the ids, e.g. " : "id ",
	    (const char *)g_ptr_array_index(ids, 0), sent_log_size(c->sent_log));
}
