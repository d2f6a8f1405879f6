/*
 * prescreen.c: could this message be an automated answer?  Answered
 * from the raw bytes, without GMime.
 *
 * Why: most mail is ordinary, and for ordinary mail backstop's whole job
 * is a durable Maildir write.  Loading GMime costs a process ~3.5 ms on
 * the machines we measured (an empty process 0.9 ms, one with GLib
 * 1.4 ms, one with GMime 4.9 ms), more than the write itself.  So the
 * delivery agent asks this first, and loads the parser and the
 * recognisers only for what could be an answer.
 *
 * A wrong "maybe" costs a parse; a wrong "ordinary" silently lets a
 * bounce through.  So each test below is a superset of some
 * recogniser's own gate (filters/recognise-*.c):
 *  - the sender is null or a mail system (envelope, Return-Path,
 *    X-Envelope-From, Sender): every notice family, exim, postfix,
 *    virus, general;
 *  - From: names a mail system or postmaster (notice families);
 *  - a header whose presence marks an answer (autoreply, fml, JMRP,
 *    listnotice);
 *  - a Subject holding any word of the recognisers' subject tables, or
 *    one this cannot read (a charset other than UTF-8/ASCII): kddi,
 *    autoreply, challenge, virus, forward, amazonses;
 *  - a Content-Type naming a report or an attached message (dsn, mdn,
 *    feedback, forward), or a charset not known to read ASCII as ASCII;
 *  - kddi's two template lines, the one rule that reads the body of a
 *    message from anyone with any subject: searched in the raw text,
 *    through quoted-printable, and in base64 parts decoded, skipping
 *    what a charset conversion drops and reading NULs as blanks;
 *  - a transfer encoding this does not decode (uuencode, unknown).
 * Lines are looked at wherever they are, in the header block or in the
 * body, which is a superset of where GMime finds headers (nested parts
 * and attached messages included).
 *
 * tests/unit/test-prescreen checks every corpus file and fixture against
 * the classifier, and that every subject string in filters/recognise-*.c
 * makes this say "maybe": a recogniser that gains a new kind of trigger
 * must gain it here too.
 */
#include <string.h>

#include <glib.h>

#include "prescreen.h"

#define VALUE_MAX	8192		/* bytes of a header value looked at */
#define BASE64_WINDOW	(64 * 1024)	/* decoded bytes of a base64 part searched */
#define B64_DECODERS	32		/* base64 decoders running at once */

enum field {
	FIELD_NONE,
	FIELD_FROM,
	FIELD_SUBJECT,
	FIELD_SENDER,		/* Return-Path, X-Envelope-From */
	FIELD_CONTENT_TYPE,
	FIELD_ENCODING,
	FIELD_AUTO_SUBMITTED,
	FIELD_PRECEDENCE,
	FIELD_APPLE_ACTION,
	FIELD_MARK,		/* present at all: an answer */
};

static const struct {
	const char	*name;
	enum field	 field;
} fields[] = {
	{ "from", FIELD_FROM },
	{ "subject", FIELD_SUBJECT },
	{ "return-path", FIELD_SENDER },
	{ "x-envelope-from", FIELD_SENDER },
	{ "sender", FIELD_SENDER },
	{ "content-type", FIELD_CONTENT_TYPE },
	{ "content-transfer-encoding", FIELD_ENCODING },
	{ "auto-submitted", FIELD_AUTO_SUBMITTED },
	{ "precedence", FIELD_PRECEDENCE },
	{ "x-apple-action", FIELD_APPLE_ACTION },
	{ "x-autoreply", FIELD_MARK },
	{ "x-autorespond", FIELD_MARK },
	{ "x-mlserver", FIELD_MARK },
	{ "x-failed-recipients", FIELD_MARK },
	{ "x-hmxmroriginalrecipient", FIELD_MARK },
	{ "x-list-administrivia", FIELD_MARK },
};

/* Envelope senders of mail systems (notice.c's envelope words, widened). */
static const char *const system_senders[] = {
	"mailer", "daemon", "double-bounce", "postmaster", NULL,
};

/* From: words of mail systems (notice.c's daemon and postmaster words, widened). */
static const char *const system_froms[] = {
	"<>", "mailer", "daemon", "postmaster", "post_master", "deliver",
	"bounce", NULL,
};

/*
 * Stems covering every subject string of the recognisers (lower case,
 * whitespace collapsed).  test-prescreen fails when one is not covered.
 */
static const char *const subject_stems[] = {
	/* bounces and delays */
	"deliver", "return", "fail", "bounce", "delay", "notif", "warning",
	"reject", "error", "mail system", "status", "could not send",
	"unable to", "distribu", "entreg", "recapit", "remis", "zustell",
	"dostarcz", "afgeleverd", "onbestelbaar", "aws notification",
	/* auto-replies and tickets */
	"auto", "absen", "abwesen", "afwezig", "aanwezig", "assente",
	"ausente", "away", "vacation", "office", "ufficio", "sede",
	"oficina", "escrit", "biurem", "nieobecn", "rispost", "resposta",
	"respuesta", "i am out", "ticket", "received",
	/* challenges */
	"challenge", "confirm", "approv", "verif", "authentif",
	/* virus notices */
	"virus", "viren", "infected", "malware", "attachment", "quarantin",
	"worm", "trojan",
	/* forwards */
	"fw", "tr:", "rv:", "wg:", "enc:", "doorst:",
	/* the tables' non-ASCII words, matched in UTF-8 subjects */
	"\xc3\xa9", "\xc3\xbc", "\xc3\xa1", "\xc3\xb3", "\xc3\xa3",	/* é ü á ó ã */
	"\xc5\xba", "\xc5\x9b", "\xc5\xbc", "\xc4\x87",		/* ź ś ż ć */
	"\xd0", "\xd1",				/* Cyrillic */
	"\xe3\x83", "\xe3\x82",			/* katakana */
	"\xe4\xb8\x8d", "\xe8\x87\xaa",		/* 不 自 */
	"\xe6\x9c\xaa", "\xe9\x80\x80", "\xe9\x85\x8d",	/* 未 退 配 */
	/* "automatic reply" and "out of office" beyond the above */
	"otomatik", "αυτόματη", "Αυτόματη", "samodejni", "trả lời tự động",
	"balasan otomatis", "תשובה אוטומטית", "رد تلقائي", "자동",
	"on holiday", "außer haus", "niet op kantoor", "frånvar", "fravær",
	"ikke til stede", "poissa", "ofis dı", "Εκτός γραφείου",
	"εκτός γραφείου", "부재",
	/* read receipts */
	"read:", "receipt", "lesebest", "gelesen", "lu :", "lu:", "leído", "letto:",
	"gelezen", "lido:", "lida:", "przeczytan", "přečteno", "läst:",
	"læst:", "luettu", "olvasott", "已读", "已讀", "開封済み",
	/* challenges, list managers' notices */
	"guest list", "moderat", "denied",
	/* bounces, in more words */
	"zugestellt", "投递", "投遞", "postpone",
	NULL,
};

/* kddi's template lines: notice text from any sender, any subject. */
static const char *const body_markers[] = {
	"your mail sent on:", "could not be delivered to:", NULL,
};

/* Content-Type words: reports, attached messages, non-ASCII-compatible text. */
static const char *const content_words[] = {
	"report", "rfc822", "global", "delivery-status", "disposition",
	"feedback", "utf-16", "utf-32", "ucs", "utf-7", "unicode", NULL,
};

struct screen {
	const char	*why;		/* set once: the answer is "maybe" */
	enum field	 field;		/* the header being collected */
	GString		*value;
	bool		 overflow;
	bool		 base64_next;	/* a base64 part's header was seen */
	bool		 in_base64;	/* in a base64 part's body */
	struct b64 {
		GString		*decoded;
		int		 state;
		unsigned	 save;
		bool		 fed;	/* has read a line */
	}		 decoders[B64_DECODERS];
	size_t		 ndecoders;
};

static bool
contains_any(const char *hay, size_t len, const char *const *words)
{
	for (size_t i = 0; words[i] != NULL; i++) {
		size_t n = strlen(words[i]);
		for (size_t j = 0; n <= len && j + n <= len; j++)
			if (g_ascii_strncasecmp(hay + j, words[i], n) == 0)
				return true;
	}
	return false;
}

static int
hex_value(char c)
{
	return g_ascii_isxdigit(c) ? g_ascii_xdigit_value(c) : -1;
}

/* Length of the ISO 2022 escape sequence at p (ESC, intermediates, final), or 1. */
static size_t
escape_length(const char *p, size_t left)
{
	size_t n = 1;

	while (n < left && (unsigned char)p[n] >= 0x20 && (unsigned char)p[n] <= 0x2f)
		n++;
	return n < left && (unsigned char)p[n] >= 0x30 && (unsigned char)p[n] <= 0x7e ? n + 1 : 1;
}

/*
 * needle (lower case) at hay[at], case-insensitive, reading as the
 * classifier reads a notice text (notice.c's to_utf8): through
 * quoted-printable (soft line breaks skipped, =XX its byte); a NUL is a
 * blank; bytes a charset conversion may drop are skipped: CRs, bytes
 * outside ASCII (invalid UTF-8, a code page's holes, the lead byte of
 * a broken double-byte pair), ISO 2022 shifts (SO, SI) and escape
 * sequences (ESC alone, or the whole sequence: both are tried).
 */
static bool
loose_match_at(const char *hay, size_t len, size_t at, const char *needle)
{
	size_t k = at;

	for (const char *n = needle; *n != '\0'; n++) {
		char c;

		for (;;) {
			unsigned char b = k < len ? (unsigned char)hay[k] : 0;

			if (k + 1 < len && b == '=' && (hay[k + 1] == '\n' || hay[k + 1] == '\r'))
				k += (k + 2 < len && hay[k + 1] == '\r' && hay[k + 2] == '\n') ? 3 : 2;
			else if (k < len && k > at && b == 0x1b) {
				size_t e = escape_length(hay + k, len - k);
				if (e > 1 && loose_match_at(hay, len, k + e, n))
					return true;
				k++;
			} else if (k < len && k > at && (b == '\r' || b == 0x0e || b == 0x0f || b >= 0x80))
				k++;		/* a byte a decoder, GMime or iconv may drop */
			else
				break;
		}
		if (k >= len)
			return false;
		if (hay[k] == '=' && k + 2 < len && hex_value(hay[k + 1]) >= 0 &&
		    hex_value(hay[k + 2]) >= 0) {
			c = (char)(hex_value(hay[k + 1]) * 16 + hex_value(hay[k + 2]));
			k += 3;
		} else
			c = hay[k++];
		if (c == '\0')
			c = ' ';	/* notice.c makes NULs blanks */
		if (g_ascii_tolower(c) != *n)
			return false;
	}
	return true;
}

/* Every byte of a big message comes here: a table says where a match may start. */
static bool
loose_contains_any(const char *hay, size_t len, const char *const *needles)
{
	bool first[256] = { false }, second[256] = { false };

	first['='] = second['='] = second['\r'] = true;	/* =XX, a soft break, a CR */
	second['\0'] = second[0x1b] = second[0x0e] = second[0x0f] = true;
	for (size_t b = 0x80; b < 256; b++)
		second[b] = true;			/* bytes a conversion drops */
	for (size_t j = 0; needles[j] != NULL; j++) {
		first[(unsigned char)needles[j][0]] = true;
		first[(unsigned char)g_ascii_toupper(needles[j][0])] = true;
		second[(unsigned char)needles[j][1]] = true;
		second[(unsigned char)g_ascii_toupper(needles[j][1])] = true;
	}
	for (size_t i = 0; i < len; i++) {
		if (!first[(unsigned char)hay[i]] ||
		    (hay[i] != '=' && i + 1 < len && !second[(unsigned char)hay[i + 1]]))
			continue;
		for (size_t j = 0; needles[j] != NULL; j++)
			if (loose_match_at(hay, len, i, needles[j]))
				return true;
	}
	return false;
}

static void
maybe(struct screen *s, const char *why)
{
	if (s->why == NULL)
		s->why = why;
}

/* "" or "<>" (spaces aside), or a mail system's name. */
static bool
system_sender(const char *v, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++)
		if (!g_ascii_isspace(v[i]) && v[i] != '<' && v[i] != '>')
			n++;
	return n == 0 || contains_any(v, len, system_senders);
}

/* True if v holds a byte outside ASCII. */
static bool
has_8bit(const char *v, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)v[i] >= 0x80)
			return true;
	return false;
}

/*
 * Charsets in which text of ASCII bytes reads as that ASCII (a byte
 * outside ASCII may be dropped by a conversion: the template search
 * skips those).  Any other charset (UTF-16, UTF-7, EBCDIC, HZ, an alias
 * iconv knows and this does not) may turn ASCII bytes into other
 * letters, so its text is not read here.  ISO-2022-JP only in bodies,
 * where the template search skips its escape sequences.
 */
static bool
ascii_charset(const char *cs, size_t n, bool body)
{
	static const char *const exact[] = {
		"us-ascii", "utf-8", "utf8", "koi8-r", "koi8-u", "gb2312", "gbk",
		"gb18030", "big5", "euc-jp", "euc-kr", "shift_jis",
		"ks_c_5601-1987", NULL,
	};
	static const char *const numbered[] = {
		"iso-8859-", "windows-125", NULL,
	};

	for (size_t i = 0; exact[i] != NULL; i++)
		if (n == strlen(exact[i]) && g_ascii_strncasecmp(cs, exact[i], n) == 0)
			return true;
	if (body && n == 11 && g_ascii_strncasecmp(cs, "iso-2022-jp", n) == 0)
		return true;
	for (size_t i = 0; numbered[i] != NULL; i++) {
		size_t k = strlen(numbered[i]);
		if (n <= k || g_ascii_strncasecmp(cs, numbered[i], k) != 0)
			continue;
		while (k < n && g_ascii_isdigit(cs[k]))
			k++;
		if (k == n)
			return true;
	}
	return false;
}

/*
 * True if every charset parameter of a Content-Type value is one
 * ascii_charset() knows, in plain "charset=name" or "charset="name""
 * form.  Anything GMime might read differently (RFC 2231 "charset*",
 * comments, quoted pairs, encoded words) is not known.
 */
static bool
known_charsets(const char *v, size_t len)
{
	for (size_t i = 0; i + 7 <= len; i++) {
		size_t k = i + 7, start, end;

		if (g_ascii_strncasecmp(v + i, "charset", 7) != 0)
			continue;
		while (k < len && (v[k] == ' ' || v[k] == '\t'))
			k++;
		if (k >= len || v[k] != '=')
			return false;
		k++;
		while (k < len && (v[k] == ' ' || v[k] == '\t'))
			k++;
		if (k < len && v[k] == '"') {
			start = ++k;
			while (k < len && v[k] != '"' && v[k] != '\\')
				k++;
			if (k >= len || v[k] != '"')
				return false;
			end = k;
		} else {
			start = k;
			while (k < len && v[k] != ';' && v[k] != ' ' && v[k] != '\t')
				k++;
			end = k;
		}
		if (!ascii_charset(v + start, end - start, true))
			return false;
		i = k > i ? k - 1 : i;
	}
	return true;
}

/*
 * Decodes RFC 2047 encoded words into out, dropping the white space
 * between adjacent ones as decoders do.  Returns false for a charset
 * whose bytes this cannot read: one ascii_charset() does not know (in
 * UTF-7, UTF-16 or ISO-2022-JP plain ASCII bytes are other text), or
 * one other than UTF-8 or US-ASCII when the decoded bytes are not plain
 * ASCII.
 */
static bool
decode_words(const char *v, size_t len, GString *out)
{
	size_t i = 0, pending_space = 0;
	bool last_encoded = false, readable = true;

	while (i < len) {
		const char *start = v + i, *cs_end, *enc_end, *text_end;
		size_t rest = len - i;

		if (rest > 2 && start[0] == '=' && start[1] == '?' &&
		    (cs_end = memchr(start + 2, '?', rest - 2)) != NULL &&
		    (size_t)(cs_end - start) + 3 < rest && cs_end[2] == '?' &&
		    (text_end = g_strstr_len(cs_end + 3, (gssize)(rest - (size_t)(cs_end + 3 - start)), "?=")) != NULL) {
			char enc = g_ascii_tolower(cs_end[1]);
			gsize before = out->len;
			const char *t = cs_end + 3;
			const char *lang = memchr(start + 2, '*', (size_t)(cs_end - start - 2));
			size_t cs_len = (size_t)((lang != NULL ? lang : cs_end) - start - 2);
			bool plain_cs = (cs_len == 5 && g_ascii_strncasecmp(start + 2, "utf-8", 5) == 0) ||
			    (cs_len == 8 && g_ascii_strncasecmp(start + 2, "us-ascii", 8) == 0);
			bool ascii_cs = ascii_charset(start + 2, cs_len, false);

			if (!last_encoded && pending_space > 0)
				g_string_append_c(out, ' ');
			if (enc == 'b') {
				gsize n;
				char *tmp = g_strndup(t, (gsize)(text_end - t));
				guchar *d = g_base64_decode(tmp, &n);
				g_string_append_len(out, (const char *)d, (gssize)n);
				g_free(d);
				g_free(tmp);
			} else {
				for (const char *p = t; p < text_end; p++) {
					if (*p == '_')
						g_string_append_c(out, ' ');
					else if (*p == '=' && p + 2 < text_end &&
					    hex_value(p[1]) >= 0 && hex_value(p[2]) >= 0) {
						g_string_append_c(out, (char)(hex_value(p[1]) * 16 + hex_value(p[2])));
						p += 2;
					} else
						g_string_append_c(out, *p);
				}
			}
			if (!ascii_cs || (!plain_cs && has_8bit(out->str + before, out->len - before)))
				readable = false;	/* UTF-7, UTF-16, ISO-2022: ASCII bytes may be other text */
			enc_end = text_end + 2;
			i = (size_t)(enc_end - v);
			last_encoded = true;
			pending_space = 0;
			continue;
		}
		if (g_ascii_isspace(v[i])) {
			pending_space++;
			i++;
			continue;
		}
		if (pending_space > 0)
			g_string_append_c(out, ' ');
		pending_space = 0;
		last_encoded = false;
		g_string_append_c(out, v[i++]);
	}
	return readable;
}

/* The header's text as the classifier would read it, or NULL if unreadable. */
static GString *
readable_text(const GString *value)
{
	GString *text = g_string_sized_new(value->len);

	if (!decode_words(value->str, value->len, text) ||
	    (has_8bit(text->str, text->len) && !g_utf8_validate(text->str, (gssize)text->len, NULL))) {
		g_string_free(text, TRUE);
		return NULL;
	}
	return text;
}

static void
check_subject(struct screen *s, const GString *value)
{
	GString *text = readable_text(value);

	if (text == NULL)
		maybe(s, "a Subject in a charset read only by decoding");
	else if (contains_any(text->str, text->len, subject_stems) ||
	    contains_any(value->str, value->len, subject_stems))
		maybe(s, "a Subject word of an automated answer");
	if (text != NULL)
		g_string_free(text, TRUE);
}

static void
check_from(struct screen *s, const GString *value)
{
	GString *text = g_string_sized_new(value->len);

	if (!decode_words(value->str, value->len, text))
		maybe(s, "a From: in a charset read only by decoding");
	else if (contains_any(text->str, text->len, system_froms) ||
	    contains_any(value->str, value->len, system_froms))
		maybe(s, "a From: of a mail system");
	g_string_free(text, TRUE);
}

static void
check_encoding(struct screen *s, const GString *value)
{
	static const char *const identity[] = { "7bit", "8bit", "binary", "quoted-printable" };
	char *v = g_strstrip(g_ascii_strdown(value->str, (gssize)value->len));

	if (strcmp(v, "base64") == 0)
		s->base64_next = true;
	else {
		bool known = false;
		for (size_t i = 0; i < G_N_ELEMENTS(identity); i++)
			known = known || strcmp(v, identity[i]) == 0;
		if (!known)
			maybe(s, "a transfer encoding not read here");
	}
	g_free(v);
}

/* One complete header (the name's field and its unfolded value). */
static void
check_header(struct screen *s, enum field f, const GString *value)
{
	if (s->overflow && f != FIELD_NONE) {
		maybe(s, "a header too long to read here");
		return;
	}
	switch (f) {
	case FIELD_NONE:
		break;
	case FIELD_FROM:
		check_from(s, value);
		break;
	case FIELD_SUBJECT:
		check_subject(s, value);
		break;
	case FIELD_SENDER:
		if (system_sender(value->str, value->len))
			maybe(s, "a null or mail-system Return-Path");
		break;
	case FIELD_CONTENT_TYPE:
		if (contains_any(value->str, value->len, content_words))
			maybe(s, "a report, attached message or non-ASCII charset");
		else if (!known_charsets(value->str, value->len))
			maybe(s, "a charset whose text is not read here");
		break;
	case FIELD_ENCODING:
		check_encoding(s, value);
		break;
	case FIELD_AUTO_SUBMITTED:
		if (contains_any(value->str, value->len, (const char *const[]){ "replied", NULL }))
			maybe(s, "Auto-Submitted: auto-replied");
		break;
	case FIELD_PRECEDENCE:
		if (contains_any(value->str, value->len, (const char *const[]){ "auto", NULL }))
			maybe(s, "Precedence: auto_reply");
		break;
	case FIELD_APPLE_ACTION:
		if (contains_any(value->str, value->len, (const char *const[]){ "vacation", NULL }))
			maybe(s, "X-Apple-Action: vacation");
		break;
	case FIELD_MARK:
		maybe(s, "a header only automated answers carry");
		break;
	}
}

/* The field a line starts (name, optional blanks, colon), and where its value begins. */
static enum field
header_field(const char *line, size_t len, size_t *value_at)
{
	/* most lines of a big message are no header at all: no colon */
	if (memchr(line, ':', len) == NULL)
		return FIELD_NONE;
	for (size_t i = 0; i < G_N_ELEMENTS(fields); i++) {
		size_t n = strlen(fields[i].name), k = n;
		if (len < n + 1 || g_ascii_strncasecmp(line, fields[i].name, n) != 0)
			continue;
		while (k < len && (line[k] == ' ' || line[k] == '\t'))
			k++;
		if (k < len && line[k] == ':') {
			*value_at = k + 1;
			return fields[i].field;
		}
	}
	return FIELD_NONE;
}

/* GMime unfolds by deleting the line break and keeping the blanks after it. */
static void
append_value(struct screen *s, const char *p, size_t n)
{
	if (s->value->len + n > VALUE_MAX) {
		s->overflow = true;
		return;
	}
	g_string_append_len(s->value, p, (gssize)n);
}

static void
finish_header(struct screen *s)
{
	check_header(s, s->field, s->value);
	s->field = FIELD_NONE;
	s->overflow = false;
	g_string_truncate(s->value, 0);
}

/* Searches what one decoder decoded, and frees it. */
static void
finish_decoder(struct screen *s, struct b64 *d)
{
	if (d->decoded->len > 0 && loose_contains_any(d->decoded->str, d->decoded->len, body_markers))
		maybe(s, "a notice template line in a base64 part");
	g_string_free(d->decoded, TRUE);
}

static void
finish_base64(struct screen *s)
{
	for (size_t i = 0; i < s->ndecoders; i++)
		finish_decoder(s, &s->decoders[i]);
	s->ndecoders = 0;
}

/* A decoder from here on (a blank line after a base64 part's header). */
static void
start_decoder(struct screen *s)
{
	if (s->ndecoders > 0 && !s->decoders[s->ndecoders - 1].fed)
		return;		/* the last one started has read nothing yet */
	if (s->ndecoders == B64_DECODERS) {
		maybe(s, "a base64 part broken by many blank lines");
		return;
	}
	s->decoders[s->ndecoders++] = (struct b64){ .decoded = g_string_new(NULL) };
}

/* Feeds a line to every running decoder; one whose window is full is searched and ended. */
static void
decode_base64_line(struct screen *s, const char *line, size_t len)
{
	guchar out[(1024 / 4) * 3 + 3];

	for (size_t i = 0; i < s->ndecoders;) {
		struct b64 *d = &s->decoders[i];
		size_t done = 0;

		d->fed = true;
		while (done < len && d->decoded->len < BASE64_WINDOW) {
			size_t n = MIN(len - done, 1024);
			gsize got = g_base64_decode_step(line + done, n, out, &d->state, &d->save);
			g_string_append_len(d->decoded, (const char *)out, (gssize)got);
			done += n;
		}
		if (d->decoded->len < BASE64_WINDOW) {
			i++;
			continue;
		}
		finish_decoder(s, d);
		s->decoders[i] = s->decoders[--s->ndecoders];
	}
}

static bool
blank(const char *line, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (line[i] != ' ' && line[i] != '\t')
			return false;
	return true;
}

static void	screen_clean_line(struct screen *s, const char *line, size_t len);

/* GMime deletes a CR inside a header line (a lone CR in LF mail): so does this. */
static void
screen_line(struct screen *s, const char *line, size_t len)
{
	GString *clean;

	if (memchr(line, '\r', len) == NULL) {
		screen_clean_line(s, line, len);
		return;
	}
	clean = g_string_sized_new(len);
	for (size_t i = 0; i < len; i++)
		if (line[i] != '\r')
			g_string_append_c(clean, line[i]);
	screen_clean_line(s, clean->str, clean->len);
	g_string_free(clean, TRUE);
}

/*
 * A base64 part's content starts after the blank line that ends its
 * header and runs to its boundary, and GMime decodes it as one stream
 * (blank lines and lines of no base64 characters, such as "--", are
 * skipped).  Where GMime ends the header is not known here (a
 * blank-looking line may continue it), nor which "--" line is the
 * boundary: so a decoder is started at every blank line from the
 * base64 header on to the next "--" line, and each runs on, across
 * blank and "--" lines, until its window is full or the message ends.
 */
static void
track_base64(struct screen *s, const char *line, size_t len, bool empty)
{
	if (len >= 2 && line[0] == '-' && line[1] == '-') {
		s->in_base64 = false;	/* perhaps a boundary: no new decoders */
		s->base64_next = false;
	} else if (empty && (s->in_base64 || s->base64_next)) {
		start_decoder(s);
		s->in_base64 = true;
		s->base64_next = false;
	}
	if (!empty && s->ndecoders > 0)
		decode_base64_line(s, line, len);
}

static void
screen_clean_line(struct screen *s, const char *line, size_t len)
{
	bool empty = blank(line, len);
	bool continuation = len > 0 && (line[0] == ' ' || line[0] == '\t');
	size_t value_at = 0;
	enum field f;

	if (!continuation && s->field != FIELD_NONE)
		finish_header(s);
	else if (empty && s->field == FIELD_ENCODING)
		check_encoding(s, s->value);	/* a blank-looking line may end the header */
	track_base64(s, line, len, empty);
	if (continuation) {
		if (s->field != FIELD_NONE)
			append_value(s, line, len);
		return;
	}
	f = header_field(line, len, &value_at);
	if (f != FIELD_NONE) {
		s->field = f;
		append_value(s, line + value_at, len - value_at);
	}
}

/*
 * Line ends as message_parse_fd gives them to GMime (parse.c): when the
 * first line end in the first 8 KiB is a lone CR, lone CRs end lines;
 * otherwise only LF does, and a lone CR is part of the line.
 */
static bool
cr_only(const char *buf, size_t len)
{
	size_t n = MIN(len, 8192);
	const char *cr = memchr(buf, '\r', n);

	if (cr == NULL || memchr(buf, '\n', (size_t)(cr - buf)) != NULL)
		return false;
	return cr + 1 == buf + n || cr[1] != '\n';
}

/* The line at buf[*at]; *at moves past its line end.  Its length is returned. */
static size_t
next_line(const char *buf, size_t len, size_t *at, bool cr_ends)
{
	const char *line = buf + *at, *end = buf + len;
	const char *nl = memchr(line, '\n', (size_t)(end - line));
	const char *stop = nl != NULL ? nl : end;
	size_t n;

	if (cr_ends) {
		const char *cr = memchr(line, '\r', (size_t)(stop - line));
		if (cr != NULL && cr + 1 < end && cr[1] != '\n') {
			*at = (size_t)(cr + 1 - buf);
			return (size_t)(cr - line);
		}
	}
	n = (size_t)(stop - line);
	*at = (size_t)(stop - buf) + (nl != NULL);
	if (n > 0 && line[n - 1] == '\r')
		n--;
	return n;
}

bool
prescreen_maybe_answer(const char *buf, size_t len, const char *sender,
    const char **why)
{
	struct screen s = { 0 };
	size_t at = 0;
	bool cr_ends;

	if (len > PRESCREEN_MAX_BYTES)
		len = PRESCREEN_MAX_BYTES;
	cr_ends = cr_only(buf, len);
	if (sender != NULL && system_sender(sender, strlen(sender)))
		maybe(&s, "a null or mail-system envelope sender");
	if (loose_contains_any(buf, len, body_markers))
		maybe(&s, "a notice template line");
	s.value = g_string_sized_new(256);
	while (at < len && s.why == NULL) {
		const char *line = buf + at;
		size_t n = next_line(buf, len, &at, cr_ends);

		screen_line(&s, line, n);
	}
	if (s.why == NULL && s.field != FIELD_NONE)
		finish_header(&s);
	finish_base64(&s);	/* frees the decoders too */
	g_string_free(s.value, TRUE);
	if (why != NULL)
		*why = s.why;
	return s.why != NULL;
}
