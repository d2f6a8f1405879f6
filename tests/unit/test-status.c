/*
 * test-status.c: why each recipient failed, measured against Sisimai.
 *
 * ../shared/corpora/expected-status.tsv holds, per failed recipient of
 * 556 shared answers, what Sisimai's own test suite expects: the
 * enhanced status code, the SMTP reply code, a reason and whether the
 * bounce is hard.  Rows come in the order the answer names its
 * recipients, so row i is compared with the i-th recipient extracted
 * (filters/recipients.c).  Rows that are not failures (feedback,
 * vacation, delivered) are not scored.
 *
 * Agreement:
 *   - found: the i-th recipient exists;
 *   - status: equal, or, where Sisimai inferred one (X.0.9xx), the same
 *     class digit (any 5.x.x agrees with 5.0.911);
 *   - reply code: equal, over the rows where Sisimai has one;
 *   - permanent: equal to Sisimai's hard bounce flag.
 * Each file is read as it is, with CRLF and with CR-only line ends;
 * the figures are printed and must stay above the MIN_* below (set just
 * under what was reached).  Disagreements are listed with
 * g_test_message (run with --verbose, or read the .log).  The corpus
 * is read in place and the test skips, saying so, when it is absent.
 */
#include <errno.h>
#include <stdlib.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "filter.h"
#include "recipients.h"

#define MIN_FOUND	0.99
#define MIN_STATUS	0.95
#define MIN_REPLY	0.94
#define MIN_PERMANENT	0.85

enum variant { V_LF, V_CRLF, V_CR, V_COUNT };
static const char *const variant_names[V_COUNT] = { "LF", "CRLF", "CR" };

/* Sisimai reasons that are not a failed delivery. */
static const char *const unscored[] = { "feedback", "vacation", "delivered", NULL };

struct figures {
	int	rows, found, status, reply_rows, reply, reply_extra, permanent, extra;
};

static struct {
	bool		 loaded, absent;
	char		*why;
	struct figures	 v[V_COUNT];
	GPtrArray	*notes;
} res;

static char *
corpus_dir(void)
{
	const char	*shared = g_getenv("SHARED_DIR");
	char		*top, *dir;

	if (shared != NULL)
		return g_build_filename(shared, "corpora", NULL);
	top = g_path_get_dirname(__FILE__);	/* tests/unit */
	dir = g_build_filename(top, "..", "..", "..", "shared", "corpora", NULL);
	g_free(top);
	return dir;
}

/* "<>" -> "", "<a@b>" -> "a@b", as mda/classify.c reads Return-Path. */
static char *
return_path(GMimeMessage *msg)
{
	const char	*rp = g_mime_object_get_header(GMIME_OBJECT(msg), "Return-Path");
	char		*v, *end;

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

/* data with every line end (LF, CRLF, CR) replaced by nl. */
static GByteArray *
convert(const char *data, gsize len, const char *nl)
{
	GByteArray	*out = g_byte_array_sized_new((guint)len + len / 16);

	for (gsize i = 0; i < len; i++) {
		if (data[i] == '\r' && i + 1 < len && data[i + 1] == '\n')
			continue;
		if (data[i] == '\n' || data[i] == '\r')
			g_byte_array_append(out, (const guint8 *)nl, (guint)strlen(nl));
		else
			g_byte_array_append(out, (const guint8 *)&data[i], 1);
	}
	return out;
}

/* Recognises the file as the program would, with line ends of variant v. */
static void
classify(const char *file, enum variant v, struct recognition *r)
{
	struct envelope	 env = { 0 };
	GMimeMessage	*msg;
	GByteArray	*bytes;
	char		*data = NULL, *name = NULL, *sender = NULL;
	gsize		 len;
	int		 fd;

	if (!g_file_get_contents(file, &data, &len, NULL))
		return;
	bytes = v == V_LF ? g_byte_array_new_take((guint8 *)data, len) :
	    convert(data, len, v == V_CRLF ? "\r\n" : "\r");
	if (v != V_LF)
		g_free(data);
	fd = g_file_open_tmp("test-status-XXXXXX", &name, NULL);
	if (fd != -1) {
		unlink(name);
		if (write(fd, bytes->data, bytes->len) == (ssize_t)bytes->len &&
		    (msg = message_parse_fd(fd)) != NULL) {
			env.sender = sender = return_path(msg);
			recognise(msg, &env, r);
			g_object_unref(msg);
		}
		close(fd);
	}
	g_free(name);
	g_free(sender);
	g_byte_array_unref(bytes);
}

/* Sisimai's "5.0.911": a status it inferred, not one the answer wrote. */
static bool
inferred(const char *status)
{
	return strlen(status) == 7 && strncmp(status + 1, ".0.9", 4) == 0;
}

static bool
status_agrees(const char *want, const char *got)
{
	if (inferred(want))
		return got[0] == want[0];
	return strcmp(want, got) == 0;
}

/* Scores one file's rows (char ** of TSV fields) in variant v. */
static void
score(const char *dir, const char *path, GPtrArray *rows, enum variant v)
{
	struct figures	*fg = &res.v[v];
	struct recognition r;
	char		*file = g_build_filename(dir, path, NULL);

	recognition_init(&r);
	classify(file, v, &r);
	if (r.recipients->len > rows->len)
		fg->extra += (int)(r.recipients->len - rows->len);
	for (guint i = 0; i < rows->len; i++) {
		char **f = g_ptr_array_index(rows, i);
		const struct recipient *rc = i < r.recipients->len ?
		    g_ptr_array_index(r.recipients, i) : NULL;
		int want_reply = f[2][0] != '\0' ? atoi(f[2]) : 0;
		bool want_hard = strcmp(f[4], "1") == 0;
		bool ok_status, ok_reply, ok_perm;

		fg->rows++;
		if (want_reply != 0)
			fg->reply_rows++;
		if (rc == NULL) {
			if (v == V_LF)
				g_ptr_array_add(res.notes, g_strdup_printf("missing: %s #%u "
				    "(want %s %s %s), class %s by %s", path, i + 1, f[1], f[2],
				    f[3], class_name(r.class), r.recogniser));
			continue;
		}
		fg->found++;
		ok_status = status_agrees(f[1], rc->status);
		ok_reply = want_reply == rc->reply_code;
		ok_perm = want_hard == rc->permanent;
		fg->status += ok_status;
		fg->reply += want_reply != 0 && ok_reply;
		fg->reply_extra += want_reply == 0 && rc->reply_code != 0;
		fg->permanent += ok_perm;
		if (v == V_LF && (!ok_status || (want_reply != 0 && !ok_reply) || !ok_perm))
			g_ptr_array_add(res.notes, g_strdup_printf("differs: %s #%u %s: want "
			    "%s %s %s hard=%s, got %s%s %d permanent=%d: %s", path, i + 1,
			    rc->address, f[1], f[2], f[3], f[4], rc->status,
			    rc->inferred ? "(inferred)" : "", rc->reply_code, rc->permanent,
			    rc->diagnostic != NULL ? rc->diagnostic : "-"));
	}
	recognition_clear(&r);
	g_free(file);
}

static bool
is_unscored(const char *reason)
{
	for (gsize i = 0; unscored[i] != NULL; i++)
		if (strcmp(reason, unscored[i]) == 0)
			return true;
	return false;
}

/* Groups the rows by path, in file order: path -> GPtrArray of char ** */
static void
load(void)
{
	char		*dir, *tsv, *text = NULL, **lines;
	GPtrArray	*order, *rows = NULL;
	GError		*error = NULL;
	const char	*last = "";

	if (res.loaded)
		return;
	res.loaded = true;
	res.notes = g_ptr_array_new_with_free_func(g_free);
	dir = corpus_dir();
	tsv = g_build_filename(dir, "expected-status.tsv", NULL);
	if (!g_file_get_contents(tsv, &text, NULL, &error)) {
		res.absent = true;
		res.why = g_strdup_printf("corpus not available: cannot read %s; set "
		    "SHARED_DIR to the shared directory", tsv);
		g_error_free(error);
		g_free(tsv);
		g_free(dir);
		return;
	}
	lines = g_strsplit(text, "\n", -1);
	order = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
	for (int i = 1; lines[i] != NULL; i++) {	/* line 0: column names */
		char **f = g_strsplit(lines[i], "\t", 5);
		if (g_strv_length(f) != 5 || is_unscored(f[3])) {
			g_strfreev(f);
			continue;
		}
		if (rows == NULL || strcmp(last, f[0]) != 0) {
			rows = g_ptr_array_new_with_free_func((GDestroyNotify)g_strfreev);
			g_ptr_array_add(order, rows);
		}
		g_ptr_array_add(rows, f);
		last = f[0];
	}
	for (guint i = 0; i < order->len; i++) {
		GPtrArray *fr = g_ptr_array_index(order, i);
		const char *path = ((char **)g_ptr_array_index(fr, 0))[0];
		for (enum variant v = 0; v < V_COUNT; v++)
			score(dir, path, fr, v);
	}
	g_ptr_array_unref(order);
	g_strfreev(lines);
	g_free(text);
	g_free(tsv);
	g_free(dir);
}

static bool
skipped(void)
{
	load();
	if (res.absent)
		g_test_skip(res.why);
	return res.absent;
}

static double
share(int n, int d)
{
	return d > 0 ? (double)n / d : 0.0;
}

static void
test_agreement(void)
{
	if (skipped())
		return;
	for (guint i = 0; i < res.notes->len; i++)
		g_test_message("%s", (char *)g_ptr_array_index(res.notes, i));
	for (enum variant v = 0; v < V_COUNT; v++) {
		const struct figures *fg = &res.v[v];
		g_test_message("%s: recipients found %d/%d (%.1f %%, %d more than Sisimai "
		    "names); status agrees %d/%d (%.1f %%); reply code agrees %d/%d "
		    "(%.1f %%, %d found where Sisimai has none); permanent agrees "
		    "%d/%d (%.1f %%)", variant_names[v], fg->found, fg->rows,
		    100 * share(fg->found, fg->rows), fg->extra, fg->status, fg->rows,
		    100 * share(fg->status, fg->rows), fg->reply, fg->reply_rows,
		    100 * share(fg->reply, fg->reply_rows), fg->reply_extra,
		    fg->permanent, fg->rows, 100 * share(fg->permanent, fg->rows));
	}
	for (enum variant v = 0; v < V_COUNT; v++) {
		const struct figures *fg = &res.v[v];
		g_assert_cmpint(fg->rows, >, 500);
		g_assert_cmpfloat(share(fg->found, fg->rows), >=, MIN_FOUND);
		g_assert_cmpfloat(share(fg->status, fg->rows), >=, MIN_STATUS);
		g_assert_cmpfloat(share(fg->reply, fg->reply_rows), >=, MIN_REPLY);
		g_assert_cmpfloat(share(fg->permanent, fg->rows), >=, MIN_PERMANENT);
	}
}

int
main(int argc, char **argv)
{
	int	rc;

	g_test_init(&argc, &argv, NULL);
	g_mime_init();
	g_test_add_func("/status/sisimai-agreement", test_agreement);
	rc = g_test_run();
	if (res.notes != NULL)
		g_ptr_array_unref(res.notes);
	g_free(res.why);
	g_mime_shutdown();
	return rc;
}
