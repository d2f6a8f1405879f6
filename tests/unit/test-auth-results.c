/*
 * test-auth-results.c: Authentication-Results (RFC 8601) and
 * Received-SPF parsed as the RFCs define them, and only the bouncing
 * server's own fields taken.
 */
#include "config.h"

#include <string.h>

#include "auth-results.h"

static const struct ar_result *
result(GPtrArray *rs, const char *method)
{
	for (guint i = 0; i < rs->len; i++) {
		const struct ar_result *r = g_ptr_array_index(rs, i);
		if (strcmp(r->method, method) == 0)
			return r;
	}
	return NULL;
}

static void
test_comments_hold_semicolons(void)
{
	GPtrArray *rs = auth_results_new();
	char *id = auth_results_parse("mx.example.net 1; dkim=pass (2048-bit key;"
	    " unprotected) header.d=example.org header.i=@example.org header.b=\"abc;d\";\n"
	    "\tspf=pass (mx.example.net: domain of alice@example.org designates 192.0.2.1"
	    " as permitted sender) smtp.mailfrom=alice@example.org; dmarc=pass (p=REJECT"
	    " sp=REJECT dis=NONE) header.from=example.org", rs);

	g_assert_cmpstr(id, ==, "mx.example.net");
	g_assert_cmpint(rs->len, ==, 3);
	g_assert_cmpstr(result(rs, "dkim")->result, ==, "pass");
	g_assert_cmpstr(ar_prop(result(rs, "dkim"), "header.d"), ==, "example.org");
	g_assert_cmpstr(ar_prop(result(rs, "dkim"), "header.b"), ==, "abc;d");
	g_assert_cmpstr(ar_prop(result(rs, "spf"), "smtp.mailfrom"), ==, "alice@example.org");
	g_assert_cmpstr(ar_prop(result(rs, "dmarc"), "header.from"), ==, "example.org");
	g_free(id);
	g_ptr_array_unref(rs);
}

static void
test_nested_comments_and_none(void)
{
	GPtrArray *rs = auth_results_new();
	char *id = auth_results_parse("(a (nested; comment)) mx.example.net; none", rs);

	g_assert_cmpstr(id, ==, "mx.example.net");
	g_assert_cmpint(rs->len, ==, 0);
	g_free(id);
	id = auth_results_parse("mx.example.net; dkim/1=FAIL (bad \\) sig) header.d=Example.ORG", rs);
	g_assert_cmpint(rs->len, ==, 1);
	g_assert_cmpstr(result(rs, "dkim")->result, ==, "fail");
	g_assert_cmpstr(ar_prop(result(rs, "dkim"), "header.d"), ==, "example.org");
	g_free(id);
	g_ptr_array_unref(rs);
}

static void
test_microsoft_without_authserv_id(void)
{
	GPtrArray *rs = auth_results_new();
	char *id = auth_results_parse("spf=fail (sender IP is 198.51.100.7)"
	    " smtp.mailfrom=example.org; dkim=none (message not signed) header.d=none;"
	    "dmarc=fail action=none header.from=example.org;compauth=fail reason=001", rs);

	g_assert_null(id);
	g_assert_cmpint(rs->len, ==, 4);
	g_assert_cmpstr(result(rs, "spf")->result, ==, "fail");
	g_assert_cmpstr(result(rs, "compauth")->result, ==, "fail");
	g_ptr_array_unref(rs);
}

static void
test_received_spf(void)
{
	GPtrArray *rs = auth_results_new();
	char *id = received_spf_parse("softfail (mx.example.net: domain of transitioning"
	    " alice@example.org does not designate 198.51.100.7 as permitted sender)"
	    " client-ip=198.51.100.7; envelope-from=\"alice@example.org\"; helo=bot;", rs);

	g_assert_cmpstr(id, ==, "mx.example.net");
	g_assert_cmpstr(result(rs, "spf")->result, ==, "softfail");
	g_assert_cmpstr(ar_prop(result(rs, "spf"), "smtp.mailfrom"), ==, "alice@example.org");
	g_free(id);
	id = received_spf_parse("pass receiver=mx2.example.net; envelope-from=a@b.example", rs);
	g_assert_cmpstr(id, ==, "mx2.example.net");
	g_free(id);
	g_ptr_array_unref(rs);
}

static GMimeMessage *
parse(const char *text)
{
	GMimeStream *s = g_mime_stream_mem_new_with_buffer(text, strlen(text));
	GMimeParser *p = g_mime_parser_new_with_stream(s);
	GMimeMessage *m = g_mime_parser_construct_message(p, NULL);

	g_object_unref(p);
	g_object_unref(s);
	return m;
}

/* Only the bouncing server's block, and only its own authserv-id. */
static void
test_bouncer_only(void)
{
	GMimeMessage *m = parse(
	    "Received: from bot (bot [198.51.100.7]) by mx1.example.net with ESMTP; Thu, 1 Jan 2026 00:00:00 +0000\n"
	    "Authentication-Results: mx.example.net; spf=fail smtp.mailfrom=alice@example.org\n"
	    "Authentication-Results: other.example; dkim=pass header.d=example.org\n"
	    "Received: from fake by relay.forger.example; Thu, 1 Jan 2026 00:00:00 +0000\n"
	    "Authentication-Results: mx.example.net; dkim=pass header.d=example.org\n"
	    "From: alice@example.org\n\nbody\n");
	char *server = NULL;
	GPtrArray *rs = auth_results_of_bouncer(m, "mx.example.net", &server);

	g_assert_cmpstr(server, ==, "mx.example.net");
	g_assert_cmpint(rs->len, ==, 1);
	g_assert_cmpstr(result(rs, "spf")->result, ==, "fail");
	g_assert_null(result(rs, "dkim"));
	g_free(server);
	g_ptr_array_unref(rs);
	/* the topmost Received: names the server when no Reporting-MTA is known */
	rs = auth_results_of_bouncer(m, NULL, &server);
	g_assert_cmpint(rs->len, ==, 1);
	g_free(server);
	g_ptr_array_unref(rs);
	g_object_unref(m);
}

/* Hostile input: random bytes drawn from the grammar's own characters. */
static void
test_random_input(void)
{
	static const char alphabet[] = "ab=;()\\\" \t\r\n.@/x1";
	GRand *rand = g_rand_new_with_seed(11);
	char buf[200];

	for (int round = 0; round < 20000; round++) {
		GPtrArray *rs = auth_results_new();
		int n = g_rand_int_range(rand, 0, sizeof buf);
		char *id;
		for (int i = 0; i < n; i++)
			buf[i] = alphabet[g_rand_int_range(rand, 0, sizeof alphabet - 1)];
		buf[n] = '\0';
		g_free(auth_results_parse(buf, rs));
		id = received_spf_parse(buf, rs);
		g_free(id);
		g_assert_cmpuint(rs->len, <=, 64);
		g_ptr_array_unref(rs);
	}
	g_rand_free(rand);
}

int
main(int argc, char **argv)
{
	g_mime_init();
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/auth-results/comments-hold-semicolons", test_comments_hold_semicolons);
	g_test_add_func("/auth-results/nested-comments-and-none", test_nested_comments_and_none);
	g_test_add_func("/auth-results/microsoft", test_microsoft_without_authserv_id);
	g_test_add_func("/auth-results/received-spf", test_received_spf);
	g_test_add_func("/auth-results/bouncer-only", test_bouncer_only);
	g_test_add_func("/auth-results/random-input", test_random_input);
	return g_test_run();
}
