/*
 * submission.h: is a Received: line the record of the user's own
 * submission, rather than of mail arriving from outside?
 *
 * A copy of the user's sent mail kept by an IMAP server or by Gmail
 * carries the Received: line of its authenticated submission
 * ("with ESMTPSA", "with HTTP", "(Postfix, from userid 1000)"), and an
 * outgoing server adds internal hops above it.  A forgery that reached
 * the user's inbox carries an inbound hop from a stranger's machine.
 * The evidence sources (notmuch, the sent folders, and any source that
 * looks at the original's path) share this one definition.
 */
#ifndef BACKSTOP_SUBMISSION_H
#define BACKSTOP_SUBMISSION_H

#include <stdbool.h>
#include <gmime/gmime.h>

/*
 * True if the Received: value records a submission: an authenticated
 * protocol (RFC 3848: ESMTPA, ESMTPSA, LMTPA, UTF8SMTPSA, ...), a web or
 * MAPI client (HTTP, HTTPS, HTTPREST, MAPI), a local pickup (Postfix's
 * "from userid N", Exim's "with local", sendmail's "/Submit)").  *why,
 * if not NULL, is set to a static word naming the sign.
 */
bool submission_hop(const char *received, const char **why);

/*
 * True if the Received: value records a hop from outside: a "from"
 * clause naming a peer that is not this host (not loopback, not a
 * private address, not "localhost"), and no sign of a submission.  A
 * "by"-only line (made by the host itself) is not from outside.
 */
bool received_from_outside(const char *received);

/*
 * The first Received: line of msg's header block that is from outside,
 * or NULL when every hop is a submission or internal one (also when
 * there is none).  Looks at no more than SUBMISSION_RECEIVED_MAX lines;
 * a longer chain counts as from outside (its first line beyond).
 */
#define SUBMISSION_RECEIVED_MAX	50
const char *received_chain_outside_hop(GMimeMessage *msg);

#endif
