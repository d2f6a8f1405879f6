/*
 * progress.h: a one-line progress bar on standard error, only when it
 * is a terminal (never in a pipe, a log or a test's captured output).
 */
#ifndef BACKSTOP_PROGRESS_H
#define BACKSTOP_PROGRESS_H

#include <stdbool.h>

struct progress {
	bool on;
	unsigned total;
	long last_ms;
};

void progress_start(struct progress *p, unsigned total);
void progress_step(struct progress *p, unsigned done);
void progress_end(struct progress *p);

#endif
