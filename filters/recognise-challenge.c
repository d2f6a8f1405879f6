/*
 * recognise-challenge.c: challenge-response systems.
 *
 * A challenge asks the (claimed) sender to prove being a person before
 * the mail is let through; sent to a forged sender it is backscatter.
 * The systems sign their challenges: TMDA with X-Delivery-Agent: TMDA
 * and X-TMDA-* headers, BoxTrapper (cPanel) with a "verify#" subject,
 * Boxbe, SpamArrest and Bluebottle by their own sending domains, and
 * all with a "please confirm/verify" subject.  The domain or header is
 * required; the subject words alone are what phishing looks like.
 */
#include <string.h>

#include "filter.h"

static const char *const domains[] = {
	"boxbe.com", "spamarrest.com", "bluebottle.com", "mailinblack.com",
	"choicemail", "sendio.com", NULL,
};

static const char *const subjects[] = {
	"please confirm", "confirm your message", "verify#", "verification",
	"verify your", "approval", "awaiting your confirmation",
	"authentification", "challenge", "requires verification", NULL,
};

static const char *
signature(GMimeMessage *msg)
{
	const char	*v;
	char		*low;
	bool		 hit;

	v = g_mime_object_get_header(GMIME_OBJECT(msg), "X-Delivery-Agent");
	if (v != NULL && strstr(v, "TMDA") != NULL)
		return "X-Delivery-Agent: TMDA";
	if (g_mime_object_get_header(GMIME_OBJECT(msg), "X-TMDA-Fingerprint")
	    != NULL)
		return "X-TMDA-Fingerprint";
	if (g_mime_object_get_header(GMIME_OBJECT(msg), "X-Boxtrapper")
	    != NULL)
		return "X-Boxtrapper";
	v = g_mime_object_get_header(GMIME_OBJECT(msg), "From");
	if (v == NULL)
		return NULL;
	low = g_ascii_strdown(v, -1);
	hit = notice_find_any(low, strlen(low), domains) != NULL;
	g_free(low);
	return hit ? "a challenge-response service's From:" : NULL;
}

static bool
match(GMimeMessage *msg, const struct envelope *env, struct recognition *r)
{
	const char	*why, *subject;

	if (notice_is_list_mail(msg))
		return false;
	subject = notice_subject(msg, r);
	if (notice_find_any(subject, strlen(subject), subjects) == NULL)
		return false;
	why = signature(msg);
	if (why == NULL)
		return false;
	recognition_set(r, CLASS_CHALLENGE, "challenge",
	    "challenge-response (%s, subject)", why);
	return true;
}

const struct recogniser recogniser_challenge = {
	.name = "challenge",
	.match = match,
};
