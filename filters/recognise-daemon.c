/*
 * recognise-daemon.c: the bounces of mail systems no other stage knows.
 *
 * There are more MTAs than stages.  What their non-delivery notices
 * share is the sender, a mail system (see notice_from_daemon), and a
 * subject that says so in one of a few dozen ways, in many languages.
 * This stage runs after every MTA family, so a known family always
 * names itself in the reason; it only catches the rest.
 *
 * A mail system's subject alone is enough (from postmaster@, a
 * notice phrase must back it: see notice.c); without a telling subject
 * (some gateways keep the original's), a notice phrase in the text is
 * enough only when the envelope sender is the null sender, which no
 * person and no list uses.  A person writing from postmaster@ with an
 * ordinary subject is left alone.
 */
#include <string.h>

#include "filter.h"

static const char *const subjects[] = {
	"undeliver", "undelivered", "delivery fail", "failure notice",
	"failure delivery", "failed delivery", "delivery failure",
	"returned mail", "returning message to sender", "return to sender",
	"returned to sender", "mail failed", "mail delivery failed",
	"delivery status notification", "non-delivery", "nondelivery",
	"non delivery", "could not be delivered", "not delivered",
	"delivery problem", "bounce notification", "mail system error",
	"delivery notification", "permanent delivery failure",
	"message not delivered", "unable to deliver", "delivery error",
	"rejected mail", "mail rejected", "message rejected",
	"unzustellbar", "nicht zustellbar", "non remis", "non distribu",
	"no entregado", "no se pudo entregar", "non recapitat",
	"niet afgeleverd", "onbestelbaar", "não entregue",
	"nie dostarczono", "недоставлен", "не доставлен",
	"配信エラー", "配送エラー", "不達", "エラーメール", "退信", "退回",
	"未送达", "returned message", "message not deliverable",
	"nondeliverable", "zugestellt", "chec de la remise",
	"delayed", "postponed", "delivery warning", "mail warning",
	"warning: message",
	/* "undeliverable" as localised mail systems write it */
	"nedoručitelné", "nedoručiteľné", "niedostarczon", "niedostarczaln",
	"olevererbar", "kan inte levereras", "kunne ikke leveres",
	"kan ikke leveres", "ei voitu toimittaa", "kézbesíthetetlen",
	"não é possível entregar", "no se puede entregar", "teslim edilemedi",
	"δεν είναι δυνατή η παράδοση", "ανεπίδοτο", "配信不能", "배달 못 함",
	"nedostavljivo", "nepristatas", "nav piegādāts",
	/* "delayed" likewise */
	"verzögert", "retardé", "retrasad", "ritardat", "vertraagd",
	"opóźnion", "задерж",
	"not yet been delivered", "delivery notification: delay",
	"投递失败", "退信", "無法投遞", "не может быть доставлено",
	"недоставленное", "не удалось доставить", "не доставлено", NULL,
};

static const char *const markers[] = {
	"could not be delivered", "couldn't be delivered",
	"was not delivered", "undeliverable", "delivery has failed",
	"unable to deliver", "delivery failed", "permanent error",
	"permanent failure", "was rejected", "message was rejected",
	"failed permanently", "user unknown", "mailbox full",
	"mailbox is full", "quota exceeded", "no such user",
	"not be delivered", "delivery to the following",
	"you do not need to resend", "has not yet been delivered",
	"delivery is delayed", "has been delayed", "no such mailbox",
	"did not receive your message", "did not reach", "mailbox unavailable",
	"account disabled", "does not exist", NULL,
};

/* Subject words that make the notice a delay warning (lower case). */
static const char *const delay[] = {
	"delayed", "postponed", "not yet been delivered", "delivery warning",
	"verzögert", "retardé", "retrasad", "ritardat", "vertraagd",
	"opóźnion", "задерж", NULL,
};

static const struct notice_rule subject_rule = {
	.subjects = subjects,
	.markers = markers,
	.delay = delay,
	.flags = 0,
};

static const struct notice_rule text_rule = {
	.subjects = NULL,
	.markers = markers,
	.delay = NULL,
	.flags = 0,
};

static bool
match(GMimeMessage *msg, const struct envelope *env, struct recognition *r)
{
	if (notice_match(msg, env, r, "daemon", &subject_rule))
		return true;
	if (env->sender == NULL || env->sender[0] != '\0')
		return false;
	return notice_match(msg, env, r, "daemon", &text_rule);
}

const struct recogniser recogniser_daemon = {
	.name = "daemon",
	.gate = &notice_sender_gate,	/* both rules ask notice_match's sender */
	.match = match,
};
