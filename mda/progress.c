/*
 * progress.c: "scanning  1234/5678 [#######             ]  21%", redrawn
 * at most ten times a second so a fast scan is not slowed by the tty.
 */
#include "config.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "progress.h"

#define BAR_WIDTH	30

static long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

void
progress_start(struct progress *p, unsigned total)
{
	p->on = isatty(STDERR_FILENO) && total > 0;
	p->total = total;
	p->last_ms = 0;
}

void
progress_step(struct progress *p, unsigned done)
{
	char bar[BAR_WIDTH + 1];
	unsigned fill;
	long now;

	if (!p->on || ((now = now_ms()) - p->last_ms < 100 && done < p->total))
		return;
	p->last_ms = now;
	fill = (unsigned)((unsigned long long)done * BAR_WIDTH / p->total);
	for (unsigned i = 0; i < BAR_WIDTH; i++)
		bar[i] = i < fill ? '#' : ' ';
	bar[BAR_WIDTH] = '\0';
	fprintf(stderr, "\rscanning %6u/%u [%s] %3u%%", done, p->total, bar,
	    (unsigned)((unsigned long long)done * 100 / p->total));
	fflush(stderr);
}

void
progress_end(struct progress *p)
{
	if (p->on)
		fputs("\r\033[K", stderr);
	p->on = false;
}
