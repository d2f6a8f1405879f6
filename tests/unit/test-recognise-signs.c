/*
 * test-recognise-signs.c: the general signs of an automated answer
 * (issue 12), each with its twin that must stay ordinary mail.
 *
 * Each case is a message built in memory with an envelope sender and
 * the class recognise() must give it; every answer has a twin that
 * differs in the one sign the rule rests on (a person's subject, the
 * absent original, a forward instead of a reply, ...), so that a rule
 * widened past its sign fails here.
 */
#include <string.h>

#include "filter.h"

struct sign_case {
	const char	*name;
	const char	*sender;	/* envelope sender; "" null, NULL unknown */
	enum msg_class	 class;
	const char	*text;
};

#define ORIGINAL \
	"Received: from [192.0.2.1] by mail.user.test\n" \
	"From: Alice <alice@user.test>\nTo: bob@far.test\n" \
	"Subject: Budget\nMessage-ID: <budget-7@user.test>\n\nHi Bob\n"

static const struct sign_case cases[] = {
	/* "Automatic reply:" translations answer a message ... */
	{ "reply-prefix-latvian", "bob@far.test", CLASS_AUTOREPLY,
	  "From: Bob <bob@far.test>\nTo: alice@user.test\n"
	  "Subject: =?UTF-8?B?QXV0b23EgXRpc2vEgSBhdGJpbGRlOiBCdWRnZXQ=?=\n"
	  "In-Reply-To: <budget-7@user.test>\n\nEsmu atvaļinājumā.\n" },
	{ "reply-prefix-bracketed", "bob@far.test", CLASS_AUTOREPLY,
	  "From: Bob <bob@far.test>\nTo: alice@user.test\n"
	  "Subject: [Automatic reply] Budget\n"
	  "In-Reply-To: <budget-7@user.test>\n\nAway.\n" },
	/* ... a person's own word retitling a reply does not */
	{ "person-retitles-reply", "bob@far.test", CLASS_NONE,
	  "From: Bob <bob@far.test>\nTo: alice@user.test\n"
	  "Subject: Out of office: Friday\n"
	  "In-Reply-To: <budget-7@user.test>\n\nI'm off on Friday.\n" },
	/* an Exchange inbox rule's reply, not its forward */
	{ "inbox-rule-reply", "bob@far.test", CLASS_AUTOREPLY,
	  "From: Bob <bob@far.test>\nTo: alice@user.test\n"
	  "Subject: RE: Budget\n"
	  "X-MS-Exchange-Inbox-Rules-Loop: bob@far.test\n\nAway.\n" },
	{ "inbox-rule-forward", "bob@far.test", CLASS_NONE,
	  "From: Bob <bob@far.test>\nTo: alice@user.test\n"
	  "Subject: FW: Budget\n"
	  "X-MS-Exchange-Inbox-Rules-Loop: bob@far.test\n\nSee below.\n" },
	/* the null sender answering a message, not reminding of one */
	{ "null-sender-reply", "", CLASS_AUTOREPLY,
	  "From: Bob <bob@far.test>\nTo: alice@user.test\n"
	  "Subject: Thanks\nIn-Reply-To: <budget-7@user.test>\n\n"
	  "Thank you, I will reply soon.\n" },
	{ "null-sender-reminder", "", CLASS_NONE,
	  "From: Calendar <calendar@user.test>\nTo: alice@user.test\n"
	  "Subject: Reminder: meeting at 10\n"
	  "Auto-Submitted: auto-generated\n\nMeeting at 10.\n" },
	/* a gateway's report with the original, not a notice about one */
	{ "gateway-titled-report", "svc@gw.test", CLASS_BOUNCE,
	  "From: Mail_Service@gw.test\nTo: alice@user.test\n"
	  "Subject: Returned Mail\n\n"
	  "<bob@far.test>: mailbox unavailable [SMTP Error Code 550]\n"
	  "-------- Returned Mail --------\n" ORIGINAL },
	{ "it-notice-about-bounces", "it@user.test", CLASS_NONE,
	  "From: IT <it@user.test>\nTo: staff@user.test\n"
	  "Subject: Undelivered mail during the migration\n\n"
	  "Mail to the old server was returned with '550 5.1.1 user "
	  "unknown'.\nThe original message headers are not needed.\n" },
	/* a mail system's report: subject and failure statement */
	{ "system-delay-subject", "", CLASS_DELAY,
	  "From: Mail System <postmaster@far.test>\nTo: alice@user.test\n"
	  "Subject: Delivery delayed: Budget\n\n"
	  "This message hasn't been delivered yet to bob@far.test.\n" },
	{ "system-failure-korean", "", CLASS_BOUNCE,
	  "From: MAILER-DAEMON@far.test\nTo: alice@user.test\n"
	  "Subject: =?UTF-8?B?7JWI64K0?=\n"
	  "Content-Type: text/plain; charset=UTF-8\n\n"
	  "\xeb\xb3\xb4\xeb\x82\xb4\xec\x8b\xa0 \xeb\xa9\x94\xec\x9d\xbc\xec\x9d\xb4 "
	  "\xec\xa0\x84\xeb\x8b\xac\xeb\x90\x98\xec\xa7\x80 \xeb\xaa\xbb\xed\x96\x88"
	  "\xec\x8a\xb5\xeb\x8b\x88\xeb\x8b\xa4. \xec\xa3\xbc\xec\x86\x8c\xea\xb0\x80 "
	  "\xec\xa1\xb4\xec\x9e\xac\xed\x95\x98\xec\xa7\x80 \xec\x95\x8a\xec\x8a\xb5"
	  "\xeb\x8b\x88\xeb\x8b\xa4.\n" },
	/* Exchange's NDR mark stands for the sender a forwarder hid */
	{ "exchange-ndr-mark", "alice-fwd@old.test", CLASS_BOUNCE,
	  "From: Outlook <postmaster@far.test>\nTo: alice@user.test\n"
	  "Subject: Onbestelbaar: Budget\nX-MS-Exchange-Message-Is-Ndr:\n\n"
	  "Levering is mislukt voor deze ontvangers of groepen:\n"
	  "bob@far.test\n#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##\n" },
	{ "person-forwards-ndr", "carol@user.test", CLASS_NONE,
	  "From: Carol <carol@user.test>\nTo: alice@user.test\n"
	  "Subject: FW: Onbestelbaar: Budget\n\n"
	  "What does this mean?\n\nLevering is mislukt voor deze ontvangers "
	  "of groepen:\nbob@far.test\n#550 5.1.1 RESOLVER.ADR.RecipNotFound\n" },
	/* Boxbe's notice inside a delivery report is a challenge */
	{ "boxbe-report", "noreply@boxbe.com", CLASS_CHALLENGE,
	  "From: noreply@boxbe.com\nTo: alice@user.test\nSubject: Re: Budget\n"
	  "MIME-Version: 1.0\nContent-Type: multipart/report; "
	  "report-type=delivery-status; boundary=\"b\"\n\n--b\n"
	  "Content-Type: text/plain\n\nYou are on my Guest List.\n--b\n"
	  "Content-Type: message/delivery-status\n\nReporting-MTA: dns; "
	  "boxbe.com\n\nFinal-Recipient: rfc822; bob@far.test\n"
	  "Action: failed\nStatus: 4.7.0\n\n--b--\n" },
	/* a plain-text challenge of a system nobody listed */
	{ "challenge-unlisted", "verify@shield.test", CLASS_CHALLENGE,
	  "From: bob@shield.test\nTo: alice@user.test\n"
	  "Subject: Your message is pending\n\n"
	  "Bob uses a filter. To release your message, click below. "
	  "You will only need to do this once.\n" },
	{ "signup-confirmation", "no-reply@forum.test", CLASS_NONE,
	  "From: Forum <no-reply@forum.test>\nTo: alice@user.test\n"
	  "Subject: Please confirm your email address\n\n"
	  "Click the link below to confirm your address.\n" },
};

static void
test_case(gconstpointer data)
{
	const struct sign_case *c = data;
	struct envelope	 env = { c->sender, "alice@user.test", NULL, NULL };
	struct recognition r;
	GMimeStream	*stream;
	GMimeParser	*parser;
	GMimeMessage	*msg;

	stream = g_mime_stream_mem_new_with_buffer(c->text, strlen(c->text));
	parser = g_mime_parser_new_with_stream(stream);
	msg = g_mime_parser_construct_message(parser, NULL);
	g_object_unref(parser);
	g_object_unref(stream);
	g_assert_nonnull(msg);
	recognition_init(&r);
	recognise(msg, &env, &r);
	g_test_message("%s: %s by %s: %s", c->name, class_name(r.class),
	    r.recogniser ? r.recogniser : "-", r.reason ? r.reason : "-");
	g_assert_cmpstr(class_name(r.class), ==, class_name(c->class));
	recognition_clear(&r);
	g_object_unref(msg);
}

int
main(int argc, char **argv)
{
	size_t	i;

	g_test_init(&argc, &argv, NULL);
	g_mime_init();
	for (i = 0; i < G_N_ELEMENTS(cases); i++) {
		char *name = g_strdup_printf("/recognise-signs/%s",
		    cases[i].name);

		g_test_add_data_func(name, &cases[i], test_case);
		g_free(name);
	}
	return g_test_run();
}
