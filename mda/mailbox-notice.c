/*
 * mailbox-notice.c: one notice per problem per day, in the inbox.
 *
 * The notice is delivered like any message (maildir.c: tmp/, fsync,
 * link into new/, fsync new/) straight into the inbox, without being
 * classified: it is our own text.  It carries no Auto-Submitted or
 * Precedence header and no bounce markers, so a later `check` or `scan`
 * takes it for what it is, ordinary mail.  The date of the last notice
 * per kind lives in <state_dir>/notices ("kind YYYY-MM-DD" lines),
 * replaced atomically (write, fsync, rename, fsync the directory) after
 * the notice is safe: a crash in between costs at most a second notice,
 * never a lost one.  A lock taken without waiting keeps two deliveries
 * from writing the same notice; the one that does not get it goes on.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include <glib.h>

#include "log.h"
#include "mailbox-notice.h"
#include "maildir.h"

#define WHAT_MAX	900	/* bytes of the problem's text kept */

struct kind_text {
	const char *kind, *subject, *effect, *fix;
};

static const struct kind_text kinds[] = {
	{ NOTICE_CONFIG, "backstop: your config file is broken, mail is not being checked",
	    "Every message is delivered to your inbox unchecked (X-Backstop: unchecked),"
	    " backscatter included.",
	    "Correct the file (backstop.conf(5) describes it), or move it away to use the"
	    " defaults. 'backstop check FILE' shows the problem too." },
	{ NOTICE_SETTING, "backstop: a setting in your config file was refused",
	    "backstop uses that key's default and goes on.",
	    "Correct the value (backstop.conf(5) describes each key)." },
	{ NOTICE_NOTMUCH, "backstop: cannot read your notmuch database, bounces are not verified",
	    "Without it, backstop cannot tell whether you sent the message a bounce answers:"
	    " such bounces are judged on other evidence only, or left unverified.",
	    "Check that the database exists and that you can read it ('notmuch count' runs"
	    " as you), or set [notmuch] config in backstop's config file." },
};

static const struct kind_text *
kind_text(const char *kind)
{
	for (size_t i = 0; i < G_N_ELEMENTS(kinds); i++)
		if (strcmp(kinds[i].kind, kind) == 0)
			return &kinds[i];
	return NULL;
}

/* Valid UTF-8 without control characters, at most WHAT_MAX bytes. New string. */
static char *
printable(const char *s)
{
	char *v = g_utf8_make_valid(s != NULL ? s : "", -1), *out;
	const char *end = v;

	for (char *p = v; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	if (strlen(v) > WHAT_MAX && !g_utf8_validate(v, WHAT_MAX, &end))
		out = g_strndup(v, (gsize)(end - v));
	else
		out = g_strndup(v, WHAT_MAX);
	g_free(v);
	return out;
}

static char *
today(void)
{
	GDateTime *now = g_date_time_new_now_local();
	char *d = g_date_time_format(now, "%Y-%m-%d");

	g_date_time_unref(now);
	return d;
}

static char *
state_path(const struct settings *s, const char *name)
{
	return g_build_filename(s->state_dir, name, NULL);
}

/* The state file's text, or an empty string. New string. */
static char *
read_state(const struct settings *s)
{
	char *path = state_path(s, "notices"), *text = NULL;

	if (!g_file_get_contents(path, &text, NULL, NULL))
		text = g_strdup("");
	g_free(path);
	return text;
}

char *
notice_last(const struct settings *s, const char *kind)
{
	char *text = read_state(s), **lines = g_strsplit(text, "\n", -1), *found = NULL;
	size_t klen = strlen(kind);

	for (char **l = lines; *l != NULL && found == NULL; l++)
		if (strncmp(*l, kind, klen) == 0 && (*l)[klen] == ' ')
			found = g_strdup(*l + klen + 1);
	g_strfreev(lines);
	g_free(text);
	return found;
}

/* Writes the state file with kind's line set to date: tmp, fsync, rename, fsync. */
static int
write_state(const struct settings *s, const char *kind, const char *date)
{
	char *text = read_state(s), **lines = g_strsplit(text, "\n", -1);
	char *path = state_path(s, "notices"), *tmp = g_strdup_printf("%s.%ld", path, (long)getpid());
	GString *out = g_string_new(NULL);
	size_t klen = strlen(kind);
	int fd, rc = -1;

	for (char **l = lines; *l != NULL; l++)
		if (**l != '\0' && !(strncmp(*l, kind, klen) == 0 && (*l)[klen] == ' '))
			g_string_append_printf(out, "%s\n", *l);
	g_string_append_printf(out, "%s %s\n", kind, date);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd != -1 && write_all(fd, out->str, out->len) == 0 && fsync(fd) == 0 &&
	    close(fd) == 0) {
		fd = -1;
		rc = rename(tmp, path) == 0 ? sync_dir(s->state_dir) : -1;
	}
	if (fd != -1)
		close(fd);
	if (rc == -1)
		unlink(tmp);
	g_string_free(out, TRUE);
	g_free(tmp);
	g_free(path);
	g_strfreev(lines);
	g_free(text);
	return rc;
}

/* Appends text to m as lines of at most WRAP columns (words kept whole), each after indent. */
#define WRAP	72
static void
append_wrapped(GString *m, const char *indent, const char *text)
{
	char **words = g_strsplit(text, " ", -1);
	size_t col = 0;

	for (char **w = words; *w != NULL; w++) {
		size_t len = strlen(*w);
		if (len == 0)
			continue;
		if (col > 0 && col + 1 + len > WRAP) {
			g_string_append_c(m, '\n');
			col = 0;
		}
		if (col == 0) {
			g_string_append(m, indent);
			col = strlen(indent);
		} else {
			g_string_append_c(m, ' ');
			col++;
		}
		g_string_append(m, *w);
		col += len;
	}
	g_string_append(m, "\n\n");
	g_strfreev(words);
}

static char *
compose(const struct settings *s, const char *kind, const char *what, const char *fix)
{
	const struct kind_text *k = kind_text(kind);
	GDateTime *now = g_date_time_new_now_local();
	char *date = g_date_time_format(now, "%a, %d %b %Y %H:%M:%S %z");
	char *text = printable(what), *msg;
	const char *to = s->addresses != NULL && s->addresses[0] != NULL ? s->addresses[0] : NULL;
	GString *m = g_string_new(NULL);

	g_string_append_printf(m, "X-Backstop: notice; kind=%s\n", kind);
	g_string_append(m, "From: backstop <backstop@localhost>\n");
	if (to != NULL && strspn(to, "abcdefghijklmnopqrstuvwxyz0123456789.-_+@") == strlen(to))
		g_string_append_printf(m, "To: <%s>\n", to);
	g_string_append_printf(m, "Subject: %s\n", k ? k->subject :
	    "backstop: a problem needs your attention");
	g_string_append_printf(m, "Date: %s\nMessage-ID: <notice.%s.%" G_GINT64_FORMAT ".%ld@backstop.invalid>\n",
	    date, kind, g_date_time_to_unix(now), (long)getpid());
	g_string_append(m, "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n"
	    "Content-Transfer-Encoding: 8bit\n\n");
	g_string_append(m, "backstop, which delivers your mail, has a problem:\n\n");
	append_wrapped(m, "  ", text);
	if (k != NULL)
		append_wrapped(m, "", k->effect);
	if (fix != NULL || k != NULL) {
		char *f = g_strconcat("To fix it: ", fix != NULL ? fix : k->fix, NULL);
		append_wrapped(m, "", f);
		g_free(f);
	}
	g_string_append(m, "You get at most one such notice a day for each problem. The mail\n"
	    "log (syslog, facility mail) has a line for every message.\n");
	msg = g_string_free(m, FALSE);
	g_free(text);
	g_free(date);
	g_date_time_unref(now);
	return msg;
}

/* Delivers text into s->maildir as one message. 0 or -1/errno. */
static int
deliver_text(const struct settings *s, const char *text)
{
	char *tmp = NULL, *final = NULL;
	int fd, rc = -1;

	if (maildir_ensure(s->maildir) == -1 || (fd = maildir_create_tmp(s->maildir, &tmp)) == -1)
		return -1;
	if (write_all(fd, text, strlen(text)) == 0 && fsync(fd) == 0) {
		if (close(fd) == 0)
			rc = maildir_publish(tmp, s->maildir, &final);
	} else
		close(fd);
	if (rc == -1)
		unlink(tmp);
	else
		log_info("delivered a notice to inbox %s", final);
	g_free(final);
	g_free(tmp);
	return rc;
}

static int
take_lock(const struct settings *s)
{
	char *path = state_path(s, "notices.lock");
	int fd = -1;

	if (g_mkdir_with_parents(s->state_dir, 0700) == 0)
		fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd != -1 && flock(fd, LOCK_EX | LOCK_NB) == -1) {
		close(fd);
		fd = -1;
	}
	g_free(path);
	return fd;
}

bool
notice_problem_fix(const struct settings *s, const char *kind, const char *what,
    const char *fix)
{
	char *day, *last = NULL, *text;
	bool sent = false;
	int lock;

	if (s == NULL || s->maildir == NULL || s->state_dir == NULL ||
	    (lock = take_lock(s)) == -1)
		return false;
	day = today();
	if ((last = notice_last(s, kind)) == NULL || strcmp(last, day) != 0) {
		text = compose(s, kind, what, fix);
		sent = deliver_text(s, text) == 0;
		if (!sent)
			log_warn("cannot deliver a notice about %s to %s", kind, s->maildir);
		else if (write_state(s, kind, day) == -1)
			log_warn("cannot record the notice in %s/notices", s->state_dir);
		g_free(text);
	}
	close(lock);
	g_free(last);
	g_free(day);
	return sent;
}

bool
notice_refused_settings(const struct settings *s)
{
	GString *what;
	bool sent = false;

	if (s == NULL || s->problems == NULL)
		return false;
	what = g_string_new(NULL);
	for (guint i = 0; i < s->problems->len; i++) {
		const struct settings_problem *p = g_ptr_array_index(s->problems, i);
		if (p->level != SETTINGS_ERROR)
			continue;
		if (what->len > 0)
			g_string_append(what, ". ");
		if (p->line > 0)
			g_string_append_printf(what, "%s:%d: %s", s->path, p->line, p->text);
		else
			g_string_append_printf(what, "%s: %s", s->path, p->text);
	}
	if (what->len > 0)
		sent = notice_problem(s, NOTICE_SETTING, what->str);
	g_string_free(what, TRUE);
	return sent;
}
