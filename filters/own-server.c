/*
 * own-server.c: the user's own server bounced mail she gave it herself.
 *
 * A user with no records of her sending yet (a new account, a `mail`
 * command that keeps no copy, no `[evidence] relays` set) still has one
 * sign in the commonest genuine bounce of all: the one her own server
 * makes of mail she handed it on that server.  The bounce's topmost
 * Received: line is the one her server wrote when it made the bounce:
 * local, "by HOST" alone (Postfix: "by HOST (Postfix) id X") or "with
 * local" (Exim); a message that came in over SMTP has "from PEER ...
 * with ESMTP" there instead.  The original it returns then begins with
 * the line the same server wrote when it took the message from her: a
 * local pickup by her own account (Postfix's "from userid N", qmail's
 * "invoked by uid N" with N her uid, Exim's "from LOGIN ... with
 * local").  Backscatter made there begins with the server's inbound hop
 * from the forger's machine instead, whatever the forger wrote below
 * it; another account's pickup is not hers.  So the two topmost lines
 * are read, no others.  Without that it says nothing: its absence is
 * not a sign of forgery.
 *
 * It weighs as the `relay` source: her own server is her relay.
 */
#include "config.h"

#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "own-server.h"

/* The value of the first Received: field of msg, lower-case, flat; new string or NULL. */
static char *
top_received(GMimeMessage *msg)
{
	GMimeHeaderList *hl;
	const char *v;
	char *flat;

	if (msg == NULL)
		return NULL;
	hl = g_mime_object_get_header_list(GMIME_OBJECT(msg));
	for (int i = 0; i < g_mime_header_list_get_count(hl); i++) {
		GMimeHeader *h = g_mime_header_list_get_header_at(hl, i);
		if (g_ascii_strcasecmp(g_mime_header_get_name(h), "Received") != 0)
			continue;
		if ((v = g_mime_header_get_value(h)) == NULL)
			return NULL;
		flat = g_ascii_strdown(v, -1);
		g_strdelimit(flat, "\t\r\n", ' ');
		g_strstrip(flat);
		return flat;
	}
	return NULL;
}

/* The host after " by " (or a leading "by ") in v, or NULL. */
static char *
by_host(const char *v)
{
	const char *p = strncmp(v, "by ", 3) == 0 ? v : strstr(v, " by ");
	size_t n;

	if (p == NULL)
		return NULL;
	p += p == v ? 3 : 4;
	n = strcspn(p, " ();[]");
	return n > 0 && n < 256 ? g_strndup(p, n) : NULL;
}

/* The word after a leading "from ", or NULL. */
static char *
from_word(const char *v)
{
	size_t n;

	if (strncmp(v, "from ", 5) != 0)
		return NULL;
	n = strcspn(v + 5, " ();[]");
	return n > 0 && n < 256 ? g_strndup(v + 5, n) : NULL;
}

/* The server made the message itself: "by HOST ..." alone, or Exim's "with local". */
static bool
made_locally(const char *v)
{
	return strncmp(v, "by ", 3) == 0 || strstr(v, " with local ") != NULL ||
	    g_str_has_suffix(v, " with local");
}

/* Does v hold marker followed by this process's uid ("from userid 1000")? */
static bool
uid_after(const char *v, const char *marker)
{
	const char *p = strstr(v, marker);
	char *end;
	unsigned long uid;

	if (p == NULL || !g_ascii_isdigit(p[strlen(marker)]))
		return false;
	uid = strtoul(p + strlen(marker), &end, 10);
	return uid == (unsigned long)getuid() && !g_ascii_isdigit(*end);
}

/* Is v a local pickup by this account (the user's)? *why: a static word. */
static bool
her_pickup(const char *v, const char **why)
{
	struct passwd *pw;
	char *who;
	bool hers;

	if (uid_after(v, "from userid ") || uid_after(v, "invoked by uid ")) {
		*why = "a local pickup by your uid";
		return true;
	}
	if (!made_locally(v) || strncmp(v, "by ", 3) == 0 || (who = from_word(v)) == NULL)
		return false;
	pw = getpwuid(getuid());
	hers = pw != NULL && pw->pw_name != NULL && g_ascii_strcasecmp(who, pw->pw_name) == 0;
	g_free(who);
	*why = "a local submission by your login";
	return hers;
}

bool
own_server_submission(const struct answer *a, GPtrArray *list)
{
	char *answer_top = top_received(a->message);
	char *original_top = a->original != NULL ? top_received(a->original) : NULL;
	char *server = answer_top != NULL && made_locally(answer_top) ? by_host(answer_top) : NULL;
	char *taken_by = original_top != NULL ? by_host(original_top) : NULL;
	const char *why = NULL;
	bool yes;

	yes = server != NULL && taken_by != NULL && strcmp(server, taken_by) == 0 &&
	    her_pickup(original_top, &why);
	if (yes)
		evidence_add(list, "relay", EVIDENCE_SENT, "your server %.200s bounced what it took"
		    " from you (%s)", server, why);
	g_free(answer_top);
	g_free(original_top);
	g_free(server);
	g_free(taken_by);
	return yes;
}
