/*
 * recipients.c: the list of failed recipients, and the order in which
 * the readers fill it.
 *
 * An RFC 3464 report says exactly who failed and why, so when it names
 * recipients the notice text is not read.  Otherwise the notice text
 * is read (recipients-text.c); a recipient named only by the answer's
 * X-Failed-Recipients header (Exim) gets the codes of the notice when
 * it is the only one.  What the answer did not write is inferred last,
 * once (status-codes.c).
 *
 * The list keeps each address once (compared without case): a notice
 * that names a recipient in its summary and again in a transcript
 * gives one entry with the facts of both.
 */
#include <string.h>

#include "recipients.h"

#define XFR_MAX		4096	/* bytes of X-Failed-Recipients read */

void
recipient_free(gpointer p)
{
	struct recipient *rc = p;

	if (rc == NULL)
		return;
	g_free(rc->address);
	g_free(rc->diagnostic);
	g_free(rc);
}

static bool
addr_byte_ok(unsigned char c)
{
	return c >= 0x80 || (c > ' ' && c < 0x7f && strchr("<>()[],;:\\\"", c) == NULL);
}

/* A dot-atom local part, or a quoted string ("a..b") of printable bytes. */
static bool
local_ok(const char *p, const char *end)
{
	if (*p == '"') {
		if (end - p < 3 || end[-1] != '"')
			return false;
		for (const char *q = p + 1; q < end - 1; q++)
			if ((unsigned char)*q < ' ' || *q == 0x7f || *q == '"' || *q == '\\')
				return false;
		return true;
	}
	for (const char *q = p; q < end; q++)
		if (!addr_byte_ok((unsigned char)*q) || *q == '@')
			return false;
	return true;
}

/*
 * The address in raw[0..len) ("rfc822; <a@b>", "<a@b>:", "a@b."), as
 * a new string, or NULL if it is not one: a local part and a domain
 * of printable bytes (UTF-8 allowed), at most RECIPIENT_ADDR_MAX.
 */
static char *
address_clean(const char *raw, gsize len)
{
	const char	*p = raw, *end = raw + len, *semi, *at;

	if ((semi = memchr(raw, ';', len)) != NULL && memchr(raw, '@', (gsize)(semi - raw)) == NULL)
		p = semi + 1;
	while (p < end && (g_ascii_isspace(*p) || *p == '<'))
		p++;
	while (end > p && !g_ascii_isalnum(end[-1]) && (unsigned char)end[-1] < 0x80)
		end--;
	if (end <= p || end - p > RECIPIENT_ADDR_MAX)
		return NULL;
	at = g_strrstr_len(p, end - p, "@");
	if (at == NULL || at == p || at + 1 >= end)
		return NULL;
	if (!local_ok(p, at) || memchr(at + 1, '"', (gsize)(end - at - 1)) != NULL)
		return NULL;
	for (const char *q = at + 1; q < end; q++)
		if (!addr_byte_ok((unsigned char)*q))
			return NULL;
	if (!g_utf8_validate(p, end - p, NULL))
		return NULL;
	return g_strndup(p, (gsize)(end - p));
}

/*
 * The diagnostic as one line: control bytes and runs of white space
 * become one space, invalid UTF-8 becomes '?', cut at DIAGNOSTIC_MAX
 * bytes on a character boundary.  NULL if nothing is left.
 */
static char *
diagnostic_clean(const char *raw, gsize len)
{
	GString		*out = g_string_sized_new(MIN(len, DIAGNOSTIC_MAX) + 1);
	const char	*p = raw, *end = raw + len;
	bool		 space = false;

	while (p < end && out->len < DIAGNOSTIC_MAX) {
		unsigned char c = (unsigned char)*p;
		if (c < ' ' || c == 0x7f || c == ' ') {
			space = out->len > 0;
			p++;
			continue;
		}
		gunichar u = c < 0x80 ? c : g_utf8_get_char_validated(p, end - p);
		gsize n = c < 0x80 ? 1 : (u == (gunichar)-1 || u == (gunichar)-2 ? 0 :
		    (gsize)(g_utf8_next_char(p) - p));
		if (out->len + (space ? 1 : 0) + (n ? n : 1) > DIAGNOSTIC_MAX)
			break;
		if (space)
			g_string_append_c(out, ' ');
		space = false;
		if (n == 0) {
			g_string_append_c(out, '?');
			p++;
		} else {
			g_string_append_len(out, p, (gssize)n);
			p += n;
		}
	}
	if (out->len == 0) {
		g_string_free(out, TRUE);
		return NULL;
	}
	return g_string_free(out, FALSE);
}

static struct recipient *
find(GPtrArray *list, const char *address)
{
	for (guint i = 0; i < list->len; i++) {
		struct recipient *rc = g_ptr_array_index(list, i);
		if (g_ascii_strcasecmp(rc->address, address) == 0)
			return rc;
	}
	return NULL;
}

/* Gives rc the facts of f that it lacks. */
static void
fill(struct recipient *rc, const struct recipient_facts *f)
{
	char	 status[STATUS_MAX];

	if (rc->status[0] == '\0' && f->status != NULL && status_parse(f->status, status))
		memcpy(rc->status, status, STATUS_MAX);
	if (f->diagnostic == NULL || f->diagnostic_len == 0)
		return;
	if (rc->reply_code == 0)
		rc->reply_code = reply_code_find(f->diagnostic, f->diagnostic_len);
	/* The code the receiving server wrote in its reply ("550 5.7.1
	 * ...") is more specific than the reporting MTA's Status field,
	 * which some MTAs fill from their own mapping ("5.0.0", "5.1.1"
	 * for any 550): within the same class, the reply's code wins. */
	if (status_find(f->diagnostic, f->diagnostic_len, status) &&
	    (rc->status[0] == '\0' || (!status_generic(status) && status[0] == rc->status[0])))
		memcpy(rc->status, status, STATUS_MAX);
	/* A later mention with the server's codes explains more than an
	 * earlier sentence without ("Your message to a@b couldn't be ..."). */
	if (rc->diagnostic != NULL && codes_start(rc->diagnostic, strlen(rc->diagnostic)) == NULL &&
	    codes_start(f->diagnostic, f->diagnostic_len) != NULL)
		g_clear_pointer(&rc->diagnostic, g_free);
	if (rc->diagnostic == NULL)
		rc->diagnostic = diagnostic_clean(f->diagnostic, f->diagnostic_len);
}

bool
recipients_add(GPtrArray *list, const char *address, gsize len,
    const struct recipient_facts *f)
{
	static const struct recipient_facts none = { 0 };
	struct recipient *rc;
	char	*addr = address_clean(address, len);

	if (addr == NULL)
		return false;
	if ((rc = find(list, addr)) != NULL) {
		g_free(addr);
		fill(rc, f != NULL ? f : &none);
		return true;
	}
	if (list->len >= RECIPIENTS_MAX) {
		g_free(addr);
		return false;
	}
	rc = g_new0(struct recipient, 1);
	rc->address = addr;
	fill(rc, f != NULL ? f : &none);
	g_ptr_array_add(list, rc);
	return true;
}

/* Exim's X-Failed-Recipients: "a@b, c@d". */
static void
from_header(GMimeMessage *msg, GPtrArray *list)
{
	const char	*v = g_mime_object_get_header(GMIME_OBJECT(msg), "X-Failed-Recipients");
	gsize		 len;

	if (v == NULL)
		return;
	len = strnlen(v, XFR_MAX);
	for (const char *p = v, *end = v + len, *comma; p < end; p = comma + 1) {
		comma = memchr(p, ',', (gsize)(end - p));
		if (comma == NULL)
			comma = end;
		recipients_add(list, p, (gsize)(comma - p), NULL);
	}
}

/* The first line of text holding a reply or status code, for a lone recipient. */
static void
codes_of_notice(const char *text, gsize len, struct recipient *rc)
{
	char		 status[STATUS_MAX];
	struct recipient_facts f = { 0 };

	for (const char *p = text, *end = text + len, *nl; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (gsize)(end - p));
		if (nl == NULL)
			nl = end;
		if (reply_code_find(p, (gsize)(nl - p)) == 0 &&
		    !status_find(p, (gsize)(nl - p), status))
			continue;
		f.diagnostic = p;
		f.diagnostic_len = (gsize)(nl - p);
		fill(rc, &f);
		return;
	}
}

static bool
lacks_diagnostic(const GPtrArray *list)
{
	for (guint i = 0; i < list->len; i++)
		if (((struct recipient *)g_ptr_array_index(list, i))->diagnostic == NULL)
			return true;
	return false;
}

/*
 * A report's recipients that carry no diagnostic (OpenSMTPD writes
 * only "Status: 5.0.0") take it from the notice text, where the same
 * address is named with the reason.
 */
static void
complete_from_text(GPtrArray *list, const char *text, gsize len)
{
	GPtrArray	*seen = g_ptr_array_new_with_free_func(recipient_free);

	recipients_from_text(text, len, seen);
	for (guint i = 0; i < list->len; i++) {
		struct recipient *rc = g_ptr_array_index(list, i), *t;
		struct recipient_facts f = { 0 };
		if (rc->diagnostic != NULL || (t = find(seen, rc->address)) == NULL ||
		    t->diagnostic == NULL)
			continue;
		f.status = t->status[0] != '\0' ? t->status : NULL;
		f.diagnostic = t->diagnostic;
		f.diagnostic_len = strlen(t->diagnostic);
		fill(rc, &f);
	}
	g_ptr_array_unref(seen);
}

/*
 * Without a report: DSN fields written in the notice text, else its
 * recipient lines, else X-Failed-Recipients, else the recipient a stage
 * found elsewhere (a forwarded report), else the single To: of the
 * quoted original; a lone recipient without codes takes the notice's.
 */
static void
from_notice(GMimeMessage *msg, struct recognition *r)
{
	gsize		 len;
	const char	*text = notice_raw_text(msg, r, &len);

	recipients_from_fields(text, len, r->recipients);
	if (r->recipients->len == 0)
		recipients_from_text(text, len, r->recipients);
	if (r->recipients->len == 0)
		from_header(msg, r->recipients);
	if (r->recipients->len == 0 && r->failed_recipient != NULL)
		recipients_add(r->recipients, r->failed_recipient, strlen(r->failed_recipient), NULL);
	if (r->recipients->len == 0)
		recipients_from_original(msg, text, len, r->recipients);
	if (r->recipients->len == 1)
		codes_of_notice(text, len, g_ptr_array_index(r->recipients, 0));
}

void
recipients_extract(GMimeMessage *msg, struct recognition *r)
{
	const char	*text;
	gsize		 len;

	if (msg == NULL || r->recipients == NULL ||
	    (r->class != CLASS_BOUNCE && r->class != CLASS_DELAY))
		return;
	recipients_from_dsn(msg, r->recipients);
	if (r->recipients->len > 0) {
		if (lacks_diagnostic(r->recipients)) {
			text = notice_raw_text(msg, r, &len);
			complete_from_text(r->recipients, text, len);
		}
	} else
		from_notice(msg, r);
	for (guint i = 0; i < r->recipients->len; i++)
		recipient_infer(g_ptr_array_index(r->recipients, i), r->class == CLASS_DELAY);
	if (r->recipients->len > 0)
		recognition_set_recipient(r,
		    ((struct recipient *)g_ptr_array_index(r->recipients, 0))->address);
}
