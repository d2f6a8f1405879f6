/*
 * recipients-text.c: the failed recipients written in a notice's text.
 *
 * Free-text notices differ in wording but share one shape: a line
 * that names the recipient, followed (on the same line or the next
 * few) by what the receiving server said.  So one reader serves all
 * families, instead of one per MTA:
 *
 *   Postfix   <a@b>: host mx[192.0.2.1] said: 550 5.1.1 ... (in reply to RCPT TO)
 *   Exim        a@b
 *                 host mx [192.0.2.1]
 *                 SMTP error from remote mail server after RCPT TO:<a@b>:
 *                 550 5.1.1 ...
 *   qmail     <a@b>:
 *             192.0.2.1 does not like recipient.
 *             Remote host said: 550 5.1.1 ... (#5.1.1)
 *   sendmail  <a@b>
 *                 (reason: 550 5.1.1 <a@b>... User unknown)
 *             550 5.1.1 <a@b>... User unknown
 *   carriers  Recipient: <a@b>        Could not be delivered to: <a@b>
 *   DMA       There was an error delivering your mail to <a@b>.
 *   CommuniGate  Failed to deliver to '<a@b>'
 *             LOCAL module(account a) reports:
 *              account is full (quota exceeded)
 *
 * A line names a recipient when the address opens it (bare or in <>),
 * follows a recipient label ("Recipient:", "Failed address:"), follows
 * the word "to" in a sentence, or follows the codes ("550 5.1.1 <a@b>").
 * Header lines (To:, From:, ...) never do: they belong to a quoted
 * original.  Reading stops where the notice starts quoting the
 * original (a marker line, or a Received:/Return-Path: header).
 *
 * The recipient's block is the rest of its line and the lines after
 * it, up to the next recipient, a stop, or a blank line after some
 * text; its diagnostic starts at the first reply or status code in
 * it (or is the whole block when it has none).
 */
#include <string.h>

#include "recipients.h"

#define BLOCK_LINES	12	/* lines after a recipient's own read for its reason */
#define LINE_MAX_READ	2048	/* bytes of one line looked at */

/* Lower-case substrings of a line where the notice starts quoting the original. */
static const char *const stops[] = {
	"below this line is a copy", "this is a copy of the message",
	"original message follows", "original message ---", "-----original message-----",
	"message headers follow", "headers of the original", "original message headers",
	"unsent message below", "header of the original message",
	"original message header", NULL,
};

/* Header names that mean the line is part of a quoted header block. */
static const char *const headers[] = {
	"to", "from", "cc", "bcc", "reply-to", "sender", "return-path", "received",
	"delivered-to", "x-original-to", "envelope-to", "message-id", "in-reply-to",
	"references", "resent-to", "resent-from", "errors-to", "list-id", NULL,
};

/*
 * Words of a label before "label: a@b" that make the address a failed
 * recipient ("Recipient:", "Failed address:", "Did not reach the
 * following recipient:", "User mailbox exceeds allowed size:"), and
 * words that make it someone else ("Sender address:").
 */
static const char *const label_words[] = {
	"recipient", "address", "user", "mailbox", "account", "destination",
	"rcpt to", "deliver", NULL,
};
static const char *const label_not[] = { "sender", "from", "reply", "contact", NULL };

/* Local parts that are never the failed recipient, but whom to contact. */
static const char *const contacts[] = {
	"postmaster", "mailer-daemon", "abuse", "hostmaster", "webmaster", "noc", NULL,
};

struct reader {
	GPtrArray	*list;
	const char	*addr;		/* current recipient's address, in the text */
	gsize		 addr_len;
	GString		*block;		/* its lines, LF-separated */
	int		 lines;
	bool		 body;		/* a non-blank line follows the recipient's */
	bool		 open;
};

static bool
is_addr_byte(char c)
{
	return (unsigned char)c >= 0x80 || g_ascii_isalnum(c) || strchr("._%+-=!#$&'*/?^`{|}~", c);
}

static bool
in_list(const char *s, gsize n, const char *const *words)
{
	for (gsize i = 0; words[i] != NULL; i++)
		if (strlen(words[i]) == n && g_ascii_strncasecmp(s, words[i], n) == 0)
			return true;
	return false;
}

/* A header field line "Name: ..." of a name in headers[]. */
static bool
is_header_line(const char *p, gsize n)
{
	const char	*colon = memchr(p, ':', MIN(n, 32));

	return colon != NULL && colon > p && in_list(p, (gsize)(colon - p), headers);
}

static bool
is_stop(const char *p, gsize n)
{
	char	 low[LINE_MAX_READ + 1];

	if (n >= 9 && (g_ascii_strncasecmp(p, "received:", 9) == 0 ||
	    (n >= 12 && g_ascii_strncasecmp(p, "return-path:", 12) == 0)))
		return true;
	if (memchr(p, '-', n) == NULL && memchr(p, ' ', n) == NULL)
		return false;		/* every stop phrase has one */
	for (gsize i = 0; i < n; i++)
		low[i] = g_ascii_tolower(p[i]);
	low[n] = '\0';
	for (gsize i = 0; stops[i] != NULL; i++)
		if (strstr(low, stops[i]) != NULL)
			return true;
	return false;
}

/*
 * Whether p[0..n) holds only the marks that stand before a listed
 * address (bullets, ">>>", '#', '(': surely a recipient) and codes
 * ("550 5.1.1", "<<< 550": likely one, the server's reply may also
 * name the sender).
 */
enum naming { NAMES_NOT = 0, NAMES_SURELY, NAMES_LIKELY };

static enum naming
only_codes(const char *p, gsize n)
{
	char	 status[STATUS_MAX];
	gsize	 i = 0;
	bool	 code = false;

	while (i < n) {
		if (strchr(" \t<#(-*>", p[i]) != NULL) {
			i++;
			continue;
		}
		if (i + 3 <= n && g_ascii_isdigit(p[i]) && g_ascii_isdigit(p[i + 1]) &&
		    g_ascii_isdigit(p[i + 2]) && (i + 3 == n || !g_ascii_isalnum(p[i + 3])) &&
		    (p[i + 3] != '.')) {
			i += 3, code = true;
			continue;
		}
		if (status_find(p + i, n - i, status) && strncmp(p + i, status, strlen(status)) == 0) {
			i += strlen(status), code = true;
			continue;
		}
		return NAMES_NOT;
	}
	return code ? NAMES_LIKELY : NAMES_SURELY;
}

static bool
has_word(const char *low, const char *const *words)
{
	for (gsize i = 0; words[i] != NULL; i++)
		if (strstr(low, words[i]) != NULL)
			return true;
	return false;
}

/* A label (the text before "a@b" and its colon) that names a failed recipient. */
static bool
label_names_recipient(const char *label, gsize n)
{
	char	*low;
	bool	 yes;

	if (n == 0 || n > 80)
		return false;
	low = g_ascii_strdown(label, (gssize)n);
	yes = has_word(low, label_words) && !has_word(low, label_not);
	g_free(low);
	return yes;
}

/*
 * Whether the text before an address (pre[0..n)) makes it a recipient:
 * surely when the address opens the line or follows a recipient label,
 * likely when it follows codes or the word "to" in a sentence.
 */
static enum naming
names_recipient(const char *pre, gsize n, bool contact)
{
	const char	*end = pre + n, *word;
	enum naming	 codes;

	while (pre < end && (*pre == ' ' || *pre == '\t'))
		pre++;
	while (end > pre && strchr(" \t<\"'", end[-1]) != NULL)
		end--;
	if (end == pre)
		return NAMES_SURELY;			/* the address opens the line */
	if ((codes = only_codes(pre, (gsize)(end - pre))) != NAMES_NOT)
		return codes;				/* 550 5.1.1 <a@b>... */
	if (end[-1] == ':') {				/* Label: a@b */
		const char *e = end - 1;
		while (e > pre && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		if (label_names_recipient(pre, (gsize)(e - pre)) ||
		    status_phrase_known(pre, (gsize)(e - pre)))
			return NAMES_SURELY;	/* "Unknown user: a@b" */
		end = e;
	}
	if (contact)
		return NAMES_NOT;
	for (word = end; word > pre && g_ascii_isalpha(word[-1]); word--)
		;
	if (end - word == 2 && g_ascii_strncasecmp(word, "to", 2) == 0 &&
	    (word == pre || !g_ascii_isalnum(word[-1])))
		return NAMES_LIKELY;			/* ... mail to <a@b> */
	return NAMES_NOT;
}

/* The first address in line p[0..n) that names a recipient: its start and length. */
static enum naming
recipient_in(const char *p, gsize n, const char **addr, gsize *len)
{
	const char	*end = p + n, *at, *s, *e;
	gsize		 lead = strspn(p, " \t>");	/* also quoted with "> " */
	enum naming	 how;

	if (is_header_line(p + MIN(n, lead), n - MIN(n, lead)))
		return NAMES_NOT;
	for (at = memchr(p, '@', n); at != NULL; at = memchr(at + 1, '@', (gsize)(end - at - 1))) {
		for (s = at; s > p && is_addr_byte(s[-1]); s--)
			;
		for (e = at + 1; e < end && (g_ascii_isalnum(*e) || *e == '-' || *e == '.' ||
		    (unsigned char)*e >= 0x80); e++)
			;
		while (e > at + 1 && e[-1] == '.')
			e--;
		if (s == at || e == at + 1)
			continue;
		if ((how = names_recipient(p, (gsize)(s - p),
		    in_list(s, (gsize)(at - s), contacts))) != NAMES_NOT) {
			*addr = s;
			*len = (gsize)(e - s);
			return how;
		}
	}
	return NAMES_NOT;
}

/* True if the line p[0..n) ends with the word w ("A message sent by"). */
static bool
ends_with_word(const char *p, gsize n, const char *w)
{
	gsize	 wl = strlen(w);

	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == ':'))
		n--;
	return n >= wl && g_ascii_strncasecmp(p + n - wl, w, wl) == 0 &&
	    (n == wl || !g_ascii_isalnum(p[n - wl - 1]));
}

/*
 * Whether a line that names addr should open a recipient's block: not
 * when the line before introduces the sender ("A message sent by"),
 * nor when it only likely names one while the open block still waits
 * for its server's reply (Exim's "550 5.2.0 <sender@x> From: ...").
 */
static bool
opens_block(const struct reader *rd, enum naming how, const char *prev, gsize prev_n)
{
	if (prev != NULL && (ends_with_word(prev, prev_n, "by") ||
	    ends_with_word(prev, prev_n, "from") || ends_with_word(prev, prev_n, "sender")))
		return false;
	if (how == NAMES_LIKELY && rd->open && codes_start(rd->block->str, rd->block->len) == NULL)
		return false;
	return true;
}

/* Where the diagnostic of the block starts: the first line with a code. */
static const char *
diagnostic_start(const GString *block)
{
	const char	*p = block->str, *end = p + block->len, *nl, *c;

	for (; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (gsize)(end - p));
		if (nl == NULL)
			nl = end;
		if ((c = codes_start(p, (gsize)(nl - p))) != NULL)
			return c;
	}
	return block->str;
}

static void	block_line(struct reader *rd, const char *p, gsize n);

static void
block_close(struct reader *rd)
{
	struct recipient_facts f = { 0 };

	if (!rd->open)
		return;
	rd->open = false;
	f.diagnostic = diagnostic_start(rd->block);
	while (*f.diagnostic != '\0' && strchr(" \t\n:.,;>)", *f.diagnostic) != NULL)
		f.diagnostic++;
	f.diagnostic_len = strlen(f.diagnostic);
	recipients_add(rd->list, rd->addr, rd->addr_len, &f);
}

/*
 * Starts the block of the recipient named at addr in line p[0..n): the
 * line without the address is its first text ("Unknown user:",
 * ": host mx said: 550 ...").  A line naming the recipient whose block
 * is open (Exim's "after RCPT TO:<a@b>:") continues that block.
 */
static void
block_open(struct reader *rd, const char *p, gsize n, const char *addr, gsize len)
{
	const char	*rest = addr + len, *end = p + n, *pre = addr;

	if (rd->open && len == rd->addr_len && g_ascii_strncasecmp(addr, rd->addr, len) == 0) {
		block_line(rd, p, n);
		return;
	}
	block_close(rd);
	rd->open = true;
	rd->addr = addr;
	rd->addr_len = len;
	rd->lines = 0;
	rd->body = false;
	while (pre > p && strchr(" \t<\"", pre[-1]) != NULL)
		pre--;
	while (rest < end && strchr(" \t>\":", *rest) != NULL)
		rest++;
	g_string_assign(rd->block, "");
	g_string_append_len(rd->block, p, (gssize)(pre - p));
	if (pre > p && rest < end)
		g_string_append_c(rd->block, ' ');
	g_string_append_len(rd->block, rest, (gssize)(end - rest));
}

/* A line after the recipient's: part of its reason, or the end of it. */
static void
block_line(struct reader *rd, const char *p, gsize n)
{
	bool	 blank = strspn(p, " \t") >= n;

	if (!rd->open)
		return;
	if (blank) {
		if (rd->body)
			block_close(rd);
		return;
	}
	if (++rd->lines > BLOCK_LINES) {
		block_close(rd);
		return;
	}
	rd->body = true;
	g_string_append_c(rd->block, '\n');
	g_string_append_len(rd->block, p, (gssize)n);
}

void
recipients_from_text(const char *text, gsize len, GPtrArray *list)
{
	struct reader	 rd = { .list = list, .block = g_string_new(NULL) };
	const char	*p, *end = text + len, *nl, *addr, *prev = NULL;
	gsize		 n, alen, prev_n = 0;
	enum naming	 how;

	for (p = text; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (gsize)(end - p));
		if (nl == NULL)
			nl = end;
		n = MIN((gsize)(nl - p), LINE_MAX_READ);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		if (is_stop(p, n))
			break;
		if ((how = recipient_in(p, n, &addr, &alen)) != NAMES_NOT &&
		    opens_block(&rd, how, prev, prev_n))
			block_open(&rd, p, n, addr, alen);
		else
			block_line(&rd, p, n);
		if (strspn(p, " \t") < n)
			prev = p, prev_n = n;
	}
	block_close(&rd);
	g_string_free(rd.block, TRUE);
}
