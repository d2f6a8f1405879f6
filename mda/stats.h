/*
 * stats.h: per-day counts of what backstop delivered, by verdict and by
 * class, read back from the X-Backstop lines of the delivered files.
 */
#ifndef BACKSTOP_STATS_H
#define BACKSTOP_STATS_H

#include <stdio.h>
#include <time.h>

#include "settings.h"

enum { STAT_HAM, STAT_GENUINE, STAT_BACKSCATTER, STAT_UNVERIFIED, STAT_UNCHECKED, STAT_VERDICTS };
#define STAT_CLASSES	9	/* none bounce delay delivered autoreply challenge virus feedback mdn */

struct stats_day {
	char date[11];			/* YYYY-MM-DD, local time */
	unsigned verdict[STAT_VERDICTS];
	unsigned class[STAT_CLASSES];
};

struct stats {
	unsigned ndays;
	struct stats_day *days;		/* oldest first, one per day, ndays of them */
	unsigned files;			/* files looked at */
};

extern const char *const stats_verdict_names[STAT_VERDICTS];
extern const char *const stats_class_names[STAT_CLASSES];

/*
 * Counts the files delivered in the last ndays days (today included) in
 * the inbox, its Maildir++ subfolders (".Name") and the quarantine.  The
 * day is the one in the file's Maildir name (its delivery), the verdict
 * and class those of its first line.  Free with stats_clear.
 */
void stats_collect(const struct settings *s, unsigned ndays, time_t now, struct stats *st);
void stats_clear(struct stats *st);

/* stats-svg.c: a stacked bar chart per day by verdict.  0, or -1 on a write error. */
int stats_write_svg(const struct stats *st, FILE *f);

#endif
