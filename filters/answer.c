/*
 * answer.c: the facts about an automated answer that the evidence
 * stages share, gathered once.
 *
 * Two worlds are kept apart here.  The answer's own top-level header
 * block and the envelope say who answered and to which address; the
 * embedded original (an attached message/rfc822 or message/global, or
 * a text/rfc822-headers part) says how the message that provoked it
 * travelled: its Received chain, its DKIM-Signature.  The original's
 * Return-Path or Delivered-To never describe the answer.
 */
#include "config.h"

#include <string.h>

#include "evidence.h"

#define ORIGINAL_MAX_DEPTH	8	/* multipart levels searched for the original */
#define HEADERS_MAX		(256 * 1024)	/* bytes of a text/rfc822-headers part */

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * The end of an addr-spec at p made of dot-separated runs of letters,
 * digits and "+-_" (the local part) and of letters, digits and "-" (the
 * domain, not IDNA), or NULL.
 */
static const char *
simple_addr_spec(const char *p)
{
	bool	domain = false, run = false;

	for (;; p++) {
		if (g_ascii_isalnum(*p) || *p == '-' || (!domain && (*p == '+' || *p == '_')))
			run = true;
		else if (*p == '.' && run)
			run = false;
		else if (*p == '@' && run && !domain)
			domain = true, run = false;
		else
			break;
	}
	if (!domain || !run)
		return NULL;
	return p;
}

/*
 * The address of the forms most headers take, "a@b", "<a@b>",
 * "Plain Name <a@b>" and "a@b (comment)", lower-cased, without GMime's
 * address parser: that makes a GObject of every address, and three
 * headers are parsed for every answer.  NULL for anything else
 * (quotes, encoded words, groups, lists, IDNA), which GMime parses;
 * for what is taken here, GMime finds the same address.
 */
static char *
simple_address(const char *raw)
{
	const char *p = raw, *start, *end;
	char *addr;

	while (is_blank(*p))
		p++;
	for (start = p; g_ascii_isalnum(*p) || *p == '-' || is_blank(*p); p++)
		;	/* a plain display name, or the start of an addr-spec */
	if (*p == '<') {
		start = p + 1;
		if ((end = simple_addr_spec(start)) == NULL || *end != '>')
			return NULL;
		p = end + 1;
	} else {
		if ((end = simple_addr_spec(start)) == NULL)
			return NULL;
		p = end;
		while (is_blank(*p))
			p++;
		if (*p == '(') {
			while (*++p != ')')
				if (*p == '\0' || *p == '(' || *p == '\\' || *p == '"')
					return NULL;
			p++;
		}
	}
	while (is_blank(*p))
		p++;
	if (*p != '\0')
		return NULL;
	addr = g_ascii_strdown(start, end - start);
	if (strstr(addr, "xn--") != NULL)
		g_clear_pointer(&addr, g_free);	/* IDNA: GMime may decode it */
	return addr;
}

char *
answer_address(const char *raw)
{
	InternetAddressList *list;
	char *addr = NULL;
	const char *semi;

	if (raw == NULL)
		return NULL;
	/* DSN fields: "rfc822; a@b" */
	if ((semi = strchr(raw, ';')) != NULL && !strchr(raw, '<') && !strchr(raw, '"'))
		raw = semi + 1;
	if ((addr = simple_address(raw)) != NULL)
		return addr;
	list = internet_address_list_parse(NULL, raw);
	for (int i = 0; list != NULL && addr == NULL && i < internet_address_list_length(list); i++) {
		InternetAddress *ia = internet_address_list_get_address(list, i);
		const char *m;
		if (INTERNET_ADDRESS_IS_MAILBOX(ia) &&
		    (m = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia))) != NULL &&
		    strchr(m, '@') != NULL)
			addr = g_ascii_strdown(m, -1);
	}
	if (list != NULL)
		g_object_unref(list);
	return addr;
}

static GMimeMessage *
parse_header_bytes(GByteArray *bytes)
{
	GMimeStream *stream;
	GMimeParser *parser;
	GMimeMessage *msg;

	g_byte_array_append(bytes, (const guint8 *)"\n\n", 2);
	stream = g_mime_stream_mem_new_with_buffer((const char *)bytes->data, bytes->len);
	parser = g_mime_parser_new_with_stream(stream);
	g_object_unref(stream);
	msg = g_mime_parser_construct_message(parser, NULL);
	g_object_unref(parser);
	return msg;
}

static bool
is_headers_part(GMimeObject *part)
{
	GMimeContentType *ct = g_mime_object_get_content_type(part);

	return ct != NULL && (g_mime_content_type_is_type(ct, "text", "rfc822-headers") ||
	    g_mime_content_type_is_type(ct, "message", "rfc822-headers"));
}

static bool
is_report(GMimeMessage *m)
{
	GMimeObject *body = g_mime_message_get_mime_part(m);

	return body != NULL && GMIME_IS_MULTIPART(body) &&
	    g_mime_content_type_is_type(g_mime_object_get_content_type(body), "multipart", "report");
}

/* The first original in part (a new reference), or NULL. */
static GMimeMessage *
original_in(GMimeObject *part, int depth)
{
	GMimeMessage *found = NULL;

	if (part == NULL || depth > ORIGINAL_MAX_DEPTH)
		return NULL;
	if (GMIME_IS_MESSAGE_PART(part)) {
		GMimeMessage *m = g_mime_message_part_get_message(GMIME_MESSAGE_PART(part));
		if (m == NULL)
			return NULL;
		/* A forwarded report: its original is the one inside it. */
		if (is_report(m) && (found = original_in(g_mime_message_get_mime_part(m), depth + 1)))
			return found;
		return g_object_ref(m);
	}
	if (GMIME_IS_MULTIPART(part)) {
		int n = g_mime_multipart_get_count(GMIME_MULTIPART(part));
		for (int i = 0; found == NULL && i < n; i++)
			found = original_in(g_mime_multipart_get_part(GMIME_MULTIPART(part), i), depth + 1);
		return found;
	}
	if (GMIME_IS_PART(part) && is_headers_part(part)) {
		GByteArray *bytes = mime_part_bytes(GMIME_PART(part), HEADERS_MAX);
		if (bytes != NULL) {
			found = parse_header_bytes(bytes);
			g_byte_array_unref(bytes);
		}
	}
	return found;
}

/* Every value of a top-level header (e.g. Delivered-To) as an address. */
static void
add_header_addresses(GPtrArray *out, GMimeMessage *msg, const char *name)
{
	GMimeHeaderList *hl = g_mime_object_get_header_list(GMIME_OBJECT(msg));
	int n = g_mime_header_list_get_count(hl);

	for (int i = 0; i < n; i++) {
		GMimeHeader *h = g_mime_header_list_get_header_at(hl, i);
		char *a;
		if (g_ascii_strcasecmp(g_mime_header_get_name(h), name) != 0)
			continue;
		if ((a = answer_address(g_mime_header_get_value(h))) != NULL)
			g_ptr_array_add(out, a);
	}
}

static void
add_address(GPtrArray *out, const char *raw)
{
	char *a = answer_address(raw);

	if (a != NULL)
		g_ptr_array_add(out, a);
}

/* The recipient's local part without "+EXTENSION". */
static char *
local_without_extension(const char *recipient)
{
	const char *at = recipient != NULL ? strrchr(recipient, '@') : NULL;
	char *local = at ? g_strndup(recipient, (gsize)(at - recipient)) : g_strdup(recipient);
	char *plus = local != NULL ? strchr(local, '+') : NULL;

	if (plus != NULL)
		*plus = '\0';
	return local;
}

/* A bounce that names no original ID and no failed recipient. */
static bool
names_nothing(const struct recognition *r)
{
	return (r->class == CLASS_BOUNCE || r->class == CLASS_DELAY) &&
	    (r->original_ids == NULL || r->original_ids->len == 0) &&
	    (r->recipients == NULL || r->recipients->len == 0) && r->failed_recipient == NULL;
}

void
answer_init(struct answer *a, GMimeMessage *msg, const struct envelope *env,
    const struct recognition *r, bool want_original)
{
	memset(a, 0, sizeof *a);
	a->rec = r;
	a->recipients = g_ptr_array_new_with_free_func(g_free);
	if (env->sender != NULL)
		a->envelope_sender = g_ascii_strdown(env->sender, -1);
	add_address(a->recipients, env->original_recipient);
	add_address(a->recipients, env->recipient);
	if (env->extension != NULL && *env->extension != '\0') {
		a->extension = g_strdup(env->extension);
		a->extension_local = local_without_extension(env->recipient);
	}
	if (msg == NULL)
		return;
	a->sender = answer_address(g_mime_object_get_header(GMIME_OBJECT(msg), "From"));
	add_header_addresses(a->recipients, msg, "Delivered-To");
	add_header_addresses(a->recipients, msg, "X-Original-To");
	/* Finding (and for rfc822-headers, parsing) the original costs as much as
	 * the rest of the evidence; only the relay and DKIM sources read it,
	 * and correspondence when a bounce names neither ID nor recipient. */
	if (want_original || names_nothing(r))
		a->original = original_in(g_mime_message_get_mime_part(msg), 0);
}

void
answer_clear(struct answer *a)
{
	if (a->original != NULL)
		g_object_unref(a->original);
	g_free(a->sender);
	g_free(a->envelope_sender);
	if (a->recipients != NULL)
		g_ptr_array_unref(a->recipients);
	g_free(a->extension);
	g_free(a->extension_local);
	memset(a, 0, sizeof *a);
}
