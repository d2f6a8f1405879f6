/*
 * recognise-mimecast.c: Mimecast bounces.
 *
 * Mimecast sends From: postmaster, Subject "[Postmaster] Email Delivery
 * Failure", and "This is an automated alert notification. Please do
 * not reply."  Mimecast's DSNs are claimed by recognise-dsn.c.
 */
#include "filter.h"

static const char *const subjects[] = {
	"email delivery failure",
	NULL,
};

static const char *const markers[] = {
	"this is an automated alert notification",
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
	return notice_match(msg, env, r, "mimecast", &rule);
}

const struct recogniser recogniser_mimecast = {
	.name = "mimecast",
	.match = match,
};
