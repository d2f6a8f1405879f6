/*
 * evidence.h: did the user really send the message an answer refers to?
 *
 * Each evidence source is a stage (filters/evidence-*.c) that looks at
 * the answer and returns sent, not-sent or no-opinion with a short
 * detail for the log and for `backstop check --json`.  A source with
 * nothing to work with (not configured, no key, no sent log) adds no
 * entry; every source that was consulted adds exactly one.  The verdict
 * (verdict.c) weighs them: each entry gets a signed weight from one
 * table (verdict.c, README "How verdicts work"), and the total decides.
 */
#ifndef BACKSTOP_EVIDENCE_H
#define BACKSTOP_EVIDENCE_H

#include <stdbool.h>
#include <glib.h>
#include <notmuch.h>

#include "filter.h"
#include "sent-log.h"
#include "signature.h"

enum evidence_result {
	EVIDENCE_NO_OPINION = 0,
	EVIDENCE_SENT,
	EVIDENCE_NOT_SENT,
};

/* "no-opinion", "sent", "not-sent" */
const char *evidence_result_name(enum evidence_result e);

struct evidence {
	const char *source;		/* static: "notmuch", ... */
	enum evidence_result result;
	char *detail;			/* g_malloc'd, one line, or NULL */
	int coverage;			/* notmuch misses: percent of the user's recent
					 * sent mail the index holds; -1 unmeasured */
	int weight;			/* set by verdict_decide */
};

/*
 * The result's name, or "error" for a no-opinion entry whose detail
 * starts "error (": the source could not run, and the stamp says so.
 */
const char *evidence_label(const struct evidence *e);

/* A list of struct evidence *, owning each element (evidence_free). */
GPtrArray *evidence_list_new(void);
void evidence_add(GPtrArray *list, const char *source,
    enum evidence_result result, const char *fmt, ...) G_GNUC_PRINTF(4, 5);

/*
 * What the notmuch source needs to know.  Borrowed strings, owned by the
 * caller's config.
 */
struct notmuch_evidence_opts {
	bool enabled;			/* false: `[notmuch] config = none` */
	const char *config_path;	/* NULL: notmuch's own lookup */
	const char *sent_tag;
	char **sent_folders;		/* NULL-terminated folder names */
	char **user_addresses;		/* NULL-terminated, lower-case */
	const char *maildir;		/* the inbox: sent folders are looked for here
					 * when notmuch's mail root is unknown; or NULL */
};

/* Everything the sources are configured with.  Borrowed. */
struct evidence_config {
	gint64 now;			/* Unix time of the check */
	const struct keyring *keys;	/* NULL: no usable key */
	const char *keys_problem;	/* why keys is NULL although a key file exists */
	int key_days;			/* signatures and tags are valid this long */
	bool envelope_tag;		/* [send] envelope_tag: outgoing mail is tagged */
	const struct sent_log *sent_log; /* NULL: no sent log */
	int correspondence_days;
	char **relays;			/* globs, lower-case, NULL-terminated */
	char **dkim_domains;		/* lower-case, NULL-terminated */
	char **allow;			/* addresses, domains, globs; lower-case */
	char **deny;
	struct notmuch_evidence_opts notmuch;
};

/*
 * The answer as the sources see it: built once per message by
 * answer_init (answer.c) from the parsed message, the envelope and the
 * recognition.  Only top-level headers and the envelope describe the
 * answer; the embedded original is kept apart.
 */
struct answer {
	const struct recognition *rec;
	GMimeMessage *original;		/* the original's header block, or NULL */
	char *sender;			/* the answer's From: address, lower-case, or NULL */
	char *envelope_sender;		/* lower-case; NULL or "" for <> */
	GPtrArray *recipients;		/* char *: where the answer was delivered */
	char *extension;		/* $EXTENSION, or NULL */
	char *extension_local;		/* the recipient's local part without it */
	GMimeMessage *message;		/* the answer itself, borrowed; NULL if unparsed */
};

/* want_original: also find the embedded original (a->original); else it stays NULL. */
void answer_init(struct answer *a, GMimeMessage *msg, const struct envelope *env,
    const struct recognition *r, bool want_original);
void answer_clear(struct answer *a);
/* The address part of "rfc822; a@b", "<a@b>", "Name <a@b>", lower-case; or NULL. */
char *answer_address(const char *raw);

/*
 * evidence-notmuch.c: the database, opened read-only once per message on
 * first use.  The session copies *o; the strings stay borrowed.
 */
struct nm_session;
struct nm_session *nm_session_new(const struct notmuch_evidence_opts *o);
void nm_session_free(struct nm_session *s);
/*
 * Hands the session's read-only handle to the caller, who must destroy
 * it (or reopen it read-write and close it); NULL if the database was
 * not opened.  The session answers no lookups afterwards.
 */
notmuch_database_t *nm_session_take_db(struct nm_session *s);

/* evidence-notmuch.c: the session's read-only handle, opened on first use; NULL if unavailable. */
notmuch_database_t *nm_session_db(struct nm_session *s);
/* Why an enabled database could not be opened, or NULL (borrowed). */
const char *nm_session_open_error(const struct nm_session *s);

/*
 * coverage.c: the share of the user's recent sent mail that notmuch
 * holds, in percent, or -1 when too little can be measured; *detail
 * (g_malloc'd) says what was counted.
 */
int coverage_measure(const struct evidence_config *c, struct nm_session *nm, char **detail);

/*
 * evidence-notmuch.c: looks up every ID in a->rec->original_ids, and
 * appends one entry to list.  Never blocks on the write lock (readers
 * are not blocked) and never fails the caller: an unavailable database,
 * or a lookup that failed even after reopening it, gives no-opinion
 * with the detail "error (...)", never not-sent.
 */
void evidence_notmuch(struct nm_session *s, const struct answer *a, GPtrArray *list);
/*
 * evidence-sentdir.c: when notmuch did not find the original's ID (or
 * could not look), looks for it in the sent folders on disk, bounded
 * (SENTDIR_FILES_MAX newest files of the last SENTDIR_DAYS days).  Adds
 * a sent entry when a file there has the ID, and nothing otherwise: a
 * bounded look that finds nothing proves nothing.
 */
void evidence_sentdir(const struct evidence_config *c, const struct answer *a,
    struct nm_session *nm, GPtrArray *list);
/*
 * Forgets the files evidence_sentdir read (it reads them once per
 * process): for a process that judges one message after another (the
 * resident judge, mda/judge-server.c), before each.
 */
void evidence_sentdir_forget(void);
/*
 * nm-session.c: did the user write to address since `since` (about
 * subject, a normalised subject, unless NULL)?  1 yes, 0 no, -1 cannot
 * tell (the database or the user's addresses are unavailable), -2 the
 * query failed (an error); *why set, static or owned by s.
 */
int nm_session_wrote_to(struct nm_session *s, const char *address, gint64 since,
    const char *subject, const char **why);

/* One stage per file; each appends at most one entry. */
void evidence_lists(const struct evidence_config *c, const struct answer *a, GPtrArray *list);
void evidence_signature(const struct evidence_config *c, const struct answer *a, GPtrArray *list);
void evidence_tag(const struct evidence_config *c, const struct answer *a, GPtrArray *list);
void evidence_sent_log(const struct evidence_config *c, const struct answer *a, GPtrArray *list);
/* evidence-replay.c: an original far older than any MTA's retry period */
void evidence_replay(const struct evidence_config *c, const struct answer *a, GPtrArray *list);
/* evidence-auth.c: the bouncing server's own Authentication-Results / Received-SPF */
void evidence_auth(const struct evidence_config *c, const struct answer *a, GPtrArray *list);
void evidence_relay(const struct evidence_config *c, const struct answer *a, GPtrArray *list);
void evidence_dkim(const struct evidence_config *c, const struct answer *a, GPtrArray *list);
void evidence_correspondence(const struct evidence_config *c, const struct answer *a,
    struct nm_session *nm, GPtrArray *list);

/*
 * Runs the stages in the order of verdict.c's weight table (evidence.c); the notmuch stages
 * use nm, which the caller made with nm_session_new(&c->notmuch) and
 * frees.
 */
void evidence_gather(const struct evidence_config *c, const struct answer *a,
    struct nm_session *nm, GPtrArray *list);

enum verdict {
	VERDICT_HAM = 0,	/* ordinary mail */
	VERDICT_GENUINE,	/* automated answer to mail the user sent */
	VERDICT_BACKSCATTER,	/* answer to mail the user did not send */
	VERDICT_UNVERIFIED,	/* answer we cannot check */
};

/* "ham", "genuine", "backscatter", "unverified" */
const char *verdict_name(enum verdict v);

/*
 * verdict.c: weighs the evidence (sets each entry's weight) and decides
 * by the total; ordinary mail (CLASS_NONE) is ham.
 */
enum verdict verdict_decide(enum msg_class c, const GPtrArray *evidence);
/* verdict.c: sets each entry's weight and returns their total. */
long verdict_total(const GPtrArray *evidence);
/*
 * verdict.c: is the verdict of the entries so far beyond the reach of an
 * entry from source, and of every source that runs after it (whatever
 * they say)?  False while the verdict would be unverified.
 */
bool verdict_settled(const GPtrArray *evidence, const char *source);

#endif
