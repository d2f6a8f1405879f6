/*
 * recognise-kddi.c: Japanese mobile carriers: au (KDDI, ezweb.ne.jp, dion.ne.jp) and
 * NTT docomo.
 *
 * au's mail system sends From: Postmaster@ezweb.ne.jp or
 * no-reply@...dion.ne.jp, Subject "Mail System Error - Returned Mail"
 * or a Japanese one ("メールエラー通知", mail error notice), and English lines "Your mail sent on: ...
 * Could not be delivered to: <...>" or "The user(s) account is
 * disabled."  Since the sender may be a no-reply address, the two
 * template lines "Your mail sent on:" and "Could not be delivered to:"
 * together also suffice, whoever sent them, unless it is list mail.
 */
#include "filter.h"

static const char *const subjects[] = {
	"mail system error - returned mail",
	"\xe3\x83\xa1\xe3\x83\xbc\xe3\x83\xab\xe3\x82\xa8\xe3\x83\xa9\xe3\x83\xbc\xe9\x80\x9a\xe7\x9f\xa5",
	NULL,
};

static const char *const markers[] = {
	"could not be delivered to: <",
	"the user(s) account is disabled",
	"your mail sent on:",
	"the following recipients did not receive this message",
	NULL,
};

/* The two template lines that suffice together, from any sender. */
static const char *const sent_on[] = { "your mail sent on:", NULL };
static const char *const not_to[] = { "could not be delivered to:", NULL };

/* Gate: notice_match's sender, or its subject (NOTICE_ANY_SENDER), or sent_on. */
static const struct gate gate = {
	.subjects = GATE_TABLES(subjects),
	.body = GATE_TABLES(sent_on),
	.also = &notice_sender_gate,
};

static const struct notice_rule rule = {
	.subjects = subjects,
	.markers = markers,
	.delay = NULL,
	.flags = NOTICE_ANY_SENDER,
};

static bool
match(GMimeMessage *msg, const struct envelope *env, struct recognition *r)
{
	const char	*text;
	gsize		 len;

	if (notice_match(msg, env, r, "kddi", &rule))
		return true;
	if (notice_is_list_mail(msg))
		return false;
	text = notice_text(msg, r, &len);
	if (notice_find_any(text, len, sent_on) == NULL ||
	    notice_find_any(text, len, not_to) == NULL)
		return false;
	recognition_set(r, CLASS_BOUNCE, "kddi",
	    "kddi bounce (both template lines of the notice text)");
	return true;
}

const struct recogniser recogniser_kddi = {
	.name = "kddi",
	.gate = &gate,
	.match = match,
};
