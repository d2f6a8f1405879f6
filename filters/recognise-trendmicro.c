/*
 * recognise-trendmicro.c: Trend Micro InterScan Messaging Security bounces.
 *
 * InterScan sends From: "InterScan MSS" <postmaster@...> (or a
 * postmaster with an "InterScan Notification" comment) with Subject
 * "Mail could not be delivered" or a Japanese equivalent, and a
 * session transcript ("Sent <<< RCPT TO:", "Received >>> 550 ...").
 */
#include "filter.h"

static const char *const subjects[] = {
	"mail could not be delivered",
	"メッセージを配信できません",
	NULL,
};

static const char *const markers[] = {
	"sent <<< rcpt to:",
	"received >>> 5",
	"received >>> 4",
	"interscan",
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
	return notice_match(msg, env, r, "trendmicro", &rule);
}

const struct recogniser recogniser_trendmicro = {
	.name = "trendmicro",
	.match = match,
};
