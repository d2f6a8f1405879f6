/*
 * recognise-exchange.c: Microsoft Exchange, Office 365 and Outlook.com non-delivery reports
 * without a machine-readable part.
 *
 * Exchange titles its NDRs "Undeliverable: <subject>" (localised:
 * "Unzustellbar:", "Non remis :", "No se puede entregar:", ...) and
 * explains "Your message did not reach some or all of the intended
 * recipients" or, in newer versions, "Delivery has failed to these
 * recipients or groups".  Those with a delivery-status part are
 * claimed earlier by recognise-dsn.c.
 */
#include "filter.h"

static const char *const subjects[] = {
	"undeliverable:",
	"unzustellbar:",
	"non remis :",
	"non remis:",
	"no se puede entregar:",
	"onbestelbaar:",
	"impossibile recapitare:",
	"não entregue:",
	"nie można dostarczyć:",
	"配信不能:",
	NULL,
};

static const char *const markers[] = {
	"did not reach the following recipient",
	"did not reach some or all of the intended recipients",
	"delivery has failed to these recipients or groups",
	"your message couldn't be delivered",
	"msexch:",
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
	return notice_match(msg, env, r, "exchange", &rule);
}

const struct recogniser recogniser_exchange = {
	.name = "exchange",
	.match = match,
};
