/*
 * test-gates.c: every recogniser's gate admits what its match() claims.
 *
 * The pre-screen (filters/prescreen.c) parses a message only when some
 * recogniser's gate (struct gate, in the recogniser's own file) admits
 * it.  A recogniser that gains a trigger its gate does not declare would
 * have its answers delivered unparsed as ordinary mail.  So every file
 * of ../shared/corpora (skipped, saying so, when absent) and of
 * testdata/ (fixtures, scenarios, heldout-own), as LF, CRLF and CR-only,
 * with the sender the classifier would see and with a person's, is run
 * through EACH recogniser's match() alone (not just the first in the
 * table: a later stage's claim counts too) and, where it matches,
 * through that recogniser's gate alone; a miss fails, naming both:
 * "recogniser X matches FILE but its gate does not admit it".
 *
 * Also: every word a gate declares makes the pre-screen say "maybe" in
 * the place the gate names (a table entry cannot be dropped by the
 * pre-screen's preparation), and every stage has a gate.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "filter.h"
#include "prescreen.h"

static const char *const person = "bob@example.com";

struct tally {
	int	variants, matches, missed;
};

/* LF, CRLF or CR line ends for data. */
static GByteArray *
convert(const char *data, gsize len, const char *nl)
{
	GByteArray *out = g_byte_array_sized_new((guint)len + len / 16);

	for (gsize i = 0; i < len; i++) {
		if (data[i] == '\r' && i + 1 < len && data[i + 1] == '\n')
			continue;
		if (data[i] == '\n' || data[i] == '\r')
			g_byte_array_append(out, (const guint8 *)nl, (guint)strlen(nl));
		else
			g_byte_array_append(out, (const guint8 *)data + i, 1);
	}
	return out;
}

/* Return-Path as the classifier reads it back ("<>" is the null sender). */
static char *
return_path(GMimeMessage *msg)
{
	const char *rp = g_mime_object_get_header(GMIME_OBJECT(msg), "Return-Path");
	char *v, *end;

	if (rp == NULL)
		return NULL;
	v = g_strstrip(g_strdup(rp));
	if (v[0] == '<') {
		memmove(v, v + 1, strlen(v));
		if ((end = strchr(v, '>')) != NULL)
			*end = '\0';
	}
	return v;
}

/* Runs one stage's match() alone; true if it claims the message. */
static bool
stage_matches(const struct recogniser *stage, GMimeMessage *msg,
    const struct envelope *env)
{
	struct recognition r;
	bool hit;

	recognition_init(&r);
	hit = stage->match(msg, env, &r);
	recognition_clear(&r);
	return hit;
}

static void
check_bytes(const char *path, const char *how, const guint8 *data, gsize len,
    struct tally *t)
{
	const char *senders[] = { NULL, person };
	size_t n;
	const struct recogniser *const *stages = recognise_stages(&n);
	int fd = memfd_create("gates", 0);
	GMimeMessage *msg;

	g_assert_cmpint(fd, >=, 0);
	g_assert_cmpint(write(fd, data, len), ==, (gssize)len);
	msg = message_parse_fd(fd);
	for (size_t i = 0; msg != NULL && i < G_N_ELEMENTS(senders); i++) {
		char *rp = senders[i] == NULL ? return_path(msg) : NULL;
		struct envelope env = { .sender = senders[i] != NULL ? senders[i] : rp };

		t->variants++;
		for (size_t k = 0; k < n; k++) {
			if (!stage_matches(stages[k], msg, &env))
				continue;
			t->matches++;
			if (prescreen_gate_admits(stages[k]->gate, stages[k]->name,
			    (const char *)data, len, senders[i], NULL))
				continue;
			t->missed++;
			printf("# recogniser %s matches %s (%s, sender %s) but its gate "
			    "does not admit it\n", stages[k]->name, path, how,
			    senders[i] != NULL ? senders[i] : "from the file");
		}
		g_free(rp);
	}
	if (msg != NULL)
		g_object_unref(msg);
	close(fd);
}

static void
check_file(const char *path, struct tally *t)
{
	static const struct { const char *nl, *how; } forms[] = {
		{ "\r\n", "CRLF" }, { "\r", "CR" },
	};
	gchar *data;
	gsize len;

	if (!g_file_get_contents(path, &data, &len, NULL))
		return;
	check_bytes(path, "as it is", (const guint8 *)data, len, t);
	for (size_t i = 0; i < G_N_ELEMENTS(forms); i++) {
		GByteArray *v = convert(data, len, forms[i].nl);
		check_bytes(path, forms[i].how, v->data, v->len, t);
		g_byte_array_unref(v);
	}
	g_free(data);
}

static void
walk(const char *dir, struct tally *t)
{
	GDir *d = g_dir_open(dir, 0, NULL);
	const char *name;

	if (d == NULL)
		return;
	while ((name = g_dir_read_name(d)) != NULL) {
		char *path = g_build_filename(dir, name, NULL);
		if (g_file_test(path, G_FILE_TEST_IS_DIR))
			walk(path, t);
		else if (!g_str_has_suffix(name, ".md") && !g_str_has_suffix(name, ".tsv") &&
		    !g_str_has_suffix(name, ".sh"))
			check_file(path, t);
		g_free(path);
	}
	g_dir_close(d);
}

static void
report(const char *what, const struct tally *t)
{
	printf("# %s: %d variants, %d matches of a stage alone, %d not admitted by "
	    "that stage's gate\n", what, t->variants, t->matches, t->missed);
}

static void
test_corpora(void)
{
	const char *shared = g_getenv("SHARED_DIR");
	char *dir = g_build_filename(shared ? shared : "../shared", "corpora", NULL);
	struct tally t = { 0 };

	if (!g_file_test(dir, G_FILE_TEST_IS_DIR)) {
		printf("# ../shared/corpora is absent: the corpus check is skipped\n");
		g_test_skip("../shared/corpora is absent: the corpus check is skipped");
		g_free(dir);
		return;
	}
	walk(dir, &t);
	report("corpora", &t);
	g_assert_cmpint(t.matches, >, 1000);
	g_assert_cmpint(t.missed, ==, 0);
	g_free(dir);
}

static void
test_testdata(void)
{
	const char *dir = g_getenv("TESTDATA");
	struct tally t = { 0 };

	if (dir == NULL) {
		g_test_skip("TESTDATA is not set (run under make check)");
		return;
	}
	walk(dir, &t);
	report("testdata (fixtures, scenarios, heldout-own)", &t);
	g_assert_cmpint(t.matches, >, 100);
	g_assert_cmpint(t.missed, ==, 0);
}

/* The message that puts word where the gate field says. */
static char *
message_with(const char *where, const char *word)
{
	const char *plain = "From: Bob <bob@example.com>\nTo: alice@example.org\n"
	    "Subject: lunch on friday\nMessage-ID: <1@example.com>\n";

	if (strcmp(where, "subject") == 0)
		return g_strdup_printf("From: Bob <bob@example.com>\nTo: alice@example.org\n"
		    "Subject: Re: %s\nMessage-ID: <1@example.com>\n\nhello\n", word);
	if (strcmp(where, "from") == 0)
		return g_strdup_printf("From: x %s x\nTo: alice@example.org\n"
		    "Subject: lunch on friday\n\nhello\n", word);
	if (strcmp(where, "sender") == 0)
		return g_strdup_printf("Return-Path: <x%sx@example.net>\n%s\nhello\n", word, plain);
	if (strcmp(where, "type") == 0)
		return g_strdup_printf("%sMIME-Version: 1.0\nContent-Type: %s; boundary=b\n\nhello\n",
		    plain, word);
	if (strcmp(where, "body") == 0)
		return g_strdup_printf("%s\nhello\n%s x\n", plain, word);
	return g_strdup_printf("%s%s\nhello\n", plain, word);	/* a header line */
}

static void
expect_admitted(const char *stage, const char *where, const char *word, int *n,
    int *missed)
{
	char *msg = message_with(where, word);

	(*n)++;
	if (!prescreen_maybe_answer(msg, strlen(msg), person, NULL)) {
		(*missed)++;
		printf("# gate of %s: %s word \"%s\" is cleared\n", stage, where, word);
	}
	g_free(msg);
}

static void
words_admitted(const char *stage, const char *where,
    const char *const *const *tables, int *n, int *missed)
{
	for (size_t t = 0; tables != NULL && tables[t] != NULL; t++)
		for (size_t i = 0; tables[t][i] != NULL; i++)
			expect_admitted(stage, where, tables[t][i], n, missed);
}

static void
gate_admitted(const char *stage, const struct gate *g, int *n, int *missed)
{
	for (; g != NULL; g = g->also) {
		words_admitted(stage, "subject", g->subjects, n, missed);
		words_admitted(stage, "from", g->from, n, missed);
		words_admitted(stage, "sender", g->senders, n, missed);
		words_admitted(stage, "type", g->content_types, n, missed);
		words_admitted(stage, "body", g->body, n, missed);
		for (size_t t = 0; g->headers != NULL && g->headers[t] != NULL; t++)
			for (const struct gate_header *h = g->headers[t]; h->name != NULL; h++) {
				char *line = g_strdup_printf("%s: %s", h->name,
				    h->value != NULL ? h->value : "x");
				expect_admitted(stage, "header", line, n, missed);
				g_free(line);
			}
		if (g->null_sender) {
			(*n)++;
			if (!prescreen_maybe_answer("Subject: hi\n\nx\n", 15, "", NULL))
				(*missed)++;
		}
	}
}

static void
test_declared_words(void)
{
	size_t n;
	const struct recogniser *const *stages = recognise_stages(&n);
	int words = 0, missed = 0;

	for (size_t i = 0; i < n; i++) {
		g_assert_nonnull(stages[i]->gate);
		gate_admitted(stages[i]->name, stages[i]->gate, &words, &missed);
	}
	printf("# words the gates declare: %d, cleared: %d\n", words, missed);
	g_assert_cmpint(words, >, 250);
	g_assert_cmpint(missed, ==, 0);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_mime_init();
	g_test_add_func("/gates/declared-words", test_declared_words);
	g_test_add_func("/gates/testdata", test_testdata);
	g_test_add_func("/gates/corpora", test_corpora);
	return g_test_run();
}
