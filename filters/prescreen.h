/*
 * prescreen.h: could a message be an automated answer?  Decided from
 * its raw bytes, without GMime, so that ordinary mail is delivered
 * without loading or running the parser.
 */
#ifndef BACKSTOP_PRESCREEN_H
#define BACKSTOP_PRESCREEN_H

#include <stdbool.h>
#include <stddef.h>

/* The bytes the pre-screen reads: the same prefix GMime is given (parse.c). */
#define PRESCREEN_MAX_BYTES	(8 * 1024 * 1024)

/*
 * Messages bigger than this are worth parsing instead: GMime skips over
 * an attachment faster than the pre-screen reads it (a 1 MB message:
 * 14 ms pre-screened, 15 ms parsed; 8 MB: 79 ms against 56 ms), and a
 * parse from the file keeps memory flatter than a mapped prefix.
 */
#define PRESCREEN_MESSAGE_MAX	(1024 * 1024)

/*
 * True when some recogniser could claim the message (len bytes at buf,
 * the spooled file), so it must be parsed and classified; false when no
 * recogniser can, and it is ordinary mail.  sender is the envelope
 * sender as the classifier gets it ($SENDER or the mbox From line; ""
 * for the null sender, NULL when unknown).  *why (may be NULL) is set to
 * a short static reason for "true", naming the stage whose gate admits
 * it.  False negatives are the one error this must never make: what
 * admits a message is what the recognisers declare in their gates
 * (struct gate, filter.h), read here as GMime would read it.
 */
bool prescreen_maybe_answer(const char *buf, size_t len, const char *sender,
    const char **why);

/*
 * The same question for one gate alone (and the gates it includes),
 * for tests that hold each recogniser to its gate; name goes into *why.
 */
struct gate;
bool prescreen_gate_admits(const struct gate *gate, const char *name,
    const char *buf, size_t len, const char *sender, const char **why);

#endif
