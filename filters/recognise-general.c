/*
 * recognise-general.c: the last resort for bounces of mail systems no
 * other stage knows, from what every mail system shares.
 *
 * The family stages know a template each; the long tail (CommuniGate,
 * GroupWise, MDaemon, Kerio, IceWarp, university and ISP systems,
 * Chinese and Russian providers, gateways that keep the original's
 * subject) writes its own words.  What they share:
 *  - the sender is a mail system: the null envelope sender, or
 *    MAILER-DAEMON (or kin) in From:, Sender: or X-Envelope-From:,
 *    which also holds when a list or forwarder passed the bounce on;
 *  - an SMTP reply code with an enhanced status code ("550 5.1.1",
 *    "#5.0.0") in the notice text;
 *  - a diagnostic phrase (unknown user, mailbox full, relaying denied,
 *    host not found, message too large, ... in several languages);
 *  - the original, attached (message/rfc822, text/rfc822-headers),
 *    announced by a marker line ("original message follows") or
 *    quoted as a header block (From:, To:, Subject:, Message-ID: ...);
 *  - a statement that the message was not delivered, or not yet
 *    ("could not be delivered", "nicht zugestellt", "配送できません
 *    でした", "will keep trying", in several languages);
 *  - a program's marks: Auto-Submitted, X-Failed-Recipients.
 * The sender is required, and two of the other five or of a subject
 * that opens as a report ("Returned mail", "Delivery delayed", ...).  Exchange marks
 * the NDRs it writes with X-MS-Exchange-Message-Is-Ndr, which counts
 * as the sender when a forwarder's envelope hides the null one.  A person is
 * never a mail system here, however much of a bounce they quote; list
 * posts, monitoring and log mail do not come from one.  postmaster@
 * is both a mail system's and a person's address: from there all
 * three signs are asked, the original as an attached part (people
 * paste, programs attach) or the message marked Auto-Submitted.
 *
 * Gateways that send from an address of their own (a service name,
 * "System Administrator", postmaster) are asked for more instead: a
 * subject that opens as a non-delivery report does ("Returned mail",
 * "Undeliverable", "Zustellungsfehlerbericht", ...; a person's reply or
 * forward opens with "Re:"/"Fw:"), no list headers, and in the text a
 * diagnostic or status code and the original itself (attached, or a
 * quoted header block; not a mere "original message" line, which a
 * person writes too) or a program's marks.
 */
#include <string.h>

#include "filter.h"

/* Words of a mail system's address in Sender: / X-Envelope-From: (lower case). */
static const char *const system_addresses[] = {
	"mailer-daemon", "mailer_daemon", "double-bounce", NULL,
};


/*
 * Diagnostic phrases (lower case).  Not "spam", "blocked" or
 * "rejected": a filter's notice about mail sent to the user says them
 * too, and an SMTP refusal of spam carries a status code anyway.
 */
static const char *const diagnostic_markers[] = {
	"user unknown", "unknown user", "no such user", "unknown recipient",
	"recipient unknown", "no such recipient", "recipient not found",
	"user not found", "address not found", "does not exist",
	"no mailbox", "mailbox unavailable", "mailbox not found",
	"mailbox full", "mailbox is full", "over quota", "quota exceeded",
	"disk quota", "exceeded storage", "insufficient storage",
	"relay access denied", "relaying denied", "relay not permitted",
	"unable to relay", "host not found", "host unknown",
	"domain not found", "no dns", "no mx", "connection refused",
	"connection timed out", "message too large", "message size exceeds",
	"too big", "account disabled", "account expired", "account is full",
	"mailbox disabled", "mail loop", "hop count exceeded",
	/* German, French, Spanish, Italian, Dutch, Portuguese */
	"benutzer unbekannt", "unbekannter empf", "postfach voll",
	"utilisateur inconnu", "destinataire inconnu", "bo\xc3\xaete pleine",
	"usuario desconocido", "buz\xc3\xb3n lleno", "utente sconosciuto",
	"casella piena", "onbekende gebruiker", "usu\xc3\xa1rio desconhecido",
	/* Russian, Chinese, Japanese */
	"\xd0\xbd\xd0\xb5\xd1\x82 \xd1\x82\xd0\xb0\xd0\xba\xd0\xbe\xd0\xb3\xd0\xbe",	/* нет такого */
	"\xd0\xbf\xd0\xb5\xd1\x80\xd0\xb5\xd0\xbf\xd0\xbe\xd0\xbb\xd0\xbd\xd0\xb5\xd0\xbd",	/* переполнен */
	"\xe4\xb8\x8d\xe5\xad\x98\xe5\x9c\xa8",	/* 不存在 */
	"\xe7\xa9\xba\xe9\x97\xb4\xe5\xb7\xb2\xe6\xbb\xa1",	/* 空间已满 */
	"\xe5\xad\x98\xe5\x9c\xa8\xe3\x81\x97\xe3\x81\xbe\xe3\x81\x9b\xe3\x82\x93",	/* 存在しません */
	/* SMTP's own words, directory lookups, Exchange's resolver */
	"requested action not taken", "not listed in", "recipnotfound",
	"no such address", "invalid recipient", "invalid address",
	"unknown local part", "user account is expired",
	"account has been disabled", "is niet gevonden", "niet gevonden",
	"recipient address rejected", "address rejected",
	"exceeds allowed size", "mailbox exceeds", "envelope expired",
	"retry timeout exceeded", "message expired",
	"gebruiker onbekend", "postafi\xc3\xb3k megtelt",
	/* Japanese, Korean: "not found", "does not exist" */
	"\xe8\xa6\x8b\xe3\x81\xa4\xe3\x81\x8b\xe3\x82\x8a\xe3\x81\xbe\xe3\x81\x9b\xe3\x82\x93",	/* 見つかりません */
	"\xe5\xad\x98\xe5\x9c\xa8\xe3\x81\x97\xe3\x81\xaa\xe3\x81\x84",	/* 存在しない */
	"\xec\xa1\xb4\xec\x9e\xac\xed\x95\x98\xec\xa7\x80 \xec\x95\x8a",	/* 존재하지 않 */
	NULL,
};

/*
 * Statements that the message was not delivered, or not yet (lower
 * case).  Only what a report says of its own delivery: a filter's
 * notice about mail sent to the user says "blocked", not these.
 */
static const char *const failure_markers[] = {
	"could not be delivered", "couldn't be delivered", "was not delivered",
	"wasn't delivered", "not be delivered", "undeliverable",
	"undelivered", "unable to deliver", "could not deliver",
	"couldn't deliver", "not able to deliver", "delivery failed",
	"delivery has failed", "delivery failure", "failed permanently",
	"permanent error", "permanent failure", "delivery problems",
	"did not reach", "non-delivery", "nondeliverable", "not deliverable",
	"returned mail", "failed recipient", "failed address",
	"could not be reached", "did not receive a copy",
	"invalid final delivery", "delivery to the following",
	"failure reason", "permanent fatal error", "permanent delivery error",
	"while attempting to deliver",
	"recipients was rejected", "recipient was rejected",
	"recipients were rejected",
	/* German, French, Spanish, Portuguese, Italian, Dutch */
	"nicht zugestellt", "unzustellbar", "nicht ausgeliefert",
	"zustellung fehlgeschlagen", "n'a pas pu \xc3\xaatre remis",
	"n'a pas pu \xc3\xaatre distribu", "n'a pas pu \xc3\xaatre d\xc3\xa9livr",
	"non remis", "non d\xc3\xa9livr", "\xc3\xa9" "chec de la remise",
	"no pudo ser entregado", "no se pudo entregar", "no ha podido ser entregado",
	"no entregado", "n\xc3\xa3o foi poss\xc3\xadvel entregar",
	"n\xc3\xa3o p\xc3\xb4" "de ser entregue", "n\xc3\xa3o entregue",
	"falha na entrega", "non \xc3\xa8 stato possibile recapitare",
	"mancato recapito", "impossibile recapitare", "non recapitato",
	"kon niet worden afgeleverd", "niet afgeleverd", "onbestelbaar",
	"levering is mislukt",
	/* Polish, Nordic, Finnish, Czech, Hungarian, Turkish */
	"nie mo\xc5\xbcna dostarczy\xc4\x87", "nie zosta\xc5\x82 dostarczon",
	"kunde inte levereras", "kunne ikke leveres", "ei voitu toimittaa",
	"nelze doru\xc4\x8dit", "nebyla doru\xc4\x8d" "ena",
	"nem k\xc3\xa9zbes\xc3\xadthet\xc5\x91", "teslim edilemedi",
	"nem siker\xc3\xbclt k\xc3\xa9zbes\xc3\xadteni",
	/* Russian, Ukrainian, Greek */
	"\xd0\xbd\xd0\xb5 \xd1\x83\xd0\xb4\xd0\xb0\xd0\xbb\xd0\xbe\xd1\x81\xd1\x8c \xd0\xb4\xd0\xbe\xd1\x81\xd1\x82\xd0\xb0\xd0\xb2\xd0\xb8\xd1\x82\xd1\x8c",	/* не удалось доставить */
	"\xd0\xbd\xd0\xb5 \xd0\xb4\xd0\xbe\xd1\x81\xd1\x82\xd0\xb0\xd0\xb2\xd0\xbb\xd0\xb5\xd0\xbd",	/* не доставлен */
	"\xd0\xbd\xd0\xb5 \xd0\xb2\xd0\xb4\xd0\xb0\xd0\xbb\xd0\xbe\xd1\x81\xd1\x8f \xd0\xb4\xd0\xbe\xd1\x81\xd1\x82\xd0\xb0\xd0\xb2\xd0\xb8\xd1\x82\xd0\xb8",	/* не вдалося доставити */
	"\xce\xb4\xce\xb5\xce\xbd \xce\xae\xcf\x84\xce\xb1\xce\xbd \xce\xb4\xcf\x85\xce\xbd\xce\xb1\xcf\x84\xce\xae \xce\xb7 \xcf\x80\xce\xb1\xcf\x81\xce\xac\xce\xb4\xce\xbf\xcf\x83\xce\xb7",	/* δεν ήταν δυνατή η παράδοση */
	/* Japanese, Chinese, Korean */
	"\xe9\x85\x8d\xe9\x80\x81\xe3\x81\xa7\xe3\x81\x8d\xe3\x81\xbe\xe3\x81\x9b\xe3\x82\x93",	/* 配送できません */
	"\xe9\x85\x8d\xe4\xbf\xa1\xe3\x81\xa7\xe3\x81\x8d\xe3\x81\xbe\xe3\x81\x9b\xe3\x82\x93",	/* 配信できません */
	"\xe5\xb1\x8a\xe3\x81\x91\xe3\x82\x89\xe3\x82\x8c\xe3\x81\xbe\xe3\x81\x9b\xe3\x82\x93",	/* 届けられません */
	"\xe9\x80\x81\xe4\xbf\xa1\xe3\x81\xa7\xe3\x81\x8d\xe3\x81\xbe\xe3\x81\x9b\xe3\x82\x93",	/* 送信できません */
	"\xe9\x80\x81\xe4\xbf\xa1\xe3\x81\xab\xe5\xa4\xb1\xe6\x95\x97",	/* 送信に失敗 */
	"\xe6\x97\xa0\xe6\xb3\x95\xe6\x8a\x95\xe9\x80\x92",	/* 无法投递 */
	"\xe7\x84\xa1\xe6\xb3\x95\xe6\x8a\x95\xe9\x81\x9e",	/* 無法投遞 */
	"\xe6\x8a\x95\xe9\x80\x92\xe5\xa4\xb1\xe8\xb4\xa5",	/* 投递失败 */
	"\xe9\x80\x80\xe4\xbf\xa1",	/* 退信 */
	"\xec\xa0\x84\xeb\x8b\xac\xeb\x90\x98\xec\xa7\x80 \xeb\xaa\xbb",	/* 전달되지 못 */
	"\xeb\xb0\x9c\xec\x86\xa1 \xec\x8b\xa4\xed\x8c\xa8",	/* 발송 실패 */
	"\xec\xa0\x84\xec\x86\xa1 \xec\x8b\xa4\xed\x8c\xa8",	/* 전송 실패 */
	NULL,
};

/*
 * Subject openings of non-delivery reports (lower case), for gateways
 * that send from an address of their own (see above).
 */
static const char *const bounce_subjects[] = {
	"returned mail", "returned message", "undeliverable",
	"undelivered mail", "undelivered message", "delivery failure",
	"delivery status notification", "delivery notification",
	"mail delivery failed", "mail delivery failure", "failure notice",
	"nondeliverable", "non-deliverable", "non delivery", "non-delivery",
	"message not delivered", "message delivery failure",
	"message delivery has failed", "message status - undeliverable",
	"mail system error", "delivery failed", "mail could not be delivered",
	"zustellungsfehlerbericht", "unzustellbar", "nicht zustellbar",
	"non remis", "message non remis", "mensaje no entregado",
	"no se puede entregar", "mensagem n\xc3\xa3o entregue",
	"notifica di mancato recapito", "impossibile recapitare",
	"onbestelbaar", "nie mo\xc5\xbcna dostarczy\xc4\x87",
	"kan ikke leveres", "kunde inte levereras",
	/* delay warnings */
	"delivery delayed", "delayed mail", "delayed delivery",
	"message delayed", "mail delivery delayed", "delay notification",
	"warning: could not send", "warning: message",
	"verz\xc3\xb6gerte zustellung", "zustellung verz\xc3\xb6gert",
	"mensaje retrasado", "entrega retrasada", "consegna ritardata",
	NULL,
};

/* Exchange's mark on the NDRs it writes (see above). */
static const struct gate_header ndr_marks[] = {
	{ "X-MS-Exchange-Message-Is-Ndr", NULL },
	{ NULL, NULL },
};

/*
 * Gate: from_system or postmaster_notice: notice.c's sender, those
 * words or Exchange's NDR mark; titled_notice: a report's subject.
 */
static const struct gate gate = {
	.senders = GATE_TABLES(system_addresses),
	.headers = (const struct gate_header *const[]){ ndr_marks, NULL },
	.subjects = GATE_TABLES(bounce_subjects),
	.also = &notice_sender_gate,
};

/* Lines announcing the original (lower case). */
static const char *const original_markers[] = {
	"original message", "message header follows", "message headers follow",
	"copy of the message", "copy of your message", "headers of your message",
	"unsent message follows", "rejected message", "returned message",
	"original headers", "message headers:", "headers follow",
	"urspr\xc3\xbcngliche nachricht", "originalnachricht",
	"message d'origine", "message original", "mensaje original",
	"messaggio originale", "oorspronkelijk bericht",
	"wiadomo\xc5\x9b\xc4\x87 oryginalna",
	"\xd0\xb8\xd1\x81\xd1\x85\xd0\xbe\xd0\xb4\xd0\xbd",	/* исходн */
	"\xe5\x8e\x9f\xe5\xa7\x8b\xe9\x82\xae\xe4\xbb\xb6",	/* 原始邮件 */
	"\xe5\x8e\x9f\xe9\x82\xae\xe4\xbb\xb6",	/* 原邮件 */
	"\xe5\x85\x83\xe3\x81\xae\xe3\x83\xa1\xe3\x83\x83\xe3\x82\xbb\xe3\x83\xbc\xe3\x82\xb8",	/* 元のメッセージ */
	NULL,
};

/* Header names of a quoted header block, at line start (lower case). */
static const char *const quoted_headers[] = {
	"\nreceived:", "\nfrom:", "\nto:", "\nsubject:", "\nmessage-id:",
	"\ndate:", NULL,
};

#define QUOTED_MIN	3	/* header names that make a quoted block */

static bool	postmaster_notice(GMimeMessage *msg, const struct envelope *env,
		    struct recognition *r);

static bool
header_has(GMimeMessage *msg, const char *name, const char *const *words)
{
	const char	*v = g_mime_object_get_header(GMIME_OBJECT(msg), name);
	char		*low;
	bool		 hit;

	if (v == NULL)
		return false;
	low = g_ascii_strdown(v, -1);
	hit = notice_find_any(low, strlen(low), words) != NULL;
	g_free(low);
	return hit;
}

/* The notice comes from a mail system, not a person (see above). */
static bool
from_system(GMimeMessage *msg, const struct envelope *env)
{
	if (notice_from_system(msg, env))
		return true;
	if (g_mime_object_get_header(GMIME_OBJECT(msg),
	    "X-MS-Exchange-Message-Is-Ndr") != NULL)
		return true;
	return header_has(msg, "Sender", system_addresses) ||
	    header_has(msg, "X-Envelope-From", system_addresses);
}

/*
 * One of phrases in the notice text, which is lower-cased as ASCII
 * only: where it holds other letters ("Нет такого пользователя") a
 * UTF-8 lower-cased copy is searched too.
 */
static bool
says(const char *text, gsize len, const char *const *phrases)
{
	char	*low;
	bool	 hit;
	gsize	 i;

	if (notice_find_any(text, len, phrases) != NULL)
		return true;
	for (i = 0; i < len && (guchar)text[i] < 0x80; i++)
		;
	if (i == len || !g_utf8_validate(text, (gssize)len, NULL))
		return false;
	low = g_utf8_strdown(text, (gssize)len);
	hit = notice_find_any(low, strlen(low), phrases) != NULL;
	g_free(low);
	return hit;
}

static bool
says_diagnostic(const char *text, gsize len)
{
	return says(text, len, diagnostic_markers);
}

/* The text says the message was not delivered, or not yet. */
static bool
says_failure(GMimeMessage *msg, struct recognition *r, const char *text,
    gsize len)
{
	return says(text, len, failure_markers) || notice_says_delay(msg, r);
}

/* Auto-Submitted (any value but "no") or Exim's X-Failed-Recipients. */
static bool
marked_automatic(GMimeMessage *msg)
{
	const char	*v;

	if (g_mime_object_get_header(GMIME_OBJECT(msg), "X-Failed-Recipients")
	    != NULL)
		return true;
	v = g_mime_object_get_header(GMIME_OBJECT(msg), "Auto-Submitted");
	if (v == NULL)
		return false;
	while (g_ascii_isspace(*v))
		v++;
	return g_ascii_strncasecmp(v, "no", 2) != 0 || g_ascii_isalpha(v[2]);
}

/*
 * "550 5.1.1", "550-5.1.1", "#5.0.0", "(#4.4.1)" in the text.  Not
 * G_REGEX_OPTIMIZE: PCRE2's JIT code reads past the text's NUL into the
 * rest of its buffer (valgrind reports it), and the last-resort stage
 * runs too seldom for the JIT to pay.
 */
static bool
has_status_code(const char *text)
{
	static GRegex	*re;

	if (g_once_init_enter(&re))
		g_once_init_leave(&re, g_regex_new("(\\b[45][0-9][0-9][ -]"
		    "|#)[45]\\.[0-9]{1,3}\\.[0-9]{1,3}\\b", G_REGEX_RAW, 0, NULL));
	return re != NULL && g_regex_match(re, text, 0, NULL);
}

/* An attached original: a message/<any> or text/rfc822-headers part. */
static bool
has_attached_original(GMimeMessage *msg)
{
	GMimeObject	*top = g_mime_message_get_mime_part(msg);
	GMimeContentType *ct;
	int		 k, n;

	if (top == NULL || !GMIME_IS_MULTIPART(top))
		return false;
	n = g_mime_multipart_get_count(GMIME_MULTIPART(top));
	for (k = 0; k < n && k < MIME_MAX_PARTS; k++) {
		ct = g_mime_object_get_content_type(
		    g_mime_multipart_get_part(GMIME_MULTIPART(top), k));
		if (ct != NULL && (g_mime_content_type_is_type(ct,
		    "message", "*") || g_mime_content_type_is_type(ct,
		    "text", "rfc822-headers")))
			return true;
	}
	return false;
}

/* A quoted header block: QUOTED_MIN header names at line starts. */
static bool
has_quoted_headers(const char *text, gsize len)
{
	size_t		 i;
	int		 names = 0;

	for (i = 0; quoted_headers[i] != NULL; i++)
		if (notice_find_any(text, len, (const char *const[]){
		    quoted_headers[i], NULL }) != NULL)
			names++;
	return names >= QUOTED_MIN;
}

/* An attached original, a marker line, or a quoted header block. */
static bool
has_original(GMimeMessage *msg, const char *text, gsize len)
{
	if (has_attached_original(msg) ||
	    notice_find_any(text, len, original_markers) != NULL)
		return true;
	return has_quoted_headers(text, len);
}

/* From postmaster@ (see above): every sign, and a program's marks. */
static bool
postmaster_notice(GMimeMessage *msg, const struct envelope *env,
    struct recognition *r)
{
	const char	*text;
	gsize		 len;

	if (!notice_from_daemon(msg, env))
		return false;
	if (!has_attached_original(msg) && g_mime_object_get_header(
	    GMIME_OBJECT(msg), "Auto-Submitted") == NULL)
		return false;
	text = notice_text(msg, r, &len);
	if (!has_status_code(text) || !says_diagnostic(text, len))
		return false;
	recognition_set(r, notice_says_delay(msg, r) ? CLASS_DELAY :
	    CLASS_BOUNCE, "general", "a notice from postmaster (status "
	    "code, diagnostic, %s)", has_attached_original(msg) ?
	    "the original attached" : "Auto-Submitted");
	return true;
}
/* The subject opens as a non-delivery report or a delay warning. */
static bool
titled_as_report(GMimeMessage *msg, struct recognition *r)
{
	const char	*subject = notice_subject(msg, r);
	size_t		 i;

	while (*subject == ' ' || *subject == '\t')
		subject++;
	for (i = 0; bounce_subjects[i] != NULL; i++)
		if (strncmp(subject, bounce_subjects[i],
		    strlen(bounce_subjects[i])) == 0)
			return true;
	return false;
}

/*
 * A gateway's report from an address of its own (see above): a bounce
 * subject, no list headers, and diagnostic and original (or a
 * program's marks) in the text.
 */
static bool
titled_notice(GMimeMessage *msg, struct recognition *r)
{
	const char	*text;
	gsize		 len;

	if (notice_is_list_mail(msg) || !titled_as_report(msg, r))
		return false;
	/* the subject says it failed; the text must say why */
	text = notice_text(msg, r, &len);
	if (!says_diagnostic(text, len) && !has_status_code(text))
		return false;
	/* the original itself: a person may write "original message" */
	if (!has_attached_original(msg) && !has_quoted_headers(text, len) &&
	    !marked_automatic(msg))
		return false;
	recognition_set(r, notice_says_delay(msg, r) ? CLASS_DELAY :
	    CLASS_BOUNCE, "general", "a gateway's report (bounce subject, "
	    "diagnostic, %s)", marked_automatic(msg) ?
	    "marked automatic" : "the original");
	return true;
}

static bool
match(GMimeMessage *msg, const struct envelope *env, struct recognition *r)
{
	const char	*text;
	gsize		 len;
	int		 signs;
	bool		 code, phrase, failed, original, marked, titled;

	if (!from_system(msg, env))
		return postmaster_notice(msg, env, r) ||
		    titled_notice(msg, r);
	text = notice_text(msg, r, &len);
	code = has_status_code(text);
	phrase = says_diagnostic(text, len);
	failed = says_failure(msg, r, text, len);
	original = has_original(msg, text, len);
	marked = marked_automatic(msg);
	titled = titled_as_report(msg, r);
	signs = (int)code + (int)phrase + (int)failed + (int)original +
	    (int)marked + (int)titled;
	if (signs < 2)
		return false;
	/*
	 * RFC 3834 asks responders for the null sender too: a vacation
	 * reply quoting the original is marked and has an original, and
	 * is left to the auto-reply stage unless it also says why
	 * something failed.
	 */
	if (!code && !phrase && !failed && !notice_from_mailer_daemon(msg))
		return false;
	recognition_set(r, notice_says_delay(msg, r) ? CLASS_DELAY :
	    CLASS_BOUNCE, "general", "a mail system's notice (%s%s%s%s%s%s)",
	    code ? "status code, " : "", phrase ? "diagnostic, " : "",
	    failed ? "failure, " : "", titled ? "report subject, " : "",
	    marked ? "marked automatic, " : "",
	    original ? "the original" : "no original");
	return true;
}

const struct recogniser recogniser_general = {
	.name = "general",
	.gate = &gate,
	.match = match,
};
