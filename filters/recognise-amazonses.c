/*
 * recognise-amazonses.c: Amazon SES notifications delivered by SNS.
 *
 * SES can report bounces, complaints and deliveries as SNS e-mail
 * notifications: From: no-reply@sns.amazonaws.com, Subject "AWS
 * Notification Message", a JSON body whose "notificationType" is
 * "Bounce", "Complaint" or "Delivery" and whose "mail" object names the
 * original by its SES "messageId" (a bare token, no "@").  The JSON may
 * be the body itself or escaped inside an SNS envelope ("Message" :
 * "{\"notificationType\":...}"), so both spellings are read.  SES's
 * ordinary MIME bounces are claimed by recognise-dsn.c.
 */
#include <string.h>

#include "filter.h"

#define SES_ID_MAX	255

static const struct {
	const char	*type;		/* lower case, as in the text */
	enum msg_class	 class;
} types[] = {
	{ "bounce", CLASS_BOUNCE },
	{ "complaint", CLASS_FEEDBACK },
	{ "delivery", CLASS_DELIVERED },
};

/* The SNS sender's domain in From:, which from_sns asks. */
static const char *const sns_senders[] = { "@sns.amazonaws.com", NULL };

static const struct gate gate = {
	.from = GATE_TABLES(sns_senders),
};

static const char *json_value(const char *text, gsize len, const char *key,
		    gsize *vlen);
static void	add_message_id(GMimeMessage *msg, struct recognition *r);

static bool
from_sns(GMimeMessage *msg, struct recognition *r)
{
	const char	*from;

	from = g_mime_object_get_header(GMIME_OBJECT(msg), "From");
	return from != NULL && strstr(from, sns_senders[0]) != NULL &&
	    strstr(notice_subject(msg, r), "aws notification message") != NULL;
}

static bool
match(GMimeMessage *msg, const struct envelope *env, struct recognition *r)
{
	const char	*text, *v;
	gsize		 len, vlen;
	size_t		 i;

	if (!from_sns(msg, r))
		return false;
	text = notice_text(msg, r, &len);
	v = json_value(text, len, "\"notificationtype", &vlen);
	if (v == NULL)
		return false;
	for (i = 0; i < G_N_ELEMENTS(types); i++) {
		if (vlen != strlen(types[i].type) ||
		    memcmp(v, types[i].type, vlen) != 0)
			continue;
		recognition_set(r, types[i].class, "amazonses",
		    "Amazon SES notification (notificationType %s)",
		    types[i].type);
		add_message_id(msg, r);
		return true;
	}
	return false;
}

/*
 * The string value after key in text (JSON, possibly backslash-escaped
 * inside another JSON string): skips quotes, backslashes, blanks and
 * the colon, then runs to the next quote or backslash.  NULL if absent.
 */
static const char *
json_value(const char *text, gsize len, const char *key, gsize *vlen)
{
	const char	*p, *end = text + len, *v;

	p = g_strstr_len(text, (gssize)len, key);
	if (p == NULL)
		return NULL;
	p += strlen(key);
	while (p < end && strchr("\"\\: \t", *p) != NULL && *p != '\0')
		p++;
	v = p;
	while (p < end && *p != '"' && *p != '\\' && p - v < SES_ID_MAX)
		p++;
	if (p == v)
		return NULL;
	*vlen = (gsize)(p - v);
	return v;
}

/*
 * The "messageId" of the "mail" object, read from the decoded body
 * (not the lower-cased notice text: IDs keep their case).
 */
static void
add_message_id(GMimeMessage *msg, struct recognition *r)
{
	GMimeObject	*body;
	GByteArray	*bytes;
	const char	*text, *mail, *v;
	gsize		 len, vlen;
	char		*id;

	body = g_mime_message_get_mime_part(msg);
	if (body == NULL || !GMIME_IS_PART(body))
		return;
	bytes = mime_part_bytes(GMIME_PART(body), NOTICE_TEXT_MAX);
	if (bytes == NULL)
		return;
	text = (const char *)bytes->data;
	len = bytes->len;
	mail = g_strstr_len(text, (gssize)len, "\"mail");
	if (mail != NULL) {
		len -= (gsize)(mail - text);
		v = json_value(mail, len, "\"messageId", &vlen);
		if (v != NULL) {
			id = g_strndup(v, vlen);
			recognition_add_id(r, id);
			g_free(id);
		}
	}
	g_byte_array_unref(bytes);
}

const struct recogniser recogniser_amazonses = {
	.name = "amazonses",
	.gate = &gate,
	.match = match,
};
