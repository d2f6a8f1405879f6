/*
 * recognise-autoreply.c: vacation and out-of-office replies.
 *
 * RFC 3834 says an automatic reply carries Auto-Submitted: auto-replied;
 * that alone decides.  Older responders mark themselves with
 * X-Autoreply, X-Autorespond or Precedence: auto_reply, and Apple's with
 * X-Apple-Action: VACATION.  Exchange and Outlook mark nothing standard,
 * so their "Automatic reply:" subjects count, but only together with
 * an Exchange header or the null sender, and never on list mail.
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

static const char *const reply_subjects[] = {
	"Automatic reply:",
	"Auto reply:",
	"Autoreply:",
	"Auto-Reply:",
	"Auto Response:",
	"AutoResponse:",
	"Out of Office AutoReply:",
	"Out of Office:",
	"Abwesenheitsnotiz:",
	"R\xc3\xa9ponse automatique :",
};

static const char *const exchange_headers[] = {
	"X-Auto-Response-Suppress",
	"X-MS-Exchange-Inbox-Rules-Loop",
	"X-MS-TNEF-Correlator",
	"X-MS-Has-Attach",
};

static bool	match(GMimeMessage *, const struct envelope *,
		    struct recognition *);
static bool	header_is(GMimeMessage *msg, const char *name,
		    const char *value);
static bool	marked_by_header(GMimeMessage *msg, const char **why);
static bool	exchange_reply(GMimeMessage *msg, const struct envelope *env);
static bool	from_mailer_daemon(GMimeMessage *msg);
static bool	has_any_header(GMimeMessage *msg, const char *const *names,
		    size_t n);

const struct recogniser recogniser_autoreply = {
	.name = "autoreply",
	.match = match,
};

static bool
match(GMimeMessage *msg, const struct envelope *env, struct recognition *r)
{
	const char	*why;

	if (marked_by_header(msg, &why)) {
		if (from_mailer_daemon(msg))
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
	return false;
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
	for (i = 0; i < G_N_ELEMENTS(reply_subjects) && !prefixed; i++) {
		n = strlen(reply_subjects[i]);
		prefixed = g_ascii_strncasecmp(subject, reply_subjects[i],
		    n) == 0;
	}
	if (!prefixed)
		return false;
	if (has_any_header(msg, list_headers, G_N_ELEMENTS(list_headers)))
		return false;
	if (env->sender != NULL && env->sender[0] == '\0')
		return true;
	return has_any_header(msg, exchange_headers,
	    G_N_ELEMENTS(exchange_headers));
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

/* True if the first From: mailbox has the local part MAILER-DAEMON. */
static bool
from_mailer_daemon(GMimeMessage *msg)
{
	InternetAddressList *from;
	InternetAddress	*first;
	const char	*addr;

	from = g_mime_message_get_from(msg);
	if (from == NULL || internet_address_list_length(from) < 1)
		return false;
	first = internet_address_list_get_address(from, 0);
	if (!INTERNET_ADDRESS_IS_MAILBOX(first))
		return false;
	addr = internet_address_mailbox_get_addr(
	    INTERNET_ADDRESS_MAILBOX(first));
	if (addr == NULL)
		return false;
	return g_ascii_strncasecmp(addr, "MAILER-DAEMON", 13) == 0 &&
	    (addr[13] == '@' || addr[13] == '\0');
}
