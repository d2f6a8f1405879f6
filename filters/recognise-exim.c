/*
 * recognise-exim.c: Exim's free-text bounces and delay warnings.
 *
 * Exim (4.96 included, unless dsn_... options ask for DSNs) answers
 * with a plain text message: From: Mail Delivery System
 * <Mailer-Daemon@host>, the null envelope sender, Subject "Mail
 * delivery failed: returning message to sender" (or "Warning: message
 * <id> delayed <n> hours", "Mail failure - malformed recipient
 * address"), an X-Failed-Recipients: header, and a body
 * opening with "This message was created automatically by mail
 * delivery software."  The original follows inline after a "------
 * This is a copy of the message ..." line (references.c reads it).
 *
 * From: Mailer-Daemon is required, plus one Exim-specific fact (the
 * header, the subject or the opening line): a person writing from
 * postmaster@ or a list post quoting such a bounce is not from
 * Mailer-Daemon.  Subjects can be rewritten by the sending site (a host
 * name prepended), so the subject is searched, not prefix-matched.
 */
#include <string.h>

#include "filter.h"

#define EXIM_OPENING	"This message was created automatically by mail " \
			"delivery software."

static bool	match(GMimeMessage *, const struct envelope *,
		    struct recognition *);
static bool	is_delay_subject(const char *subject);
static bool	body_has_opening(GMimeMessage *msg);

/* Gate: notice_from_mailer_daemon is asked first. */
const struct recogniser recogniser_exim = {
	.name = "exim",
	.gate = &notice_mailer_daemon_gate,
	.match = match,
};

static bool
match(GMimeMessage *msg, const struct envelope *env, struct recognition *r)
{
	const char	*subject, *why;

	if (env->sender != NULL && env->sender[0] != '\0')
		return false;
	if (!notice_from_mailer_daemon(msg))
		return false;
	subject = g_mime_message_get_subject(msg);
	if (subject == NULL)
		subject = "";
	if (g_mime_object_get_header(GMIME_OBJECT(msg),
	    "X-Failed-Recipients") != NULL)
		why = "X-Failed-Recipients";
	else if (strstr(subject, "Mail delivery failed") != NULL ||
	    g_str_has_prefix(subject, "Mail failure") ||
	    is_delay_subject(subject))
		why = "subject";
	else if (body_has_opening(msg))
		why = "notice text";
	else
		return false;
	if (is_delay_subject(subject))
		recognition_set(r, CLASS_DELAY, "exim",
		    "Exim delay warning (%s)", why);
	else
		recognition_set(r, CLASS_BOUNCE, "exim",
		    "Exim bounce (%s)", why);
	return true;
}

/* "Warning: message 1abcde-000123-AB delayed 24 hours" */
static bool
is_delay_subject(const char *subject)
{
	return g_str_has_prefix(subject, "Warning: message ") &&
	    strstr(subject, " delayed ") != NULL;
}


/* True if a single-part text body starts with Exim's opening line. */
static bool
body_has_opening(GMimeMessage *msg)
{
	GMimeObject	*part;
	GByteArray	*bytes;
	gsize		 off = 0;
	bool		 found;

	part = g_mime_message_get_mime_part(msg);
	if (part == NULL || !GMIME_IS_TEXT_PART(part))
		return false;
	bytes = mime_part_bytes(GMIME_PART(part), 1024);
	if (bytes == NULL)
		return false;
	while (off < bytes->len && g_ascii_isspace(bytes->data[off]))
		off++;
	found = bytes->len - off >= strlen(EXIM_OPENING) &&
	    memcmp(bytes->data + off, EXIM_OPENING, strlen(EXIM_OPENING)) == 0;
	g_byte_array_unref(bytes);
	return found;
}
