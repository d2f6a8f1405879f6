/*
 * evidence-lists.c: the user's own word, `[lists] allow` and `deny`.
 *
 * Entries are addresses (bob@example.net), domains (example.net, which
 * covers its subdomains) or globs (*@lists.example.com, mx?.example.*),
 * matched without regard to case against the answer's sender (From: and
 * the envelope sender), the reporting MTA and the failed recipient.
 * deny is tried first, so a single address can be carved out of an
 * allowed domain.  It outweighs every other source: the user knows.
 */
#include "config.h"

#include <string.h>

#include "evidence.h"

#define SOURCE "lists"

static bool
matches(const char *pattern, const char *value)
{
	const char *at = strrchr(value, '@');
	const char *host = at != NULL ? at + 1 : value;
	size_t hl = strlen(host), pl;

	if (strpbrk(pattern, "*?") != NULL)
		return g_pattern_match_simple(pattern, value);
	if (strchr(pattern, '@') != NULL && pattern[0] != '@')
		return strcmp(pattern, value) == 0;
	if (pattern[0] == '@')
		pattern++;
	pl = strlen(pattern);
	return strcmp(host, pattern) == 0 ||
	    (hl > pl && host[hl - pl - 1] == '.' && strcmp(host + hl - pl, pattern) == 0);
}

/* First (entry, what, value) that matches, or false. */
static bool
find(char **entries, const char *const *values, const char *const *names,
    const char **entry, const char **name, const char **value)
{
	for (char **e = entries; e != NULL && *e != NULL; e++)
		for (int i = 0; names[i] != NULL; i++)
			if (values[i] != NULL && *values[i] != '\0' && matches(*e, values[i])) {
				*entry = *e;
				*name = names[i];
				*value = values[i];
				return true;
			}
	return false;
}

void
evidence_lists(const struct evidence_config *c, const struct answer *a, GPtrArray *list)
{
	static const char *const names[] = { "sender", "envelope sender", "reporting MTA",
	    "failed recipient", NULL };
	char *mta = a->rec->reporting_mta ? g_ascii_strdown(a->rec->reporting_mta, -1) : NULL;
	char *failed = answer_address(a->rec->failed_recipient);
	const char *values[] = { a->sender, a->envelope_sender, mta, failed, NULL };
	const char *entry, *name, *value;

	if ((c->allow == NULL || c->allow[0] == NULL) && (c->deny == NULL || c->deny[0] == NULL))
		;
	else if (find(c->deny, values, names, &entry, &name, &value))
		evidence_add(list, SOURCE, EVIDENCE_NOT_SENT, "deny %.200s matches the %s %.200s",
		    entry, name, value);
	else if (find(c->allow, values, names, &entry, &name, &value))
		evidence_add(list, SOURCE, EVIDENCE_SENT, "allow %.200s matches the %s %.200s",
		    entry, name, value);
	else
		evidence_add(list, SOURCE, EVIDENCE_NO_OPINION, "no allow or deny entry matches");
	g_free(mta);
	g_free(failed);
}
