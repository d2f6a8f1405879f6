/*
 * classify.c: parse, recognise, ask for evidence, decide.
 *
 * The parse reads the spooled file through a GMime fs stream; with the
 * stream's persistence the parts are substreams of the file, so a large
 * message is not copied into memory.  The message stays parsed until
 * the evidence stages have looked at it (relay, DKIM: the embedded
 * original's headers).
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "classify.h"
#include "key.h"
#include "log.h"
#include "prescreen.h"
#include "spool.h"

const char *
folder_name(enum folder f)
{
	return f == FOLDER_QUARANTINE ? "quarantine" : "inbox";
}

/* LF, CRLF and CR-only line ends: filters/parse.c. */
static GMimeMessage *
parse_fd(int fd)
{
	return message_parse_fd(fd);
}

/*
 * The envelope sender the delivery saw, read back from the stored
 * header block: Return-Path ("<>" -> "", "<a@b>" -> "a@b"), else the
 * X-Envelope-From line that delivery made of an mbox "From " line;
 * NULL when absent.  New string.
 */
static char *
top_level_return_path(GMimeMessage *msg)
{
	const char *rp = g_mime_object_get_header(GMIME_OBJECT(msg), "Return-Path");
	const char *xef = g_mime_object_get_header(GMIME_OBJECT(msg), "X-Envelope-From");
	char *v;

	if (rp == NULL && xef != NULL)
		return spool_from_line_sender(xef, strlen(xef));
	if (rp == NULL)
		return NULL;
	v = g_strstrip(g_strdup(rp));
	if (v[0] == '<') {
		char *end = strchr(v, '>');
		memmove(v, v + 1, strlen(v));
		if (end != NULL)
			*(end - 1) = '\0';
	}
	return v;
}

/* The keys for checking; NULL (with *problem when a file exists) if none. */
static const struct keyring *
checking_keys(const struct settings *s, struct keyring *kr, char **problem)
{
	enum key_status st = key_load(s->key_path, kr, problem);

	if (st == KEY_OK)
		return kr;
	if (st == KEY_MISSING)
		g_clear_pointer(problem, g_free);
	else
		log_warnx("signatures cannot be checked: %s", *problem);
	return NULL;
}

struct classify_context {
	const struct settings *s;
	bool loaded;			/* keys and log read (or found missing) */
	struct keyring kr;
	const struct keyring *keys;	/* &kr, or NULL */
	char *key_problem;
	struct sent_log *log;		/* NULL if absent or unreadable */
};

struct classify_context *
classify_context_new(const struct settings *s)
{
	struct classify_context *cx = g_new0(struct classify_context, 1);

	cx->s = s;
	return cx;
}

void
classify_context_free(struct classify_context *cx)
{
	if (cx == NULL)
		return;
	sent_log_free(cx->log);
	memset(&cx->kr, 0, sizeof cx->kr);
	g_free(cx->key_problem);
	g_free(cx);
}

/* The key and the sent log, read at the first automated answer only. */
static void
context_load(struct classify_context *cx, gint64 now)
{
	const struct settings *s = cx->s;

	if (cx->loaded)
		return;
	cx->loaded = true;
	cx->keys = checking_keys(s, &cx->kr, &cx->key_problem);
	cx->log = sent_log_load(s->sent_log, now - (gint64)s->keep_days * 86400);
	if (cx->log == NULL && errno != ENOENT)
		log_warnx("%s cannot be read; the sent log is not consulted", s->sent_log);
}

/*
 * The sources need the key and the sent log (from cx, read once) and
 * the parsed message, still alive.  The notmuch session stays in the
 * outcome, so a delivery that quarantines the message can index it
 * through the same database handle (indexer_drain_here).
 */
static void
gather_evidence(GMimeMessage *msg, const struct envelope *env, struct classify_context *cx,
    struct outcome *o)
{
	const struct settings *s = cx->s;
	struct evidence_config c = {
		.now = g_get_real_time() / G_USEC_PER_SEC,
		.key_days = s->key_days,
		.envelope_tag = s->envelope_tag,
		.correspondence_days = s->correspondence_days,
		.relays = s->relays,
		.dkim_domains = s->dkim_domains,
		.allow = s->allow,
		.deny = s->deny,
		.notmuch = {
			.enabled = s->notmuch_enabled,
			.config_path = s->notmuch_config,
			.sent_tag = s->sent_tag,
			.sent_folders = s->sent_folders,
			.user_addresses = s->addresses,
			.maildir = s->maildir,
		},
	};
	struct answer a;

	context_load(cx, c.now);
	c.keys = cx->keys;
	c.keys_problem = cx->key_problem;
	c.sent_log = cx->log;
	/* notmuch matches the original (issue 11.4/5); relay, DKIM, auth and
	 * replay read it too; only bounces quote one */
	answer_init(&a, msg, env, &o->rec, s->notmuch_enabled ||
	    (s->relays != NULL && *s->relays != NULL) ||
	    (s->dkim_domains != NULL && *s->dkim_domains != NULL) ||
	    o->rec.class == CLASS_BOUNCE || o->rec.class == CLASS_DELAY);
	o->nm = nm_session_new(&c.notmuch);
	evidence_gather(&c, &a, o->nm, o->evidence);
	answer_clear(&a);
}

static enum folder
folder_for(enum verdict v, const struct settings *s)
{
	switch (v) {
	case VERDICT_BACKSCATTER:
		return FOLDER_QUARANTINE;
	case VERDICT_UNVERIFIED:
		return s->unverified == UNVERIFIED_INBOX ? FOLDER_INBOX : FOLDER_QUARANTINE;
	default:
		return FOLDER_INBOX;
	}
}

void
classify_with(struct classify_context *cx, int fd, const struct envelope *env,
    struct outcome *o)
{
	struct envelope e = *env;
	GMimeMessage *msg;
	char *return_path = NULL;

	memset(o, 0, sizeof *o);
	recognition_init(&o->rec);
	o->evidence = evidence_list_new();
	msg = parse_fd(fd);
	o->parsed = msg != NULL;
	if (msg != NULL && e.sender == NULL)
		e.sender = return_path = top_level_return_path(msg);
	recognise(msg, &e, &o->rec);
	if (o->rec.class != CLASS_NONE)
		gather_evidence(msg, &e, cx, o);
	if (msg != NULL)
		g_object_unref(msg);
	g_free(return_path);
	o->verdict = verdict_decide(o->rec.class, o->evidence);
	o->folder = folder_for(o->verdict, cx->s);
}

void
classify_fd(int fd, const struct envelope *env, const struct settings *s,
    struct outcome *o)
{
	struct classify_context *cx = classify_context_new(s);

	classify_with(cx, fd, env, o);
	classify_context_free(cx);
}

void
outcome_clear(struct outcome *o)
{
	recognition_clear(&o->rec);
	if (o->evidence != NULL)
		g_ptr_array_unref(o->evidence);
	nm_session_free(o->nm);
	memset(o, 0, sizeof *o);
}

bool
classify_prescreen(const char *buf, size_t len, const struct envelope *env,
    struct outcome *o)
{
	const char *why = NULL;

	if (len > PRESCREEN_MESSAGE_MAX)
		return false;
	if (prescreen_maybe_answer(buf, len, env->sender, &why)) {
		log_debug("pre-screen: %s; classifying", why);
		return false;
	}
	memset(o, 0, sizeof *o);
	recognition_init(&o->rec);
	o->verdict = VERDICT_HAM;
	o->folder = FOLDER_INBOX;
	return true;
}
