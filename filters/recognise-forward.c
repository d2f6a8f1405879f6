/*
 * recognise-forward.c: a bounce that someone forwarded.
 *
 * People forward the bounces they get ("Fwd: Returned mail: ...") to
 * themselves or to their postmaster, either attached (message/rfc822)
 * or quoted inline after "Begin forwarded message:" or "----------
 * Forwarded message ----------", often with "> " before every line.
 * The forward is still an automated answer to the message the bounce
 * is about, so the bounce inside is recognised with the same table
 * (recognise_table, nested) and its original's IDs come first.
 *
 * Only a subject that says "forward" opens the envelope, and list mail
 * never does: a list post that quotes a bounce is discussion.
 *
 * Who forwarded it decides what it is.  A person writes something above
 * the bounce ("can you help, my mail to you bounced"): that is a
 * person's mail, claimed here as class none so no later stage calls it
 * an answer, and it goes to the inbox.  A mail system that forwards (an
 * auto-forward rule, a gateway) adds no text of its own, or says what
 * it is with Auto-Submitted or Resent- fields, or sends from the null
 * sender or as MAILER-DAEMON: that stays an automated answer about the
 * bounce's original.  (A plain .forward at another host does not wrap
 * the bounce at all; the bounce arrives as itself and is recognised as
 * such.)
 */
#include <string.h>

#include "filter.h"

#define FORWARD_TEXT_MAX	(32 * 1024)

static const char *const prefixes[] = {
	"fwd:", "fw:", "wg:", "tr:", "rv:", "enc:", "doorst:", "fwd ", NULL,
};

static const char *const openings[] = {
	"begin forwarded message:", "forwarded message",
	"original message", "weitergeleitete nachricht",
	"message transf\xc3\xa9r\xc3\xa9", NULL,
};

/* Gate: only a subject that says "forward" opens the envelope. */
static const struct gate gate = {
	.subjects = GATE_TABLES(prefixes),
};

#define HUMAN_WORDS	2	/* words above the bounce that a person wrote */

static bool	try_inner(GMimeMessage *inner, struct recognition *r,
		    const char *how, bool person);
static bool	by_person(GMimeMessage *msg, const struct envelope *env,
		    const char *text, gsize len);
static GMimeMessage *unquote(const char *text, gsize len);

static bool
forward_subject(GMimeMessage *msg, struct recognition *r)
{
	const char	*s = notice_subject(msg, r);
	size_t		 i;

	while (*s == ' ' || *s == '\t')
		s++;
	for (i = 0; prefixes[i] != NULL; i++)
		if (strncmp(s, prefixes[i], strlen(prefixes[i])) == 0)
			return true;
	return false;
}

static bool
match(GMimeMessage *msg, const struct envelope *env, struct recognition *r)
{
	GMimeObject	*top, *child;
	GMimeMessage	*inner;
	const char	*low, *raw, *hit;
	gsize		 len;
	int		 i, n;
	bool		 found;

	if (!forward_subject(msg, r) || notice_is_list_mail(msg))
		return false;
	top = g_mime_message_get_mime_part(msg);
	n = top != NULL && GMIME_IS_MULTIPART(top) ?
	    g_mime_multipart_get_count(GMIME_MULTIPART(top)) : 0;
	for (i = 0; i < n && i < MIME_MAX_PARTS; i++) {
		child = g_mime_multipart_get_part(GMIME_MULTIPART(top), i);
		if (!GMIME_IS_MESSAGE_PART(child))
			continue;
		inner = g_mime_message_part_get_message(
		    GMIME_MESSAGE_PART(child));
		/* the notice text is the first text part: what the forwarder wrote */
		low = notice_text(msg, r, &len);
		if (inner != NULL && try_inner(inner, r, "attached",
		    by_person(msg, env, low, len)))
			return true;
	}
	low = notice_text(msg, r, &len);
	raw = notice_raw_text(msg, r, NULL);
	for (i = 0; openings[i] != NULL; i++) {
		hit = g_strstr_len(low, (gssize)len, openings[i]);
		if (hit == NULL)
			continue;
		hit = memchr(hit, '\n', len - (gsize)(hit - low));
		if (hit == NULL)
			return false;
		inner = unquote(raw + (hit + 1 - low), len - (gsize)(hit + 1 - low));
		if (inner == NULL)
			return false;
		found = try_inner(inner, r, "quoted",
		    by_person(msg, env, low, (gsize)(hit - low)));
		g_object_unref(inner);
		return found;
	}
	return false;
}

/*
 * Did a person forward it: a person's envelope and From:, no automation
 * fields, and words of their own in the len bytes of text above the
 * bounce (a signature, after "-- ", does not count)?
 */
static bool
by_person(GMimeMessage *msg, const struct envelope *env, const char *text,
    gsize len)
{
	const char	*auto_sub, *p, *end = text + len;
	int		 words = 0, letters = 0;

	if (notice_from_daemon(msg, env) ||
	    g_mime_object_get_header(GMIME_OBJECT(msg), "Resent-From") != NULL ||
	    g_mime_object_get_header(GMIME_OBJECT(msg), "Resent-Sender") != NULL)
		return false;
	auto_sub = g_mime_object_get_header(GMIME_OBJECT(msg), "Auto-Submitted");
	while (auto_sub != NULL && (*auto_sub == ' ' || *auto_sub == '\t'))
		auto_sub++;
	if (auto_sub != NULL && g_ascii_strncasecmp(auto_sub, "no", 2) != 0)
		return false;
	for (p = text; p < end && words < HUMAN_WORDS; p++) {
		if (*p == '\n' && end - p >= 4 && memcmp(p, "\n-- ", 4) == 0)
			break;	/* a signature starts */
		if (g_ascii_isalpha(*p) || (unsigned char)*p >= 0x80) {
			letters++;
			continue;
		}
		if (letters >= 2)
			words++;
		letters = 0;
	}
	return words + (letters >= 2) >= HUMAN_WORDS;
}

/*
 * Recognises inner; on a bounce or delay, takes its class and IDs, or,
 * when a person forwarded it, claims the message as a person's mail.
 */
static bool
try_inner(GMimeMessage *inner, struct recognition *r, const char *how,
    bool person)
{
	static const struct envelope unknown = { 0 };
	struct recognition in;
	guint		 i;
	bool		 ok;

	recognition_init(&in);
	ok = recognise_table(inner, &unknown, &in, true) &&
	    (in.class == CLASS_BOUNCE || in.class == CLASS_DELAY);
	if (ok && person) {
		recognition_set(r, CLASS_NONE, "forward", "a person forwarded"
		    " (%s) %s", how, in.reason != NULL ? in.reason : "a bounce");
	} else if (ok) {
		collect_references(inner, &in);
		recognition_set(r, in.class, "forward", "forwarded (%s) %s",
		    how, in.reason != NULL ? in.reason : "bounce");
		for (i = 0; i < in.original_ids->len; i++)
			recognition_add_id(r, g_ptr_array_index(
			    in.original_ids, i));
		recognition_set_recipient(r, in.failed_recipient);
		recognition_set_mta(r, in.reporting_mta);
	}
	recognition_clear(&in);
	return ok;
}

/*
 * Parses quoted text as a message, with one level of "> " or ">"
 * removed from each line; bounded by FORWARD_TEXT_MAX.
 */
static GMimeMessage *
unquote(const char *text, gsize len)
{
	GByteArray	*out;
	GMimeStream	*stream;
	GMimeParser	*parser;
	GMimeMessage	*m;
	const char	*p = text, *end = text + MIN(len, FORWARD_TEXT_MAX);
	const char	*nl;

	while (p < end && (*p == '\n' || *p == '\r' || *p == ' '))
		p++;
	out = g_byte_array_new();
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end - 1;
		if (*p == '>') {
			p++;
			if (p <= nl && *p == ' ')
				p++;
		}
		g_byte_array_append(out, (const guint8 *)p,
		    (guint)(nl + 1 - p));
		p = nl + 1;
	}
	stream = g_mime_stream_mem_new_with_byte_array(out);	/* owns it */
	parser = g_mime_parser_new_with_stream(stream);
	g_object_unref(stream);
	m = g_mime_parser_construct_message(parser, NULL);
	g_object_unref(parser);
	return m;
}

const struct recogniser recogniser_forward = {
	.name = "forward",
	.gate = &gate,
	.match = match,
};
