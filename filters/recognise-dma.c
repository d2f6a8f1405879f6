/*
 * recognise-dma.c: The DragonFly Mail Agent's bounces.
 *
 * dma(8) sends From: MAILER-DAEMON <> with Subject "Mail delivery
 * failed" (like Exim, but with an empty address that recognise-exim.c
 * does not take) and opens "This is the DragonFly Mail Agent <version>
 * at <host>."; the original's headers follow "Message headers follow.".
 */
#include "filter.h"

static const char *const subjects[] = {
	"mail delivery failed",
	NULL,
};

static const char *const markers[] = {
	"this is the dragonfly mail agent",
	"there was an error delivering your mail to",
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
	return notice_match(msg, env, r, "dma", &rule);
}

const struct recogniser recogniser_dma = {
	.name = "dma",
	.match = match,
};
