/*
 * classify.c: parse, recognise, ask for evidence, decide.
 *
 * The parse reads the spooled file through a GMime fs stream; with the
 * stream's persistence the parts are substreams of the file, so a large
 * message is not copied into memory.
 */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include "classify.h"
#include "log.h"

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

/* "<>" -> "", "<a@b>" -> "a@b"; NULL when absent.  New string. */
static char *
top_level_return_path(GMimeMessage *msg)
{
	const char *rp = g_mime_object_get_header(GMIME_OBJECT(msg), "Return-Path");
	char *v;

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

static void
gather_evidence(const struct settings *s, struct outcome *o)
{
	struct notmuch_evidence_opts nm = {
		.enabled = s->notmuch_enabled,
		.config_path = s->notmuch_config,
		.sent_tag = s->sent_tag,
		.sent_folders = s->sent_folders,
		.user_addresses = s->addresses,
	};

	evidence_notmuch(&nm, &o->rec, o->evidence);
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
classify_fd(int fd, const struct envelope *env, const struct settings *s,
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
	if (msg != NULL)
		g_object_unref(msg);
	g_free(return_path);
	if (o->rec.class != CLASS_NONE)
		gather_evidence(s, o);
	o->verdict = verdict_decide(o->rec.class, o->evidence);
	o->folder = folder_for(o->verdict, s);
}

void
outcome_clear(struct outcome *o)
{
	recognition_clear(&o->rec);
	if (o->evidence != NULL)
		g_ptr_array_unref(o->evidence);
	memset(o, 0, sizeof *o);
}
