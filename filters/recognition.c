/*
 * recognition.c: the result record shared by all recognition stages.
 *
 * It owns its strings, so a stage can build a reason from message text
 * and forget the message.  Candidate IDs are kept unique and bounded
 * here, once, instead of in every stage that finds one.
 */
#include <string.h>

#include "filter.h"
#include "recipients.h"

static const char *const class_names[CLASS_COUNT] = {
	[CLASS_NONE] = "none",
	[CLASS_BOUNCE] = "bounce",
	[CLASS_DELAY] = "delay",
	[CLASS_DELIVERED] = "delivered",
	[CLASS_AUTOREPLY] = "autoreply",
	[CLASS_CHALLENGE] = "challenge",
	[CLASS_VIRUS] = "virus",
	[CLASS_FEEDBACK] = "feedback",
	[CLASS_MDN] = "mdn",
};

#define REASON_MAX	200	/* bytes of a reason kept */

#define FACT_MAX	255	/* bytes of a recipient or host kept */

static bool	has_id(const GPtrArray *ids, const char *id);
static char	*fact_clean(const char *raw);
static void	reason_sanitise(char *s);

const char *
class_name(enum msg_class c)
{
	if ((unsigned int)c >= CLASS_COUNT || class_names[c] == NULL)
		return "none";
	return class_names[c];
}

void
recognition_init(struct recognition *r)
{
	r->class = CLASS_NONE;
	r->recogniser = NULL;
	r->reason = NULL;
	r->original_ids = g_ptr_array_new_with_free_func(g_free);
	r->failed_recipient = NULL;
	r->recipients = g_ptr_array_new_with_free_func(recipient_free);
	r->reporting_mta = NULL;
	r->notice = NULL;
}

void
recognition_clear(struct recognition *r)
{
	g_free(r->reason);
	r->reason = NULL;
	if (r->original_ids != NULL)
		g_ptr_array_unref(r->original_ids);
	r->original_ids = NULL;
	g_free(r->failed_recipient);
	r->failed_recipient = NULL;
	if (r->recipients != NULL)
		g_ptr_array_unref(r->recipients);
	r->recipients = NULL;
	g_free(r->reporting_mta);
	r->reporting_mta = NULL;
	notice_free(r->notice);
	r->notice = NULL;
	r->class = CLASS_NONE;
	r->recogniser = NULL;
}

bool
recognition_add_id(struct recognition *r, const char *raw)
{
	char	*id;

	if (r->original_ids == NULL ||
	    r->original_ids->len >= MAX_ORIGINAL_IDS)
		return false;
	id = message_id_normalise(raw);
	if (id == NULL)
		return false;
	if (has_id(r->original_ids, id)) {
		g_free(id);
		return false;
	}
	g_ptr_array_add(r->original_ids, id);
	return true;
}

void
recognition_set_recipient(struct recognition *r, const char *raw)
{
	if (r->failed_recipient == NULL)
		r->failed_recipient = fact_clean(raw);
}

void
recognition_set_mta(struct recognition *r, const char *raw)
{
	if (r->reporting_mta == NULL)
		r->reporting_mta = fact_clean(raw);
}

/*
 * "rfc822; <a@b>" -> "a@b", "dns; mx.example" -> "mx.example": drops a
 * type prefix, angle brackets and surrounding blanks; NULL if nothing
 * printable is left or it is absurdly long.
 */
static char *
fact_clean(const char *raw)
{
	const char	*p, *semi, *end;
	char		*v;
	size_t		 n;

	if (raw == NULL)
		return NULL;
	semi = strchr(raw, ';');
	p = semi != NULL ? semi + 1 : raw;
	while (*p == ' ' || *p == '\t' || *p == '<')
		p++;
	end = p;
	while (*end != '\0' && *end != '>' && (unsigned char)*end > ' ' &&
	    *end != 0x7f)
		end++;
	n = (size_t)(end - p);
	if (n == 0 || n > FACT_MAX)
		return NULL;
	v = g_strndup(p, n);
	return v;
}

void
recognition_set(struct recognition *r, enum msg_class c,
    const char *recogniser, const char *fmt, ...)
{
	va_list	 ap;

	r->class = c;
	r->recogniser = recogniser;
	g_free(r->reason);
	r->reason = NULL;
	if (fmt == NULL)
		return;
	va_start(ap, fmt);
	r->reason = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	reason_sanitise(r->reason);
}

/*
 * Reasons may quote message text (an Action value, a header); they end
 * up in logs and headers, so cut them short and blank control bytes.
 */
static void
reason_sanitise(char *s)
{
	unsigned char	*p;

	if (strlen(s) > REASON_MAX)
		s[REASON_MAX] = '\0';
	for (p = (unsigned char *)s; *p != '\0'; p++) {
		if (*p < ' ' || *p == 0x7f)
			*p = ' ';
	}
}

/* True if ids already holds id (exact match; IDs are case-sensitive). */
static bool
has_id(const GPtrArray *ids, const char *id)
{
	guint	i;

	for (i = 0; i < ids->len; i++) {
		if (strcmp(g_ptr_array_index(ids, i), id) == 0)
			return true;
	}
	return false;
}
