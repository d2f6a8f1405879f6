/*
 * filter.h: the recognition stages and the facts they share.
 *
 * A recogniser looks at one parsed message and says whether it is an
 * automated answer (a bounce, an auto-reply, ...) and of which class.
 * Recognisers form a table (recognise.c) that is tried in order; the
 * first that matches wins.  Adding a family of bounces is adding one
 * file with one `const struct recogniser` (and its gate: what can
 * trigger it, which the pre-screen reads) and one line in the table, or,
 * for a family that differs from the others only in its words, one
 * entry in recognise-notices.c.
 *
 * Reference extraction (references.c) then collects the Message-IDs of
 * the original message the answer refers to, best first.
 *
 * Nothing here does I/O beyond reading the GMime tree: the stages are
 * pure functions of (message, envelope), so they can be unit-tested and
 * fuzzed without a Maildir or a notmuch database.
 */
#ifndef BACKSTOP_FILTER_H
#define BACKSTOP_FILTER_H

#include <stdbool.h>
#include <glib.h>
#include <gmime/gmime.h>

/* The closed set of classes; names (class_name) are part of the JSON output. */
enum msg_class {
	CLASS_NONE = 0,		/* ordinary mail */
	CLASS_BOUNCE,		/* non-delivery report */
	CLASS_DELAY,		/* delay warning */
	CLASS_DELIVERED,	/* success DSN */
	CLASS_AUTOREPLY,	/* RFC 3834 / vacation */
	CLASS_CHALLENGE,	/* challenge-response */
	CLASS_VIRUS,		/* virus / content-filter notice */
	CLASS_FEEDBACK,		/* ARF complaint */
	CLASS_MDN,		/* read receipt */
	CLASS_COUNT
};

/* "none", "bounce", ... ; never NULL. */
const char *class_name(enum msg_class c);

/*
 * Envelope facts.  They come only from the top-level header block, the
 * MTA's environment ($SENDER, $RECIPIENT, $ORIGINAL_RECIPIENT) or the
 * mbox "From " line, never from an embedded original (which carries the
 * original's own Return-Path).  Borrowed strings; NULL means unknown,
 * "" for sender means the null sender <>.
 */
struct envelope {
	const char *sender;
	const char *recipient;
	const char *original_recipient;
	const char *extension;		/* $EXTENSION (Postfix), or NULL */
};

/* Upper bounds that keep hostile input cheap. */
#define MIME_MAX_DEPTH		32	/* nesting levels walked */
#define MIME_MAX_PARTS		1000	/* parts visited per message */
#define MAX_ORIGINAL_IDS	16	/* candidates kept */
#define MESSAGE_ID_MAX		998	/* bytes, like a header line */
#define TEXT_SCAN_MAX		(64 * 1024)	/* bytes of a text part scanned */

/*
 * The result of recognition.  Owns original_ids (char *, g_free) and
 * reason.  Initialise with recognition_init, release with
 * recognition_clear.
 */
struct notice;

struct recognition {
	enum msg_class class;
	const char *recogniser;	/* static name of the stage that matched, or NULL */
	char *reason;		/* g_malloc'd short human text, or NULL */
	GPtrArray *original_ids; /* normalised IDs (no <>), best first, unique */
	char *failed_recipient;	/* first failed (or delayed) recipient, or NULL;
				 * in a delivery report, its delivered one */
	GPtrArray *recipients;	/* struct recipient * (recipients.h), every failed one */
	char *reporting_mta;	/* host that wrote the report, or NULL */
	struct notice *notice;	/* private to notice.c: facts read once */
};

void recognition_init(struct recognition *r);
void recognition_clear(struct recognition *r);

/*
 * Adds a candidate Message-ID.  Accepts "<id>", "id", surrounding
 * whitespace and comments; normalises with message_id_normalise.
 * Silently ignores invalid IDs, duplicates, and anything past
 * MAX_ORIGINAL_IDS.  Returns true if it was added.
 */
bool recognition_add_id(struct recognition *r, const char *raw);

/*
 * Sets failed_recipient / reporting_mta unless already set (the first
 * witness wins).  Accepts "rfc822; a@b", "<a@b>", "dns; host"; keeps a
 * bounded, printable copy.  Ignores NULL and empty values.
 */
void recognition_set_recipient(struct recognition *r, const char *raw);
void recognition_set_mta(struct recognition *r, const char *raw);

/* Sets class, recogniser and a printf-style reason in one call. */
void recognition_set(struct recognition *r, enum msg_class c,
    const char *recogniser, const char *fmt, ...) G_GNUC_PRINTF(4, 5);

/*
 * message-id.c: the first msg-id in raw ("<a@b>", " a@b ", "<a@b> (c)"),
 * without angle brackets, as a new g_malloc'd string; NULL if there is
 * none or it is not a plausible ID (empty, longer than MESSAGE_ID_MAX,
 * containing whitespace, control bytes or '<' '>').
 */
char *message_id_normalise(const char *raw);

/*
 * What can trigger a recogniser, as data, in the recogniser's own file
 * (pointing at the tables its match() reads, never at copies).  The
 * pre-screen (prescreen.c) reads raw bytes without GMime and parses a
 * message only when some recogniser's gate admits it, so a gate must
 * admit everything its match() can claim: where the match is looser
 * than strings, the gate declares an honest superset (one condition
 * the match always requires).  A gate admits a message when any one of
 * its triggers is present; `make check` (test-gates) names the
 * recogniser that matches a message its gate does not admit.
 *
 * Words are compared case-insensitively (ASCII) as substrings of the
 * header value, raw and RFC 2047-decoded as GMime unfolds and decodes
 * it; subjects also UTF-8 lower-cased, as notice.c reads them.
 */
struct gate_header {
	const char	*name;	/* header name */
	const char	*value;	/* a word of its value, or NULL: present at all */
};

struct gate {
	bool	 null_sender;	/* the null envelope sender (<>) admits */
	/* words of the envelope sender, Return-Path, X-Envelope-From, Sender */
	const char *const *const *senders;
	const char *const *const *from;		/* words of From: */
	const struct gate_header *const *headers; /* tables ended by { NULL } */
	const char *const *const *subjects;	/* words of the Subject */
	const char *const *const *content_types; /* words of any Content-Type */
	/* marker lines in any body part, from any sender, any subject */
	const char *const *const *body;
	const struct gate *also;	/* a gate this one includes, or NULL */
};
/* Each word field above is a NULL-terminated list of NULL-terminated tables. */
#define GATE_TABLES(...)	((const char *const *const[]){ __VA_ARGS__, NULL })

/* One recognition stage. */
struct recogniser {
	const char *name;
	const struct gate *gate;	/* what can trigger match(); never NULL */
	/*
	 * Returns true when the message belongs to this stage's family and
	 * sets r->class (and r->reason) through recognition_set.  May add
	 * original IDs it finds in family-specific places (e.g. quoted
	 * headers in a free-text bounce).  Must not keep references to msg.
	 */
	bool (*match)(GMimeMessage *msg, const struct envelope *env,
	    struct recognition *r);
};

/*
 * notice.c: what the free-text stages share.  A stage describes its
 * MTA family with a notice_rule (subjects, marker lines of the notice
 * text, delay words); notice_match applies it the same way for all:
 * the notice must come from a mail system (null envelope sender, or a
 * From: of MAILER-DAEMON, postmaster, ...) and show the family's
 * subject or marker, or, with NOTICE_ANY_SENDER, show both.  List mail
 * never matches.  Strings in the tables are lower case; subjects and
 * notice text are compared case-insensitively (ASCII).
 */
#define NOTICE_ANY_SENDER	0x01	/* subject + marker suffice alone */
#define NOTICE_MARKER_NEEDED	0x02	/* a subject alone never suffices */
#define NOTICE_TWO_MARKERS	0x04	/* two markers suffice without subject */

struct notice_rule {
	const char *const *subjects;	/* NULL-terminated, or NULL */
	const char *const *markers;	/* NULL-terminated, or NULL */
	const char *const *delay;	/* subject words meaning "delayed" */
	unsigned int	 flags;
};

bool	notice_match(GMimeMessage *msg, const struct envelope *env,
	    struct recognition *r, const char *name,
	    const struct notice_rule *rule);
/* True if the answer comes from a mail system (see above). */
bool	notice_from_daemon(GMimeMessage *msg, const struct envelope *env);
/* The same, without postmaster@: the null sender or a MAILER-DAEMON kin. */
bool	notice_from_system(GMimeMessage *msg, const struct envelope *env);
/* The first From: mailbox is MAILER-DAEMON[@...], the name MTAs sign with. */
bool	notice_from_mailer_daemon(GMimeMessage *msg);
/* True if the notice text says delivery is still being tried. */
bool	notice_says_delay(GMimeMessage *msg, struct recognition *r);
/* True if the message carries mailing-list headers (List-Id, ...). */
bool	notice_is_list_mail(GMimeMessage *msg);
/*
 * The notice text: the first text leaf outside attached messages,
 * decoded, converted to UTF-8 and lower-cased (ASCII), at most
 * NOTICE_TEXT_MAX bytes; "" when there is none.  Cached in r.
 */
#define NOTICE_TEXT_MAX	(16 * 1024)
const char *notice_text(GMimeMessage *msg, struct recognition *r,
	    gsize *len);
/* The same text before lower-casing (for IDs, which keep their case). */
const char *notice_raw_text(GMimeMessage *msg, struct recognition *r,
	    gsize *len);
/* The Subject, decoded and lower-cased (UTF-8); "" when absent.  Cached in r. */
const char *notice_subject(GMimeMessage *msg, struct recognition *r);
/* The first of the NULL-terminated needles found in hay (NUL-free), or NULL. */
const char *notice_find_any(const char *hay, gsize len,
	    const char *const *needles);
void	notice_free(struct notice *n);
/*
 * notice.c's sender requirement as a gate: the null envelope sender,
 * MAILER-DAEMON and kin in the envelope or From:, an empty From:
 * address, postmaster@ (notice_from_daemon); and the narrower
 * notice_from_mailer_daemon (From: MAILER-DAEMON).
 */
extern const struct gate notice_sender_gate;
extern const struct gate notice_mailer_daemon_gate;

/* recognise-dsn.c: multipart/report; report-type=delivery-status */
extern const struct recogniser recogniser_dsn;
/* recognise-mdn.c: multipart/report; report-type=disposition-notification */
extern const struct recogniser recogniser_mdn;
/* recognise-feedback.c: multipart/report; report-type=feedback-report */
extern const struct recogniser recogniser_feedback;
/* recognise-postfix.c: Postfix's free-text "Undelivered Mail Returned to Sender" */
extern const struct recogniser recogniser_postfix;
/* recognise-exim.c: Exim's free-text "Mail delivery failed" */
extern const struct recogniser recogniser_exim;
/* recognise-autoreply.c: RFC 3834 Auto-Submitted: auto-replied and kin */
extern const struct recogniser recogniser_autoreply;
/* recognise-amazonses.c: Amazon SES notifications by SNS (JSON) */
extern const struct recogniser recogniser_amazonses;
/* recognise-notices.c: the MTA families that differ only in words (qmail, sendmail, Exchange, ...) */
extern const struct recogniser recogniser_notices;
/* recognise-kddi.c: au / KDDI / ezweb and other Japanese carriers */
extern const struct recogniser recogniser_kddi;
/* recognise-fml.c: the fml list manager refusing a post */
extern const struct recogniser recogniser_fml;
/* recognise-virus.c: virus-scanner and content-filter notices */
extern const struct recogniser recogniser_virus;
/* recognise-challenge.c: challenge-response systems */
extern const struct recogniser recogniser_challenge;
/* recognise-forward.c: a bounce forwarded by a person */
extern const struct recogniser recogniser_forward;
/* recognise-daemon.c: any other mail system's bounce */
extern const struct recogniser recogniser_daemon;
/* recognise-general.c: the last resort: several signs of a bounce together */
extern const struct recogniser recogniser_general;
/* recognise-listnotice.c: a list manager holding or refusing a post */
extern const struct recogniser recogniser_listnotice;
/* recognise-receipt.c: read receipts outside RFC 8098 (TNEF, Lotus) */
extern const struct recogniser recogniser_receipt;

/*
 * recognise.c: runs the table in order, then, for any class but
 * CLASS_NONE, collects the original's IDs (references.c).  msg may be
 * NULL (unparseable input): the result is CLASS_NONE.
 */
void recognise(GMimeMessage *msg, const struct envelope *env,
    struct recognition *r);
/*
 * recognise.c: only the table, no references; nested is true for a
 * message found inside another (a forwarded bounce), where stages that
 * look for nested messages themselves are skipped.  True on a match.
 */
bool recognise_table(GMimeMessage *msg, const struct envelope *env,
    struct recognition *r, bool nested);
/* recognise.c: the stages in the order they are tried; *n their number. */
const struct recogniser *const *recognise_stages(size_t *n);

/*
 * references.c: adds the original's Message-IDs, best first:
 * embedded message/rfc822 and message/global parts, text/rfc822-headers
 * parts, then the answer's own In-Reply-To and References (last first).
 * Never the answer's own Message-ID, nor an embedded original's own
 * In-Reply-To/References chain.
 */
void collect_references(GMimeMessage *msg, struct recognition *r);

/*
 * mime-walk.c: calls visit(part, depth, data) for every part of msg,
 * descending into message/rfc822 and message/global, at most
 * MIME_MAX_DEPTH deep and MIME_MAX_PARTS parts.  visit returns false
 * to stop the walk.  parent is the multipart or message part holding
 * this part (NULL at the top).
 */
typedef bool (*mime_visit_fn)(GMimeObject *part, GMimeObject *parent,
    int depth, void *data);
void mime_walk(GMimeMessage *msg, mime_visit_fn visit, void *data);

/*
 * mime-walk.c: the decoded content of a leaf part as a new GByteArray,
 * at most max bytes (the rest is dropped), or NULL if the part has no
 * content.  Handles the transfer encoding, not the charset.
 */
GByteArray *mime_part_bytes(GMimePart *part, gsize max);

/*
 * parse.c: parses the message in fd from offset 0; the fd stays open
 * and owned by the caller, and must stay open while the message lives.
 * LF, CRLF and CR-only line ends; a leading mbox "From " line is
 * skipped.  NULL if GMime makes no message of it.
 */
GMimeMessage *message_parse_fd(int fd);

#endif
