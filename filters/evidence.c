/*
 * evidence.c: the list of evidence entries and their names.
 */
#include "config.h"

#include <stdarg.h>

#include "evidence.h"

const char *
evidence_result_name(enum evidence_result e)
{
	switch (e) {
	case EVIDENCE_SENT:
		return "sent";
	case EVIDENCE_NOT_SENT:
		return "not-sent";
	default:
		return "no-opinion";
	}
}

static void
evidence_free(gpointer p)
{
	struct evidence *e = p;

	g_free(e->detail);
	g_free(e);
}

GPtrArray *
evidence_list_new(void)
{
	return g_ptr_array_new_with_free_func(evidence_free);
}

void
evidence_add(GPtrArray *list, const char *source, enum evidence_result result,
    const char *fmt, ...)
{
	struct evidence *e = g_new0(struct evidence, 1);
	va_list ap;

	e->source = source;
	e->result = result;
	va_start(ap, fmt);
	e->detail = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_ptr_array_add(list, e);
}
