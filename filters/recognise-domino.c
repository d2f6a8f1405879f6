/*
 * recognise-domino.c: Lotus Notes / IBM Domino non-delivery reports.
 *
 * Domino titles them "DELIVERY FAILURE: <reason>" or "Undeliverable
 * message" and writes "Your message ... was not delivered to: ...
 * because: ..." or the older "------- Failure Reasons --------" /
 * "------- Returned Message --------" sections of the Lotus SMTP MTA.
 */
#include "filter.h"

static const char *const subjects[] = {
	"delivery failure:",
	"undeliverable message",
	"delivery report (failure)",
	NULL,
};

static const char *const markers[] = {
	"was not delivered to:",
	"------- failure reasons",
	"------- returned message",
	"not listed in domino directory",
	"not listed in public name & address book",
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
	return notice_match(msg, env, r, "domino", &rule);
}

const struct recogniser recogniser_domino = {
	.name = "domino",
	.match = match,
};
