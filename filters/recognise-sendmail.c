/*
 * recognise-sendmail.c: Sendmail's non-DSN bounces and delay warnings (V5, V8).
 *
 * Sendmail writes From: Mail Delivery Subsystem <MAILER-DAEMON>, a
 * Subject "Returned mail: <reason>" or "Warning: could not send message
 * for past <n> hours", and fixed dashed section lines ("----- Transcript
 * of session follows -----", "----- Unsent message follows -----").
 * Many appliances and Japanese ISPs (BIGLOBE among them) reuse those
 * section lines.  Sendmail's DSNs are claimed earlier by recognise-dsn.c.
 */
#include "filter.h"

static const char *const subjects[] = {
	"returned mail:",
	"returned mail -",
	"warning: could not send message for past",
	"warning--could not send mail",
	"warning: could not send mail",
	NULL,
};

static const char *const markers[] = {
	"----- transcript of session follows -----",
	"----- the following addresses had permanent fatal errors -----",
	"----- the following addresses had delivery problems -----",
	"----- unsent message follows -----",
	"----- original message follows -----",
	"----- message header follows -----",
	"----- non-delivered information -----",
	NULL,
};

static const char *const delay[] = {
	"warning: could not send",
	"warning--could not send",
	"could not send message for past",
	NULL,
};

static const struct notice_rule rule = {
	.subjects = subjects,
	.markers = markers,
	.delay = delay,
	.flags = 0,
};

static bool
match(GMimeMessage *msg, const struct envelope *env, struct recognition *r)
{
	return notice_match(msg, env, r, "sendmail", &rule);
}

const struct recogniser recogniser_sendmail = {
	.name = "sendmail",
	.match = match,
};
