/*
 * test-prescreen.c: the pre-screen never clears what the classifier
 * would flag.
 *
 * The delivery agent delivers a message the pre-screen calls ordinary
 * without parsing it, so a pre-screen miss is a bounce let through with
 * nobody told.  Asserted here:
 *   - every file of ../shared/corpora (when present; skipped, saying so,
 *     when not) and of testdata/, as it is, in CRLF and in CR-only, with
 *     no envelope sender and with an ordinary one: whenever recognise()
 *     names a class, the pre-screen says "maybe";
 *   - every subject string in the subject tables of a recogniser whose
 *     gate admits by subject (filters/recognise-*.c, read as source)
 *     makes it say "maybe" for mail from a person, so a new table the
 *     gate does not name cannot slip past (test-gates holds each
 *     recogniser to its gate on the corpora and fixtures);
 *   - hand cases for what GMime decodes and a byte search would not see
 *     (folding, split encoded words, quoted-printable, base64).
 * How much ordinary mail it clears is printed, not asserted.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "filter.h"
#include "prescreen.h"

static const char *const person = "bob@example.com";

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

/* The class recognise() gives data, parsed as the program parses. */
static enum msg_class
classify(const guint8 *data, gsize len, const char *sender)
{
	int fd = memfd_create("prescreen", 0);
	struct envelope env = { .sender = sender };
	struct recognition r;
	GMimeMessage *msg;
	char *rp = NULL;
	enum msg_class c;

	g_assert_cmpint(fd, >=, 0);
	g_assert_cmpint(write(fd, data, len), ==, (gssize)len);
	msg = message_parse_fd(fd);
	recognition_init(&r);
	if (msg != NULL && env.sender == NULL)
		env.sender = rp = return_path(msg);
	recognise(msg, &env, &r);
	c = r.class;
	recognition_clear(&r);
	if (msg != NULL)
		g_object_unref(msg);
	g_free(rp);
	close(fd);
	return c;
}

struct tally {
	int	files, flagged, missed, ham, ham_cleared;
	GHashTable *kept;	/* why ordinary mail was not cleared: count */
};

static void
check_bytes(const char *path, const guint8 *data, gsize len, bool ham, struct tally *t)
{
	const char *senders[] = { NULL, person };

	for (size_t i = 0; i < G_N_ELEMENTS(senders); i++) {
		enum msg_class c = classify(data, len, senders[i]);
		const char *why = NULL;
		bool maybe = prescreen_maybe_answer((const char *)data, len, senders[i], &why);

		t->files++;
		if (c != CLASS_NONE)
			t->flagged++;
		if (c != CLASS_NONE && !maybe) {
			t->missed++;
			g_test_message("MISSED: %s (sender %s): class %s cleared", path,
			    senders[i] ? senders[i] : "none", class_name(c));
		}
		if (ham && c == CLASS_NONE) {
			t->ham++;
			t->ham_cleared += !maybe;
			if (maybe)
				g_hash_table_insert(t->kept, (gpointer)why, GINT_TO_POINTER(
				    GPOINTER_TO_INT(g_hash_table_lookup(t->kept, why)) + 1));
		}
	}
}

static void
check_file(const char *path, bool ham, struct tally *t)
{
	static const char *const nls[] = { "\n", "\r\n", "\r" };
	gchar *data;
	gsize len;

	if (!g_file_get_contents(path, &data, &len, NULL))
		return;
	check_bytes(path, (const guint8 *)data, len, ham, t);
	for (size_t i = 1; i < G_N_ELEMENTS(nls); i++) {
		GByteArray *v = convert(data, len, nls[i]);
		check_bytes(path, v->data, v->len, ham, t);
		g_byte_array_unref(v);
	}
	g_free(data);
}

static void
walk(const char *dir, bool ham, struct tally *t)
{
	GDir *d = g_dir_open(dir, 0, NULL);
	const char *name;

	if (d == NULL)
		return;
	while ((name = g_dir_read_name(d)) != NULL) {
		char *path = g_build_filename(dir, name, NULL);
		if (g_file_test(path, G_FILE_TEST_IS_DIR))
			walk(path, ham || strcmp(name, "ham") == 0, t);
		else if (!g_str_has_suffix(name, ".md") && !g_str_has_suffix(name, ".tsv"))
			check_file(path, ham, t);
		g_free(path);
	}
	g_dir_close(d);
}

static void
report(const char *what, const struct tally *t)
{
	g_test_message("%s: %d file variants, %d flagged by the classifier, %d of them "
	    "cleared by the pre-screen; ordinary mail cleared: %d/%d", what, t->files,
	    t->flagged, t->missed, t->ham_cleared, t->ham);
	printf("# %s: %d variants, %d flagged, %d missed; ordinary cleared %d/%d (%.1f %%)\n",
	    what, t->files, t->flagged, t->missed, t->ham_cleared, t->ham,
	    t->ham > 0 ? 100.0 * t->ham_cleared / t->ham : 0.0);
	GHashTableIter it;
	gpointer k, v;
	g_hash_table_iter_init(&it, t->kept);
	while (g_hash_table_iter_next(&it, &k, &v))
		printf("#   ordinary mail parsed for %s: %d\n", (const char *)k, GPOINTER_TO_INT(v));
	g_hash_table_unref(t->kept);
}

static void
test_corpora(void)
{
	const char *shared = g_getenv("SHARED_DIR");
	char *dir = g_build_filename(shared ? shared : "../shared", "corpora", NULL);
	struct tally t = { .kept = g_hash_table_new(g_str_hash, g_str_equal) };

	if (!g_file_test(dir, G_FILE_TEST_IS_DIR)) {
		g_test_skip("../shared/corpora is absent: the corpus check is skipped");
		g_free(dir);
		return;
	}
	walk(dir, false, &t);
	report("corpora", &t);
	g_assert_cmpint(t.flagged, >, 1000);
	g_assert_cmpint(t.missed, ==, 0);
	g_free(dir);
}

static void
test_fixtures(void)
{
	const char *dir = g_getenv("TESTDATA");
	struct tally t = { .kept = g_hash_table_new(g_str_hash, g_str_equal) };

	if (dir == NULL) {
		g_test_skip("TESTDATA is not set (run under make check)");
		return;
	}
	walk(dir, false, &t);
	report("testdata", &t);
	g_assert_cmpint(t.flagged, >, 20);
	g_assert_cmpint(t.missed, ==, 0);
}

static bool
screened(const char *msg, const char *sender)
{
	return prescreen_maybe_answer(msg, strlen(msg), sender, NULL);
}

static bool
screened_len(const char *msg, size_t len, const char *sender)
{
	return prescreen_maybe_answer(msg, len, sender, NULL);
}

/* C string literal body (between the quotes) to bytes. */
static char *
unescape(const char *s, size_t len)
{
	GString *out = g_string_new(NULL);

	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\\' && i + 3 < len + 1 && s[i + 1] == 'x' &&
		    g_ascii_isxdigit(s[i + 2]) && g_ascii_isxdigit(s[i + 3])) {
			g_string_append_c(out, (char)(g_ascii_xdigit_value(s[i + 2]) * 16 +
			    g_ascii_xdigit_value(s[i + 3])));
			i += 3;
		} else if (s[i] == '\\' && i + 1 < len)
			g_string_append_c(out, s[++i]);
		else
			g_string_append_c(out, s[i]);
	}
	return g_string_free(out, FALSE);
}

/* Every string literal of the subject tables of one recogniser source. */
static int
check_tables(const char *path, int *missed)
{
	GRegex *table = g_regex_new("(subject|prefix|ticket_words)\\w*\\s*\\[\\]\\s*=", 0, 0, NULL);
	gchar *src, **lines;
	int n = 0;
	bool in = false;

	g_assert_true(g_file_get_contents(path, &src, NULL, NULL));
	lines = g_strsplit(src, "\n", -1);
	for (char **l = lines; *l != NULL; l++) {
		const char *p = *l, *q;
		if (!in && g_regex_match(table, *l, 0, NULL))
			in = true;
		if (!in)
			continue;
		while ((p = strchr(p, '"')) != NULL && (q = strchr(p + 1, '"')) != NULL) {
			while (q[-1] == '\\' && (q = strchr(q + 1, '"')) != NULL)
				;
			if (q == NULL)
				break;
			char *subject = unescape(p + 1, (size_t)(q - p - 1));
			char *msg = g_strdup_printf("From: Bob <bob@example.com>\nTo: alice@example.org\n"
			    "Subject: Re: %s\nMessage-ID: <x@example.com>\n\nhello\n", subject);
			n++;
			if (!screened(msg, person)) {
				(*missed)++;
				g_test_message("%s: subject \"%s\" is cleared", path, subject);
			}
			g_free(msg);
			g_free(subject);
			p = q + 1;
		}
		if (strstr(*l, "};") != NULL)
			in = false;
	}
	g_strfreev(lines);
	g_free(src);
	g_regex_unref(table);
	return n;
}

/*
 * True if recognise-NAME.c's stage lets a subject alone admit a message
 * (its gate, or one it includes, declares subjects): then every subject
 * table in the file must be one the gate names.  Stages that ask a mail
 * system's sender first (the MTA families, daemon, general) keep
 * subject tables the gate need not name.
 */
static bool
subject_gate(const char *file)
{
	size_t n;
	const struct recogniser *const *stages = recognise_stages(&n);

	for (size_t i = 0; i < n; i++) {
		char *want = g_strdup_printf("recognise-%s.c", stages[i]->name);
		bool same = strcmp(want, file) == 0;

		g_free(want);
		if (!same)
			continue;
		for (const struct gate *g = stages[i]->gate; g != NULL; g = g->also)
			if (g->subjects != NULL)
				return true;
		return false;
	}
	return false;
}

static void
test_subject_tables(void)
{
	const char *tests = g_getenv("TESTS_DIR");
	char *dir = g_build_filename(tests ? tests : "tests", "..", "filters", NULL);
	GDir *d = g_dir_open(dir, 0, NULL);
	const char *name;
	int n = 0, missed = 0;

	g_assert_nonnull(d);
	while ((name = g_dir_read_name(d)) != NULL) {
		if (!g_str_has_prefix(name, "recognise-") || !g_str_has_suffix(name, ".c") ||
		    !subject_gate(name))
			continue;
		char *path = g_build_filename(dir, name, NULL);
		n += check_tables(path, &missed);
		g_free(path);
	}
	g_dir_close(d);
	g_free(dir);
	printf("# subject table strings: %d, cleared: %d\n", n, missed);
	g_assert_cmpint(n, >, 150);
	g_assert_cmpint(missed, ==, 0);
}

#define HAM "From: Bob <bob@example.com>\nTo: alice@example.org\nSubject: lunch on friday\n" \
	"Message-ID: <1@example.com>\nDate: Sat, 28 Nov 2026 10:00:00 +0000\n\n"

static void
test_hand_cases(void)
{
	/* ordinary mail is cleared, in any line-end convention */
	g_assert_false(screened(HAM "see you there\n", person));
	g_assert_false(screened(HAM "see you there\n", NULL));
	g_assert_false(screened("From: Bob <bob@example.com>\r\nSubject: lunch\r\n\r\nhi\r\n", person));
	g_assert_false(screened("", person));
	/* senders */
	g_assert_true(screened(HAM "x\n", ""));
	g_assert_true(screened(HAM "x\n", "MAILER-DAEMON@mx.example.net"));
	g_assert_true(screened("Return-Path: <>\n" HAM "x\n", NULL));
	g_assert_true(screened("X-Envelope-From: MAILER-DAEMON Sat Nov 28 10:00:00 2026\n" HAM, person));
	g_assert_true(screened("From: Mail Delivery System <x@example.net>\nSubject: hi\n\nx\n", person));
	g_assert_true(screened("From: =?utf-8?q?Mail_Delivery_System?= <x@example.net>\n\nx\n", person));
	g_assert_true(screened("From: postmaster@example.net\nSubject: hi\n\nx\n", person));
	/* subjects GMime unfolds and decodes */
	g_assert_true(screened("From: b@example.com\nSubject: Out of the\n office\n\nx\n", person));
	g_assert_true(screened("From: b@example.com\nSubject: =?utf-8?q?out_of_off?= =?utf-8?q?ice?=\n\nx\n", person));
	g_assert_true(screened("From: b@example.com\nSubject: =?iso-8859-1?q?R=E9ponse_automatique?=\n\nx\n", person));
	g_assert_true(screened("From: b@example.com\nSubject: =?koi8-r?b?4dfUz83B1MnexdPLycogz9TXxdQ6?=\n\nx\n", person));
	g_assert_false(screened("From: b@example.com\nSubject: =?iso-8859-1?q?R=E9ponse?=\n\nx\n", person));
	/* bytes not valid in the charset: GMime substitutes them, so not read here */
	g_assert_true(screened("From: b@example.com\nSubject: =?utf-16be?b?2AA=?=\n\nx\n", person));
	g_assert_true(screened("From: b@example.com\nSubject: =?shift_jis?b?gQ==?=\n\nx\n", person));
	g_assert_true(screened("From: b@example.com\nSubject: R\xe9ponse\n\nx\n", person));
	g_assert_false(screened("From: b@example.com\nSubject: =?utf-8?q?lunch_on_friday?=\n\nx\n", person));
	/* capitals beyond ASCII, which notice.c lower-cases as UTF-8 (issue 12) */
	g_assert_true(screened("From: b@example.com\nSubject: L\xc3\x84ST: budget\n\nx\n", person));
	g_assert_true(screened("From: b@example.com\nSubject: =?utf-8?q?L=C3=86ST:_budget?=\n\nx\n", person));
	g_assert_true(screened("From: b@example.com\rSubject: Out of office\r\rx\r", person));
	/* a lone CR in LF mail is no line end to GMime (found by the fuzzer) */
	g_assert_true(screened("From: b@example.com\nSubject: =?UTF-8?B?6Ieq5YuV\r5b+c562U?=\n\nx\n", person));
	g_assert_true(screened("From: b@example.com\nSubject: Out of\r office\n\nx\n", person));
	/* ... and GMime deletes it from the header value (found by the fuzzer) */
	g_assert_true(screened("From: b@example.com\nAuto-Submitted: auto-re\rplied\n\nx\n", person));
	g_assert_true(screened("From: b@example.com\nSubject: Vaca\rtion\n\nx\n", person));
	g_assert_true(screened(HAM "Your mail sent\r on: Sat\n", person));
	/* GMime's unfolding: the line break goes, the blanks stay; a blank-looking line continues */
	g_assert_true(screened("From: b@example.com\nSubject: I am\n out today\n\nx\n", person));
	g_assert_true(screened("From: b@example.com\nAuto-Submitted:\n \n auto-replied\n\nx\n", person));
	g_assert_true(screened("Content-Transfer-Encoding: base64\nX-A: y\n \nSubject: s\n\n"
	    "WW91ciBtYWlsIHNlbnQgb246IFNhdA==\n", person));
	/* headers only answers carry, and reports, wherever they are */
	g_assert_true(screened("Auto-Submitted: auto-replied\n" HAM, person));
	g_assert_false(screened("Auto-Submitted: no\n" HAM, person));
	g_assert_true(screened(HAM "--b\nContent-Type: message/rfc822\n\nFrom: x\n", person));
	g_assert_true(screened("Content-Type: multipart/report;\n\treport-type=delivery-status\n" HAM, person));
	g_assert_true(screened("X-MLServer: fml\n" HAM, person));
	/* kddi's template lines: plain, through quoted-printable, in base64 */
	g_assert_true(screened(HAM "Your mail sent on: Sat\n", person));
	g_assert_true(screened(HAM "Your mail sent o=\nn: Sat\n", person));
	g_assert_true(screened(HAM "Your mail sent on=3A Sat\n", person));
	/* exact gates: one line kddi asks together with the other is not enough */
	g_assert_false(screened(HAM "Could not be delivered to: <a@b>\n", person));
	/*
	 * a bounce's subject from any address: a gateway sending from its
	 * own (recognise-general.c's titled report) is asked the rest by
	 * the stage; a subject that only mentions delivery is not admitted
	 */
	g_assert_true(screened("From: b@example.com\nSubject: Undelivered Mail Returned to Sender\n\nx\n", person));
	g_assert_false(screened("From: b@example.com\nSubject: About the undelivered parcel\n\nx\n", person));
	g_assert_true(screened("From: MAILER-DAEMON@example.com\nSubject: hello\n\nx\n", person));
	/* an attachment named "report" is no report; a spaced type still is */
	g_assert_false(screened(HAM "--b\nContent-Type: application/pdf; name=\"report.pdf\"\n\nx\n", person));
	g_assert_true(screened("Content-Type: multipart / (c) Report; boundary=b\n" HAM, person));
	g_assert_true(screened("Content-Transfer-Encoding: base64\n" HAM
	    "WW91ciBtYWlsIHNlbnQgb246IFNhdA==\n", person));
	g_assert_false(screened("Content-Transfer-Encoding: base64\n" HAM
	    "aGVsbG8gdGhlcmU=\n", person));
	g_assert_true(screened("Content-Transfer-Encoding: x-uuencode\n" HAM "x\n", person));
	g_assert_true(screened("Content-Type: text/plain; charset=utf-16\n" HAM "x\n", person));
	/* found by reasoning about notice.c's to_utf8: a NUL is a blank, what iconv drops is gone */
	static const char nul[] = HAM "Your mail sent\0on: x\nCould not be delivered\0to: <a@b>\n";
	g_assert_true(screened_len(nul, sizeof(nul) - 1, person));
	g_assert_true(screened("Content-Type: text/plain; charset=windows-1252\n" HAM
	    "Your mail sent\x81 on: x\nCould not be delivered\x81 to: <a@b>\n", person));
	g_assert_true(screened("Content-Type: text/plain; charset=utf8\n" HAM
	    "Your mail sent\xff on: x\nCould not be delivered\xff to: <a@b>\n", person));
	g_assert_true(screened("Content-Type: text/plain; charset=iso-2022-jp\n" HAM
	    "Your mail sent\x1b(B on: x\nCould not be delivered\x1b(B to: <a@b>\n", person));
	/* charsets in which ASCII bytes are other text, however the parameter is spelt */
	g_assert_true(screened("Content-Type: text/plain; charset=IBM037\n" HAM
	    "\xe8\x96\xa4\x99@\x94\x81\x89\x93@\xa2\x85\x95\xa3@\x96\x95z\n", person));
	g_assert_true(screened("Content-Type: text/plain; charset=UTF16\n" HAM "x\n", person));
	g_assert_true(screened("Content-Type: text/plain; charset*0=utf-1; charset*1=6\n" HAM "x\n", person));
	g_assert_true(screened("Content-Type: text/plain; charset=\"utf\\-16\"\n" HAM "x\n", person));
	g_assert_false(screened("Content-Type: text/plain; charset=\"ISO-8859-1\"\n" HAM "x\n", person));
	/* encoded words in such charsets: GMime converts them */
	g_assert_true(screened("From: b@example.com\nSubject: =?utf-7?q?+AGE-uto_reply?=\n\nx\n", person));
	g_assert_true(screened("From: b@example.com\nSubject: =?utf-16be?b?AE8AdQB0ACAAbwBmACAAbwBmAGYAaQBjAGU=?=\n\nx\n", person));
	g_assert_true(screened("From: b@example.com\nSubject: =?iso-2022-jp?q?Out_of_off=1B(Bice?=\n\nx\n", person));
	g_assert_true(screened("From: =?utf-7?q?Mail_+AGQ-elivery_System?= <x@example.net>\nSubject: hello\n\nx\n", person));
	g_assert_false(screened("From: b@example.com\nSubject: =?iso-8859-1?q?lunch?=\n\nx\n", person));
	/* GMime decodes a base64 part as one stream, across blank and "--" lines */
	g_assert_true(screened("Content-Transfer-Encoding: base64\n" HAM
	    "WW91c\n\niBtYWlsIHNlbnQgb246IFNhdA==\n", person));
	g_assert_true(screened("Content-Transfer-Encoding: base64\n" HAM
	    "WW91c\n \t\niBtYWlsIHNlbnQgb246IFNhdA==\n", person));
	g_assert_true(screened("Content-Transfer-Encoding: base64\n" HAM
	    "WW91ciBt\n--\nYWlsIHNlbnQgb246IFNhdA==\n", person));
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_mime_init();
	g_test_add_func("/prescreen/hand-cases", test_hand_cases);
	g_test_add_func("/prescreen/subject-tables", test_subject_tables);
	g_test_add_func("/prescreen/fixtures", test_fixtures);
	g_test_add_func("/prescreen/corpora", test_corpora);
	return g_test_run();
}
