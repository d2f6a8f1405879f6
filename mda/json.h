/*
 * json.h: just enough JSON writing for `backstop check --json`.
 */
#ifndef BACKSTOP_JSON_H
#define BACKSTOP_JSON_H

#include <glib.h>

/*
 * Appends s as a JSON string literal (with quotes).  Invalid UTF-8
 * becomes U+FFFD, control characters are escaped; NULL becomes null.
 */
void json_append_string(GString *out, const char *s);

#endif
