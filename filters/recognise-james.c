/*
 * recognise-james.c: Apache James (and the Verizon MMS gateways built on it).
 *
 * James's bounce mailet sends From: post_master@..., Subject "Re:<original
 * subject>" (so no subject tells), and a text "Error: <reason> / Error message below:" before
 * "Message details:"; both lines together are the sign.
 */
#include "filter.h"

static const char *const markers[] = {
	"error message below:",
	"message details:",
	NULL,
};

static const struct notice_rule rule = {
	.subjects = NULL,
	.markers = markers,
	.delay = NULL,
	.flags = NOTICE_TWO_MARKERS,
};

static bool
match(GMimeMessage *msg, const struct envelope *env, struct recognition *r)
{
	return notice_match(msg, env, r, "james", &rule);
}

const struct recogniser recogniser_james = {
	.name = "james",
	.match = match,
};
