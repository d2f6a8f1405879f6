/*
 * recognise-virus.c: virus-scanner and content-filter notices sent to
 * the (claimed) sender.
 *
 * Scanners (amavis, ClamAV milters, Exchange and appliance filters)
 * tell the sender that a message was refused or quarantined for a
 * virus or a banned attachment.  Worms forge their senders, so these
 * notices are the classic backscatter.  They come from a mail system
 * (the null sender or MAILER-DAEMON; postmaster@ alone may be a person
 * warning about a virus) or from a sender that names the scanner
 * ("virus", "antivirus", "content-filter", "scanner", "amavis"), and
 * their subject names the finding.  Scanner reports in DSN form are
 * claimed earlier by recognise-dsn.c as bounces, which is what they
 * are to the MTA.
 */
#include <string.h>

#include "filter.h"

static const char *const subjects[] = {
	"virus", "infected", "malware", "banned attachment",
	"blocked attachment", "attachment blocked", "quarantined",
	"worm found", "trojan", "viren", "virenwarnung", NULL,
};

static const char *const senders[] = {
	"virus", "content-filter", "content filter", "scanner", "amavis",
	"mailscanner", "clamav", "sophos", "symantec", "mailsweeper", NULL,
};

/* Gate: the subject names the finding, whoever sent it. */
static const struct gate gate = {
	.subjects = GATE_TABLES(subjects),
};

static bool
strstr_lower(const char *s, const char *word)
{
	char	*low = g_ascii_strdown(s, -1);
	bool	 hit = strstr(low, word) != NULL;

	g_free(low);
	return hit;
}

static bool
match(GMimeMessage *msg, const struct envelope *env, struct recognition *r)
{
	const char	*subject, *from;
	char		*low;
	bool		 scanner = false;

	if (notice_is_list_mail(msg))
		return false;
	subject = notice_subject(msg, r);
	if (notice_find_any(subject, strlen(subject), subjects) == NULL)
		return false;
	from = g_mime_object_get_header(GMIME_OBJECT(msg), "From");
	if (from != NULL) {
		low = g_ascii_strdown(from, -1);
		scanner = notice_find_any(low, strlen(low), senders) != NULL;
		g_free(low);
	}
	/* postmaster@ alone may be a person warning about a virus */
	if (!scanner && !(env->sender != NULL && env->sender[0] == '\0') &&
	    (from == NULL || g_strrstr(from, "<>") == NULL) &&
	    (from == NULL || !strstr_lower(from, "mailer-daemon")))
		return false;
	recognition_set(r, CLASS_VIRUS, "virus",
	    "virus notice (subject, from %s)",
	    scanner ? "a scanner" : "a mail system");
	return true;
}

const struct recogniser recogniser_virus = {
	.name = "virus",
	.gate = &gate,
	.match = match,
};
