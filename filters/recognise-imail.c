/*
 * recognise-imail.c: Ipswitch IMail Server's free-text bounces.
 *
 * IMail (X-Mailer: <SMTP32 ...>) sends From: "Postmaster", Subject
 * "Undeliverable Mail", a reason line ("Unknown user: ...") and the
 * original after "Original message follows.".
 */
#include "filter.h"

static const char *const subjects[] = {
	"undeliverable mail",
	NULL,
};

static const char *const markers[] = {
	"original message follows.",
	"unknown user:",
	"user mailbox exceeds allowed size",
	"body of message generated response:",
	NULL,
};

static const struct notice_rule rule = {
	.subjects = subjects,
	.markers = markers,
	.delay = NULL,
	.flags = NOTICE_MARKER_NEEDED,
};

static bool
match(GMimeMessage *msg, const struct envelope *env, struct recognition *r)
{
	return notice_match(msg, env, r, "imail", &rule);
}

const struct recogniser recogniser_imail = {
	.name = "imail",
	.match = match,
};
