/*
 * stamp.c: what we say about a message, in its header and in the log.
 *
 * A Message-ID is chosen by whoever wrote the message, and here that is
 * an adversary: it is reduced to safe characters and cut to length
 * before it gets near a header we write.
 */
#include "config.h"

#include <string.h>

#include <glib.h>

#include "recipients.h"
#include "stamp.h"

static void
append_safe(GString *out, const char *s, size_t max)
{
	size_t n = 0;

	for (; *s != '\0' && n < max; s++, n++) {
		unsigned char c = (unsigned char)*s;
		bool ok = c > 0x20 && c < 0x7f && !strchr(";<>\"\\", c);
		g_string_append_c(out, ok ? (char)c : '?');
	}
	if (*s != '\0')
		g_string_append(out, "...");
}

static void
append_evidence(GString *out, const struct outcome *o, const char *lead)
{
	if (o->evidence == NULL || o->evidence->len == 0)
		return;
	g_string_append(out, lead);
	for (guint i = 0; i < o->evidence->len; i++) {
		const struct evidence *e = g_ptr_array_index(o->evidence, i);
		g_string_append_printf(out, "%s%s:%s", i ? "," : "", e->source,
		    evidence_result_name(e->result));
	}
}

/*
 * "; failed=a@b; status=5.1.1[; others=N]" for a genuine bounce or
 * delay warning: why the user's mail failed, at a glance.  The address
 * goes through append_safe like a reference; the status is digits and
 * dots by construction (recipients.c).
 */
static void
append_failed(GString *out, const struct outcome *o)
{
	const GPtrArray *list = o->rec.recipients;
	const struct recipient *rc;

	if (o->verdict != VERDICT_GENUINE || list == NULL || list->len == 0 ||
	    (o->rec.class != CLASS_BOUNCE && o->rec.class != CLASS_DELAY))
		return;
	rc = g_ptr_array_index(list, 0);
	g_string_append(out, "; failed=");
	append_safe(out, rc->address, STAMP_FAILED_MAX);
	if (rc->status[0] != '\0') {
		g_string_append(out, "; status=");
		append_safe(out, rc->status, STATUS_MAX);
	}
	if (list->len > 1)
		g_string_append_printf(out, "; others=%u", list->len - 1);
}

static char *
finish_line(GString *line, bool crlf)
{
	if (line->len > STAMP_MAX)
		g_string_truncate(line, STAMP_MAX);
	g_string_append(line, crlf ? "\r\n" : "\n");
	return g_string_free(line, FALSE);
}

char *
stamp_line(const struct outcome *o, bool crlf)
{
	GString *line = g_string_new("X-Backstop: ");
	const GPtrArray *ids = o->rec.original_ids;

	g_string_append(line, verdict_name(o->verdict));
	g_string_append_printf(line, "; class=%s", class_name(o->rec.class));
	if (ids != NULL && ids->len > 0) {
		g_string_append(line, "; ref=");
		append_safe(line, g_ptr_array_index(ids, 0), STAMP_REF_MAX);
	}
	append_failed(line, o);
	append_evidence(line, o, "; evidence=");
	return finish_line(line, crlf);
}

char *
stamp_unchecked_line(const char *why, bool crlf)
{
	GString *line = g_string_new("X-Backstop: unchecked; error=");

	append_safe(line, why, 64);
	return finish_line(line, crlf);
}

static GString *
verdict_words(const struct outcome *o, const char *folder)
{
	GString *s = g_string_new(verdict_name(o->verdict));
	const GPtrArray *ids = o->rec.original_ids;

	g_string_append_printf(s, " class=%s", class_name(o->rec.class));
	if (folder != NULL)
		g_string_append_printf(s, " folder=%s", folder);
	g_string_append(s, " ref=");
	if (ids != NULL && ids->len > 0)
		append_safe(s, g_ptr_array_index(ids, 0), STAMP_REF_MAX);
	else
		g_string_append_c(s, '-');
	return s;
}

char *
stamp_verdict_words(const struct outcome *o, const char *folder)
{
	return g_string_free(verdict_words(o, folder), FALSE);
}

char *
stamp_summary(const struct outcome *o, const char *folder)
{
	GString *s = verdict_words(o, folder);

	append_evidence(s, o, " evidence=");
	if (o->rec.recogniser != NULL)
		g_string_append_printf(s, " by=%s", o->rec.recogniser);
	return g_string_free(s, FALSE);
}
