/*
 * message-id.c: turn a raw msg-id into the bare form notmuch looks up.
 *
 * GMime's decoder knows RFC 5322 (comments, folding, missing brackets);
 * what it does not do is refuse junk, and the IDs we see come from
 * hostile text.  So we decode with GMime and then insist on a shape
 * that can be stored in a header and searched: bounded, printable,
 * no whitespace and no angle brackets.  "@" is not required: some
 * services (Amazon SES) use bare tokens as IDs.
 */
#include <string.h>

#include "filter.h"

static bool	id_plausible(const char *id);

char *
message_id_normalise(const char *raw)
{
	char	*id;

	if (raw == NULL)
		return NULL;
	if (strnlen(raw, MESSAGE_ID_MAX * 4 + 1) > MESSAGE_ID_MAX * 4)
		return NULL;	/* folded and commented, still absurd */
	id = g_mime_utils_decode_message_id(raw);
	if (id == NULL)
		return NULL;
	if (!id_plausible(id)) {
		g_free(id);
		return NULL;
	}
	return id;
}

/* True if id is non-empty, short enough and free of forbidden bytes. */
static bool
id_plausible(const char *id)
{
	size_t		 len;
	const unsigned char *p;

	len = strlen(id);
	if (len == 0 || len > MESSAGE_ID_MAX)
		return false;
	if (id[0] == '@' || id[len - 1] == '@')
		return false;
	for (p = (const unsigned char *)id; *p != '\0'; p++) {
		if (*p <= ' ' || *p == 0x7f || *p == '<' || *p == '>')
			return false;
	}
	return true;
}
