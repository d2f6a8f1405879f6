/*
 * recognise-mfilter.c: m-FILTER (Digital Arts) bounces, common in Japan.
 *
 * m-FILTER uses qmail's "failure notice" title with its own body: the
 * recipient, a reason and "*** Delivery failure detail ***" or
 * "-------original message-------" / "-------original mail info-------".
 */
#include "filter.h"

static const char *const subjects[] = {
	"failure notice",
	NULL,
};

static const char *const markers[] = {
	"-------original message",
	"-------original mail info",
	"*** delivery failure detail ***",
	"-------server message",
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
	return notice_match(msg, env, r, "mfilter", &rule);
}

const struct recogniser recogniser_mfilter = {
	.name = "mfilter",
	.match = match,
};
