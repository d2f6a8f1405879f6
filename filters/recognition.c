/*
 * recognition.c: the result record shared by all recognition stages.
 *
 * It owns its strings, so a stage can build a reason from message text
 * and forget the message.  Candidate IDs are kept unique and bounded
 * here, once, instead of in every stage that finds one.
 */
#include <string.h>

#include "filter.h"

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

static bool	has_id(const GPtrArray *ids, const char *id);
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
}

void
recognition_clear(struct recognition *r)
{
	g_free(r->reason);
	r->reason = NULL;
	if (r->original_ids != NULL)
		g_ptr_array_unref(r->original_ids);
	r->original_ids = NULL;
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
