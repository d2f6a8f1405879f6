/*
 * notice.c: the facts every free-text bounce stage looks at, read once.
 *
 * A non-DSN bounce is recognised by who sent it (a mail system: the
 * null envelope sender, MAILER-DAEMON, postmaster), by its Subject (a
 * template of its MTA) and by a marker line in its notice text (the
 * MTA's fixed wording).  Each family file describes only its own
 * wording in a notice_rule; how the rule is applied is decided here,
 * once, so every family gets the same protection against the traps:
 * a person writing from postmaster@ must use both a bounce template
 * subject and the MTA's wording, a person quoting a bounce is not a mail system, and list mail needs
 * all three signs (a mail system's bounce that a list distributed is
 * still a bounce; a list post quoting one is not from a mail system).
 *
 * The notice text is decoded, converted to UTF-8 (Japanese carriers
 * write ISO-2022-JP and Shift_JIS), lower-cased and cut at
 * NOTICE_TEXT_MAX, once per message, and kept in the recognition so
 * that twenty stages do not decode it twenty times.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "filter.h"

#define NOTICE_MAX_DEPTH	3	/* multipart levels searched for the notice */

struct notice {
	bool	 text_loaded;
	char	*raw;		/* UTF-8, NUL-terminated */
	char	*text;		/* the same, lower-cased */
	gsize	 len;
	char	*subject;	/* lower-cased, or NULL until read */
	int	 list;		/* notice_is_list_mail, or -1 until read */
	int	 kind;		/* enum sender_kind, or -1 until read */
};

/* Substrings of a From: header that name a mail system. */
static const char *const daemon_words[] = {
	"mailer-daemon", "mailer_daemon", "mailerdaemon", "mailer daemon",
	"mail delivery s", "mail.delivery.", "mail deliver system",
	"mdaemon", "double-bounce", NULL,
};

/* Envelope senders of mail systems (lower case). */
static const char *const envelope_words[] = {
	"mailer-daemon", "double-bounce", NULL,
};

/* A From: of postmaster: a mail system, or a person (see sender_kind). */
static const char *const postmaster_words[] = {
	"postmaster", "post_master", NULL,
};

/* A From: with an empty address. */
static const char *const empty_address[] = { "<>", NULL };

/* The local part notice_from_mailer_daemon asks of From:. */
static const char *const mailer_daemon[] = { "mailer-daemon", NULL };

const struct gate notice_sender_gate = {
	.null_sender = true,
	.senders = GATE_TABLES(envelope_words),
	.from = GATE_TABLES(empty_address, daemon_words, postmaster_words),
};

const struct gate notice_mailer_daemon_gate = {
	.from = GATE_TABLES(mailer_daemon),
};

/*
 * Lines of a notice text that make it a delay warning whatever its
 * subject: the "warning only, do not resend" banners of Postfix and
 * sendmail and the "still trying" sentences of the rest.  None is said
 * by a notice that gave up.
 */
static const char *const delay_markers[] = {
	"this is a warning only", "this is a warning message only",
	"you do not need to resend", "no action is required on your part",
	"will continue trying", "will continue to try",
	"will keep trying", "will be retried until",
	"delivery attempts will continue", "has not yet been delivered",
	"hasn't been delivered yet", "has not been delivered yet",
	"still undelivered after", "is delayed to these recipients",
	"delivery is delayed", "has been delayed", "delivery has been delayed",
	"still being retried", "has been postponed", "advisory-only",
	"just a warning",
	/* German, French, Spanish, Italian, Dutch */
	"noch nicht zugestellt", "wird weiterhin versucht",
	"n'a pas encore été remis", "n'a pas encore pu être remis",
	"aún no se ha entregado", "todavía no se ha entregado",
	"non è ancora stato recapitato", "nog niet afgeleverd",
	/* the banner and "not yet delivered" in more languages */
	"dies ist nur eine warnung", "ceci est un simple avertissement",
	"esto es solo una advertencia", "no necesita volver a enviar",
	"ainda não foi entregue", "har ännu inte levererats",
	"пока не доставлен", "повторно отправлять письмо не нужно",
	"まだ配送されていません", "再送信の必要はありません",
	"无需重新发送",
	/* OpenSMTPD's and kin's "temporary failure report" */
	"do not need to re-send", "only a temporary failure",
	"a message is delayed", "not delivered yet", "will retry for",
	NULL,
};

static GMimeObject *find_text(GMimeObject *obj, int depth, bool plain);
static GByteArray *prologue_bytes(GMimeObject *obj, int depth);
static char	*to_utf8(const guint8 *data, gsize len, const char *charset,
		    gsize *outlen);
static void	lower_ascii(char *s, gsize len);
static bool	has_words(const char *value, const char *const *words);
static const char *find(const char *hay, gsize len, const char *needle);
static bool	two_markers(GMimeMessage *msg, struct recognition *r,
		    const char *const *markers);

void
notice_free(struct notice *n)
{
	if (n == NULL)
		return;
	g_free(n->raw);
	g_free(n->text);
	g_free(n->subject);
	g_free(n);
}

static struct notice *
notice_of(struct recognition *r)
{
	if (r->notice == NULL) {
		r->notice = g_new0(struct notice, 1);
		r->notice->list = -1;
		r->notice->kind = -1;
	}
	return r->notice;
}

const char *
notice_subject(GMimeMessage *msg, struct recognition *r)
{
	struct notice	*n = notice_of(r);
	const char	*s;

	if (n->subject == NULL) {
		s = g_mime_message_get_subject(msg);
		if (s == NULL)
			s = "";
		/*
		 * Cyrillic, Greek and the like have capitals too ("Не удалось
		 * доставить"); a subject holds no offsets anyone keeps, so
		 * it may change length.  Invalid UTF-8 is lowered as ASCII.
		 */
		if (g_utf8_validate(s, -1, NULL))
			n->subject = g_utf8_strdown(s, -1);
		else {
			n->subject = g_strdup(s);
			lower_ascii(n->subject, strlen(n->subject));
		}
	}
	return n->subject;
}

const char *
notice_text(GMimeMessage *msg, struct recognition *r, gsize *len)
{
	struct notice	*n = notice_of(r);
	GMimeObject	*top, *part;
	GByteArray	*bytes;
	const char	*charset;

	if (!n->text_loaded) {
		n->text_loaded = true;
		top = g_mime_message_get_mime_part(msg);
		part = find_text(top, 0, true);
		if (part == NULL)
			part = find_text(top, 0, false);
		bytes = part == NULL ? prologue_bytes(top, 0) :
		    mime_part_bytes(GMIME_PART(part), NOTICE_TEXT_MAX);
		if (bytes != NULL) {
			charset = part == NULL ? NULL :
			    g_mime_object_get_content_type_parameter(part,
			    "charset");
			n->text = to_utf8(bytes->data, bytes->len, charset,
			    &n->len);
			g_byte_array_unref(bytes);
		}
		if (n->text == NULL) {
			n->text = g_strdup("");
			n->len = 0;
		}
		n->raw = g_strndup(n->text, n->len);
		lower_ascii(n->text, n->len);
	}
	if (len != NULL)
		*len = n->len;
	return n->text;
}

const char *
notice_raw_text(GMimeMessage *msg, struct recognition *r, gsize *len)
{
	notice_text(msg, r, len);
	return r->notice->raw;
}

/*
 * The first text/plain (plain) or text/<any> leaf under obj, depth
 * first, never inside an attached message (that is the original, not
 * the notice).
 */
static GMimeObject *
find_text(GMimeObject *obj, int depth, bool plain)
{
	GMimeContentType *ct;
	GMimeObject	*hit;
	int		 i, n;

	if (obj == NULL || depth > NOTICE_MAX_DEPTH)
		return NULL;
	if (GMIME_IS_MULTIPART(obj)) {
		n = g_mime_multipart_get_count(GMIME_MULTIPART(obj));
		for (i = 0; i < n && i < MIME_MAX_PARTS; i++) {
			hit = find_text(g_mime_multipart_get_part(
			    GMIME_MULTIPART(obj), i), depth + 1, plain);
			if (hit != NULL)
				return hit;
		}
		return NULL;
	}
	if (!GMIME_IS_PART(obj))
		return NULL;
	ct = g_mime_object_get_content_type(obj);
	if (ct == NULL)
		return depth == 0 ? obj : NULL;	/* untyped body: text */
	if (plain ? g_mime_content_type_is_type(ct, "text", "plain") :
	    g_mime_content_type_is_type(ct, "text", "*"))
		return obj;
	return NULL;
}

/*
 * Broken MIME: a multipart whose boundary GMime could not read (an
 * unfolded "boundary=" line) has no children, and its whole text sits
 * in the prologue.  The first such prologue, bounded, or NULL.
 */
static GByteArray *
prologue_bytes(GMimeObject *obj, int depth)
{
	GByteArray	*bytes;
	const char	*pro;
	int		 i, n;

	if (obj == NULL || depth > NOTICE_MAX_DEPTH || !GMIME_IS_MULTIPART(obj))
		return NULL;
	n = g_mime_multipart_get_count(GMIME_MULTIPART(obj));
	if (n == 0) {
		pro = g_mime_multipart_get_prologue(GMIME_MULTIPART(obj));
		if (pro == NULL)
			return NULL;
		bytes = g_byte_array_new();
		g_byte_array_append(bytes, (const guint8 *)pro,
		    (guint)strnlen(pro, NOTICE_TEXT_MAX));
		return bytes;
	}
	for (i = 0; i < n && i < MIME_MAX_PARTS; i++) {
		bytes = prologue_bytes(g_mime_multipart_get_part(
		    GMIME_MULTIPART(obj), i), depth + 1);
		if (bytes != NULL)
			return bytes;
	}
	return NULL;
}

/*
 * data in charset as a new NUL-terminated UTF-8 string.  Bytes that do
 * not convert are skipped; a multibyte character cut at the end is
 * dropped; unknown charsets are taken as they are.  NULs become blanks
 * so that the text can be searched as a C string.
 */
static char *
to_utf8(const guint8 *data, gsize len, const char *charset, gsize *outlen)
{
	GString	*out;
	iconv_t	 cd = (iconv_t)-1;
	char	 buf[1024], *in, *o, *nul;
	size_t	 inleft, oleft;

	/* Exchange's name for UTF-7, which iconv does not know */
	if (charset != NULL && g_ascii_strcasecmp(charset,
	    "unicode-1-1-utf-7") == 0)
		charset = "UTF-7";
	if (charset != NULL && g_ascii_strcasecmp(charset, "us-ascii") != 0 &&
	    g_ascii_strcasecmp(charset, "utf-8") != 0)
		cd = g_mime_iconv_open("UTF-8", charset);
	if (cd == (iconv_t)-1) {
		out = g_string_new_len((const char *)data, (gssize)len);
	} else {
		out = g_string_sized_new(len + len / 2);
		in = (char *)data;
		inleft = len;
		while (inleft > 0) {
			o = buf;
			oleft = sizeof(buf);
			if (iconv(cd, &in, &inleft, &o, &oleft) ==
			    (size_t)-1 && errno != E2BIG) {
				if (errno != EILSEQ)
					inleft = 0;	/* cut at the end */
				else {
					in++;
					inleft--;
				}
			}
			g_string_append_len(out, buf,
			    (gssize)(sizeof(buf) - oleft));
		}
		g_mime_iconv_close(cd);
	}
	for (nul = memchr(out->str, '\0', out->len); nul != NULL;
	    nul = memchr(nul, '\0', out->len - (gsize)(nul - out->str)))
		*nul = ' ';
	*outlen = out->len;
	return g_string_free(out, FALSE);
}

static void
lower_ascii(char *s, gsize len)
{
	gsize	i;

	for (i = 0; i < len; i++)
		if (s[i] >= 'A' && s[i] <= 'Z')
			s[i] = (char)(s[i] - 'A' + 'a');
}

/* True if value, lower-cased, contains one of words. */
static bool
has_words(const char *value, const char *const *words)
{
	char	*low;
	bool	 hit;

	if (value == NULL)
		return false;
	low = g_strdup(value);
	lower_ascii(low, strlen(low));
	hit = notice_find_any(low, strlen(low), words) != NULL;
	g_free(low);
	return hit;
}

const char *
notice_find_any(const char *hay, gsize len, const char *const *needles)
{
	size_t	i;

	if (hay == NULL || needles == NULL)
		return NULL;
	len = strnlen(hay, len);
	for (i = 0; needles[i] != NULL; i++)
		if (find(hay, len, needles[i]) != NULL)
			return needles[i];
	return NULL;
}

/*
 * needle in the first len bytes of hay, which hold no NUL.  memmem(3)
 * skips ahead where g_strstr_len compares at every byte, and the notice
 * text is searched for the markers of every family in turn.
 */
static const char *
find(const char *hay, gsize len, const char *needle)
{
	return memmem(hay, len, needle, strlen(needle));
}

/*
 * How surely the answer comes from a mail system: SENDER_SYSTEM for the
 * null envelope sender (also spelt <MAILER-DAEMON> by sendmail), a
 * From: naming MAILER-DAEMON or "Mail Delivery System/Subsystem", or a
 * From: with an empty address; SENDER_POSTMASTER for a From: of
 * postmaster with an envelope sender that is not null or unknown (a
 * person may write from there, so more is asked of the message);
 * SENDER_OTHER otherwise.
 */
enum sender_kind { SENDER_OTHER, SENDER_POSTMASTER, SENDER_SYSTEM };

static enum sender_kind
sender_kind(GMimeMessage *msg, const struct envelope *env)
{
	const char	*from;

	from = g_mime_object_get_header(GMIME_OBJECT(msg), "From");
	if (from != NULL && (strstr(from, empty_address[0]) != NULL ||
	    has_words(from, daemon_words)))
		return SENDER_SYSTEM;
	if (env->sender != NULL && (env->sender[0] == '\0' ||
	    has_words(env->sender, envelope_words)))
		return SENDER_SYSTEM;
	if (from != NULL && has_words(from, postmaster_words))
		return SENDER_POSTMASTER;
	return SENDER_OTHER;
}

bool
notice_from_system(GMimeMessage *msg, const struct envelope *env)
{
	return sender_kind(msg, env) == SENDER_SYSTEM;
}

bool
notice_from_daemon(GMimeMessage *msg, const struct envelope *env)
{
	return sender_kind(msg, env) != SENDER_OTHER;
}

bool
notice_is_list_mail(GMimeMessage *msg)
{
	static const char *const names[] = {
		"List-Id", "List-Post", "List-Unsubscribe", "List-Subscribe",
		"Mailing-List",
	};
	size_t	i;

	for (i = 0; i < G_N_ELEMENTS(names); i++)
		if (g_mime_object_get_header(GMIME_OBJECT(msg), names[i])
		    != NULL)
			return true;
	return false;
}

/* True if the notice text holds at least two of markers. */
static bool
two_markers(GMimeMessage *msg, struct recognition *r,
    const char *const *markers)
{
	const char	*text;
	gsize		 len;
	size_t		 i;
	int		 n = 0;

	text = notice_text(msg, r, &len);	/* NULs are blanks */
	for (i = 0; markers != NULL && markers[i] != NULL && n < 2; i++)
		if (find(text, len, markers[i]) != NULL)
			n++;
	return n >= 2;
}

bool
notice_match(GMimeMessage *msg, const struct envelope *env,
    struct recognition *r, const char *name, const struct notice_rule *rule)
{
	const char	*subject, *text, *subj_hit, *mark_hit = NULL;
	gsize		 len;
	bool		 daemon, list;
	enum sender_kind kind;
	struct notice	*n;

	n = notice_of(r);
	if (n->list < 0)
		n->list = notice_is_list_mail(msg);
	if (n->kind < 0)
		n->kind = (int)sender_kind(msg, env);
	list = n->list;
	kind = (enum sender_kind)n->kind;
	daemon = kind == SENDER_SYSTEM;
	if (kind == SENDER_POSTMASTER) {
		daemon = true;
		list = true;	/* asks for subject and marker, like a list */
	}
	if (daemon && (rule->flags & NOTICE_TWO_MARKERS) &&
	    two_markers(msg, r, rule->markers)) {
		recognition_set(r, notice_says_delay(msg, r) ? CLASS_DELAY :
		    CLASS_BOUNCE, name, "%s notice (from a mail system, two "
		    "marker lines of the notice text)", name);
		return true;
	}
	if (!daemon && (list || !(rule->flags & NOTICE_ANY_SENDER)))
		return false;
	subject = notice_subject(msg, r);
	subj_hit = notice_find_any(subject, strlen(subject), rule->subjects);
	if (subj_hit == NULL && (!daemon || list))
		return false;
	if (subj_hit == NULL || !daemon || list ||
	    (rule->flags & NOTICE_MARKER_NEEDED)) {
		text = notice_text(msg, r, &len);
		mark_hit = notice_find_any(text, len, rule->markers);
		if (mark_hit == NULL)
			return false;
	}
	if (notice_find_any(subject, strlen(subject), rule->delay) != NULL ||
	    notice_says_delay(msg, r))
		recognition_set(r, CLASS_DELAY, name, "%s delay notice (%s%s%s)",
		    name, subj_hit != NULL ? "subject" : "",
		    subj_hit != NULL && mark_hit != NULL ? ", " : "",
		    mark_hit != NULL ? "notice text" : "");
	else
		recognition_set(r, CLASS_BOUNCE, name, "%s bounce (%s%s%s%s)",
		    name, daemon ? "from a mail system, " : "",
		    subj_hit != NULL ? "subject" : "",
		    subj_hit != NULL && mark_hit != NULL ? ", " : "",
		    mark_hit != NULL ? "notice text" : "");
	return true;
}

bool
notice_says_delay(GMimeMessage *msg, struct recognition *r)
{
	const char	*text;
	gsize		 len;

	text = notice_text(msg, r, &len);
	return notice_find_any(text, len, delay_markers) != NULL;
}

/* True if the first From: mailbox has the local part MAILER-DAEMON. */
bool
notice_from_mailer_daemon(GMimeMessage *msg)
{
	InternetAddressList *from;
	InternetAddress	*first;
	const char	*addr;
	size_t		 n;

	from = g_mime_message_get_from(msg);
	if (from == NULL || internet_address_list_length(from) < 1)
		return false;
	first = internet_address_list_get_address(from, 0);
	if (!INTERNET_ADDRESS_IS_MAILBOX(first))
		return false;
	addr = internet_address_mailbox_get_addr(
	    INTERNET_ADDRESS_MAILBOX(first));
	if (addr == NULL)
		return false;
	n = strlen(mailer_daemon[0]);
	return g_ascii_strncasecmp(addr, mailer_daemon[0], n) == 0 &&
	    (addr[n] == '@' || addr[n] == '\0');
}
