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

#include <string.h>

#include "evidence.h"

#define SOURCE "replay"
#define REPLAY_DAYS	10	/* twice the longest common MTA retry period */
#define DAY		86400
#define WINDOW		((gint64)REPLAY_DAYS * DAY)

/* An RFC 5322 date as Unix time; 0 if absent or unparseable. */
static gint64
parse_date(const char *value)
{
	GDateTime *t = value != NULL ? g_mime_utils_header_decode_date(value) : NULL;
	gint64 when = t != NULL ? g_date_time_to_unix(t) : 0;

	if (t != NULL)
		g_date_time_unref(t);
	return when > 0 ? when : 0;
}

#define STATUS_MAX	(16 * 1024)	/* bytes of a delivery-status part read */

/* The Arrival-Date of a DSN's per-message fields (its first block). */
static gint64
arrival_date(GMimeMessage *msg)
{
	GMimeObject *top = g_mime_message_get_mime_part(msg);
	int n = top != NULL && GMIME_IS_MULTIPART(top) ? g_mime_multipart_get_count(GMIME_MULTIPART(top)) : 0;
	gint64 when = 0;

	for (int i = 0; i < n && i < MIME_MAX_PARTS && when == 0; i++) {
		GMimeObject *part = g_mime_multipart_get_part(GMIME_MULTIPART(top), i);
		GMimeContentType *ct = g_mime_object_get_content_type(part);
		GByteArray *bytes;
		char *text, *hit, *end;
		if (!GMIME_IS_PART(part) || ct == NULL ||
		    (!g_mime_content_type_is_type(ct, "message", "delivery-status") &&
		    !g_mime_content_type_is_type(ct, "message", "global-delivery-status")))
			continue;
		if ((bytes = mime_part_bytes(GMIME_PART(part), STATUS_MAX)) == NULL)
			continue;
		text = g_ascii_strdown((const char *)bytes->data, (gssize)bytes->len);
		g_byte_array_unref(bytes);
		/* the per-message block comes first; the field may also be the first line */
		hit = strncmp(text, "arrival-date:", 13) == 0 ? text : strstr(text, "\narrival-date:");
		if (hit != NULL) {
			hit = strchr(hit, ':') + 1;
			if ((end = strchr(hit, '\n')) != NULL)
				*end = '\0';
			when = parse_date(hit);
		}
		g_free(text);
	}
	return when;
}


/* When the answer was written: its own Date:, else now (and never in the future). */
static gint64
answer_time(const struct evidence_config *c, const struct answer *a)
{
	gint64 t = a->message != NULL ?
	    parse_date(g_mime_object_get_header(GMIME_OBJECT(a->message), "Date")) : 0;

	return t > 0 && t < c->now + DAY ? t : c->now;
}

void
evidence_replay(const struct evidence_config *c, const struct answer *a, GPtrArray *list)
{
	gint64 ref, quoted = 0, arrival, logged;
	const char *what = "the quoted Date:";
	const GPtrArray *ids = a->rec->original_ids;

	if (a->rec->class != CLASS_BOUNCE && a->rec->class != CLASS_DELAY)
		return;
	if (a->original != NULL)
		quoted = parse_date(g_mime_object_get_header(GMIME_OBJECT(a->original), "Date"));
	/* a recent quoted Date: settles it without reading anything else */
	if (quoted > 0 && c->now - quoted <= WINDOW)
		return;
	ref = answer_time(c, a);
	arrival = a->message != NULL ? arrival_date(a->message) : 0;
	if (arrival > 0 && (quoted == 0 || arrival < quoted)) {
		quoted = arrival;
		what = "the DSN's Arrival-Date";
	}
	if (quoted == 0 || ref - quoted <= WINDOW)
		return;		/* nothing to say: no entry, like a source not consulted */
	for (guint i = 0; c->sent_log != NULL && ids != NULL && i < ids->len; i++)
		if (sent_log_find_id(c->sent_log, g_ptr_array_index(ids, i), &logged) &&
		    ref - logged <= WINDOW) {
			evidence_add(list, SOURCE, EVIDENCE_NO_OPINION, "%s is %" G_GINT64_FORMAT
			    " days old, but the sent log has it %" G_GINT64_FORMAT " days ago", what,
			    (ref - quoted) / DAY, (ref - logged) / DAY);
			return;
		}
	evidence_add(list, SOURCE, EVIDENCE_NOT_SENT, "%s is %" G_GINT64_FORMAT " days before the"
	    " answer, beyond any retry period (%d days): a replay of old mail", what,
	    (ref - quoted) / DAY, REPLAY_DAYS);
}
