/*
 * recognise.c: the table of recognition stages and the driver.
 *
 * Order matters: structured reports first (they say exactly what they
 * are), then the free-text bounces of known MTAs (both also carry
 * Auto-Submitted: auto-replied, which would otherwise make them look
 * like vacation replies), then auto-replies.  The first match wins.
 * Only a message that some stage claims gets its references collected,
 * so ordinary mail never has an "original".
 */
#include "filter.h"

static const struct recogniser *const recognisers[] = {
	&recogniser_dsn,
	&recogniser_mdn,
	&recogniser_feedback,
	&recogniser_postfix,
	&recogniser_exim,
	&recogniser_autoreply,
};

void
recognise(GMimeMessage *msg, const struct envelope *env,
    struct recognition *r)
{
	static const struct envelope unknown = { NULL, NULL, NULL };
	size_t	i;

	if (msg == NULL)
		return;
	if (env == NULL)
		env = &unknown;
	for (i = 0; i < G_N_ELEMENTS(recognisers); i++) {
		if (recognisers[i]->match(msg, env, r))
			break;
	}
	if (r->class == CLASS_NONE)
		return;
	collect_references(msg, r);
}
