/*
 * recognise-mcafee.c: McAfee Email Gateway / Web Security Appliance bounces.
 *
 * The appliance (X-NAI-Header) sends Subject "Delivery Status" with a
 * text part "deliveryproblems.txt" that begins "--- The following
 * addresses had delivery problems ---", a hand-made delivery-status
 * part and the original.
 */
#include "filter.h"

static const char *const subjects[] = {
	"delivery status",
	NULL,
};

static const char *const markers[] = {
	"--- the following addresses had delivery problems ---",
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
	return notice_match(msg, env, r, "mcafee", &rule);
}

const struct recogniser recogniser_mcafee = {
	.name = "mcafee",
	.match = match,
};
