/*
 * recipients.h: why each recipient of a bounce or delay warning failed.
 *
 * Every failed (or delayed) recipient an answer names, with the
 * enhanced status code (RFC 3463, "5.1.1"), the SMTP reply code
 * (RFC 5321, 550), the diagnostic text and whether retrying can ever
 * succeed.  Two readers fill the list: RFC 3464 per-recipient blocks
 * (recipients-dsn.c) and the free text of the notice
 * (recipients-text.c); status-codes.c knows the codes and the phrases.
 *
 * Everything kept comes from the message, an adversary: addresses and
 * diagnostics are bounded and hold no control bytes, statuses and
 * reply codes are validated digits.
 */
#ifndef BACKSTOP_RECIPIENTS_H
#define BACKSTOP_RECIPIENTS_H

#include <stdbool.h>
#include <glib.h>
#include <gmime/gmime.h>

#include "filter.h"

#define RECIPIENTS_MAX		100	/* recipients kept per answer */
#define RECIPIENT_ADDR_MAX	254	/* bytes of an address (RFC 5321 path) */
#define DIAGNOSTIC_MAX		200	/* bytes of a diagnostic kept */
#define STATUS_MAX		12	/* "5.123.123" and its NUL fit */

struct recipient {
	char	*address;	/* as written, without <>; never NULL */
	char	 status[STATUS_MAX];	/* "5.1.1", or "" when unknown */
	int	 reply_code;	/* 200..599, or 0 when unknown */
	char	*diagnostic;	/* one line, printable, bounded; or NULL */
	bool	 permanent;	/* retrying can never succeed */
	bool	 inferred;	/* status inferred, not written in the answer */
};

void	recipient_free(gpointer p);

/*
 * recipients.c: fills r->recipients for a bounce or delay warning, and
 * r->failed_recipient with the first of them when no stage set it.
 * Does nothing for other classes.  recognise() calls it after the
 * stage table, for every family, so a new recogniser needs nothing to
 * get its recipients read.  A stage whose family writes them in a form
 * the generic reader misses may add them itself in its match()
 * (recipients_add(r->recipients, ...)): a non-empty list is then only
 * completed (diagnostics from the notice text, inferred statuses).
 */
void	recipients_extract(GMimeMessage *msg, struct recognition *r);

/*
 * recipients.c: adds a recipient (address raw as written: "<a@b>",
 * "rfc822; a@b") with what is known of it; code text is searched for
 * the codes (diagnostic, or a status field).  A recipient already in
 * the list gets only the facts it lacks.  False if the address is not
 * an address or the list is full.
 */
struct recipient_facts {
	const char	*status;	/* a Status field, or NULL */
	const char	*diagnostic;	/* the diagnostic text, or NULL */
	gsize		 diagnostic_len;
};
bool	recipients_add(GPtrArray *list, const char *address, gsize len,
	    const struct recipient_facts *f);

/* recipients-dsn.c: the per-recipient blocks of delivery-status parts. */
void	recipients_from_dsn(GMimeMessage *msg, GPtrArray *list);
/* recipients-dsn.c: the same fields written in a notice's text. */
void	recipients_from_fields(const char *text, gsize len, GPtrArray *list);
/*
 * recipients-original.c: the one To: address of the original the
 * answer quotes (attached, or inline in text), when it has only one.
 */
void	recipients_from_original(GMimeMessage *msg, const char *text, gsize len,
	    GPtrArray *list);
/* recipients-text.c: the recipients written in the notice text. */
void	recipients_from_text(const char *text, gsize len, GPtrArray *list);

/*
 * status-codes.c.
 * The first enhanced status code ("5.1.1", "#5.1.1") in s[0..len) as
 * digits, copied to out; false if none.  Version numbers and IP
 * addresses are not codes.
 */
bool	status_find(const char *s, gsize len, char out[STATUS_MAX]);
/* A whole field value that is a status code ("5.1.1 (comment)"). */
bool	status_parse(const char *s, char out[STATUS_MAX]);
/* The first SMTP reply code in s[0..len) where one can stand; 0 if none. */
int	reply_code_find(const char *s, gsize len);
/* True for a status that names neither subject nor detail: "5.0.0". */
bool	status_generic(const char *status);
/* True if s[0..len) holds a diagnostic phrase of the table ("unknown user"). */
bool	status_phrase_known(const char *s, gsize len);
/* Where the first reply or status code in s[0..len) starts, or NULL. */
const char *codes_start(const char *s, gsize len);
/*
 * Fills what the answer did not write: the status from the reply code
 * or a diagnostic phrase, permanence from the status and phrases.
 * delay: the answer is a delay warning (4.x.x when nothing says more).
 */
void	recipient_infer(struct recipient *rc, bool delay);

#endif
