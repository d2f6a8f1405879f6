/*
 * recognise-mailfoundry.c: MailFoundry appliance bounces.
 *
 * Subject "Message delivery has failed", text "Unable to deliver message
 * to: <...>" and "Delivery failed for the following reason:".
 */
#include "filter.h"

static const char *const subjects[] = {
	"message delivery has failed",
	NULL,
};

static const char *const markers[] = {
	"unable to deliver message to:",
	"delivery failed for the following reason",
	NULL,
};

static const struct notice_rule rule = {
	.subjects = subjects,
	.markers = markers,
	.delay = NULL,
	.flags = 0,
};

static bool
match(GMimeMessage *msg, const struct envelope *env, struct recognition *r)
{
	return notice_match(msg, env, r, "mailfoundry", &rule);
}

const struct recogniser recogniser_mailfoundry = {
	.name = "mailfoundry",
	.match = match,
};
