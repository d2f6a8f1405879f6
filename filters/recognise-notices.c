/*
 * recognise-notices.c: the free-text bounces of MTA families that differ
 * only in their words.
 *
 * Each family below is a notice_rule (filter.h, notice.c): the subjects
 * its MTA writes, the marker lines of its notice text, the subject words
 * that make it a delay warning, and how much of that is asked.  The
 * stage tries them in order and the first that matches names itself
 * (the recogniser of the result is the family's name, not "notices").
 * Order matters where two families share a subject: m-FILTER before
 * qmail ("failure notice"), WorkMail before Google ("Delivery Status
 * Notification (Failure)"); the family with the more specific marker
 * comes first.
 *
 * A family that needs code of its own (kddi's template lines, postfix's
 * and exim's sender tests, daemon's second rule) keeps its own file.
 *
 * Gate: notice_match asks every family for a mail system's sender (the
 * null envelope sender, MAILER-DAEMON and kin, or postmaster@) unless
 * the rule says NOTICE_ANY_SENDER, and none here does, so the stage's
 * gate is notice.c's sender gate.
 */
#include "filter.h"

struct family {
	const char		*name;
	struct notice_rule	 rule;
};

static const struct family families[] = {
	/*
	 * m-FILTER (Digital Arts) bounces, common in Japan.
	 *
	 * m-FILTER uses qmail's "failure notice" title with its own body: the
	 * recipient, a reason and "*** Delivery failure detail ***" or
	 * "-------original message-------" / "-------original mail info-------".
	 */
	{ "mfilter", {
		.subjects = (const char *const[]){
			"failure notice",
			NULL,
		},
		.markers = (const char *const[]){
			"-------original message",
			"-------original mail info",
			"*** delivery failure detail ***",
			"-------server message",
			NULL,
		},
		.flags = NOTICE_MARKER_NEEDED,
	} },
	/*
	 * qmail's free-text bounces and those of its descendants.
	 *
	 * qmail-send writes Subject "failure notice", opens with "Hi. This is
	 * the qmail-send program at <host>." and quotes the original after
	 * "--- Below this line is a copy of the message."  Yahoo!, netqmail,
	 * vpopmail front ends and several Japanese and Microsoft-hosted
	 * gateways kept that wording ("Sorry, we were unable to deliver your
	 * message ..."), so they are one family here.
	 */
	{ "qmail", {
		.subjects = (const char *const[]){
			"failure notice",
			NULL,
		},
		.markers = (const char *const[]){
			"this is the qmail-send program",
			"below this line is a copy of the message",
			"i'm afraid i wasn't able to deliver your message",
			"sorry, we were unable to deliver your message",
			"this is a permanent error; i've given up",
			NULL,
		},
		.flags = 0,
	} },
	/*
	 * Sendmail's non-DSN bounces and delay warnings (V5, V8).
	 *
	 * Sendmail writes From: Mail Delivery Subsystem <MAILER-DAEMON>, a
	 * Subject "Returned mail: <reason>" or "Warning: could not send message
	 * for past <n> hours", and fixed dashed section lines ("----- Transcript
	 * of session follows -----", "----- Unsent message follows -----").
	 * Many appliances and Japanese ISPs (BIGLOBE among them) reuse those
	 * section lines.  Sendmail's DSNs are claimed earlier by recognise-dsn.c.
	 */
	{ "sendmail", {
		.subjects = (const char *const[]){
			"returned mail:",
			"returned mail -",
			"warning: could not send message for past",
			"warning--could not send mail",
			"warning: could not send mail",
			NULL,
		},
		.markers = (const char *const[]){
			"----- transcript of session follows -----",
			"----- the following addresses had permanent fatal errors -----",
			"----- the following addresses had delivery problems -----",
			"----- unsent message follows -----",
			"----- original message follows -----",
			"----- message header follows -----",
			"----- non-delivered information -----",
			NULL,
		},
		.delay = (const char *const[]){
			"warning: could not send",
			"warning--could not send",
			"could not send message for past",
			NULL,
		},
		.flags = 0,
	} },
	/*
	 * Lotus Notes / IBM Domino non-delivery reports.
	 *
	 * Domino titles them "DELIVERY FAILURE: <reason>" or "Undeliverable
	 * message" and writes "Your message ... was not delivered to: ...
	 * because: ..." or the older "------- Failure Reasons --------" /
	 * "------- Returned Message --------" sections of the Lotus SMTP MTA.
	 */
	{ "domino", {
		.subjects = (const char *const[]){
			"delivery failure:",
			"undeliverable message",
			"delivery report (failure)",
			NULL,
		},
		.markers = (const char *const[]){
			"was not delivered to:",
			"------- failure reasons",
			"------- returned message",
			"not listed in domino directory",
			"not listed in public name & address book",
			NULL,
		},
		.flags = NOTICE_MARKER_NEEDED,
	} },
	/*
	 * Ipswitch IMail Server's free-text bounces.
	 *
	 * IMail (X-Mailer: <SMTP32 ...>) sends From: "Postmaster", Subject
	 * "Undeliverable Mail", a reason line ("Unknown user: ...") and the
	 * original after "Original message follows.".
	 */
	{ "imail", {
		.subjects = (const char *const[]){
			"undeliverable mail",
			NULL,
		},
		.markers = (const char *const[]){
			"original message follows.",
			"unknown user:",
			"user mailbox exceeds allowed size",
			"body of message generated response:",
			NULL,
		},
		.flags = NOTICE_MARKER_NEEDED,
	} },
	/*
	 * Microsoft Exchange, Office 365 and Outlook.com non-delivery reports
	 * without a machine-readable part.
	 *
	 * Exchange titles its NDRs "Undeliverable: <subject>" (localised:
	 * "Unzustellbar:", "Non remis :", "No se puede entregar:", ...) and
	 * explains "Your message did not reach some or all of the intended
	 * recipients" or, in newer versions, "Delivery has failed to these
	 * recipients or groups".  Those with a delivery-status part are
	 * claimed earlier by recognise-dsn.c.
	 */
	{ "exchange", {
		.subjects = (const char *const[]){
			"undeliverable:",
			"unzustellbar:",
			"non remis :",
			"non remis:",
			"no se puede entregar:",
			"onbestelbaar:",
			"impossibile recapitare:",
			"não entregue:",
			"nie można dostarczyć:",
			"配信不能:",
			NULL,
		},
		.markers = (const char *const[]){
			"did not reach the following recipient",
			"did not reach some or all of the intended recipients",
			"delivery has failed to these recipients or groups",
			"your message couldn't be delivered",
			"msexch:",
			NULL,
		},
		.flags = 0,
	} },
	/*
	 * Amazon WorkMail's free-text bounces.
	 *
	 * WorkMail (X-Mailer: Amazon WorkMail) sends From: MAILER-DAEMON@<region>
	 * .amazonses.com with Google's title "Delivery Status Notification
	 * (Failure)" and the text "An error occurred while trying to deliver
	 * the mail to the following recipients".
	 */
	{ "workmail", {
		.subjects = (const char *const[]){
			"delivery status notification (failure)",
			NULL,
		},
		.markers = (const char *const[]){
			"an error occurred while trying to deliver the mail to the following recipients",
			NULL,
		},
		.flags = NOTICE_MARKER_NEEDED,
	} },
	/*
	 * Gmail and Google Workspace notices without a machine-readable part.
	 *
	 * Google titles them "Delivery Status Notification (Failure)" or
	 * "(Delay)" and writes "Delivery to the following recipient failed
	 * permanently" or "... has been delayed".  Other systems copied the
	 * title and wording ("This is an automatically generated Delivery
	 * Status Notification"), so they are matched here too; the reason says
	 * which words matched.
	 */
	{ "google", {
		.subjects = (const char *const[]){
			"delivery status notification (failure)",
			"delivery status notification (delay)",
			"delivery status notification (mail delivery delayed)",
			NULL,
		},
		.markers = (const char *const[]){
			"delivery to the following recipient failed permanently",
			"delivery to the following recipients failed permanently",
			"delivery to the following recipient has been delayed",
			"this is an automatically generated delivery status notification",
			"message will be retried for",
			NULL,
		},
		.delay = (const char *const[]){
			"(delay)",
			"delayed",
			NULL,
		},
		.flags = 0,
	} },
	/*
	 * OpenSMTPD's bounces and delay warnings.
	 *
	 * smtpd(8) writes From: Mailer Daemon <MAILER-DAEMON@host>, Subject
	 * "Delivery status notification: error" (failed, warning, delayed) and
	 * opens "This is the MAILER-DAEMON, please DO NOT REPLY to this e-mail."
	 * The original follows "Below is a copy of the original message:".
	 */
	{ "opensmtpd", {
		.subjects = (const char *const[]){
			"delivery status notification: ",
			NULL,
		},
		.markers = (const char *const[]){
			"this is the mailer-daemon, please do not reply",
			"an error has occurred while attempting to deliver a message",
			"below is a copy of the original message",
			NULL,
		},
		.delay = (const char *const[]){
			"notification: warning",
			"notification: delay",
			NULL,
		},
		.flags = 0,
	} },
	/*
	 * The DragonFly Mail Agent's bounces.
	 *
	 * dma(8) sends From: MAILER-DAEMON <> with Subject "Mail delivery
	 * failed" (like Exim, but with an empty address that recognise-exim.c
	 * does not take) and opens "This is the DragonFly Mail Agent <version>
	 * at <host>."; the original's headers follow "Message headers follow.".
	 */
	{ "dma", {
		.subjects = (const char *const[]){
			"mail delivery failed",
			NULL,
		},
		.markers = (const char *const[]){
			"this is the dragonfly mail agent",
			"there was an error delivering your mail to",
			NULL,
		},
		.flags = NOTICE_MARKER_NEEDED,
	} },
	/*
	 * McAfee Email Gateway / Web Security Appliance bounces.
	 *
	 * The appliance (X-NAI-Header) sends Subject "Delivery Status" with a
	 * text part "deliveryproblems.txt" that begins "--- The following
	 * addresses had delivery problems ---", a hand-made delivery-status
	 * part and the original.
	 */
	{ "mcafee", {
		.subjects = (const char *const[]){
			"delivery status",
			NULL,
		},
		.markers = (const char *const[]){
			"--- the following addresses had delivery problems ---",
			NULL,
		},
		.flags = NOTICE_MARKER_NEEDED,
	} },
	/*
	 * Trend Micro InterScan Messaging Security bounces.
	 *
	 * InterScan sends From: "InterScan MSS" <postmaster@...> (or a
	 * postmaster with an "InterScan Notification" comment) with Subject
	 * "Mail could not be delivered" or a Japanese equivalent, and a
	 * session transcript ("Sent <<< RCPT TO:", "Received >>> 550 ...").
	 */
	{ "trendmicro", {
		.subjects = (const char *const[]){
			"mail could not be delivered",
			"メッセージを配信できません",
			NULL,
		},
		.markers = (const char *const[]){
			"sent <<< rcpt to:",
			"received >>> 5",
			"received >>> 4",
			"interscan",
			NULL,
		},
		.flags = 0,
	} },
	/*
	 * MailFoundry appliance bounces.
	 *
	 * Subject "Message delivery has failed", text "Unable to deliver message
	 * to: <...>" and "Delivery failed for the following reason:".
	 */
	{ "mailfoundry", {
		.subjects = (const char *const[]){
			"message delivery has failed",
			NULL,
		},
		.markers = (const char *const[]){
			"unable to deliver message to:",
			"delivery failed for the following reason",
			NULL,
		},
		.flags = 0,
	} },
	/*
	 * Mimecast bounces.
	 *
	 * Mimecast sends From: postmaster, Subject "[Postmaster] Email Delivery
	 * Failure", and "This is an automated alert notification. Please do
	 * not reply."  Mimecast's DSNs are claimed by recognise-dsn.c.
	 */
	{ "mimecast", {
		.subjects = (const char *const[]){
			"email delivery failure",
			NULL,
		},
		.markers = (const char *const[]){
			"this is an automated alert notification",
			NULL,
		},
		.flags = 0,
	} },
	/*
	 * Apache James (and the Verizon MMS gateways built on it).
	 *
	 * James's bounce mailet sends From: post_master@..., Subject "Re:<original
	 * subject>" (so no subject tells), and a text "Error: <reason> / Error message below:" before
	 * "Message details:"; both lines together are the sign.
	 */
	{ "james", {
		.markers = (const char *const[]){
			"error message below:",
			"message details:",
			NULL,
		},
		.flags = NOTICE_TWO_MARKERS,
	} },
};

static bool
match(GMimeMessage *msg, const struct envelope *env, struct recognition *r)
{
	size_t	i;

	for (i = 0; i < G_N_ELEMENTS(families); i++)
		if (notice_match(msg, env, r, families[i].name,
		    &families[i].rule))
			return true;
	return false;
}

const struct recogniser recogniser_notices = {
	.name = "notices",
	.gate = &notice_sender_gate,
	.match = match,
};
