/*
 * recognise-autoreply.c: vacation and out-of-office replies.
 *
 * RFC 3834 says an automatic reply carries Auto-Submitted: auto-replied;
 * that alone decides.  Older responders mark themselves with
 * X-Autoreply, X-Autorespond or Precedence: auto_reply, and Apple's with
 * X-Apple-Action: VACATION.  Exchange and Outlook mark nothing standard,
 * so their "Automatic reply:" subjects count, but only together with
 * an Exchange header, the null sender or the In-Reply-To/References
 * of a reply, and never on list mail; some responders bracket the
 * prefix ("[Automatyczna odpowiedź] ...").  An Exchange inbox rule that
 * answers ("reply using a template") marks its reply with
 * X-MS-Exchange-Inbox-Rules-Loop and keeps the original's subject
 * behind a reply prefix ("RE: ...").
 *
 * RFC 3834 asks responders for the null envelope sender; a message
 * that uses it, comes from a person's address (not MAILER-DAEMON,
 * whose bounces the stages before claim), has no list headers and is
 * no calendar item, and either answers a message (In-Reply-To,
 * References) or says Precedence: bulk/junk, is a responder's reply
 * whatever its subject ("Thank you for your e-mail").  People do not
 * send from the null sender, and mailing lists and newsletters send
 * from a bounce address.  Auto-Submitted: auto-generated is not
 * enough: reminders and notifications come from the null sender too.
 *
 * MTAs put Auto-Submitted: auto-replied on their bounces too; one from
 * MAILER-DAEMON that no bounce stage claimed is an unknown MTA's
 * bounce, and is classed so.
 *
 * Auto-Submitted: auto-generated (cron, newsletters, notifications) is
 * machine mail but not an answer to anything the user sent, so it is
 * deliberately not matched, with or without Precedence: bulk.
 */
#include <string.h>

#include "filter.h"

/*
 * The subject prefix Exchange, Outlook and the webmail services put on
 * an automatic reply, in the languages they ship ("Automatic reply:"
 * and its translations).  Compared case-insensitively (ASCII) and
 * followed by a colon, after optional blanks (French puts one before
 * it; CJK may write a full-width colon).
 */
static const char *const reply_subjects[] = {
	"Automatic reply", "Auto reply", "Autoreply", "Auto-Reply", "Auto",
	"Auto Response", "AutoResponse", "Out of Office AutoReply",
	"Out of Office", "Abwesenheitsnotiz", "Automatische Antwort",
	"Réponse automatique", "Respuesta automática", "Risposta automatica",
	"Automatisch antwoord", "Odpowiedź automatyczna",
	"Automatyczna odpowiedź", "Resposta automática",
	"Автоматический ответ", "Автоматична відповідь",
	"Автоматичен отговор", "Automatická odpověď", "Automatická odpoveď",
	"Automatikus válasz", "Răspuns automat", "Automatiskt svar",
	"Automatisk svar", "Automaattinen vastaus", "Automaatne vastus",
	"Automātiskā atbilde", "Automatinis atsakymas", "Otomatik yanıt",
	"Otomatik cevap", "Αυτόματη απάντηση", "Automatski odgovor",
	"Samodejni odgovor", "Trả lời tự động", "Balasan otomatis",
	"תשובה אוטומטית", "رد تلقائي", "自动回复", "自动答复", "自動回覆",
	"自動応答", "自動返信", "자동 회신", "자동 응답", "Autosvar", "Автоответ",
	/* the "Out of Office" prefixes of older Outlook versions */
	"Abwesend", "Absent", "Absente", "Afwezig", "Fuori sede",
	"Frånvarande", "Fraværende", "Ikke til stede", "Poissa",
	"Mimo kancelář", "Házon kívül", "Poza biurem", "Ausente",
	"Нет на месте", "Ofis Dışında", "Εκτός γραφείου", "不在",
	"부재 중",
	/* further Outlook languages */
	"Аутоматски одговор", "Автоматски одговор", "Автоматты жауап",
	"ตอบกลับอัตโนมัติ", "Resposta automàtica", "Sjálfvirkt svar",
	"स्वचालित जवाब", "Balasan automatik", "Erantzun automatikoa",
	"پاسخ خودکار", "Avtomatik cavab", "ავტომატური პასუხი",
	"Ateb awtomatig",
	NULL,
};

/*
 * Subject openings of vacation and out-of-office replies, lower case,
 * for replies marked only by Precedence: bulk/junk (Debian's vacation)
 * or a responder's X-Mailer.  A subject must begin with one.
 */
static const char *const away_subjects[] = {
	"out of office", "out of the office", "automatic reply",
	"auto reply", "autoreply", "auto-reply", "auto response",
	"autoresponse", "auto-response", "vacation", "away from",
	"on vacation", "i am away", "i am out", "away:", "abwesenheit",
	"automatische antwort", "ich bin nicht im b\xc3\xbcro",
	"r\xc3\xa9ponse automatique", "reponse automatique", "absence",
	"absent", "respuesta autom\xc3\xa1tica", "respuesta automatica",
	"fuera de la oficina", "ausente", "risposta automatica",
	"fuori ufficio", "fuori sede", "assente", "automatisch antwoord",
	"afwezig", "niet aanwezig", "resposta autom\xc3\xa1tica",
	"resposta automatica", "fora do escrit\xc3\xb3rio",
	"automatyczna odpowied\xc5\xba", "nieobecno\xc5\x9b\xc4\x87",
	"poza biurem", "\xe8\x87\xaa\xe5\x8b\x95\xe5\xbf\x9c\xe7\xad\x94",
	"\xe4\xb8\x8d\xe5\x9c\xa8", "\xe8\x87\xaa\xe5\x8a\xa8\xe5\x9b\x9e\xe5\xa4\x8d",
	"\xe8\x87\xaa\xe5\x8b\x95\xe5\x9b\x9e\xe8\xa6\x86",
	"\xd0\xb0\xd0\xb2\xd1\x82\xd0\xbe\xd0\xbe\xd1\x82\xd0\xb2\xd0\xb5\xd1\x82",
	"\xd0\xb0\xd0\xb2\xd1\x82\xd0\xbe\xd0\xbc\xd0\xb0\xd1\x82\xd0\xb8\xd1\x87\xd0\xb5\xd1\x81\xd0\xba\xd0\xb8\xd0\xb9 \xd0\xbe\xd1\x82\xd0\xb2\xd0\xb5\xd1\x82",
	/* responders' acknowledgements (of a message, not of an order) */
	"thank you for your message", "thank you for your e-mail",
	"thank you for your email", "thank you for your mail",
	"thanks for your message", "thanks for your e-mail",
	"thanks for your email",
	NULL,
};

/*
 * Phrases saying "out of the office" anywhere in a subject, as Lotus
 * Notes ("<name> is out of the office", "... ist außer Haus") and other
 * responders that do not prefix write them (lower case).
 */
static const char *const oof_subjects[] = {
	"out of the office", "out of office", "is away", "on holiday",
	"außer haus", "nicht im b\xc3\xbcro", "absent du bureau",
	"fuera de la oficina", "fuori ufficio", "poza biurem",
	"fora do escrit\xc3\xb3rio", "niet op kantoor", NULL,
};

/* X-Mailer words of autoresponders. */
static const char *const responder_mailers[] = {
	"vacation", "autorespond", "autoreply", "auto-reply", "out of office",
	NULL,
};

/* Ticket systems' acknowledgement subjects after "[queue #123]". */
static const char *const ticket_words[] = {
	"autoreply", "auto reply", "auto-reply", "ticket received",
	"ticket created", "request received", "we have received", NULL,
};

static const char *const exchange_headers[] = {
	"X-Auto-Response-Suppress",
	"X-MS-Exchange-Inbox-Rules-Loop",
	"X-MS-Exchange-Generated-Message-Source",
	"X-MS-TNEF-Correlator",
	"X-MS-Has-Attach",
};

static bool	match(GMimeMessage *, const struct envelope *,
		    struct recognition *);
static bool	header_is(GMimeMessage *msg, const char *name,
		    const char *value);
static bool	marked_by_header(GMimeMessage *msg, const char **why);
static bool	marked_by_vendor(GMimeMessage *msg, const char **why);
static bool	exchange_reply(GMimeMessage *msg, const struct envelope *env);
static bool	has_any_header(GMimeMessage *msg, const char *const *names,
		    size_t n);
static bool	away_reply(GMimeMessage *msg, struct recognition *r,
		    const char **why);
static bool	ticket_reply(GMimeMessage *msg, struct recognition *r);
static bool	lotus_reply(GMimeMessage *msg, struct recognition *r);
static bool	bare_reply_subject(GMimeMessage *msg, struct recognition *r);
static bool	starts_with_any(const char *s, const char *const *words);
static bool	colon_follows(const char *s);
static bool	responder_mailer(GMimeMessage *msg);
static bool	starts_a_thread(GMimeMessage *msg, const char *subject);
static bool	has_calendar(GMimeMessage *msg);
static bool	answers_a_message(GMimeMessage *msg);
static bool	person_word(const char *subject);
static bool	null_sender_reply(GMimeMessage *msg,
		    const struct envelope *env);
static bool	subject_follows(const char *subject);
static bool	rules_reply(GMimeMessage *msg, const char *subject);

static const struct gate gate;	/* at the end, after the tables it names */

const struct recogniser recogniser_autoreply = {
	.name = "autoreply",
	.gate = &gate,
	.match = match,
};

static bool
match(GMimeMessage *msg, const struct envelope *env, struct recognition *r)
{
	const char	*why;

	if (marked_by_header(msg, &why)) {
		if (notice_from_mailer_daemon(msg))
			recognition_set(r, CLASS_BOUNCE, "autoreply",
			    "%s from MAILER-DAEMON", why);
		else
			recognition_set(r, CLASS_AUTOREPLY, "autoreply",
			    "%s", why);
		return true;
	}
	if (exchange_reply(msg, env)) {
		recognition_set(r, CLASS_AUTOREPLY, "autoreply",
		    "auto-reply subject from Exchange");
		return true;
	}
	if (away_reply(msg, r, &why)) {
		recognition_set(r, CLASS_AUTOREPLY, "autoreply",
		    "out-of-office subject with %s", why);
		return true;
	}
	if (bare_reply_subject(msg, r)) {
		recognition_set(r, CLASS_AUTOREPLY, "autoreply",
		    "a responder's whole subject (\"Auto Response\")");
		return true;
	}
	if (lotus_reply(msg, r)) {
		recognition_set(r, CLASS_AUTOREPLY, "autoreply",
		    "out-of-office subject of Lotus Notes");
		return true;
	}
	if (ticket_reply(msg, r)) {
		recognition_set(r, CLASS_AUTOREPLY, "autoreply",
		    "ticket system acknowledgement ([queue #n] subject)");
		return true;
	}
	if (null_sender_reply(msg, env)) {
		recognition_set(r, CLASS_AUTOREPLY, "autoreply",
		    "a responder's reply (null sender, a reply or "
		    "Precedence: bulk/junk)");
		return true;
	}
	return false;
}

/* The null sender, a responder's marks, a person's From: (see above). */
static bool
null_sender_reply(GMimeMessage *msg, const struct envelope *env)
{
	if (env->sender == NULL || env->sender[0] != '\0' ||
	    notice_is_list_mail(msg) || notice_from_mailer_daemon(msg) ||
	    has_calendar(msg))
		return false;
	if (!header_is(msg, "Precedence", "bulk") &&
	    !header_is(msg, "Precedence", "junk") && !answers_a_message(msg))
		return false;
	return g_mime_message_get_from(msg) != NULL &&
	    internet_address_list_length(g_mime_message_get_from(msg)) > 0;
}

/* True if s, after blanks, begins with one of words. */
static bool
starts_with_any(const char *s, const char *const *words)
{
	size_t	i;

	while (*s == ' ' || *s == '\t')
		s++;
	for (i = 0; words[i] != NULL; i++)
		if (strncmp(s, words[i], strlen(words[i])) == 0)
			return true;
	return false;
}

/*
 * Debian's vacation(1) and similar programs: an out-of-office subject
 * with Precedence: bulk or junk (which vacation sends, and which keeps
 * other responders quiet) or with a responder's X-Mailer, and no list
 * headers (a newsletter is bulk too, but is list mail and its subject
 * is no out-of-office line).  A subject that says "out of the office"
 * anywhere (oof_subjects) may also be backed by Auto-Submitted:
 * auto-generated, which Lotus and Exchange write on their replies; the
 * vaguer openings ("vacation", "absence") may not, since HR and
 * booking systems send auto-generated mail about them.
 */
static bool
away_reply(GMimeMessage *msg, struct recognition *r, const char **why)
{
	const char	*subject = notice_subject(msg, r);
	bool		 phrase, generated;

	phrase = notice_find_any(subject, strlen(subject), oof_subjects) !=
	    NULL;
	if ((!phrase && !starts_with_any(subject, away_subjects)) ||
	    notice_is_list_mail(msg))
		return false;
	/* Lotus and Exchange mark their replies auto-generated ... */
	generated = header_is(msg, "Auto-Submitted", "auto-generated");
	if (phrase && generated) {
		*why = "Auto-Submitted: auto-generated";
		return true;
	}
	/* ... and so do HR systems' "Vacation request approved" */
	if (generated)
		return false;
	if (header_is(msg, "Precedence", "bulk") ||
	    header_is(msg, "Precedence", "junk")) {
		*why = "Precedence: bulk/junk";
		return true;
	}
	*why = "an autoresponder's X-Mailer";
	return responder_mailer(msg);
}

/* X-Mailer names an autoresponder. */
static bool
responder_mailer(GMimeMessage *msg)
{
	const char	*mailer;
	char		*low;
	bool		 hit;

	mailer = g_mime_object_get_header(GMIME_OBJECT(msg), "X-Mailer");
	if (mailer == NULL)
		return false;
	low = g_ascii_strdown(mailer, -1);
	hit = notice_find_any(low, strlen(low), responder_mailers) != NULL;
	g_free(low);
	return hit;
}

/*
 * Responders that keep no part of the original's subject and mark
 * nothing (Yahoo's "Auto Response"): the whole subject is one of these
 * (lower case).  A person does not title a message so; "Out of office"
 * alone, which a person may, is not among them.
 */
static const char *const bare_subjects[] = {
	"auto response", "autoresponse", "auto-response", "auto reply",
	"autoreply", "auto-reply", "automatic reply", "automated response",
	"automatic response", "out of office autoreply",
	"out of office reply", NULL,
};

static bool
bare_reply_subject(GMimeMessage *msg, struct recognition *r)
{
	const char	*subject = notice_subject(msg, r);
	size_t		 n, i;

	while (*subject == ' ' || *subject == '\t')
		subject++;
	n = strlen(subject);
	while (n > 0 && (subject[n - 1] == ' ' || subject[n - 1] == '\t' ||
	    subject[n - 1] == '.'))
		n--;
	if (notice_is_list_mail(msg))
		return false;
	for (i = 0; bare_subjects[i] != NULL; i++)
		if (strlen(bare_subjects[i]) == n &&
		    strncmp(subject, bare_subjects[i], n) == 0)
			return true;
	return false;
}

/*
 * Lotus Notes (Domino) names the absent person in the subject and marks
 * nothing else: "Jane Doe is out of the office." (or "... ist außer
 * Haus").  The subject must end so; a person writing about someone's
 * absence writes more than that, or writes it as a reply.
 */
static const char *const lotus_subject_endings[] = {
	"is out of the office", "is out of the office.",
	"ist außer haus", "ist außer haus.", NULL,
};

static bool
lotus_reply(GMimeMessage *msg, struct recognition *r)
{
	const char	*subject = notice_subject(msg, r);
	size_t		 n = strlen(subject), k, i;

	while (n > 0 && (subject[n - 1] == ' ' || subject[n - 1] == '\t'))
		n--;
	if (g_ascii_strncasecmp(subject, "re:", 3) == 0 ||
	    notice_is_list_mail(msg))
		return false;
	for (i = 0; lotus_subject_endings[i] != NULL; i++) {
		k = strlen(lotus_subject_endings[i]);
		if (n > k && subject[n - k - 1] == ' ' && strncmp(subject +
		    n - k, lotus_subject_endings[i], k) == 0)
			return true;
	}
	return false;
}

/*
 * Request Tracker, OTRS and kin: "[<queue> #<number>] AutoReply: ..."
 * The ticket tag is required; the words alone are ordinary English.
 */
static bool
ticket_reply(GMimeMessage *msg, struct recognition *r)
{
	const char	*s = notice_subject(msg, r), *close;

	while (*s == ' ' || *s == '\t')
		s++;
	if (*s != '[' || (close = strchr(s, ']')) == NULL)
		return false;
	if (g_strstr_len(s, close - s, " #") == NULL)
		return false;
	return starts_with_any(close + 1, ticket_words);
}

/* An explicit auto-reply header; *why names it. */
static bool
marked_by_header(GMimeMessage *msg, const char **why)
{
	const char	*v;

	if (header_is(msg, "Auto-Submitted", "auto-replied")) {
		*why = "Auto-Submitted: auto-replied";
		return true;
	}
	if (header_is(msg, "Precedence", "auto_reply")) {
		*why = "Precedence: auto_reply";
		return true;
	}
	if (header_is(msg, "X-Apple-Action", "vacation")) {
		*why = "X-Apple-Action: VACATION";
		return true;
	}
	v = g_mime_object_get_header(GMIME_OBJECT(msg), "X-Autoreply");
	if (v != NULL && !header_is(msg, "X-Autoreply", "no")) {
		*why = "X-Autoreply";
		return true;
	}
	v = g_mime_object_get_header(GMIME_OBJECT(msg), "X-Autorespond");
	if (v != NULL) {
		*why = "X-Autorespond";
		return true;
	}
	return marked_by_vendor(msg, why);
}

/*
 * The marks of responders that predate RFC 3834, each written only on
 * automatic replies: the header, and the first word of its value when
 * the header is also used for other mail (X-Autogenerated: Forward,
 * Delivered-To of any mailbox).
 */
static const struct gate_header vendor_marks[] = {
	{ "X-Autoresponder", NULL },
	{ "X-AutoReply-From", NULL },		/* Domain Technologies */
	{ "X-Mail-Autoreply", NULL },
	{ "X-Autogenerated", "reply" },
	{ "X-FC-MachineGenerated", "true" },	/* FirstClass */
	{ "X-Precedence", "auto_reply" },
	{ "Delivered-To", "autoresponder" },	/* qmail's autoresponder */
	{ NULL, NULL },
};

static bool
marked_by_vendor(GMimeMessage *msg, const char **why)
{
	const char	*v;
	size_t		 i;

	for (i = 0; vendor_marks[i].name != NULL; i++) {
		if ((vendor_marks[i].value == NULL && g_mime_object_get_header(
		    GMIME_OBJECT(msg), vendor_marks[i].name) != NULL) ||
		    (vendor_marks[i].value != NULL && header_is(msg,
		    vendor_marks[i].name, vendor_marks[i].value))) {
			*why = vendor_marks[i].name;
			return true;
		}
	}
	/* Mailtraq: "X-POST-MessageClass: 9; Autoresponder" */
	v = g_mime_object_get_header(GMIME_OBJECT(msg), "X-POST-MessageClass");
	if (v != NULL && g_strstr_len(v, -1, "utoresponder") != NULL) {
		*why = "X-POST-MessageClass: Autoresponder";
		return true;
	}
	return false;
}

/*
 * True if header name's first word is value (case-insensitive), so
 * "auto-replied; owner-email=..." matches "auto-replied".
 */
static bool
header_is(GMimeMessage *msg, const char *name, const char *value)
{
	const char	*v;
	size_t		 n = strlen(value);

	v = g_mime_object_get_header(GMIME_OBJECT(msg), name);
	if (v == NULL)
		return false;
	while (g_ascii_isspace(*v))
		v++;
	if (g_ascii_strncasecmp(v, value, n) != 0)
		return false;
	return v[n] == '\0' || v[n] == ';' || v[n] == '(' ||
	    g_ascii_isspace(v[n]);
}

/*
 * Outlook/Exchange: a known auto-reply subject prefix, no list headers,
 * and an Exchange header or the null sender.
 */
static bool
exchange_reply(GMimeMessage *msg, const struct envelope *env)
{
	static const char *const list_headers[] = {
		"List-Id", "List-Post", "List-Unsubscribe",
	};
	const char	*subject;
	size_t		 i, n;
	bool		 prefixed = false;

	subject = g_mime_message_get_subject(msg);
	if (subject == NULL)
		return false;
	while (g_ascii_isspace(*subject))
		subject++;
	for (i = 0; reply_subjects[i] != NULL && !prefixed; i++) {
		n = strlen(reply_subjects[i]);
		prefixed = g_ascii_strncasecmp(subject, reply_subjects[i],
		    n) == 0 && colon_follows(subject + n);
		/* "[Automatic reply] ...": the prefix in brackets */
		prefixed = prefixed || (subject[0] == '[' &&
		    g_ascii_strncasecmp(subject + 1, reply_subjects[i], n) ==
		    0 && subject[n + 1] == ']');
	}
	if (!prefixed)
		return rules_reply(msg, subject);
	if (has_any_header(msg, list_headers, G_N_ELEMENTS(list_headers)) ||
	    starts_a_thread(msg, subject) || has_calendar(msg))
		return false;
	if (env->sender != NULL && env->sender[0] == '\0')
		return true;
	if (header_is(msg, "Auto-Submitted", "auto-generated") ||
	    header_is(msg, "Precedence", "bulk") ||
	    header_is(msg, "Precedence", "junk") || responder_mailer(msg))
		return true;	/* Exchange writes auto-generated on them */
	/*
	 * A reply to a message with the prefix in front of the original's
	 * subject: a person's reply would open with "Re:", unless they
	 * retitle it with a word of their own ("Out of office: Friday").
	 */
	if (answers_a_message(msg) && subject_follows(subject) &&
	    !person_word(subject))
		return true;
	return has_any_header(msg, exchange_headers,
	    G_N_ELEMENTS(exchange_headers));
}

/*
 * The prefixes of reply_subjects that are also words a person titles a
 * message with; only "automatic reply" and its translations say that a
 * program wrote the reply.
 */
static const char *const person_words[] = {
	"Auto", "Out of Office", "Abwesend", "Absent", "Absente", "Afwezig",
	"Fuori sede", "Frånvarande", "Fraværende", "Ikke til stede", "Poissa",
	"Mimo kancelář", "Házon kívül", "Poza biurem", "Ausente",
	"Нет на месте", "Ofis Dışında", "Εκτός γραφείου", "不在", "부재 중",
	NULL,
};

static bool
person_word(const char *subject)
{
	size_t	i, n;

	for (i = 0; person_words[i] != NULL; i++) {
		n = strlen(person_words[i]);
		if (g_ascii_strncasecmp(subject, person_words[i], n) == 0 &&
		    colon_follows(subject + n))
			return true;
	}
	return false;
}

/* In-Reply-To or References: the message answers another. */
static bool
answers_a_message(GMimeMessage *msg)
{
	return g_mime_object_get_header(GMIME_OBJECT(msg), "In-Reply-To") !=
	    NULL || g_mime_object_get_header(GMIME_OBJECT(msg),
	    "References") != NULL;
}

/* Some subject is left after the prefix and its colon or bracket. */
static bool
subject_follows(const char *subject)
{
	const char	*p = strpbrk(subject, ":]");

	if (p == NULL && (p = strstr(subject, "\xef\xbc\x9a")) != NULL)
		p += 2;
	if (p == NULL)
		return false;
	for (p++; *p != '\0'; p++)
		if (!g_ascii_isspace(*p))
			return true;
	return false;
}

/*
 * An Exchange inbox rule's reply: X-MS-Exchange-Inbox-Rules-Loop (which
 * Exchange writes only on what a rule generated) on a subject opening
 * with a reply prefix.  A rule's forward ("FW: ...") is someone's mail
 * passed on, and is not matched.
 */
static bool
rules_reply(GMimeMessage *msg, const char *subject)
{
	static const char *const reply_openings[] = {
		"re:", "aw:", "sv:", "vs:", "r:", "odp:", "ynt:", "atb:",
		"\xce\xb1\xcf\x80:", "\xd0\xbe\xd1\x82\xd0\xb2\xd0\xb5\xd1\x82:",
		NULL,
	};
	char	*low;
	bool	 hit;

	if (g_mime_object_get_header(GMIME_OBJECT(msg),
	    "X-MS-Exchange-Inbox-Rules-Loop") == NULL ||
	    notice_is_list_mail(msg))
		return false;
	low = g_utf8_validate(subject, -1, NULL) ?
	    g_utf8_strdown(subject, -1) : g_ascii_strdown(subject, -1);
	hit = starts_with_any(low, reply_openings);
	g_free(low);
	return hit;
}

/*
 * Outlook's Thread-Topic is the subject of the thread's first message:
 * a reply carries the original's, a new message its own.  A message
 * whose Thread-Topic is its whole Subject ("Out of Office: Dora, March
 * 10-15") starts a thread and answers nothing.
 */
static bool
starts_a_thread(GMimeMessage *msg, const char *subject)
{
	const char	*topic;

	topic = g_mime_object_get_header(GMIME_OBJECT(msg), "Thread-Topic");
	if (topic == NULL)
		return false;
	while (g_ascii_isspace(*topic))
		topic++;
	return strcmp(topic, subject) == 0;
}

/* A calendar item (an "Out of Office" invite) is no reply. */
static bool
has_calendar(GMimeMessage *msg)
{
	GMimeObject	*top = g_mime_message_get_mime_part(msg);
	GMimeContentType *ct;
	int		 i, n;

	if (top == NULL)
		return false;
	ct = g_mime_object_get_content_type(top);
	if (ct != NULL && g_mime_content_type_is_type(ct, "text", "calendar"))
		return true;
	if (!GMIME_IS_MULTIPART(top))
		return false;
	n = g_mime_multipart_get_count(GMIME_MULTIPART(top));
	for (i = 0; i < n && i < MIME_MAX_PARTS; i++) {
		ct = g_mime_object_get_content_type(
		    g_mime_multipart_get_part(GMIME_MULTIPART(top), i));
		if (ct != NULL && g_mime_content_type_is_type(ct, "text",
		    "calendar"))
			return true;
	}
	return false;
}

/* True if s, after blanks, holds a colon (ASCII or full-width). */
static bool
colon_follows(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return *s == ':' || strncmp(s, "\xef\xbc\x9a", 3) == 0;
}

static bool
has_any_header(GMimeMessage *msg, const char *const *names, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (g_mime_object_get_header(GMIME_OBJECT(msg), names[i])
		    != NULL)
			return true;
	}
	return false;
}

/*
 * Gate: every way match() can claim a message starts from a header
 * (marked_by_header, marked_by_vendor) or a subject (exchange_reply,
 * away_reply, bare_reply_subject, lotus_reply, ticket_reply).
 */
static const struct gate_header gate_marks[] = {
	{ "Auto-Submitted", "auto-replied" },
	{ "Precedence", "auto_reply" },
	{ "X-Apple-Action", "vacation" },
	{ "X-Autoreply", NULL },
	{ "X-Autorespond", NULL },
	{ "X-POST-MessageClass", "utoresponder" },
	{ "X-MS-Exchange-Inbox-Rules-Loop", NULL },	/* rules_reply */
	{ NULL, NULL },
};

/* null_sender_reply: the null sender alone can start it. */
static const struct gate gate = {
	.null_sender = true,
	.headers = (const struct gate_header *const[]){ gate_marks,
	    vendor_marks, NULL },
	.subjects = GATE_TABLES(reply_subjects, away_subjects, oof_subjects,
	    bare_subjects, lotus_subject_endings, ticket_words),
};
