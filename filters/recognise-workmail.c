/*
 * recognise-workmail.c: Amazon WorkMail's free-text bounces.
 *
 * WorkMail (X-Mailer: Amazon WorkMail) sends From: MAILER-DAEMON@<region>
 * .amazonses.com with Google's title "Delivery Status Notification
 * (Failure)" and the text "An error occurred while trying to deliver
 * the mail to the following recipients".
 */
#include "filter.h"

static const char *const subjects[] = {
	"delivery status notification (failure)",
	NULL,
};

static const char *const markers[] = {
	"an error occurred while trying to deliver the mail to the following recipients",
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
	return notice_match(msg, env, r, "workmail", &rule);
}

const struct recogniser recogniser_workmail = {
	.name = "workmail",
	.match = match,
};
