/*
 * recognise-feedback.c: RFC 5965 abuse feedback reports (ARF).
 *
 * A complaint from a mailbox provider or a DMARC forensic report:
 * multipart/report; report-type=feedback-report, with the complained-of
 * message attached.  If we never sent that message, the complaint is
 * backscatter like any bounce.  Only the top-level type counts.
 */
#include "filter.h"

static bool	match(GMimeMessage *, const struct envelope *,
		    struct recognition *);
static bool	has_child_type(GMimeMultipart *mp, const char *subtype);

const struct recogniser recogniser_feedback = {
	.name = "feedback",
	.match = match,
};

static bool
match(GMimeMessage *msg, const struct envelope *env, struct recognition *r)
{
	GMimeObject	*top;
	GMimeContentType *ct;
	const char	*rtype;

	top = g_mime_message_get_mime_part(msg);
	if (top == NULL || !GMIME_IS_MULTIPART(top))
		return false;
	ct = g_mime_object_get_content_type(top);
	if (ct == NULL || !g_mime_content_type_is_type(ct, "multipart",
	    "report"))
		return false;
	rtype = g_mime_content_type_get_parameter(ct, "report-type");
	if (rtype == NULL ? !has_child_type(GMIME_MULTIPART(top),
	    "feedback-report") :
	    g_ascii_strcasecmp(rtype, "feedback-report") != 0)
		return false;
	recognition_set(r, CLASS_FEEDBACK, "feedback", "ARF feedback report");
	return true;
}

/* True if mp has a direct child of type message/<subtype>. */
static bool
has_child_type(GMimeMultipart *mp, const char *subtype)
{
	GMimeContentType *ct;
	int		 i, n;

	n = g_mime_multipart_get_count(mp);
	for (i = 0; i < n && i < MIME_MAX_PARTS; i++) {
		ct = g_mime_object_get_content_type(
		    g_mime_multipart_get_part(mp, i));
		if (ct != NULL && g_mime_content_type_is_type(ct, "message",
		    subtype))
			return true;
	}
	return false;
}
