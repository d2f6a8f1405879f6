/*
 * recognise-google.c: Gmail and Google Workspace notices without a machine-readable part.
 *
 * Google titles them "Delivery Status Notification (Failure)" or
 * "(Delay)" and writes "Delivery to the following recipient failed
 * permanently" or "... has been delayed".  Other systems copied the
 * title and wording ("This is an automatically generated Delivery
 * Status Notification"), so they are matched here too; the reason says
 * which words matched.
 */
#include "filter.h"

static const char *const subjects[] = {
	"delivery status notification (failure)",
	"delivery status notification (delay)",
	"delivery status notification (mail delivery delayed)",
	NULL,
};

static const char *const markers[] = {
	"delivery to the following recipient failed permanently",
	"delivery to the following recipients failed permanently",
	"delivery to the following recipient has been delayed",
	"this is an automatically generated delivery status notification",
	"message will be retried for",
	NULL,
};

static const char *const delay[] = {
	"(delay)",
	"delayed",
	NULL,
};

static const struct notice_rule rule = {
	.subjects = subjects,
	.markers = markers,
	.delay = delay,
	.flags = 0,
};

static bool
match(GMimeMessage *msg, const struct envelope *env, struct recognition *r)
{
	return notice_match(msg, env, r, "google", &rule);
}

const struct recogniser recogniser_google = {
	.name = "google",
	.match = match,
};
