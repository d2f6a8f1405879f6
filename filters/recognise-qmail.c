/*
 * recognise-qmail.c: qmail's free-text bounces and those of its descendants.
 *
 * qmail-send writes Subject "failure notice", opens with "Hi. This is
 * the qmail-send program at <host>." and quotes the original after
 * "--- Below this line is a copy of the message."  Yahoo!, netqmail,
 * vpopmail front ends and several Japanese and Microsoft-hosted
 * gateways kept that wording ("Sorry, we were unable to deliver your
 * message ..."), so they are one family here.
 */
#include "filter.h"

static const char *const subjects[] = {
	"failure notice",
	NULL,
};

static const char *const markers[] = {
	"this is the qmail-send program",
	"below this line is a copy of the message",
	"i'm afraid i wasn't able to deliver your message",
	"sorry, we were unable to deliver your message",
	"this is a permanent error; i've given up",
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
	return notice_match(msg, env, r, "qmail", &rule);
}

const struct recogniser recogniser_qmail = {
	.name = "qmail",
	.match = match,
};
