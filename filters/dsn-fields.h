/*
 * dsn-fields.h: the blocks of an RFC 3464 delivery-status text, read
 * once for everything that needs them (recognise-dsn.c counts the
 * outcomes, recipients-dsn.c lists the failed recipients).
 */
#ifndef BACKSTOP_DSN_FIELDS_H
#define BACKSTOP_DSN_FIELDS_H

#include <stdbool.h>

#include <glib.h>

/* One block: the first value of each field it holds, unfolded, or NULL. */
struct dsn_block {
	const char	*reporting_mta;
	const char	*final_recipient;
	const char	*original_recipient;
	const char	*action;
	const char	*status;
	const char	*diagnostic;
};

enum dsn_outcome {
	DSN_UNKNOWN,		/* no Action or Status this can read */
	DSN_FAILED,
	DSN_DELAYED,
	DSN_DELIVERED,		/* delivered, relayed, expanded, deliverable */
};

/*
 * Reads text ("Name: value" fields, folded lines continued with white
 * space, blocks separated by blank lines) and calls each() for every
 * block holding a field of struct dsn_block, at most max blocks (0: no
 * limit).  Each value is bounded; the block lives only for the call.
 * Returns the number of blocks passed.
 */
unsigned dsn_read_blocks(const char *text, gsize len, unsigned max,
    void (*each)(const struct dsn_block *b, void *data), void *data);

/*
 * The block's outcome: its Action when that is a known word, else the
 * class of its Status (5, 4, 2).  "deliverable" and "undeliverable"
 * come from Postfix's address verification reports (sendmail -bv).
 */
enum dsn_outcome dsn_block_outcome(const struct dsn_block *b);

/* The value after "type;" ("smtp; 550 ..."), or the whole value. */
const char *dsn_after_type(const char *value);

#endif
