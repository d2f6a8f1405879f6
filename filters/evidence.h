/*
 * evidence.h: did the user really send the message an answer refers to?
 *
 * Each evidence source is a stage that looks up the original's IDs and
 * returns sent, not-sent or no-opinion with a short detail for the log
 * and for `backstop check --json`.  The verdict (verdict.c) combines
 * them: any "sent" makes the answer genuine; "not-sent" with no "sent"
 * makes it backscatter; only "no-opinion" leaves it unverified.
 */
#ifndef BACKSTOP_EVIDENCE_H
#define BACKSTOP_EVIDENCE_H

#include <stdbool.h>
#include <glib.h>

#include "filter.h"

enum evidence_result {
	EVIDENCE_NO_OPINION = 0,
	EVIDENCE_SENT,
	EVIDENCE_NOT_SENT,
};

/* "no-opinion", "sent", "not-sent" */
const char *evidence_result_name(enum evidence_result e);

struct evidence {
	const char *source;		/* static: "notmuch", ... */
	enum evidence_result result;
	char *detail;			/* g_malloc'd, one line, or NULL */
};

/* A list of struct evidence *, owning each element (evidence_free). */
GPtrArray *evidence_list_new(void);
void evidence_add(GPtrArray *list, const char *source,
    enum evidence_result result, const char *fmt, ...) G_GNUC_PRINTF(4, 5);

/*
 * What the notmuch source needs to know.  Borrowed strings, owned by the
 * caller's config.
 */
struct notmuch_evidence_opts {
	bool enabled;			/* false: `[notmuch] config = none` */
	const char *config_path;	/* NULL: notmuch's own lookup */
	const char *sent_tag;
	char **sent_folders;		/* NULL-terminated folder names */
	char **user_addresses;		/* NULL-terminated, lower-case */
};

/*
 * evidence-notmuch.c: opens the database read-only, looks up every ID in
 * r->original_ids, and appends one entry to list.  Never blocks on the
 * write lock (readers are not blocked) and never fails the caller: an
 * unavailable database gives no-opinion with the reason.
 */
void evidence_notmuch(const struct notmuch_evidence_opts *o,
    const struct recognition *r, GPtrArray *list);

enum verdict {
	VERDICT_HAM = 0,	/* ordinary mail */
	VERDICT_GENUINE,	/* automated answer to mail the user sent */
	VERDICT_BACKSCATTER,	/* answer to mail the user did not send */
	VERDICT_UNVERIFIED,	/* answer we cannot check */
};

/* "ham", "genuine", "backscatter", "unverified" */
const char *verdict_name(enum verdict v);

/* verdict.c: combine class and evidence as described above. */
enum verdict verdict_decide(enum msg_class c, const GPtrArray *evidence);

#endif
