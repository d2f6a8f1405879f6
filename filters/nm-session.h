/*
 * nm-session.h: the notmuch session shared by the sources that read the
 * database (evidence-notmuch.c, original-match.c, the correspondence
 * query).  Private to filters/; evidence.h has the public part.
 */
#ifndef BACKSTOP_NM_SESSION_H
#define BACKSTOP_NM_SESSION_H

#include "evidence.h"

/*
 * A call that fails with a Xapian exception (most often
 * DatabaseModifiedError: a writer committed since the read-only handle
 * was opened) is retried after notmuch_database_reopen, this many times
 * in all.  Message objects from before a reopen are invalid, so a
 * retry starts over from the lookup.
 */
#define NM_ATTEMPTS	3

struct nm_session {
	struct notmuch_evidence_opts opts;	/* a copy; its strings are borrowed */
	notmuch_database_t *db;
	char *mail_root;	/* owned copy; NULL if unknown */
	GPtrArray *addresses;	/* char *, lower-case, owned */
	bool tried;		/* open was attempted */
	char *error;		/* why it could not be opened */
	bool open_failed;	/* enabled, and libnotmuch refused to open it */
	unsigned reopens;	/* reopens after exceptions, for the details */
	bool id_found;		/* an ID of the answer is indexed (the sent folders
				 * on disk have nothing to add then) */
	bool lookup_failed;	/* a lookup failed: what is indexed is unknown, so
				 * the sent folders must be read whole */
};

/* Opens the database on first use; false with s->error when it cannot. */
bool nm_session_open(struct nm_session *s);
/*
 * After a call failed with st: on a Xapian exception reopen the
 * database and return true (try again), until NM_ATTEMPTS calls were
 * made (*attempt counts them, starting at 0).
 */
bool nm_session_retry(struct nm_session *s, notmuch_status_t st, int *attempt);
/* Is addr (lower-case) one of the user's addresses, or a +detail form of one? */
bool nm_session_is_user(const struct nm_session *s, const char *addr);
/*
 * Adds addrs (lower-case; with the base address of a +detail one) to
 * the user's addresses of an open session: the addresses the answer was
 * delivered to (answer.c) are hers, whatever notmuch's config says.
 */
void nm_session_add_addresses(struct nm_session *s, const GPtrArray *addrs);
/* The mail root (opening the database if need be), or NULL. */
const char *nm_session_mail_root(struct nm_session *s);
/*
 * When `notmuch new` last indexed the directory at path (absolute): the
 * mtime it recorded, or -1 if unknown (no database, an error, a
 * directory it never saw).  Files that changed before then are indexed.
 */
gint64 nm_session_dir_mtime(struct nm_session *s, const char *path);
/* Counts the messages a query finds, retrying as above. */
notmuch_status_t nm_session_count(struct nm_session *s, const char *q, unsigned *count);
/* Appends term to q as a notmuch quoted term ("..." with inner quotes doubled). */
void nm_query_append_quoted(GString *q, const char *term);

/*
 * Does the indexed message m count as mail the user sent?  SUCCESS with
 * *why a static reason, or NULL when it does not (it arrived from
 * outside); another status if notmuch or the copy's file could not be
 * read, which is no answer at all.  *ghost is set when m has no file
 * (notmuch keeps a ghost for an ID that indexed mail only refers to):
 * such a message is not there at all.  With copy not NULL, *copy is
 * set to the header block of m's first readable file (the caller
 * unrefs it), or NULL.
 */
notmuch_status_t nm_copy_is_sent(const struct nm_session *s, notmuch_message_t *m,
    const char **why, bool *ghost, GMimeMessage **copy);

#endif
