/*
 * recognise-challenge.c: challenge-response systems.
 *
 * A challenge asks the (claimed) sender to prove being a person before
 * the mail is let through; sent to a forged sender it is backscatter.
 * The systems sign their challenges: TMDA with X-Delivery-Agent: TMDA
 * and X-TMDA-* headers, BoxTrapper (cPanel) with a "verify#" subject,
 * Boxbe, SpamArrest, Bluebottle, Mailblocks and the others by their own
 * domains (in From:, Reply-To:, Sender: or Return-Path:, since some
 * send in the name of their member), ASK (Active Spam Killer) with
 * X-AskVersion, and all with a "please confirm/verify" or "guest list"
 * subject.  The domain or header is required; the subject words alone
 * are what phishing looks like.  Boxbe also sends its notice as a
 * delivery report (multipart/report, "Sender not pre-approved") under
 * the original's subject: the signature and such a report suffice, and
 * this stage runs before the DSN stage so that the report is named a
 * challenge, not a bounce.
 */
#include <string.h>

#include "filter.h"

static const char *const domains[] = {
	"boxbe.com", "spamarrest.com", "spam arrest", "bluebottle.com",
	"mailinblack.com", "choicemail", "sendio.com", "mailblocks.com",
	"digiportal.com", NULL,
};

/* Headers that may carry the service's address. */
static const char *const address_headers[] = {
	"From", "Reply-To", "Sender", "Return-Path",
};

static const char *const subjects[] = {
	"please confirm", "confirm your message", "verify#", "verification",
	"verify your", "approval", "awaiting your confirmation",
	"authentification", "challenge", "requires verification",
	"please verify", "guest list",
	/* held until confirmed, in more words and languages */
	"is pending", "pending verification", "confirme", "confirmar",
	NULL,
};

/* A challenge service's notice sent as a delivery report. */
static const char *const report_types[] = { "multipart/report", NULL };

/* Gate: a challenge subject is asked first, or a report (Boxbe). */
static const struct gate gate = {
	.subjects = GATE_TABLES(subjects),
	.content_types = GATE_TABLES(report_types),
};

/*
 * What a challenge says of itself (lower case); two of them stand in
 * for a known service's signature, for the systems nobody listed.  Not
 * "click the link below" or "reply to this message": a web site's
 * sign-up confirmation, which the user asked for, says them too.
 */
static const char *const challenge_markers[] = {
	"challenge-response", "challenge/response", "challenge response",
	"verify that you are a person", "verify that you are human",
	"prove that you are human", "prove you are human",
	"to control spam", "approved senders", "allow incoming messages only",
	"waiting in quarantine",
	/* what the systems nobody listed say (Qurb, EarthLink, UOL, ...) */
	"prove that you are a person", "you are a person and not",
	"not a spam program", "list of trusted senders",
	"to release your message", "held pending verification",
	"only need to do this once", "only have to do this once",
	"won't have to do this again", "will not have to do this again",
	"one-time inconvenience", "precisa fazer isso uma vez",
	"confirmar o envio", "confirmar el env\xc3\xado",
	"hacerlo una sola vez", "confirmer l'envoi",
	"qu'une seule fois", NULL,
};

static bool
says_challenge(GMimeMessage *msg, struct recognition *r)
{
	const char	*text;
	gsize		 len;
	size_t		 i;
	int		 n = 0;

	text = notice_text(msg, r, &len);
	for (i = 0; challenge_markers[i] != NULL && n < 2; i++)
		if (notice_find_any(text, len, (const char *const[]){
		    challenge_markers[i], NULL }) != NULL)
			n++;
	return n >= 2;
}

/*
 * TMDA and qconfirm answer from a one-time address,
 * "<user>-confirm-<timestamp>.<pid>.<hash>@domain".  Mailman's
 * "<list>-confirm+<token>" is a subscription the user may have asked
 * for, and is not matched.
 */
static bool
confirm_address(GMimeMessage *msg)
{
	const char	*v, *p;
	size_t		 i;

	for (i = 0; i < G_N_ELEMENTS(address_headers); i++) {
		v = g_mime_object_get_header(GMIME_OBJECT(msg),
		    address_headers[i]);
		for (p = v; p != NULL && (p = strstr(p, "-confirm-")) != NULL;
		    p++)
			if (g_ascii_isdigit(p[9]))
				return true;
	}
	return false;
}

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
	if (g_mime_object_get_header(GMIME_OBJECT(msg), "X-AskVersion")
	    != NULL)
		return "X-AskVersion (Active Spam Killer)";
	if (confirm_address(msg))
		return "a TMDA-style confirm address (user-confirm-<stamp>)";
	for (size_t i = 0; i < G_N_ELEMENTS(address_headers); i++) {
		v = g_mime_object_get_header(GMIME_OBJECT(msg),
		    address_headers[i]);
		if (v == NULL)
			continue;
		low = g_ascii_strdown(v, -1);
		hit = notice_find_any(low, strlen(low), domains) != NULL;
		g_free(low);
		if (hit)
			return "a challenge-response service's address";
	}
	return NULL;
}

/* A challenge service's notice sent as a delivery report (see above). */
static bool
is_report(GMimeMessage *msg)
{
	GMimeObject	*top = g_mime_message_get_mime_part(msg);
	GMimeContentType *ct;

	if (top == NULL)
		return false;
	ct = g_mime_object_get_content_type(top);
	return ct != NULL && g_mime_content_type_is_type(ct, "multipart",
	    "report");
}

static bool
service_report_of(GMimeMessage *msg, struct recognition *r)
{
	const char	*why;

	if (!is_report(msg) || (why = signature(msg)) == NULL)
		return false;
	recognition_set(r, CLASS_CHALLENGE, "challenge",
	    "challenge-response (%s, sent as a delivery report)", why);
	return true;
}

static bool
match(GMimeMessage *msg, const struct envelope *env, struct recognition *r)
{
	const char	*why, *subject;

	if (notice_is_list_mail(msg))
		return false;
	subject = notice_subject(msg, r);
	if (notice_find_any(subject, strlen(subject), subjects) == NULL)
		return service_report_of(msg, r);
	why = signature(msg);
	if (why == NULL && says_challenge(msg, r))
		why = "the text of a challenge";
	if (why == NULL)
		return false;
	recognition_set(r, CLASS_CHALLENGE, "challenge",
	    "challenge-response (%s, subject)", why);
	return true;
}

const struct recogniser recogniser_challenge = {
	.name = "challenge",
	.gate = &gate,
	.match = match,
};
