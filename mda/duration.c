/*
 * duration.c: durations on the command line.  Strict on purpose: a typo
 * in `expire --older-than` must be refused, not read as zero.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "duration.h"

#define DURATION_MAX	(100L * 366 * 86400)

bool
duration_parse(const char *text, long *out)
{
	static const char units[] = "smhdw";
	static const long scale[] = { 1, 60, 3600, 86400, 7 * 86400 };
	const char *u;
	char *end;
	long n;

	errno = 0;
	n = strtol(text, &end, 10);
	if (errno != 0 || end == text || n < 0 || text[0] == '-' || text[0] == '+')
		return false;
	if (*end == '\0')
		u = units + 3;		/* days */
	else if (end[1] != '\0' || (u = strchr(units, *end)) == NULL)
		return false;
	if (n > DURATION_MAX / scale[u - units])
		return false;
	*out = n * scale[u - units];
	return true;
}
