/*
 * recognise-postfix.c: Postfix's notices in non-DSN form.
 *
 * Postfix normally sends multipart/report DSNs (recognise-dsn.c), but
 * older versions and some configurations send multipart/mixed with a
 * text notice and the returned message.  What identifies them is the
 * combination of top-level facts Postfix always writes (bounce(8) and
 * its bounce templates): the null envelope sender, From: MAILER-DAEMON,
 * and a template Subject, or, for localised templates, the notice's
 * opening line "This is the mail system at host ..." (Postfix 2.3 and
 * later) or "This is the Postfix program at host ..." (older).
 *
 * A person writing from postmaster@, or a list post quoting a bounce,
 * fails the From: test; a sender that is known and not <> fails the
 * envelope test.
 */
#include "config.h"

#include <string.h>

#include "filter.h"

struct subject_class {
	const char	*prefix;
	enum msg_class	 class;
};

static const struct subject_class subjects[] = {
	{ "Undelivered Mail Returned to Sender", CLASS_BOUNCE },
	{ "Delayed Mail (still being retried)", CLASS_DELAY },
	{ "Successful Mail Delivery Report", CLASS_DELIVERED },
	{ "Mail Delivery Status Report", CLASS_DELIVERED },
};

static const char *const openings[] = {
	"This is the mail system at host ",
	"This is the Postfix program at host ",
};

static bool	match(GMimeMessage *, const struct envelope *,
		    struct recognition *);
static bool	notice_has_opening(GMimeMessage *msg);

/* Gate: notice_from_mailer_daemon is asked first. */
const struct recogniser recogniser_postfix = {
	.name = "postfix",
	.gate = &notice_mailer_daemon_gate,
	.match = match,
};

static bool
match(GMimeMessage *msg, const struct envelope *env, struct recognition *r)
{
	const char	*subject;
	size_t		 i;

	if (env->sender != NULL && env->sender[0] != '\0')
		return false;
	if (!notice_from_mailer_daemon(msg))
		return false;
	subject = g_mime_message_get_subject(msg);
	for (i = 0; subject != NULL && i < G_N_ELEMENTS(subjects); i++) {
		if (g_str_has_prefix(subject, subjects[i].prefix)) {
			recognition_set(r, subjects[i].class, "postfix",
			    "Postfix notice: %s", subjects[i].prefix);
			return true;
		}
	}
	if (!notice_has_opening(msg))
		return false;
	recognition_set(r, CLASS_BOUNCE, "postfix",
	    "Postfix notice text from MAILER-DAEMON");
	return true;
}


/*
 * True if the notice (the first text part: the body itself or the first
 * child of the top-level multipart) begins with a Postfix opening line.
 * Only its first kilobytes are looked at.
 */
static bool
notice_has_opening(GMimeMessage *msg)
{
	GMimeObject	*part;
	GByteArray	*bytes;
	gsize		 i, len, max = 4096;
	bool		 found = false;

	part = g_mime_message_get_mime_part(msg);
	if (part != NULL && GMIME_IS_MULTIPART(part) &&
	    g_mime_multipart_get_count(GMIME_MULTIPART(part)) > 0)
		part = g_mime_multipart_get_part(GMIME_MULTIPART(part), 0);
	if (part == NULL || !GMIME_IS_TEXT_PART(part))
		return false;
	bytes = mime_part_bytes(GMIME_PART(part), max);
	if (bytes == NULL)
		return false;
	len = strnlen((const char *)bytes->data, bytes->len);	/* up to a NUL */
	for (i = 0; i < G_N_ELEMENTS(openings) && !found; i++)
		found = memmem(bytes->data, len, openings[i],
		    strlen(openings[i])) != NULL;
	g_byte_array_unref(bytes);
	return found;
}
