/*
 * recognise-listnotice.c: a mailing-list manager's notice about a post.
 *
 * Mailman (2.1 and 3), Sympa, LISTSERV, Majordomo, Google Groups and the like
 * answer a post they hold for a moderator or refuse (not a member, no
 * permission, too big).  That is an automated answer to a message the
 * user may or may not have posted: a spammer forging the user's address
 * to a list gets the user these notices.  So they go through the same
 * provenance check as a bounce, with the original attached (Mailman's
 * and Sympa's refusals) or, where only its Subject is quoted, through
 * the list's posting address (the failed recipient, so that the
 * correspondence check asks whether the user wrote to the list).
 *
 * Class: a refused post is a bounce (it was not delivered to the list);
 * a held one is a delay (it may still be).  Both are routed alike, and
 * a genuine notice stays visible in the inbox.
 *
 * Three signs together: the notice comes from a list manager (its
 * X-List-Administrivia header, or an -owner/-bounces/-request or
 * LISTSERV/Majordomo/Sympa sender), is marked as such (that header, a
 * notice subject, or Auto-Submitted: auto-replied, as Sympa writes;
 * each of them admitted by the pre-screen), and its text says held or
 * refused.  A list's welcome or a digest says neither.
 */
#include <string.h>

#include "filter.h"

/* Subjects of notices about a post (lower case). */
static const char *const listnotice_subjects[] = {
	"awaits moderator approval", "awaits approval",
	"awaiting moderator approval", "held for moderation",
	"held for approval", "rejected posting", "posting rejected",
	"post rejected", "authorization denied", "not delivered to list",
	"moderation required", "pending approval", "pending moderation",
	"awaiting moderation", "rejected", NULL,
};

/* The text of a held post (lower case). */
static const char *const held_markers[] = {
	"is being held until the list moderator",
	"held for moderator approval", "held for moderation",
	"awaits moderator approval", "forwarded to the list moderator",
	"sent to the list moderator", "has been forwarded to editor",
	"submitted to the moderators", "pending moderator approval",
	"submitted to the moderator", "is pending approval",
	"pending moderation", "awaiting moderation", NULL,
};

/* The text of a refused post (lower case). */
static const char *const refused_markers[] = {
	"you are not allowed to post to this mailing list",
	"has been automatically rejected",
	"you are not authorized to send mail to the",
	"has been rejected by the list moderator",
	"rejected by the list moderator", "was rejected.",
	"only subscribers may post", "only members may post",
	"not allowed to send this message", "non-member submission",
	"you are not a member of", "was rejected for the following reason",
	"you do not have permission to post", NULL,
};

/* Local parts of list managers' own addresses (lower case). */
static const char *const manager_names[] = {
	"listserv", "majordomo", "sympa", "mailman", "ecartis", "listar",
	"lyris", "ezmlm", "listproc", NULL,
};

static const char *const manager_suffixes[] = {
	"-owner", "-bounces", "-request", "-admin", "+owner", "+moderator",
	NULL,
};

/* Gate: match() asks one of its marks first (header, Auto-Submitted, subject). */
static const struct gate_header listnotice_marks[] = {
	{ "X-List-Administrivia", NULL },
	{ "Auto-Submitted", "replied" },
	{ NULL, NULL },
};

static const struct gate gate = {
	.headers = (const struct gate_header *const[]){ listnotice_marks, NULL },
	.subjects = GATE_TABLES(listnotice_subjects),
};

static bool	match(GMimeMessage *, const struct envelope *,
		    struct recognition *);
static char	*sender_local(GMimeMessage *msg, char **domain);
static bool	from_manager(GMimeMessage *msg, struct recognition *r);

const struct recogniser recogniser_listnotice = {
	.name = "listnotice",
	.gate = &gate,
	.match = match,
};

/* The From: address lower-cased, split at '@'; NULL if none. */
static char *
sender_local(GMimeMessage *msg, char **domain)
{
	InternetAddressList *from = g_mime_message_get_from(msg);
	InternetAddress	*first;
	const char	*addr;
	char		*low, *at;

	*domain = NULL;
	if (from == NULL || internet_address_list_length(from) < 1)
		return NULL;
	first = internet_address_list_get_address(from, 0);
	if (!INTERNET_ADDRESS_IS_MAILBOX(first))
		return NULL;
	addr = internet_address_mailbox_get_addr(
	    INTERNET_ADDRESS_MAILBOX(first));
	if (addr == NULL || (at = strchr(addr, '@')) == NULL)
		return NULL;
	low = g_ascii_strdown(addr, -1);
	at = low + (at - addr);
	*at = '\0';
	*domain = at + 1;
	return low;
}

/*
 * True if From: is a list manager's address; for a list's own
 * -owner/-bounces/-request address, the list's posting address
 * becomes the failed recipient.
 */
static bool
from_manager(GMimeMessage *msg, struct recognition *r)
{
	char	*local, *domain, *list;
	size_t	 i, n, ln;
	bool	 hit = false;

	if ((local = sender_local(msg, &domain)) == NULL)
		return false;
	ln = strlen(local);
	hit = g_str_has_suffix(domain, "googlegroups.com");	/* any sender */
	for (i = 0; manager_names[i] != NULL && !hit; i++)
		hit = strcmp(local, manager_names[i]) == 0;
	for (i = 0; manager_suffixes[i] != NULL && !hit; i++) {
		n = strlen(manager_suffixes[i]);
		if (ln > n && strcmp(local + ln - n, manager_suffixes[i]) == 0) {
			hit = true;
			list = g_strdup_printf("%.*s@%s", (int)(ln - n), local,
			    domain);
			recognition_set_recipient(r, list);
			g_free(list);
		}
	}
	if (!hit && g_str_has_prefix(local, "owner-") && ln > 6) {
		hit = true;
		list = g_strdup_printf("%s@%s", local + 6, domain);
		recognition_set_recipient(r, list);
		g_free(list);
	}
	g_free(local);
	return hit;
}

static bool
match(GMimeMessage *msg, const struct envelope *env, struct recognition *r)
{
	const char	*subject, *text, *admin, *auto_sub;
	gsize		 len;
	bool		 marked, held;

	admin = g_mime_object_get_header(GMIME_OBJECT(msg),
	    "X-List-Administrivia");
	subject = notice_subject(msg, r);
	auto_sub = g_mime_object_get_header(GMIME_OBJECT(msg),
	    "Auto-Submitted");
	marked = admin != NULL || (auto_sub != NULL &&
	    g_strstr_len(auto_sub, -1, "replied") != NULL) ||
	    notice_find_any(subject, strlen(subject), listnotice_subjects) !=
	    NULL;
	if (!marked)
		return false;
	text = notice_text(msg, r, &len);
	held = notice_find_any(text, len, held_markers) != NULL;
	if (!held && notice_find_any(text, len, refused_markers) == NULL)
		return false;
	if (!from_manager(msg, r))
		return false;
	recognition_set(r, held ? CLASS_DELAY : CLASS_BOUNCE, "listnotice",
	    "mailing-list manager's notice: post %s", held ?
	    "held for a moderator" : "refused");
	return true;
}
