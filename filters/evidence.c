/*
 * evidence.c: the list of evidence entries, their names, and the order
 * in which the stages run: the order of verdict.c's weight table, the
 * cheap stages that read only the message first, so the X-Backstop line
 * reads from the strongest source to the weakest.
 *
 * The two stages that need the notmuch database (notmuch, and the
 * correspondence query) are skipped once the verdict is settled: after
 * a valid or forged signature or envelope tag, a list match, or a hit
 * in the sent log, no answer from notmuch could change it, and opening
 * the database is most of the cost of checking a bounce.  A skipped
 * stage adds no entry, like any source that is not consulted.  After a
 * notmuch miss the index's coverage is measured (coverage.c), since the
 * miss weighs only as much as the coverage justifies.
 */
#include "config.h"

#include <stdarg.h>
#include <string.h>

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

const char *
evidence_label(const struct evidence *e)
{
	if (e->result == EVIDENCE_NO_OPINION && e->detail != NULL &&
	    g_str_has_prefix(e->detail, "error ("))
		return "error";
	return evidence_result_name(e->result);
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
	e->coverage = -1;
	va_start(ap, fmt);
	e->detail = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_ptr_array_add(list, e);
}

/*
 * After a notmuch miss: how much the miss is worth (its coverage, which
 * `check --json` shows; the detail stays the lookup's own words).
 */
static void
weigh_miss(const struct evidence_config *c, struct nm_session *nm, GPtrArray *list)
{
	struct evidence *e = list->len > 0 ? g_ptr_array_index(list, list->len - 1) : NULL;
	char *how = NULL;

	if (e == NULL || strcmp(e->source, "notmuch") != 0 || e->result != EVIDENCE_NOT_SENT)
		return;
	e->coverage = coverage_measure(c, nm, &how);
	g_free(how);
}

void
evidence_gather(const struct evidence_config *c, const struct answer *a,
    struct nm_session *nm, GPtrArray *list)
{
	evidence_lists(c, a, list);
	evidence_replay(c, a, list);
	evidence_signature(c, a, list);
	evidence_tag(c, a, list);
	evidence_auth(c, a, list);
	evidence_relay(c, a, list);
	evidence_dkim(c, a, list);
	evidence_sent_log(c, a, list);
	if (!verdict_settled(list, "notmuch")) {
		evidence_notmuch(nm, a, list);
		weigh_miss(c, nm, list);
	}
	if (!verdict_settled(list, "sent-folder"))
		evidence_sentdir(c, a, nm, list);
	if (!verdict_settled(list, "correspondence"))
		evidence_correspondence(c, a, nm, list);
}
