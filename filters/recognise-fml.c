/*
 * recognise-fml.c: error replies of the fml mailing-list manager.
 *
 * fml answers a post it refuses (the poster is not a member, a loop,
 * a command error) from the list's -admin address, with its
 * X-MLServer: fml header and the refused message quoted.  Such an
 * answer goes to whoever the post claimed to be from, so it is
 * backscatter like a bounce.  Ordinary posts to an fml list carry the
 * same X-MLServer header but come from the poster, never from -admin.
 */
#include <string.h>

#include "filter.h"

/* The header fml writes on everything, and its value's first word. */
static const struct gate_header fml_server[] = {
	{ "X-MLServer", "fml" },
	{ NULL, NULL },
};

/* Gate: the X-MLServer: fml header is asked first. */
static const struct gate gate = {
	.headers = (const struct gate_header *const[]){ fml_server, NULL },
};

static bool
from_admin(GMimeMessage *msg)
{
	InternetAddressList *from;
	InternetAddress	*first;
	const char	*addr, *at;

	from = g_mime_message_get_from(msg);
	if (from == NULL || internet_address_list_length(from) < 1)
		return false;
	first = internet_address_list_get_address(from, 0);
	if (!INTERNET_ADDRESS_IS_MAILBOX(first))
		return false;
	addr = internet_address_mailbox_get_addr(
	    INTERNET_ADDRESS_MAILBOX(first));
	if (addr == NULL || (at = strchr(addr, '@')) == NULL || at - addr < 6)
		return false;
	return g_ascii_strncasecmp(at - 6, "-admin", 6) == 0;
}

static bool
match(GMimeMessage *msg, const struct envelope *env, struct recognition *r)
{
	const char	*server;

	server = g_mime_object_get_header(GMIME_OBJECT(msg), fml_server[0].name);
	if (server == NULL)
		return false;
	while (g_ascii_isspace(*server))
		server++;
	if (g_ascii_strncasecmp(server, fml_server[0].value,
	    strlen(fml_server[0].value)) != 0 || !from_admin(msg))
		return false;
	recognition_set(r, CLASS_BOUNCE, "fml",
	    "fml list manager refusing a post (X-MLServer: fml, From: -admin)");
	return true;
}

const struct recogniser recogniser_fml = {
	.name = "fml",
	.gate = &gate,
	.match = match,
};
