/*
 * explain.h: a verdict's reasons in words a person reads (check, scan
 * --list): what the message is, and what decided.
 */
#ifndef BACKSTOP_EXPLAIN_H
#define BACKSTOP_EXPLAIN_H

#include "classify.h"

/*
 * "DSN: 1 recipient(s) failed; no message with id <x@y>": the
 * recogniser's reason, then the details of the evidence that had an
 * opinion (or, when none had, why none could).  Control characters from
 * the message become '?', so the text is safe on a terminal.  New string.
 */
char *explain_outcome(const struct outcome *o);

/* One line per piece of evidence, "  source: result: detail\n", sanitised. New string. */
char *explain_evidence(const struct outcome *o);

#endif
