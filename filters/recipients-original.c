/*
 * recipients-original.c: the last witness of who failed, the original.
 *
 * Some answers name no recipient at all: old sendmail ("----- Unsent
 * message follows -----"), carriers' gateways, systems that only say
 * "could not be delivered".  They quote the original, though, attached
 * (message/rfc822, text/rfc822-headers) or inline after a marker line,
 * and when its To: holds exactly one address and it has no Cc:, that
 * address is the one that failed.  With several it could be any of
 * them, so none is taken (correspondence still asks about each).
 */
#include <string.h>

#include "recipients.h"

#define ORIGINAL_DEPTH	8		/* multipart levels searched */
#define HEADER_BLOCK_MAX (64 * 1024)	/* bytes of rfc822-headers read */

/* Adds the one mailbox of to (a To: value) unless there are more, or cc. */
static void
add_single(GPtrArray *list, const char *to, bool cc)
{
	InternetAddressList *l;
	InternetAddress	*ia;
	const char	*addr;

	if (to == NULL || cc)
		return;
	l = internet_address_list_parse(NULL, to);
	if (l != NULL && internet_address_list_length(l) == 1 &&
	    INTERNET_ADDRESS_IS_MAILBOX(ia = internet_address_list_get_address(l, 0)) &&
	    (addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia))) != NULL)
		recipients_add(list, addr, strlen(addr), NULL);
	if (l != NULL)
		g_object_unref(l);
}

/* The value of header name in the line p[0..n) ("To: a@b"), or NULL. */
static const char *
header_value(const char *p, gsize n, const char *name)
{
	gsize	 len = strlen(name);

	if (n <= len || g_ascii_strncasecmp(p, name, len) != 0 || p[len] != ':')
		return NULL;
	return p + len + 1;
}

/*
 * A header block in text (after a marker, or a text/rfc822-headers
 * part): the first To: line that stands among other header lines, with
 * its folded continuation, and whether a Cc: line is there too.
 */
static void
from_header_lines(const char *text, gsize len, GPtrArray *list)
{
	GString		*to = NULL;
	bool		 cc = false, in_to = false;
	int		 headers = 0;
	const char	*p, *end = text + len, *nl, *v;
	gsize		 n;

	for (p = text; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (gsize)(end - p));
		if (nl == NULL)
			nl = end;
		n = (gsize)(nl - p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		if (in_to && n > 0 && (p[0] == ' ' || p[0] == '\t')) {
			g_string_append_len(to, p, (gssize)MIN(n, 998));
			continue;
		}
		in_to = false;
		if (n == 0) {
			if (to != NULL && headers > 1)
				break;		/* the end of the block holding To: */
			headers = 0;
			continue;
		}
		if (memchr(p, ':', MIN(n, 40)) != NULL && !g_ascii_isspace(p[0]))
			headers++;
		if (header_value(p, n, "Cc") != NULL)
			cc = true;
		if (to == NULL && (v = header_value(p, n, "To")) != NULL) {
			to = g_string_new_len(v, (gssize)MIN(n - (gsize)(v - p), 998));
			in_to = true;
		}
	}
	if (to != NULL && headers > 1)
		add_single(list, to->str, cc);
	if (to != NULL)
		g_string_free(to, TRUE);
}

/* The first attached original under obj: true when one was found. */
static bool
from_part(GMimeObject *obj, int depth, GPtrArray *list)
{
	GMimeContentType *ct;
	GByteArray	*bytes;

	if (obj == NULL || depth > ORIGINAL_DEPTH)
		return false;
	if (GMIME_IS_MULTIPART(obj)) {
		int n = g_mime_multipart_get_count(GMIME_MULTIPART(obj));
		for (int i = 0; i < n && i < MIME_MAX_PARTS; i++)
			if (from_part(g_mime_multipart_get_part(GMIME_MULTIPART(obj), i),
			    depth + 1, list))
				return true;
		return false;
	}
	if (GMIME_IS_MESSAGE_PART(obj)) {
		GMimeMessage *m = g_mime_message_part_get_message(GMIME_MESSAGE_PART(obj));
		if (m == NULL)
			return false;
		add_single(list, g_mime_object_get_header(GMIME_OBJECT(m), "To"),
		    g_mime_object_get_header(GMIME_OBJECT(m), "Cc") != NULL);
		return true;
	}
	ct = g_mime_object_get_content_type(obj);
	if (!GMIME_IS_PART(obj) || ct == NULL ||
	    (!g_mime_content_type_is_type(ct, "text", "rfc822-headers") &&
	    !g_mime_content_type_is_type(ct, "message", "rfc822-headers")))
		return false;
	if ((bytes = mime_part_bytes(GMIME_PART(obj), HEADER_BLOCK_MAX)) != NULL) {
		from_header_lines((const char *)bytes->data,
		    strnlen((const char *)bytes->data, bytes->len), list);
		g_byte_array_unref(bytes);
	}
	return true;
}

void
recipients_from_original(GMimeMessage *msg, const char *text, gsize len, GPtrArray *list)
{
	if (!from_part(g_mime_message_get_mime_part(msg), 0, list))
		from_header_lines(text, len, list);
}
