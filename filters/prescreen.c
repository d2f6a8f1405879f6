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
 * What could trigger a recogniser is not written here: each recogniser
 * declares it in its gate (struct gate, filter.h), and this file walks
 * the recogniser table's gates (recognise_stages) once, on first use,
 * into word lists per header.  A message is "maybe" when any gate
 * admits it.  What stays here is reading bytes as GMime and notice.c
 * would read them:
 *  - header lines wherever they are (the header block, nested parts,
 *    attached messages: a superset of where GMime finds headers),
 *    unfolded as GMime unfolds, with RFC 2047 words decoded;
 *  - a header this cannot read (an encoded word in a charset in which
 *    ASCII bytes are other text, an undecodable subject, a value
 *    longer than VALUE_MAX) is "maybe" when a gate looks at it;
 *  - body markers (kddi's template line) searched in the raw text,
 *    through quoted-printable, and in base64 parts decoded, skipping
 *    what a charset conversion drops and reading NULs as blanks; a
 *    transfer encoding or a charset this does not read is "maybe";
 *  - line ends as parse.c gives them to GMime (CR-only input included).
 * A wrong "maybe" costs a parse; a wrong "ordinary" silently lets a
 * bounce through.  tests/unit/test-gates runs every recogniser alone
 * and its gate alone over the corpora and fixtures and names the one
 * whose gate admits less than it matches.
 */
#include "config.h"

#include <string.h>

#include <glib.h>

#include "filter.h"
#include "prescreen.h"

#define VALUE_MAX	8192		/* bytes of a header value looked at */
#define BASE64_WINDOW	(64 * 1024)	/* decoded bytes of a base64 part searched */
#define B64_DECODERS	32		/* base64 decoders running at once */

/* One word of a gate (lower-cased ASCII), and the reason "maybe" gives. */
struct word {
	const char	*text;
	size_t		 len;
	const char	*why;
};

/* What a header is read for. */
enum {
	ROLE_FROM = 1 << 0,
	ROLE_SUBJECT = 1 << 1,
	ROLE_SENDER = 1 << 2,		/* Return-Path, X-Envelope-From, Sender */
	ROLE_TYPE = 1 << 3,		/* Content-Type */
	ROLE_ENCODING = 1 << 4,		/* Content-Transfer-Encoding */
	ROLE_GATE = 1 << 5,		/* a gate's own header */
};

struct field {
	char		*name;		/* lower case */
	size_t		 len;
	unsigned	 roles;
	const char	*present;	/* ROLE_GATE: being there admits, and why */
	GArray		*words;		/* ROLE_GATE: words of the value */
};

/* Some gates (all of the table's, or one) prepared for reading. */
struct lists {
	const char	*null_why;	/* non-NULL: the null sender admits */
	GArray		*senders, *from, *subjects, *types, *body;
	const char	**needles;	/* body words, lower case, NULL-ended */
	GPtrArray	*fields;	/* struct field * */
	GPtrArray	*tables;	/* (list, table) pairs and gates already taken */
	GStringChunk	*strings;	/* reasons and lower-cased words */
};

struct screen {
	const struct lists *lists;
	const char	*why;		/* set once: the answer is "maybe" */
	const struct field *field;	/* the header being collected */
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

/*
 * True the second time a table is offered for the same list (or a gate
 * at all, with list NULL): each is read once, however many gates name it.
 */
static bool
taken(struct lists *l, const void *list, const void *table)
{
	for (guint i = 0; i + 1 < l->tables->len; i += 2)
		if (g_ptr_array_index(l->tables, i) == list &&
		    g_ptr_array_index(l->tables, i + 1) == table)
			return true;
	g_ptr_array_add(l->tables, (gpointer)list);
	g_ptr_array_add(l->tables, (gpointer)table);
	return false;
}

static void
add_word(struct lists *l, GArray *to, const char *text, const char *why)
{
	char *low = g_ascii_strdown(text, -1);
	struct word w = { .len = strlen(low), .why = why };

	if (w.len > 0) {	/* an empty word would match everything */
		w.text = g_string_chunk_insert_const(l->strings, low);
		g_array_append_val(to, w);
	}
	g_free(low);
}

static void
add_tables(struct lists *l, GArray *to, const char *const *const *tables,
    const char *why)
{
	for (size_t t = 0; tables != NULL && tables[t] != NULL; t++) {
		if (taken(l, to, tables[t]))
			continue;
		for (size_t i = 0; tables[t][i] != NULL; i++)
			add_word(l, to, tables[t][i], why);
	}
}

/* The field for a header name (lower case), made on first request. */
static struct field *
field_named(struct lists *l, const char *name)
{
	struct field *f;
	char *low = g_ascii_strdown(name, -1);

	for (guint i = 0; i < l->fields->len; i++) {
		f = g_ptr_array_index(l->fields, i);
		if (strcmp(f->name, low) == 0) {
			g_free(low);
			return f;
		}
	}
	f = g_new0(struct field, 1);
	f->name = low;
	f->len = strlen(low);
	f->words = g_array_new(FALSE, FALSE, sizeof(struct word));
	g_ptr_array_add(l->fields, f);
	return f;
}

static const char *
reason(struct lists *l, const char *what, const char *stage)
{
	char *s = g_strdup_printf("%s (%s)", what, stage);
	const char *kept = g_string_chunk_insert(l->strings, s);

	g_free(s);
	return kept;
}

/* Takes one gate, and the gates it includes, in the name of stage. */
static void
add_gate(struct lists *l, const struct gate *g, const char *stage)
{
	for (; g != NULL && !taken(l, NULL, g); g = g->also) {
		if (g->null_sender && l->null_why == NULL)
			l->null_why = reason(l, "a null sender", stage);
		add_tables(l, l->senders, g->senders,
		    reason(l, "a mail system's sender", stage));
		add_tables(l, l->from, g->from, reason(l, "a From: word", stage));
		add_tables(l, l->subjects, g->subjects,
		    reason(l, "a Subject word", stage));
		add_tables(l, l->types, g->content_types,
		    reason(l, "a Content-Type", stage));
		add_tables(l, l->body, g->body, reason(l, "a body marker", stage));
		for (size_t t = 0; g->headers != NULL && g->headers[t] != NULL; t++) {
			const struct gate_header *h = g->headers[t];
			const char *why = reason(l, "a header", stage);

			if (taken(l, NULL, h))
				continue;
			for (; h->name != NULL; h++) {
				struct field *f = field_named(l, h->name);
				f->roles |= ROLE_GATE;
				if (h->value == NULL && f->present == NULL)
					f->present = why;
				else if (h->value != NULL)
					add_word(l, f->words, h->value, why);
			}
		}
	}
}

/* The headers this reads for the lists' words, and the body needles. */
static void
finish_lists(struct lists *l)
{
	static const struct { const char *name; unsigned role; } fixed[] = {
		{ "from", ROLE_FROM }, { "subject", ROLE_SUBJECT },
		{ "return-path", ROLE_SENDER }, { "x-envelope-from", ROLE_SENDER },
		{ "sender", ROLE_SENDER }, { "content-type", ROLE_TYPE },
		{ "content-transfer-encoding", ROLE_ENCODING },
	};
	unsigned wanted = 0;

	if (l->from->len > 0)
		wanted |= ROLE_FROM;
	if (l->subjects->len > 0)
		wanted |= ROLE_SUBJECT;
	if (l->senders->len > 0 || l->null_why != NULL)
		wanted |= ROLE_SENDER;
	if (l->types->len > 0 || l->body->len > 0)
		wanted |= ROLE_TYPE;
	if (l->body->len > 0)
		wanted |= ROLE_ENCODING;
	for (size_t i = 0; i < G_N_ELEMENTS(fixed); i++)
		if (wanted & fixed[i].role)
			field_named(l, fixed[i].name)->roles |= fixed[i].role;
	l->needles = g_new0(const char *, l->body->len + 1);
	for (guint i = 0; i < l->body->len; i++)
		l->needles[i] = g_array_index(l->body, struct word, i).text;
}

static struct lists *
lists_new(void)
{
	struct lists *l = g_new0(struct lists, 1);

	l->senders = g_array_new(FALSE, FALSE, sizeof(struct word));
	l->from = g_array_new(FALSE, FALSE, sizeof(struct word));
	l->subjects = g_array_new(FALSE, FALSE, sizeof(struct word));
	l->types = g_array_new(FALSE, FALSE, sizeof(struct word));
	l->body = g_array_new(FALSE, FALSE, sizeof(struct word));
	l->fields = g_ptr_array_new();
	l->tables = g_ptr_array_new();
	l->strings = g_string_chunk_new(1024);
	return l;
}

static void
lists_free(struct lists *l)
{
	for (guint i = 0; i < l->fields->len; i++) {
		struct field *f = g_ptr_array_index(l->fields, i);
		g_array_free(f->words, TRUE);
		g_free(f->name);
		g_free(f);
	}
	g_ptr_array_free(l->fields, TRUE);
	g_ptr_array_free(l->tables, TRUE);
	g_array_free(l->senders, TRUE);
	g_array_free(l->from, TRUE);
	g_array_free(l->subjects, TRUE);
	g_array_free(l->types, TRUE);
	g_array_free(l->body, TRUE);
	g_free(l->needles);
	g_string_chunk_free(l->strings);
	g_free(l);
}

/* Every stage's gate, prepared once and kept for the process. */
static const struct lists *
all_gates(void)
{
	static struct lists *all;

	if (g_once_init_enter(&all)) {
		struct lists *l = lists_new();
		size_t n;
		const struct recogniser *const *stages = recognise_stages(&n);

		for (size_t i = 0; i < n; i++)
			add_gate(l, stages[i]->gate, stages[i]->name);
		finish_lists(l);
		g_once_init_leave(&all, l);
	}
	return all;
}

/*
 * The first word of words in hay, case-insensitive (ASCII), or NULL.
 * hay is lower-cased once and searched with memmem(3): a subject meets
 * a few hundred words.
 */
static const struct word *
find_word(const char *hay, size_t len, const GArray *words)
{
	const struct word *hit = NULL;
	char *low;

	if (words->len == 0 || len == 0)
		return NULL;
	low = g_malloc(len);
	for (size_t j = 0; j < len; j++)	/* g_ascii_tolower is a call per byte */
		low[j] = hay[j] >= 'A' && hay[j] <= 'Z' ? (char)(hay[j] - 'A' + 'a') : hay[j];
	for (guint i = 0; i < words->len && hit == NULL; i++) {
		const struct word *w = &g_array_index(words, struct word, i);
		if (memmem(low, len, w->text, w->len) != NULL)
			hit = w;
	}
	g_free(low);
	return hit;
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
/*
 * The null sender: the value's first token is "<>" (blanks and angle
 * brackets only), as Return-Path: <> and an mbox "From <> date" line
 * (X-Envelope-From) write it, or the value is blank.
 */
static bool
null_address(const char *v, size_t len)
{
	size_t i = 0;

	while (i < len && g_ascii_isspace(v[i]))
		i++;
	for (; i < len && !g_ascii_isspace(v[i]); i++)
		if (v[i] != '<' && v[i] != '>')
			return false;
	return true;
}

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
 * Converts out[from..] from charset (n bytes at cs) to UTF-8 in place,
 * as GMime converts a decoded word.  False if iconv does not know the
 * charset or the bytes are not valid in it (GMime would substitute
 * them: such text is not read here).
 */
static bool
to_utf8(GString *out, gsize from, const char *cs, size_t n)
{
	char *charset = g_strndup(cs, n);
	gsize written;
	char *u = g_convert(out->str + from, (gssize)(out->len - from), "UTF-8",
	    charset, NULL, &written, NULL);

	g_free(charset);
	if (u == NULL)
		return false;
	g_string_truncate(out, from);
	g_string_append_len(out, u, (gssize)written);
	g_free(u);
	return true;
}

/*
 * Decodes RFC 2047 encoded words into out, dropping the white space
 * between adjacent ones as decoders do, and converting words of other
 * charsets to UTF-8 as GMime does (adjacent words of one charset
 * together: a character may be split between them).  Returns false for
 * words iconv cannot convert (an unknown charset, invalid bytes).
 */
/* A run of adjacent encoded words in one charset, decoded into out[from..]. */
struct run {
	const char	*cs;		/* NULL: no run */
	size_t		 cs_len;
	gsize		 from;
};

/*
 * Ends a run: converts its bytes to UTF-8 unless they are already (a
 * UTF-8 or US-ASCII word, or plain ASCII in a charset that reads ASCII
 * as ASCII).  False if they cannot be converted.
 */
static bool
end_run(struct run *r, GString *out)
{
	bool plain, ok = true;

	if (r->cs == NULL)
		return true;
	plain = (r->cs_len == 5 && g_ascii_strncasecmp(r->cs, "utf-8", 5) == 0) ||
	    (r->cs_len == 8 && g_ascii_strncasecmp(r->cs, "us-ascii", 8) == 0) ||
	    (ascii_charset(r->cs, r->cs_len, false) &&
	    !has_8bit(out->str + r->from, out->len - r->from));
	if (!plain)
		ok = to_utf8(out, r->from, r->cs, r->cs_len);
	r->cs = NULL;
	return ok;
}

static bool
decode_words(const char *v, size_t len, GString *out)
{
	size_t i = 0, pending_space = 0;
	bool last_encoded = false, readable = true;
	struct run run = { NULL, 0, 0 };

	while (i < len) {
		const char *start = v + i, *cs_end, *enc_end, *text_end;
		size_t rest = len - i;

		if (rest > 2 && start[0] == '=' && start[1] == '?' &&
		    (cs_end = memchr(start + 2, '?', rest - 2)) != NULL &&
		    (size_t)(cs_end - start) + 3 < rest && cs_end[2] == '?' &&
		    (text_end = g_strstr_len(cs_end + 3, (gssize)(rest - (size_t)(cs_end + 3 - start)), "?=")) != NULL) {
			char enc = g_ascii_tolower(cs_end[1]);
			const char *t = cs_end + 3;
			const char *lang = memchr(start + 2, '*', (size_t)(cs_end - start - 2));
			size_t cs_len = (size_t)((lang != NULL ? lang : cs_end) - start - 2);

			/* GMime converts adjacent words of one charset together */
			if (!last_encoded || run.cs == NULL || run.cs_len != cs_len ||
			    g_ascii_strncasecmp(run.cs, start + 2, cs_len) != 0) {
				readable = end_run(&run, out) && readable;
				if (!last_encoded && pending_space > 0)
					g_string_append_c(out, ' ');
				run = (struct run){ start + 2, cs_len, out->len };
			}
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
		readable = end_run(&run, out) && readable;
		if (pending_space > 0)
			g_string_append_c(out, ' ');
		pending_space = 0;
		last_encoded = false;
		g_string_append_c(out, v[i++]);
	}
	return end_run(&run, out) && readable;
}

/*
 * notice.c lower-cases a subject as UTF-8 ("ПРОЧИТАНО:" reads as
 * "прочитано:"); contains_any folds ASCII only, so a subject with other
 * letters is also searched lower-cased the same way.
 */
/*
 * notice.c lower-cases a subject as UTF-8 ("ПРОЧИТАНО:" reads as
 * "прочитано:"); find_word folds ASCII only, so a subject with other
 * letters is also searched lower-cased the same way.
 */
static const struct word *
utf8_lower_find(const GString *text, const GArray *words)
{
	const struct word *w;
	char	*low;
	size_t	 i;

	for (i = 0; i < text->len && (unsigned char)text->str[i] < 0x80; i++)
		;
	if (i == text->len || !g_utf8_validate(text->str, (gssize)text->len, NULL))
		return NULL;
	low = g_utf8_strdown(text->str, (gssize)text->len);
	w = find_word(low, strlen(low), words);
	g_free(low);
	return w;
}

/*
 * A word of words in a header value, raw or decoded.  subject: the
 * decoded text must also be valid UTF-8 (notice.c lower-cases it as
 * such) and is searched lower-cased too; elsewhere the words are ASCII
 * and only encoded words whose bytes are other text hide them.
 */
static void
check_words(struct screen *s, const GArray *words, const GString *value,
    bool subject)
{
	const struct word *w;
	GString *text;
	bool readable;

	if (words->len == 0)
		return;
	if ((w = find_word(value->str, value->len, words)) != NULL) {
		maybe(s, w->why);
		return;
	}
	text = g_string_sized_new(value->len);
	readable = decode_words(value->str, value->len, text);
	if (readable && subject && has_8bit(text->str, text->len) &&
	    !g_utf8_validate(text->str, (gssize)text->len, NULL))
		readable = false;
	if (!readable)
		maybe(s, subject ? "a Subject in a charset read only by decoding" :
		    "a header in a charset read only by decoding");
	else if ((w = find_word(text->str, text->len, words)) != NULL ||
	    (subject && (w = utf8_lower_find(text, words)) != NULL))
		maybe(s, w->why);
	g_string_free(text, TRUE);
}

static void
check_sender(struct screen *s, const GString *value)
{
	if (s->lists->null_why != NULL && null_address(value->str, value->len))
		maybe(s, s->lists->null_why);
	else
		check_words(s, s->lists->senders, value, false);
}

/* A gate's own header: present at all, or with a word of its value. */
static void
check_gate_header(struct screen *s, const struct field *f, const GString *value)
{
	if (f->present != NULL)
		maybe(s, f->present);
	else
		check_words(s, f->words, value, false);
}

/*
 * type/subtype as GMime reads it: the value up to the first ';',
 * without blanks and (comments), so "multipart / report" and
 * "multipart/(x)report" read as "multipart/report".
 */
static void
check_type(struct screen *s, const GString *value)
{
	const struct word *w;
	GString *type = g_string_sized_new(64);
	int depth = 0;

	for (size_t i = 0; i < value->len && value->str[i] != ';'; i++) {
		char c = value->str[i];
		if (c == '(')
			depth++;
		else if (c == ')' && depth > 0)
			depth--;
		else if (depth == 0 && !g_ascii_isspace(c))
			g_string_append_c(type, c);
	}
	if ((w = find_word(type->str, type->len, s->lists->types)) != NULL)
		maybe(s, w->why);
	else if (s->lists->body->len > 0 && !known_charsets(value->str, value->len))
		maybe(s, "a charset whose text is not read here");
	g_string_free(type, TRUE);
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

/* One complete header (its field and its unfolded value). */
static void
check_header(struct screen *s, const struct field *f, const GString *value)
{
	const struct lists *l = s->lists;

	if (f == NULL)
		return;
	if (s->overflow) {
		maybe(s, "a header too long to read here");
		return;
	}
	if (f->roles & ROLE_FROM)
		check_words(s, l->from, value, false);
	if (f->roles & ROLE_SUBJECT)
		check_words(s, l->subjects, value, true);
	if (f->roles & ROLE_SENDER)
		check_sender(s, value);
	if (f->roles & ROLE_TYPE)
		check_type(s, value);
	if (f->roles & ROLE_ENCODING)
		check_encoding(s, value);
	if (f->roles & ROLE_GATE)
		check_gate_header(s, f, value);
}

/* The field a line starts (name, optional blanks, colon), and where its value begins. */
static const struct field *
header_field(const struct lists *l, const char *line, size_t len, size_t *value_at)
{
	/* most lines of a big message are no header at all: no colon */
	if (memchr(line, ':', len) == NULL)
		return NULL;
	for (guint i = 0; i < l->fields->len; i++) {
		const struct field *f = g_ptr_array_index(l->fields, i);
		size_t k = f->len;

		if (len < f->len + 1 || g_ascii_tolower(line[0]) != f->name[0] ||
		    g_ascii_strncasecmp(line, f->name, f->len) != 0)
			continue;
		while (k < len && (line[k] == ' ' || line[k] == '\t'))
			k++;
		if (k < len && line[k] == ':') {
			*value_at = k + 1;
			return f;
		}
	}
	return NULL;
}

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
	s->field = NULL;
	s->overflow = false;
	g_string_truncate(s->value, 0);
}

/* Searches what one decoder decoded, and frees it. */
static void
finish_decoder(struct screen *s, struct b64 *d)
{
	if (d->decoded->len > 0 && loose_contains_any(d->decoded->str, d->decoded->len, s->lists->needles))
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
	const struct field *f;

	if (!continuation && s->field != NULL)
		finish_header(s);
	else if (empty && s->field != NULL && (s->field->roles & ROLE_ENCODING))
		check_encoding(s, s->value);	/* a blank-looking line may end the header */
	if (s->lists->body->len > 0)
		track_base64(s, line, len, empty);
	if (continuation) {
		if (s->field != NULL)
			append_value(s, line, len);
		return;
	}
	f = header_field(s->lists, line, len, &value_at);
	if (f != NULL) {
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


static bool
screen(const struct lists *l, const char *buf, size_t len, const char *sender,
    const char **why)
{
	struct screen s = { .lists = l };
	size_t at = 0;
	bool cr_ends;

	if (len > PRESCREEN_MAX_BYTES)
		len = PRESCREEN_MAX_BYTES;
	cr_ends = cr_only(buf, len);
	if (sender != NULL) {
		GString v = { .str = (char *)sender, .len = strlen(sender) };
		check_sender(&s, &v);
	}
	if (s.why == NULL && l->body->len > 0 && loose_contains_any(buf, len, l->needles))
		maybe(&s, g_array_index(l->body, struct word, 0).why);
	s.value = g_string_sized_new(256);
	while (at < len && s.why == NULL) {
		const char *line = buf + at;
		size_t n = next_line(buf, len, &at, cr_ends);

		screen_line(&s, line, n);
	}
	if (s.why == NULL && s.field != NULL)
		finish_header(&s);
	finish_base64(&s);	/* frees the decoders too */
	g_string_free(s.value, TRUE);
	if (why != NULL)
		*why = s.why;
	return s.why != NULL;
}

bool
prescreen_maybe_answer(const char *buf, size_t len, const char *sender,
    const char **why)
{
	return screen(all_gates(), buf, len, sender, why);
}

bool
prescreen_gate_admits(const struct gate *gate, const char *name,
    const char *buf, size_t len, const char *sender, const char **why)
{
	struct lists *l = lists_new();
	bool maybe;

	add_gate(l, gate, name);
	finish_lists(l);
	maybe = screen(l, buf, len, sender, why);
	if (why != NULL && *why != NULL)
		*why = g_intern_string(*why);	/* outlives the lists */
	lists_free(l);
	return maybe;
}
