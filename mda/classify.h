/*
 * classify.h: from a message file to a verdict and a folder.  Shared by
 * `deliver` and `check`, so what check prints is what deliver does.
 */
#ifndef BACKSTOP_CLASSIFY_H
#define BACKSTOP_CLASSIFY_H

#include <stdbool.h>

#include "evidence.h"
#include "filter.h"
#include "settings.h"

enum folder {
	FOLDER_INBOX,
	FOLDER_QUARANTINE,
};

struct outcome {
	bool parsed;			/* GMime made a message of it */
	struct recognition rec;
	GPtrArray *evidence;		/* struct evidence * */
	enum verdict verdict;
	enum folder folder;
	struct nm_session *nm;		/* the notmuch lookups' session, or NULL;
					 * its database handle may be taken over
					 * (nm_session_take_db); outcome_clear frees it */
};

/*
 * Parses the message in fd (from offset 0; fd stays open and owned by
 * the caller), recognises it and gathers evidence.  env fields that are
 * NULL are filled, for this call only, from the message's top-level
 * Return-Path.  Never fails: input GMime cannot parse is ordinary mail.
 */
void classify_fd(int fd, const struct envelope *env, const struct settings *s,
    struct outcome *o);
void outcome_clear(struct outcome *o);

/*
 * What classifying reads besides the message: the signing keys and the
 * sent log.  A command that classifies many messages (check, scan)
 * makes one context and so reads them once, at the first automated
 * answer (ordinary mail never reads them); classify_fd makes one for
 * its single message.  The context borrows s, which must outlive it.
 */
struct classify_context;
struct classify_context *classify_context_new(const struct settings *s);
void classify_context_free(struct classify_context *cx);
/* classify_fd, with cx's keys and sent log. */
void classify_with(struct classify_context *cx, int fd, const struct envelope *env,
    struct outcome *o);

/*
 * The pre-screen (filters/prescreen.c) on the raw message: true, with o
 * set to what classify_fd says of ordinary mail, when no recogniser
 * could claim it, so it need not be parsed; false when it must be
 * classified (and for any message over PRESCREEN_MESSAGE_MAX bytes).
 * GMime is not touched.
 */
bool classify_prescreen(const char *buf, size_t len, const struct envelope *env,
    struct outcome *o);

const char *folder_name(enum folder f);

#endif
