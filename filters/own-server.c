/*
 * own-server.c: the user's own server bounced mail it took from her.
 *
 * A user with no records of her sending yet (a new account, a `mail`
 * command that keeps no copy, no `[evidence] relays` set) still has one
 * sign in the commonest genuine bounce of all: the one her own server
 * makes.  Its topmost Received: line is the one that server wrote when
 * it made the bounce: a "by"-only line (Postfix's "by HOST (Postfix) id
 * X"; a message that came in over SMTP has "from PEER" there, written
 * by the same server, so a stranger cannot make it).  The original it
 * returns then begins with the line that server wrote when it took the
 * message: for her mail a submission hop there (a local pickup, "from
 * userid N", or an authenticated one, submission.c); for backscatter an
 * inbound hop from the forger's machine, whatever the forger wrote
 * below it.  So the two topmost lines are read, no others: the same
 * host after "by", the bounce made locally, the original submitted.
 * Without that it says nothing: its absence is not a sign of forgery.
 *
 * It weighs as the `relay` source: the server the user configured as a
 * relay would show the same, and her own server is her relay.
 */
#include "config.h"

#include <string.h>

#include "own-server.h"
#include "submission.h"

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

/* The host after the leading "by " of a by-only line, or NULL. */
static char *
local_by_host(const char *v)
{
	size_t n;

	if (strncmp(v, "by ", 3) != 0)
		return NULL;
	v += 3;
	n = strcspn(v, " ();[]");
	return n > 0 && n < 256 ? g_strndup(v, n) : NULL;
}

/* The host after " by " anywhere in v, or NULL. */
static char *
any_by_host(const char *v)
{
	const char *p = strncmp(v, "by ", 3) == 0 ? v : strstr(v, " by ");
	size_t n;

	if (p == NULL)
		return NULL;
	p += p == v ? 3 : 4;
	n = strcspn(p, " ();[]");
	return n > 0 && n < 256 ? g_strndup(p, n) : NULL;
}

bool
own_server_submission(const struct answer *a, GPtrArray *list)
{
	char *answer_top = top_received(a->message);
	char *original_top = a->original != NULL ? top_received(a->original) : NULL;
	char *server = answer_top != NULL ? local_by_host(answer_top) : NULL;
	char *taken_by = original_top != NULL ? any_by_host(original_top) : NULL;
	const char *why = NULL;
	bool yes;

	/* The bounce was made by its server itself, not given to it by a user. */
	yes = server != NULL && taken_by != NULL && strcmp(server, taken_by) == 0 &&
	    !submission_hop(answer_top, NULL) && submission_hop(original_top, &why);
	if (yes)
		evidence_add(list, "relay", EVIDENCE_SENT, "your server %.200s bounced what it took"
		    " from you (%s)", server, why != NULL ? why : "a submission");
	g_free(answer_top);
	g_free(original_top);
	g_free(server);
	g_free(taken_by);
	return yes;
}
