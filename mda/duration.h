/*
 * duration.h: "30d", "12h", "90m", "45s", "2w" (a bare number is days),
 * as used by --since and --older-than.
 */
#ifndef BACKSTOP_DURATION_H
#define BACKSTOP_DURATION_H

#include <stdbool.h>

/* Seconds in *out; false for anything else (negative, junk, over 100 years). */
bool duration_parse(const char *text, long *out);

#endif
