/*
 * recognise-feedback.c: RFC 5965 abuse feedback reports (ARF).
 *
 * A complaint from a mailbox provider or a DMARC forensic report:
 * multipart/report; report-type=feedback-report, with the complained-of
 * message attached.  If we never sent that message, the complaint is
 * backscatter like any bounce.  Only the top-level type counts.
 *
 * Vendor formats: Microsoft's JMRP/SNDS loop (Hotmail, Outlook.com)
 * sends multipart/mixed with the complained-of message attached, and
 * marks that copy with X-HmXmrOriginalRecipient; the marker is only
 * ever written by that loop.
 */
#include "filter.h"

static bool	match(GMimeMessage *, const struct envelope *,
		    struct recognition *);
static bool	has_child_type(GMimeMultipart *mp, const char *subtype);
static bool	jmrp(GMimeMultipart *mp);

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
	    "report")) {
		if (!jmrp(GMIME_MULTIPART(top)))
			return false;
		recognition_set(r, CLASS_FEEDBACK, "feedback",
		    "Microsoft JMRP complaint (X-HmXmrOriginalRecipient)");
		return true;
	}
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

/* True if a direct message/rfc822 child carries the JMRP marker. */
static bool
jmrp(GMimeMultipart *mp)
{
	GMimeObject	*child;
	GMimeMessage	*inner;
	int		 i, n;

	n = g_mime_multipart_get_count(mp);
	for (i = 0; i < n && i < MIME_MAX_PARTS; i++) {
		child = g_mime_multipart_get_part(mp, i);
		if (!GMIME_IS_MESSAGE_PART(child))
			continue;
		inner = g_mime_message_part_get_message(
		    GMIME_MESSAGE_PART(child));
		if (inner != NULL && g_mime_object_get_header(
		    GMIME_OBJECT(inner), "X-HmXmrOriginalRecipient") != NULL)
			return true;
	}
	return false;
}
