/*
 * test-signature.c: signed Message-IDs, envelope tags, the key file's
 * text, and the sent log's lines and index.
 */
#include "config.h"

#include <string.h>

#include "sent-log.h"
#include "signature.h"

#define DAY 86400
#define NOW ((gint64)1795884000)

static void
ring(struct keyring *kr, guint8 fill)
{
	guint8 secret[KEY_BYTES];

	memset(kr, 0, sizeof *kr);
	memset(secret, fill, sizeof secret);
	keyring_add(kr, secret, NOW - 100 * DAY, 30);
}

static void
test_id_roundtrip(void)
{
	struct keyring kr, other;
	char *id, *bad;

	ring(&kr, 1);
	ring(&other, 2);
	id = signature_make_id(keyring_current(&kr), NOW, 0x0123456789abcdefULL, "Example.ORG");
	g_assert_true(g_str_has_prefix(id, "bs1.0."));
	g_assert_true(g_str_has_suffix(id, "@Example.ORG"));
	g_assert_cmpint(signature_check_id(&kr, id, NOW, 30), ==, SIG_VALID);
	g_assert_cmpint(signature_check_id(&kr, id, NOW + 29 * DAY, 30), ==, SIG_VALID);
	g_assert_cmpint(signature_check_id(&kr, id, NOW + 31 * DAY, 30), ==, SIG_EXPIRED);
	g_assert_cmpint(signature_check_id(&kr, id, NOW - 2 * DAY, 30), ==, SIG_EXPIRED);
	g_assert_cmpint(signature_check_id(&other, id, NOW, 30), ==, SIG_BAD);
	/* one character changed anywhere: bad */
	for (size_t i = 6; i < strlen(id); i++) {
		if (id[i] == '.' || id[i] == '@')
			continue;
		bad = g_strdup(id);
		bad[i] = bad[i] == '0' ? '1' : '0';
		g_assert_cmpint(signature_check_id(&kr, bad, NOW, 30), ==, SIG_BAD);
		g_free(bad);
	}
	g_assert_cmpint(signature_check_id(&kr, "20261128.1234@laptop.example.org", NOW, 30), ==, SIG_NONE);
	g_assert_cmpint(signature_check_id(&kr, "bs1.garbage@x", NOW, 30), ==, SIG_BAD);
	g_free(id);
}

static void
test_tag_roundtrip(void)
{
	struct keyring kr, other;
	char *t, *ext;

	ring(&kr, 3);
	ring(&other, 4);
	t = signature_make_tag(keyring_current(&kr), "alice@example.org", NOW, 7);
	g_assert_nonnull(t);
	g_assert_true(g_str_has_prefix(t, "alice+prvs=0"));
	g_assert_cmpint(strlen(t), ==, strlen("alice+prvs=0DDDSSSSSS@example.org"));
	g_assert_cmpint(signature_check_tag(&kr, t, NOW, 7), ==, SIG_VALID);
	g_assert_cmpint(signature_check_tag(&kr, t, NOW + 7 * DAY, 7), ==, SIG_VALID);
	g_assert_cmpint(signature_check_tag(&kr, t, NOW + 8 * DAY, 7), ==, SIG_EXPIRED);
	g_assert_cmpint(signature_check_tag(&other, t, NOW, 7), ==, SIG_BAD);
	g_assert_cmpint(signature_check_tag(&kr, "alice@example.org", NOW, 7), ==, SIG_NONE);
	/* case-insensitive, and bound to the local part */
	ext = g_ascii_strup(t, -1);
	g_assert_cmpint(signature_check_tag(&kr, ext, NOW, 7), ==, SIG_VALID);
	g_free(ext);
	ext = g_strdup(strchr(t, '+') + 1);
	*strchr(ext, '@') = '\0';
	g_assert_cmpint(signature_check_extension(&kr, ext, "alice", NOW, 7), ==, SIG_VALID);
	g_assert_cmpint(signature_check_extension(&kr, ext, "mallory", NOW, 7), ==, SIG_BAD);
	g_assert_null(signature_make_tag(keyring_current(&kr), "no-at-sign", NOW, 7));
	g_free(ext);
	g_free(t);
}

static void
test_keyring_text(void)
{
	struct keyring kr, back;
	char *text, *err = NULL;
	guint8 s2[KEY_BYTES];

	ring(&kr, 5);
	memset(s2, 6, sizeof s2);
	keyring_add(&kr, s2, NOW, 30);
	/* the first key was replaced just now: kept for checking */
	g_assert_cmpint(kr.n, ==, 2);
	g_assert_cmpint(keyring_current(&kr)->number, ==, 1);
	text = keyring_format(&kr);
	g_assert_true(keyring_parse(text, &back, &err));
	g_assert_cmpint(back.n, ==, 2);
	g_assert_cmpmem(back.keys[1].secret, KEY_BYTES, s2, KEY_BYTES);
	g_free(text);
	/* a third key 31 days later: the first has signed nothing still valid */
	keyring_add(&kr, s2, NOW + 31 * DAY, 30);
	g_assert_cmpint(kr.n, ==, 2);
	g_assert_cmpint(kr.keys[0].number, ==, 1);
	g_assert_false(keyring_parse("0 12 notbase64!\n", &back, &err));
	g_assert_nonnull(strstr(err, "line 1"));
	g_free(err);
	err = NULL;
	g_assert_false(keyring_parse("# only a comment\n", &back, &err));
	g_free(err);
}

static void
test_sent_log(void)
{
	char *rcpts[] = { "Bob@Example.NET", "bad address", "x,y@z", "carol@example.com", NULL };
	char *line = sent_log_line(NOW, "id-1@example.org", rcpts), *text;
	struct sent_log *l;
	gint64 t;

	g_assert_cmpstr(line, ==, "1795884000\tid-1@example.org\tbob@example.net,carol@example.com\n");
	g_assert_null(sent_log_line(NOW, "two words", rcpts));
	g_assert_null(sent_log_line(NOW, "tab\tid", rcpts));
	text = g_strdup_printf("%sgarbage line\n1000\told@example.org\tbob@example.net\n", line);
	l = sent_log_from_text(text, NOW - DAY);
	g_assert_true(sent_log_find_id(l, "id-1@example.org", &t));
	g_assert_cmpint(t, ==, NOW);
	g_assert_false(sent_log_find_id(l, "old@example.org", NULL));
	g_assert_true(sent_log_find_address(l, "CAROL@example.com", NULL));
	g_assert_false(sent_log_find_address(l, "dave@example.com", NULL));
	g_assert_cmpuint(sent_log_size(l), ==, 1);
	sent_log_free(l);
	g_free(text);
	g_free(line);
}

/* The log is searched as text: matches must be whole fields of valid lines. */
static void
test_sent_log_search(void)
{
	const char *text =
	    "1795884000\tid-1@example.org\tbob@example.net,carol@example.com\n"
	    "1795884100\tid-1@example.org\tdave@example.com\n"		/* sent again, later */
	    "1795884200\tx-id-2@example.org\tbob.b@example.net\n"
	    "1795884300\tid-3@example.org\terin@example.com\textra field\n"
	    "1795884400\tfrank@example.com\tgrace@example.com\n"	/* an id like an address */
	    "1000\told-4@example.org\tzoe@example.com\n"			/* outside the window */
	    "garbage\tid-5@example.org\tyan@example.com\n"
	    "1795884500\tlast@example.org\tlast@example.com";		/* no final LF */
	struct sent_log *l = sent_log_from_text(text, NOW - DAY);
	gint64 t = 0;

	g_assert_true(sent_log_find_id(l, "id-1@example.org", &t));
	g_assert_cmpint(t, ==, 1795884100);				/* the latest */
	g_assert_false(sent_log_find_id(l, "d-1@example.org", NULL));	/* a suffix */
	g_assert_false(sent_log_find_id(l, "id-2@example.org", NULL));
	g_assert_true(sent_log_find_id(l, "x-id-2@example.org", NULL));
	g_assert_false(sent_log_find_id(l, "id-3@example.org", NULL));	/* four fields */
	g_assert_false(sent_log_find_id(l, "old-4@example.org", NULL));
	g_assert_false(sent_log_find_id(l, "id-5@example.org", NULL));	/* no time */
	g_assert_false(sent_log_find_id(l, "bob@example.net", NULL));	/* a recipient */
	g_assert_false(sent_log_find_id(l, "two words", NULL));
	g_assert_false(sent_log_find_id(l, "", NULL));
	g_assert_true(sent_log_find_id(l, "last@example.org", &t));
	g_assert_cmpint(t, ==, 1795884500);

	g_assert_true(sent_log_find_address(l, "Bob@Example.NET", &t));
	g_assert_cmpint(t, ==, 1795884000);
	g_assert_true(sent_log_find_address(l, "carol@example.com", NULL));	/* at the end */
	g_assert_true(sent_log_find_address(l, "dave@example.com", NULL));
	g_assert_false(sent_log_find_address(l, "ob@example.net", NULL));	/* a suffix */
	g_assert_false(sent_log_find_address(l, "bob@example.ne", NULL));	/* a prefix */
	g_assert_true(sent_log_find_address(l, "bob.b@example.net", NULL));
	g_assert_false(sent_log_find_address(l, "frank@example.com", NULL));	/* an id */
	g_assert_true(sent_log_find_address(l, "grace@example.com", NULL));
	g_assert_false(sent_log_find_address(l, "erin@example.com", NULL));	/* four fields */
	g_assert_false(sent_log_find_address(l, "zoe@example.com", NULL));
	g_assert_false(sent_log_find_address(l, "yan@example.com", NULL));
	g_assert_false(sent_log_find_address(l, "id-1@example.org", NULL));
	g_assert_true(sent_log_find_address(l, "last@example.com", NULL));
	g_assert_false(sent_log_find_address(l, "a,b", NULL));
	g_assert_cmpuint(sent_log_size(l), ==, 5);
	sent_log_free(l);

	l = sent_log_from_text("", 0);
	g_assert_false(sent_log_find_id(l, "id-1@example.org", NULL));
	g_assert_cmpuint(sent_log_size(l), ==, 0);
	sent_log_free(l);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/signature/id", test_id_roundtrip);
	g_test_add_func("/signature/tag", test_tag_roundtrip);
	g_test_add_func("/signature/keyring", test_keyring_text);
	g_test_add_func("/signature/sent-log", test_sent_log);
	g_test_add_func("/signature/sent-log-search", test_sent_log_search);
	return g_test_run();
}
