/*
 * recognise.c: the table of recognition stages and the driver.
 *
 * Order matters: structured reports first (they say exactly what they
 * are), then the free-text bounces of known MTA families (which also
 * carry Auto-Submitted: auto-replied, and would otherwise look like
 * vacation replies), then scanner notices, challenges and forwarded
 * bounces, then any other mail system's bounce (recognise-daemon.c),
 * then the last resort that asks several signs of a bounce together
 * (recognise-general.c), and auto-replies last.  The first match wins.
 * Only a message that some stage claims gets its references collected,
 * so ordinary mail never has an "original".
 *
 * Each stage declares in its gate what can trigger it; the pre-screen
 * (prescreen.c) walks this table's gates (recognise_stages) to decide,
 * without GMime, whether a message is worth parsing.
 */
#include <string.h>

#include "filter.h"
#include "recipients.h"

static void	fill_facts(GMimeMessage *msg, struct recognition *r);

static const struct recogniser *const recognisers[] = {
	&recogniser_challenge,		/* before dsn: Boxbe's report */
	&recogniser_dsn,
	&recogniser_mdn,
	&recogniser_receipt,
	&recogniser_feedback,
	&recogniser_amazonses,
	&recogniser_postfix,
	&recogniser_exim,
	&recogniser_notices,		/* MTA families that differ only in words */
	&recogniser_kddi,
	&recogniser_fml,
	&recogniser_virus,
	&recogniser_listnotice,		/* before autoreply: Auto-Submitted */
	&recogniser_forward,		/* skipped inside a forward */
	&recogniser_daemon,		/* any other mail system's bounce */
	&recogniser_general,		/* several signs of one together */
	&recogniser_autoreply,
};

const struct recogniser *const *
recognise_stages(size_t *n)
{
	*n = G_N_ELEMENTS(recognisers);
	return recognisers;
}

bool
recognise_table(GMimeMessage *msg, const struct envelope *env,
    struct recognition *r, bool nested)
{
	size_t	i;

	for (i = 0; i < G_N_ELEMENTS(recognisers); i++) {
		if (nested && recognisers[i] == &recogniser_forward)
			continue;
		if (recognisers[i]->match(msg, env, r))
			return true;
	}
	return false;
}

void
recognise(GMimeMessage *msg, const struct envelope *env,
    struct recognition *r)
{
	static const struct envelope unknown = { 0 };

	if (msg == NULL)
		return;
	if (env == NULL)
		env = &unknown;
	if (!recognise_table(msg, env, r, false) || r->class == CLASS_NONE)
		return;
	collect_references(msg, r);
	recipients_extract(msg, r);	/* first: it reads "a@b, c@d" whole */
	fill_facts(msg, r);
}

/*
 * Failed recipient and reporting MTA where no stage found them: Exim's
 * (and others') X-Failed-Recipients header, and the host part of a
 * mail system's From: address.
 */
static void
fill_facts(GMimeMessage *msg, struct recognition *r)
{
	InternetAddressList *from;
	InternetAddress	*first;
	const char	*addr, *at;

	if (r->class != CLASS_BOUNCE && r->class != CLASS_DELAY)
		return;
	recognition_set_recipient(r, g_mime_object_get_header(
	    GMIME_OBJECT(msg), "X-Failed-Recipients"));
	if (r->reporting_mta != NULL)
		return;
	from = g_mime_message_get_from(msg);
	if (from == NULL || internet_address_list_length(from) < 1)
		return;
	first = internet_address_list_get_address(from, 0);
	if (!INTERNET_ADDRESS_IS_MAILBOX(first))
		return;
	addr = internet_address_mailbox_get_addr(
	    INTERNET_ADDRESS_MAILBOX(first));
	if (addr != NULL && (at = strchr(addr, '@')) != NULL)
		recognition_set_mta(r, at + 1);
}
