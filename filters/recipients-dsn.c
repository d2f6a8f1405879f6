/*
 * recipients-dsn.c: the failed recipients of RFC 3464 reports.
 *
 * A message/delivery-status part (message/global-delivery-status for
 * RFC 6533) holds a block about the reporting MTA, then one block per
 * recipient: Final-Recipient, Original-Recipient, Action, Status,
 * Diagnostic-Code.  A recipient whose Action is delivered, relayed or
 * expanded (or whose Status is 2.x.x) did not fail and is left out.
 * Final-Recipient names the address the MTA tried; when it is absent
 * or not an address ("rfc822; <>", "system; <>", which some gateways
 * write after rewriting), Original-Recipient names it instead.
 *
 * Reports are searched in the answer's own multipart tree, never in an
 * attached message: a report inside the original is not about the
 * original.
 */
#include <string.h>

#include "dsn-fields.h"
#include "recipients.h"

#define DSN_DEPTH	8	/* multipart levels searched */

/* Lists a block's recipient unless it says it did not fail. */
static void
add_block(const struct dsn_block *b, void *data)
{
	GPtrArray		*list = data;
	struct recipient_facts	 f = { 0 };
	const char		*addr = b->final_recipient;

	if ((b->final_recipient == NULL && b->original_recipient == NULL) ||
	    dsn_block_outcome(b) == DSN_DELIVERED)
		return;
	f.status = b->status;
	if (b->diagnostic != NULL) {
		f.diagnostic = dsn_after_type(b->diagnostic);
		f.diagnostic_len = strlen(f.diagnostic);
	}
	if (addr == NULL || !recipients_add(list, addr, strlen(addr), &f))
		if ((addr = b->original_recipient) != NULL)
			recipients_add(list, addr, strlen(addr), &f);
}

static bool
is_status_part(GMimeObject *obj)
{
	GMimeContentType *ct = g_mime_object_get_content_type(obj);

	return ct != NULL && (g_mime_content_type_is_type(ct, "message", "delivery-status") ||
	    g_mime_content_type_is_type(ct, "message", "global-delivery-status"));
}

static void
walk(GMimeObject *obj, int depth, GPtrArray *list)
{
	GByteArray	*bytes;

	if (obj == NULL || depth > DSN_DEPTH)
		return;
	if (GMIME_IS_MULTIPART(obj)) {
		int n = g_mime_multipart_get_count(GMIME_MULTIPART(obj));
		for (int i = 0; i < n && i < MIME_MAX_PARTS; i++)
			walk(g_mime_multipart_get_part(GMIME_MULTIPART(obj), i), depth + 1, list);
		return;
	}
	if (!GMIME_IS_PART(obj) || !is_status_part(obj))
		return;
	bytes = mime_part_bytes(GMIME_PART(obj), TEXT_SCAN_MAX);
	if (bytes == NULL)
		return;
	dsn_read_blocks((const char *)bytes->data, strnlen((const char *)bytes->data, bytes->len),
	    0, add_block, list);
	g_byte_array_unref(bytes);
}

void
recipients_from_fields(const char *text, gsize len, GPtrArray *list)
{
	dsn_read_blocks(text, len, 0, add_block, list);
}

void
recipients_from_dsn(GMimeMessage *msg, GPtrArray *list)
{
	walk(g_mime_message_get_mime_part(msg), 0, list);
}
