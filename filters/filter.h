/*
 * filter.h: the recognition stages and the facts they share.
 *
 * A recogniser looks at one parsed message and says whether it is an
 * automated answer (a bounce, an auto-reply, ...) and of which class.
 * Recognisers form a table (recognise.c) that is tried in order; the
 * first that matches wins.  Adding a family of bounces is adding one
 * file with one `const struct recogniser` and one line in the table.
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
struct recognition {
	enum msg_class class;
	const char *recogniser;	/* static name of the stage that matched, or NULL */
	char *reason;		/* g_malloc'd short human text, or NULL */
	GPtrArray *original_ids; /* normalised IDs (no <>), best first, unique */
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

/* One recognition stage. */
struct recogniser {
	const char *name;
	/*
	 * Returns true when the message belongs to this stage's family and
	 * sets r->class (and r->reason) through recognition_set.  May add
	 * original IDs it finds in family-specific places (e.g. quoted
	 * headers in a free-text bounce).  Must not keep references to msg.
	 */
	bool (*match)(GMimeMessage *msg, const struct envelope *env,
	    struct recognition *r);
};

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

/*
 * recognise.c: runs the table in order, then, for any class but
 * CLASS_NONE, collects the original's IDs (references.c).  msg may be
 * NULL (unparseable input): the result is CLASS_NONE.
 */
void recognise(GMimeMessage *msg, const struct envelope *env,
    struct recognition *r);

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

#endif
