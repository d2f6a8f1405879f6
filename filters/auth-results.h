/*
 * auth-results.h: Authentication-Results (RFC 8601) and Received-SPF
 * (RFC 7208) as the server that bounced the original wrote them.
 */
#ifndef BACKSTOP_AUTH_RESULTS_H
#define BACKSTOP_AUTH_RESULTS_H

#include <stdbool.h>
#include <glib.h>
#include <gmime/gmime.h>

/* One result: "dkim=pass header.d=example.org", all lower-case. */
struct ar_result {
	char *method;		/* "spf", "dkim", "dmarc", "compauth", ... (no version) */
	char *result;		/* "pass", "fail", ... */
	char **props;		/* "header.d=example.org", ...; NULL-terminated */
	bool anonymous;		/* the field named no authserv-id: trust failures only */
};

/*
 * Parses one Authentication-Results value, appending its results
 * (struct ar_result *, owned by out's free function when out came from
 * auth_results_of_bouncer; else free them with the array made here).
 * Returns the authserv-id (new string) or NULL if there is none.
 */
char *auth_results_parse(const char *value, GPtrArray *out);
/* The same for Received-SPF; returns the receiver (receiver= or the comment's host). */
char *received_spf_parse(const char *value, GPtrArray *out);
/* The value of a property ("header.d", "smtp.mailfrom"), or NULL. */
const char *ar_prop(const struct ar_result *r, const char *key);
/*
 * The results the bouncing server wrote on original: fields above the
 * first Received: line another server wrote, whose authserv-id names
 * the same server as reporting_mta or the topmost Received: "by" host
 * (and, marked anonymous, those that name none).  *server is set to the
 * first matching authserv-id (new string) or NULL.
 */
GPtrArray *auth_results_of_bouncer(GMimeMessage *original, const char *reporting_mta,
    char **server);
/* A new array for auth_results_parse whose free function frees results. */
GPtrArray *auth_results_new(void);

#endif
