/*
 * recognise-receipt.c: read receipts that are not RFC 8098 reports.
 *
 * Outlook sends its read receipt as TNEF (winmail.dat) with a "Read:"
 * subject and no message/disposition-notification part; Lotus Notes
 * sends a "Return Receipt" in plain text; localised clients write
 * "Gelesen:", "Lu :" and so on with a sentence saying when the message
 * was read.  Two signs are asked: a receipt subject, and either a TNEF
 * part or such a sentence.  "Read: chapter 3" from a person has the
 * first and neither of the second.
 */
#include <string.h>

#include "filter.h"

/* Subject openings of receipts (lower case). */
static const char *const receipt_subjects[] = {
	"read:", "not read:", "read receipt", "return receipt",
	"gelesen:", "nicht gelesen:", "lesebestätigung", "lu :", "lu:",
	"leído:", "letto:", "gelezen:", "lido:", "lida:", "przeczytane:",
	"přečteno:", "прочитано:", "läst:", "læst:", "luettu:",
	"olvasott:", "已读:", "已讀:", "開封済み:", "message status - opened",
	NULL,
};

/* Sentences of receipts (lower case). */
static const char *const receipt_markers[] = {
	"was read on", "was read at", "has been displayed", "was received by:",
	"wurde am", "gelesen.", "a été lu", "fue leído", "è stato letto",
	"is gelezen", "foi lido", "została przeczytana",
	"was deleted without being read",
	"this is a receipt for the mail you sent", "was opened by",
	/* Outlook's sentence in more languages */
	"se ha le\xc3\xad" "do", "se ley\xc3\xb3", "fue le\xc3\xad" "da",
	"foi lida", "blev l\xc3\xa4st", "er blevet l\xc3\xa6st",
	"ble lest", "luettiin", "l\xc3\xa4stes", "byla p\xc5\x99" "e\xc4\x8dtena",
	"elolvast", "okundu", "\xd0\xb1\xd1\x8b\xd0\xbb\xd0\xbe "
	"\xd0\xbf\xd1\x80\xd0\xbe\xd1\x87\xd0\xb8\xd1\x82\xd0\xb0\xd0\xbd\xd0\xbe",	/* было прочитано */
	NULL,
};

/* Gate: a receipt subject is asked first. */
static const struct gate gate = {
	.subjects = GATE_TABLES(receipt_subjects),
};

/*
 * Outlook's Thread-Topic is the subject of the thread's first message:
 * a receipt carries the original's, a person's new message "Read:
 * chapter 3" (in rich text, so with TNEF too) its own whole subject.
 */
static bool
starts_a_thread(GMimeMessage *msg)
{
	const char	*topic, *subject;

	topic = g_mime_object_get_header(GMIME_OBJECT(msg), "Thread-Topic");
	subject = g_mime_message_get_subject(msg);
	if (topic == NULL || subject == NULL)
		return false;
	while (g_ascii_isspace(*topic))
		topic++;
	while (g_ascii_isspace(*subject))
		subject++;
	return strcmp(topic, subject) == 0;
}

static bool
has_tnef(GMimeMessage *msg)
{
	GMimeObject	*top = g_mime_message_get_mime_part(msg);
	GMimeContentType *ct;
	int		 i, n;

	if (top == NULL || !GMIME_IS_MULTIPART(top))
		return false;
	n = g_mime_multipart_get_count(GMIME_MULTIPART(top));
	for (i = 0; i < n && i < MIME_MAX_PARTS; i++) {
		ct = g_mime_object_get_content_type(
		    g_mime_multipart_get_part(GMIME_MULTIPART(top), i));
		if (ct != NULL && g_mime_content_type_is_type(ct,
		    "application", "ms-tnef"))
			return true;
	}
	return false;
}

static bool
match(GMimeMessage *msg, const struct envelope *env, struct recognition *r)
{
	const char	*subject, *text, *s;
	gsize		 len;
	size_t		 i;
	bool		 hit = false;

	s = subject = notice_subject(msg, r);
	while (*s == ' ' || *s == '\t')
		s++;
	for (i = 0; receipt_subjects[i] != NULL && !hit; i++)
		hit = strncmp(s, receipt_subjects[i],
		    strlen(receipt_subjects[i])) == 0;
	if (!hit || notice_is_list_mail(msg) || starts_a_thread(msg))
		return false;
	if (has_tnef(msg)) {
		recognition_set(r, CLASS_MDN, "receipt",
		    "read receipt (receipt subject, Outlook TNEF)");
		return true;
	}
	text = notice_text(msg, r, &len);
	if (notice_find_any(text, len, receipt_markers) == NULL)
		return false;
	recognition_set(r, CLASS_MDN, "receipt",
	    "read receipt (receipt subject and wording)");
	return true;
}

const struct recogniser recogniser_receipt = {
	.name = "receipt",
	.gate = &gate,
	.match = match,
};
