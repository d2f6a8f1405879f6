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
 *
 * Loose reports: DMARC failure reporters and small feedback loops send
 * multipart/mixed (or a report with no report-type) whose report part
 * is message/feedback-report, or a text or octet-stream part (often
 * base64) holding the same fields.  Such a part counts when it holds a
 * Feedback-Type: line and another ARF field, beside an attached
 * original (message/rfc822 or text/rfc822-headers).  AOL's older
 * loop sends only its sentence ("This is an email abuse report") and
 * the original attached.
 *
 * Reporting services that quote the complained-of message in plain
 * text: SpamCop titles every report "[SpamCop (<site>) id:<n>]<the
 * original's subject>" and quotes the message after its
 * "[ Offending message ]" line; both are asked.
 */
#include <string.h>

#include "filter.h"

static bool	match(GMimeMessage *, const struct envelope *,
		    struct recognition *);
static bool	has_child_type(GMimeMultipart *mp, const char *subtype);
static bool	jmrp(GMimeMultipart *mp);
static bool	loose_report(GMimeMultipart *mp);
static bool	text_report(GMimeMessage *msg, struct recognition *r);

/*
 * Gate: a multipart/report, or an attached original beside the report
 * (loose_report, jmrp): a message part (GMime makes message/rfc822,
 * message/global and message/news ones, and a multipart/digest's
 * untyped children are message/rfc822) or text/rfc822-headers.
 */
static const char *const report_types[] = {
	"multipart/report", "message/rfc822", "message/global",
	"message/news", "multipart/digest", "text/rfc822-headers", NULL,
};

/* Subject openings of plain-text reports (lower case) ... */
static const char *const report_subjects[] = {
	"[spamcop", NULL,
};

/* ... and the line each quotes the complained-of message after. */
static const char *const report_markers[] = {
	"[ offending message ]", NULL,
};

/* Gate: a report's content type, or a plain-text report's subject. */
static const struct gate gate = {
	.content_types = GATE_TABLES(report_types),
	.subjects = GATE_TABLES(report_subjects),
};

const struct recogniser recogniser_feedback = {
	.name = "feedback",
	.gate = &gate,
	.match = match,
};

static bool
match(GMimeMessage *msg, const struct envelope *env, struct recognition *r)
{
	GMimeObject	*top;
	GMimeContentType *ct;
	const char	*rtype;

	if (text_report(msg, r)) {
		recognition_set(r, CLASS_FEEDBACK, "feedback",
		    "a reporting service's plain-text report (subject and "
		    "quoting line)");
		return true;
	}
	top = g_mime_message_get_mime_part(msg);
	if (top == NULL || !GMIME_IS_MULTIPART(top))
		return false;
	ct = g_mime_object_get_content_type(top);
	if (ct == NULL || !g_mime_content_type_is_type(ct, "multipart",
	    "report")) {
		if (loose_report(GMIME_MULTIPART(top))) {
			recognition_set(r, CLASS_FEEDBACK, "feedback",
			    "feedback report outside multipart/report");
			return true;
		}
		if (!jmrp(GMIME_MULTIPART(top)))
			return false;
		recognition_set(r, CLASS_FEEDBACK, "feedback",
		    "Microsoft JMRP complaint (X-HmXmrOriginalRecipient)");
		return true;
	}
	rtype = g_mime_content_type_get_parameter(ct, "report-type");
	/* a missing or misnamed report-type does not hide the report */
	if ((rtype == NULL || g_ascii_strcasecmp(rtype, "feedback-report")
	    != 0) && !has_child_type(GMIME_MULTIPART(top), "feedback-report") &&
	    !loose_report(GMIME_MULTIPART(top)))
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

/* ARF fields besides Feedback-Type (lower case, at line start). */
static const char *const arf_fields[] = {
	"\nuser-agent:", "\nversion:", "\nauth-failure:",
	"\nreported-domain:", "\nsource-ip:", "\noriginal-mail-from:",
	"\narrival-date:", NULL,
};

#define ARF_SCAN_MAX	8192	/* bytes of a report part read */

/* True if part (a leaf) holds Feedback-Type: and another ARF field. */
static bool
arf_fields_in(GMimeObject *part)
{
	GByteArray	*bytes;
	char		*low;
	bool		 hit;

	if (!GMIME_IS_PART(part))
		return false;
	bytes = mime_part_bytes(GMIME_PART(part), ARF_SCAN_MAX);
	if (bytes == NULL)
		return false;
	low = g_ascii_strdown((const char *)bytes->data, (gssize)bytes->len);
	g_byte_array_unref(bytes);
	/* a leading newline lets the first line match "\nname:" */
	hit = (g_str_has_prefix(low, "feedback-type:") ||
	    strstr(low, "\nfeedback-type:") != NULL) &&
	    notice_find_any(low, strlen(low), arf_fields) != NULL;
	g_free(low);
	return hit;
}

/*
 * The sentence feedback loops open their text part with (lower case),
 * whole: a person forwarding spam to an abuse desk may well write
 * "this is an abuse report".
 */
static const char *const abuse_markers[] = {
	"this is an email abuse report for an email message",
	"this is an authentication failure report for an email message",
	NULL,
};

/* True if part (a text leaf) opens like a feedback loop's notice. */
static bool
abuse_text_in(GMimeObject *part)
{
	GByteArray	*bytes;
	char		*low;
	bool		 hit;

	if (!GMIME_IS_PART(part))
		return false;
	bytes = mime_part_bytes(GMIME_PART(part), ARF_SCAN_MAX);
	if (bytes == NULL)
		return false;
	low = g_ascii_strdown((const char *)bytes->data, (gssize)bytes->len);
	g_byte_array_unref(bytes);
	hit = notice_find_any(low, strlen(low), abuse_markers) != NULL;
	g_free(low);
	return hit;
}

/* A feedback-report part (or one holding its fields) beside the original. */
static bool
loose_report(GMimeMultipart *mp)
{
	GMimeObject	*child;
	GMimeContentType *ct;
	bool		 report = false, original = false;
	int		 i, n;

	n = g_mime_multipart_get_count(mp);
	for (i = 0; i < n && i < MIME_MAX_PARTS; i++) {
		child = g_mime_multipart_get_part(mp, i);
		ct = g_mime_object_get_content_type(child);
		if (ct == NULL)
			continue;
		if (g_mime_content_type_is_type(ct, "message", "rfc822") ||
		    g_mime_content_type_is_type(ct, "text", "rfc822-headers"))
			original = true;
		else if (g_mime_content_type_is_type(ct, "message",
		    "feedback-report") || arf_fields_in(child) ||
		    (g_mime_content_type_is_type(ct, "text", "plain") &&
		    abuse_text_in(child)))
			report = true;
	}
	return report && original;
}


static bool
text_report(GMimeMessage *msg, struct recognition *r)
{
	const char	*subject = notice_subject(msg, r), *text;
	gsize		 len, i;

	while (*subject == ' ' || *subject == '\t')
		subject++;
	for (i = 0; report_subjects[i] != NULL; i++)
		if (strncmp(subject, report_subjects[i],
		    strlen(report_subjects[i])) == 0)
			break;
	if (report_subjects[i] == NULL)
		return false;
	text = notice_text(msg, r, &len);
	return notice_find_any(text, len, report_markers) != NULL;
}
