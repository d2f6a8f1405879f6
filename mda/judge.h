/*
 * judge.h: the resident judge.
 *
 * Why: a delivery that must classify (an automated answer, or anything
 * the pre-screen cannot wave through) loads GMime (4.8M instructions)
 * and libnotmuch with Xapian and libstdc++ (3.6M), of the 10.8M a
 * forged bounce's whole delivery costs; the classifying itself is
 * under 2M.  In a flood that loading is most of the work.  So one
 * process per user keeps the libraries loaded and judges the messages
 * deliveries hand it over a Unix socket; the delivery itself still
 * spools, writes, fsyncs and publishes, exactly as before.
 *
 * Nothing depends on it: a delivery asks only once its message is
 * durable in tmp/, and any failure of the judge (none running, refused,
 * killed mid-request, a reply that does not parse, no answer within
 * JUDGE_WAIT_S) makes the delivery judge in-process, with the same
 * functions and so the same verdict.  A delivery that finds no judge
 * starts one (detached like the batch indexer) and judges this message
 * itself.  The judge exits after [delivery] judge_idle seconds without
 * a request.
 *
 * Same verdicts: the judge runs classify_fd(), stamp_line() and
 * stamp_summary() on the very file (its descriptor is passed, read-only)
 * with the envelope the delivery took from its environment.  Each
 * request opens notmuch, the key and the sent log afresh, as a delivery
 * does.  Each request carries the identity of what the answer depends
 * on besides the message (judge-wire.c): the binary's and the config
 * file's device, inode, size and mtime, the uid and the environment
 * variables settings and libraries read.  A judge whose own identity
 * differs answers "stale" and exits.
 */
#ifndef BACKSTOP_JUDGE_H
#define BACKSTOP_JUDGE_H

#include <stdbool.h>

#include "classify.h"
#include "settings.h"
#include "spool.h"

#define JUDGE_WAIT_S	5	/* a delivery waits this long for an answer */
#define JUDGE_MSG_MAX	(64 * 1024)	/* bytes of a request or a reply */

/* What deliver() needs of a classification, whoever made it. */
struct judgement {
	enum verdict verdict;
	enum msg_class class;
	enum folder folder;
	char *header;		/* the X-Backstop line with its line end, or NULL */
	char *summary;		/* stamp_summary(), for the log */
	char *nm_error;		/* why notmuch could not be read, or NULL */
};

void judgement_clear(struct judgement *j);

/*
 * For a delivery: asks the running judge about the spooled message.
 * Returns true with j filled; false (j untouched) when it must be
 * judged here, after starting a judge if none runs.  Never waits more
 * than about JUDGE_WAIT_S.
 */
bool judge_ask(const struct settings *s, const struct spool *sp,
    const struct envelope *env, struct judgement *j);

/*
 * `backstop judge --serve`: the judge itself.  config_arg is the -c
 * path it was started with (NULL: none); the settings are read here,
 * after the file is looked at.  Returns the exit status.
 */
int judge_serve(const char *config_arg);

/* `backstop judge --stop`: ends the running judge; 0, or 1 if none ran. */
int judge_stop(const struct settings *s);

#endif
