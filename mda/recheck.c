/*
 * recheck.c: judge the quarantine again and release what is now genuine.
 *
 * A genuine bounce can be quarantined for a reason that goes away: the
 * sent copy was not indexed yet when the bounce arrived (a local MTA
 * bounces within seconds, `notmuch new` runs later), or an allow list
 * was edited since.  Each message is classified as `check` classifies a
 * stored file (no envelope but what the file says), and one that would
 * now be delivered to the inbox is released.  Run by hand, or by
 * notmuch's post-new hook (`backstop setup` offers it), after notmuch
 * has released its write lock, so the release can update the index.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "classify.h"
#include "quarantine.h"
#include "recheck.h"
#include "release.h"
#include "stamp.h"

/* Classifies m; true with *summary (g_malloc'd) if it now goes to the inbox. */
static bool
now_genuine(struct classify_context *cx, const struct qmsg *m, char **summary)
{
	struct envelope env = { 0 };
	struct outcome o;
	FILE *f = fopen(m->path, "r");
	bool inbox;

	if (f == NULL)
		return false;
	classify_with(cx, fileno(f), &env, &o);
	fclose(f);
	inbox = o.folder == FOLDER_INBOX;
	*summary = inbox ? stamp_summary(&o, NULL) : NULL;
	outcome_clear(&o);
	return inbox;
}

/* Releases m; prints the outcome.  0 or -1. */
static int
release_one(const struct settings *s, const struct qmsg *m, const char *summary)
{
	char *why = g_strdup_printf("recheck: now %s", summary), *new_path = NULL;
	bool indexed = false;
	int rc = release_message(s, m, "recheck", why, &new_path, &indexed);

	if (rc == -1)
		fprintf(stderr, "backstop: cannot release %s: %s\n", m->path, g_strerror(errno));
	else
		printf("released <%s> to %s: %s%s\n", m->message_id ? m->message_id : "-",
		    new_path, summary, s->notmuch_enabled && !indexed ?
		    " (notmuch not updated: run 'notmuch new')" : "");
	g_free(new_path);
	g_free(why);
	return rc;
}

int
quarantine_recheck(const struct settings *s, long since, bool apply, bool quiet)
{
	GPtrArray *list = quarantine_scan(s->quarantine);
	struct classify_context *cx = classify_context_new(s);
	time_t now = time(NULL);
	unsigned judged = 0, genuine = 0, failed = 0;

	for (guint i = 0; i < list->len; i++) {
		const struct qmsg *m = g_ptr_array_index(list, i);
		char *summary = NULL;
		if (since > 0 && m->arrived < now - since)
			continue;
		judged++;
		if (!now_genuine(cx, m, &summary))
			continue;
		genuine++;
		if (!apply)
			printf("would release <%s>: %s\n", m->message_id ? m->message_id : "-",
			    summary);
		else if (release_one(s, m, summary) == -1)
			failed++;
		g_free(summary);
	}
	if (!quiet || failed > 0)
		printf("backstop: %u quarantined message(s) judged again, %u now genuine%s\n", judged,
	    genuine, genuine == 0 ? "" : apply ? ", released to the inbox" :
	    " (run with --apply to release them)");
	classify_context_free(cx);
	g_ptr_array_unref(list);
	return failed > 0 ? 1 : 0;
}
