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

#define REPORT_WINDOW	(2 * 86400)	/* a delivery report comes within minutes */

/*
 * A delivery report (class delivered) is sent only when the sender asked
 * for one: NOTIFY=SUCCESS, or `sendmail -bv`, for which Postfix makes a
 * probe message with an ID of its own, so no ID of ours is quoted.  The
 * sent log records such requests with their addresses: a report about
 * an address the user sent to or verified within REPORT_WINDOW answers
 * the user.  Adds the entry and returns true if so.
 */
static bool
delivery_report_asked(const struct evidence_config *c, const struct answer *a, GPtrArray *list)
{
	char *addr;
	gint64 when;
	bool found;

	if (a->rec->class != CLASS_DELIVERED ||
	    (addr = answer_address(a->rec->failed_recipient)) == NULL)
		return false;
	found = sent_log_find_address(c->sent_log, addr, &when) && when >= c->now - REPORT_WINDOW;
	if (found)
		evidence_add(list, SOURCE, EVIDENCE_SENT, "a delivery report for %.200s, which you"
		    " sent to or verified %" G_GINT64_FORMAT " s before", addr, c->now - when);
	g_free(addr);
	return found;
}

void
evidence_sent_log(const struct evidence_config *c, const struct answer *a, GPtrArray *list)
{
	const GPtrArray *ids = a->rec->original_ids;
	gint64 when;

	if (c->sent_log == NULL)
		return;
	if (ids == NULL || ids->len == 0) {
		if (delivery_report_asked(c, a, list))
			return;
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
	if (delivery_report_asked(c, a, list))
		return;
	evidence_add(list, SOURCE, EVIDENCE_NOT_SENT, "no message with %s<%.200s> among %u logged",
	    ids->len > 1 ? "any of the ids, e.g. " : "id ",
	    (const char *)g_ptr_array_index(ids, 0), sent_log_size(c->sent_log));
}
