/*
 * json.c: string escaping for the one-object-per-line output.
 *
 * Paths and Message-IDs come from the outside and may hold any byte;
 * the output must stay one valid JSON document per line.
 */
#include "config.h"

#include <string.h>

#include "json.h"

static void
append_char(GString *out, gunichar c)
{
	switch (c) {
	case '"':
		g_string_append(out, "\\\"");
		return;
	case '\\':
		g_string_append(out, "\\\\");
		return;
	case '\n':
		g_string_append(out, "\\n");
		return;
	case '\r':
		g_string_append(out, "\\r");
		return;
	case '\t':
		g_string_append(out, "\\t");
		return;
	}
	if (c < 0x20 || c == 0x7f || c == 0x2028 || c == 0x2029)
		g_string_append_printf(out, "\\u%04x", c);
	else
		g_string_append_unichar(out, c);
}

void
json_append_string(GString *out, const char *s)
{
	const char *p, *end;

	if (s == NULL) {
		g_string_append(out, "null");
		return;
	}
	g_string_append_c(out, '"');
	end = s + strlen(s);
	for (p = s; p < end;) {
		gunichar c = g_utf8_get_char_validated(p, end - p);
		if (c == (gunichar)-1 || c == (gunichar)-2) {
			append_char(out, 0xfffd);
			p++;
			continue;
		}
		append_char(out, c);
		p = g_utf8_next_char(p);
	}
	g_string_append_c(out, '"');
}
