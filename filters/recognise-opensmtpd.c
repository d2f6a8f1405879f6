/*
 * recognise-opensmtpd.c: OpenSMTPD's bounces and delay warnings.
 *
 * smtpd(8) writes From: Mailer Daemon <MAILER-DAEMON@host>, Subject
 * "Delivery status notification: error" (failed, warning, delayed) and
 * opens "This is the MAILER-DAEMON, please DO NOT REPLY to this e-mail."
 * The original follows "Below is a copy of the original message:".
 */
#include "filter.h"

static const char *const subjects[] = {
	"delivery status notification: ",
	NULL,
};

static const char *const markers[] = {
	"this is the mailer-daemon, please do not reply",
	"an error has occurred while attempting to deliver a message",
	"below is a copy of the original message",
	NULL,
};

static const char *const delay[] = {
	"notification: warning",
	"notification: delay",
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
	return notice_match(msg, env, r, "opensmtpd", &rule);
}

const struct recogniser recogniser_opensmtpd = {
	.name = "opensmtpd",
	.match = match,
};
