/*
 * cmd-sendmail.c: `backstop sendmail [sendmail options] [recipients]`, a
 * drop-in for sendmail(1) that marks outgoing mail so that answers to
 * it prove themselves later (the per-user, root-free cousin of BATV).
 *
 * Design:
 * 1. The message is the user's, and losing it is the one thing this
 *    command must never do.  Whatever of ours fails (config, key, temp
 *    file, sent log), the real sendmail still runs with the message,
 *    and its exit status is ours; the failure is logged and printed.
 *    What cannot be helped: if standard input itself cannot be read,
 *    there is no message to pass on, and we exit EX_IOERR.
 * 2. Nothing is rewritten but the envelope sender (with
 *    `envelope_tag = yes`) and one added Message-ID line when the
 *    message has none.  An existing Message-ID is kept: changing it
 *    would break the user's own copy and threading.
 * 3. The real sendmail runs as a child so that the sent log records a
 *    message only once that sendmail accepted it (exit 0).
 * 4. Options are passed on in order.  Only -f/-r (the envelope sender)
 *    are replaced when tagging, and only -t, -b and -q are interpreted:
 *    -t for the recipients to log, -bX (X not m or v) and -q/-I mean no
 *    message is sent, so the real sendmail is run untouched.
 * 5. -bv (verify) is treated as a send, so the request is recorded in
 *    the sent log with its addresses: Postfix answers it with a delivery
 *    report (class delivered) quoting a probe with an ID of Postfix's
 *    own, which evidence-sentlog.c matches by recipient.  It is recorded
 *    before the real sendmail runs: the report may be delivered before
 *    sendmail returns, and a record of a failed request costs nothing.
 *    (Exim and sendmail print the answer instead; the record is unused.)
 * Nothing from the message reaches a shell: [send] sendmail is split
 * into words once (g_shell_parse_argv) and run with execvp.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/wait.h>
#include <sysexits.h>
#include <unistd.h>

#include "commands.h"
#include "evidence.h"
#include "key.h"
#include "log.h"
#include "maildir.h"
#include "sent-record.h"
#include "settings.h"

#define LOOP_GUARD	"BACKSTOP_IN_SENDMAIL"

static const char usage[] =
    "usage: backstop sendmail [sendmail options] [recipient ...]\n"
    "Signs the message on standard input (a Message-ID, optionally the envelope\n"
    "sender), runs the real sendmail ([send] sendmail) with the same options and\n"
    "recipients, and records what was sent.  The settings file is\n"
    "$BACKSTOP_CONFIG or ~/.config/backstop/config.ini.\n";

/* What the command line says. */
struct send_args {
	char **argv;			/* the options and recipients given to us */
	int argc;
	GPtrArray *recipients;		/* char *, lower-case addresses */
	bool from_headers;		/* -t */
	bool no_message;		/* -bX (not -bm, -bv), -q, -I: run untouched */
	bool verify;			/* -bv: recorded before, not after, the run */
	int from_at, from_len;		/* where -f/-r and its value are; from_len 0: none */
	const char *envelope_from;
};

/* The message and what was done to it. */
struct outgoing {
	int fd;				/* the message to hand on, at offset 0 */
	char *message_id;		/* as it will be sent (no <>), or NULL */
	bool signed_id;			/* we added it */
	char *from;			/* From: address, lower-case */
	char *tagged_from;		/* the signed envelope sender, or NULL */
};

static void
warn_user(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

/* Problems are the user's to fix: to syslog and to standard error. */
static void
warn_user(const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	log_warnx("sendmail: %s", msg);
	fprintf(stderr, "backstop sendmail: %s\n", msg);
	g_free(msg);
}

/* ------------------------------------------------------------- options */

static void
add_recipients(GPtrArray *out, const char *list)
{
	char **parts = g_strsplit(list, ",", -1);

	for (char **p = parts; *p != NULL; p++) {
		char *a = answer_address(*p);
		if (a != NULL)
			g_ptr_array_add(out, a);
	}
	g_strfreev(parts);
}

/* Short options whose value may be the next word. */
static bool
takes_value(char opt)
{
	return strchr("frFNRVXBCOLahpAo", opt) != NULL;
}

static void
note_option(struct send_args *a, int *i)
{
	const char *w = a->argv[*i];
	bool joined = w[2] != '\0';
	const char *value = joined ? w + 2 : (*i + 1 < a->argc ? a->argv[*i + 1] : NULL);

	if (strncmp(w, "--from=", 7) == 0) {
		a->from_at = *i, a->from_len = 1, a->envelope_from = w + 7;
		return;
	}
	if (w[1] == '-')
		return;
	if (w[1] == 't' && (!joined || strspn(w + 2, "i") == strlen(w + 2)))
		a->from_headers = true;
	if (w[1] == 'b' && value != NULL && value[0] == 'v')
		a->verify = true;
	if ((w[1] == 'b' && value != NULL && value[0] != 'm' && value[0] != 'v') || w[1] == 'q' ||
	    w[1] == 'I')
		a->no_message = true;
	if ((w[1] == 'f' || w[1] == 'r') && value != NULL) {
		a->from_at = *i, a->from_len = joined ? 1 : 2, a->envelope_from = value;
	}
	if ((takes_value(w[1]) || w[1] == 'b') && !joined)
		(*i)++;
}

static void
parse_send_args(struct send_args *a, int argc, char **argv)
{
	bool operands = false;

	memset(a, 0, sizeof *a);
	a->argc = argc;
	a->argv = argv;
	a->recipients = g_ptr_array_new_with_free_func(g_free);
	for (int i = 0; i < argc; i++) {
		const char *w = argv[i];
		if (!operands && strcmp(w, "--") == 0)
			operands = true;
		else if (operands || w[0] != '-' || w[1] == '\0')
			add_recipients(a->recipients, w);
		else
			note_option(a, &i);
	}
}

/* ------------------------------------------------------------- running */

/* The real sendmail's argv: [send] sendmail, -f tagged, then ours. */
static char **
real_argv(const struct settings *s, const struct send_args *a, const char *tagged_from)
{
	GPtrArray *v = g_ptr_array_new();

	for (char **p = s->sendmail; *p != NULL; p++)
		g_ptr_array_add(v, *p);
	if (tagged_from != NULL) {
		g_ptr_array_add(v, (char *)"-f");
		g_ptr_array_add(v, (char *)tagged_from);
	}
	for (int i = 0; i < a->argc; i++)
		if (tagged_from == NULL || a->from_len == 0 || i < a->from_at ||
		    i >= a->from_at + a->from_len)
			g_ptr_array_add(v, a->argv[i]);
	g_ptr_array_add(v, NULL);
	return (char **)g_ptr_array_free(v, FALSE);
}

static G_GNUC_NORETURN void
exec_real(char **argv, int in_fd)
{
	if (in_fd != -1 && in_fd != STDIN_FILENO && (dup2(in_fd, STDIN_FILENO) == -1 ||
	    lseek(STDIN_FILENO, 0, SEEK_SET) == -1))
		warn_user("cannot hand the message on: %s", g_strerror(errno));
	setenv(LOOP_GUARD, "1", 1);
	execvp(argv[0], argv);
	warn_user("cannot run the real sendmail %s: %s", argv[0], g_strerror(errno));
	_exit(errno == ENOENT ? 127 : 126);
}

/* Runs argv with the message on stdin; returns its wait status. */
static int
run_real(char **argv, int in_fd)
{
	pid_t pid = fork();
	int status;

	if (pid == -1) {
		warn_user("cannot fork (%s); running the real sendmail without recording",
		    g_strerror(errno));
		exec_real(argv, in_fd);
	}
	if (pid == 0)
		exec_real(argv, in_fd);
	while (waitpid(pid, &status, 0) == -1)
		if (errno != EINTR)
			return W_EXITCODE(EX_OSERR, 0);
	return status;
}

/* Exits the way the real sendmail did (a signal is raised again). */
static G_GNUC_NORETURN void
exit_like(int status)
{
	if (WIFSIGNALED(status)) {
		signal(WTERMSIG(status), SIG_DFL);
		raise(WTERMSIG(status));
		exit(128 + WTERMSIG(status));
	}
	exit(WEXITSTATUS(status));
}

/* ------------------------------------------------------------- message */

/* An unlinked temporary file; -1 on failure. */
static int
temp_file(void)
{
	char *name = NULL;
	int fd = g_file_open_tmp("backstop-send-XXXXXX", &name, NULL);

	if (fd != -1)
		unlink(name);
	g_free(name);
	return fd;
}

/* A domain for a Message-ID: From's, else the host's, if safe. */
static char *
id_domain(const char *from)
{
	const char *at = from != NULL ? strrchr(from, '@') : NULL;
	const char *d = at != NULL && at[1] != '\0' ? at + 1 : g_get_host_name();

	if (strspn(d, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-") !=
	    strlen(d) || d[0] == '.' || d[0] == '\0')
		d = "localhost";
	return g_ascii_strdown(d, -1);
}

static guint64
random_64(void)
{
	guint64 r;

	if (getrandom(&r, sizeof r, 0) != (ssize_t)sizeof r)
		r = ((guint64)g_random_int() << 32) | g_random_int();
	return r;
}

/* Does the first line end in CRLF, and is it an mbox "From " line? */
static void
first_line_shape(int fd, bool *crlf, size_t *from_line_len)
{
	char buf[1024];
	ssize_t n = pread(fd, buf, sizeof buf, 0);
	char *nl = n > 0 ? memchr(buf, '\n', (size_t)n) : NULL;

	*crlf = nl != NULL && nl > buf && nl[-1] == '\r';
	*from_line_len = nl != NULL && n >= 5 && memcmp(buf, "From ", 5) == 0 ?
	    (size_t)(nl - buf + 1) : 0;
}

/* A copy of the message in fd with "Message-ID: <id>" added; -1 on failure. */
static int
with_message_id(int fd, const char *id)
{
	size_t from_len;
	bool crlf;
	char *line, head[1024];
	int out = temp_file(), ok;

	if (out == -1)
		return -1;
	first_line_shape(fd, &crlf, &from_len);
	line = g_strdup_printf("Message-ID: <%s>%s", id, crlf ? "\r\n" : "\n");
	ok = pread(fd, head, from_len, 0) == (ssize_t)from_len &&
	    write_all(out, head, from_len) == 0 && write_all(out, line, strlen(line)) == 0 &&
	    lseek(fd, (off_t)from_len, SEEK_SET) != -1 && copy_rest(fd, out) == 0 &&
	    lseek(out, 0, SEEK_SET) != -1;
	g_free(line);
	if (!ok) {
		close(out);
		return -1;
	}
	return out;
}

static void
add_header_recipients(GPtrArray *out, GMimeMessage *msg)
{
	static const char *const fields[] = { "To", "Cc", "Bcc" };

	for (size_t i = 0; i < G_N_ELEMENTS(fields); i++) {
		GMimeHeaderList *hl = g_mime_object_get_header_list(GMIME_OBJECT(msg));
		for (int h = 0; h < g_mime_header_list_get_count(hl); h++) {
			GMimeHeader *hd = g_mime_header_list_get_header_at(hl, h);
			if (g_ascii_strcasecmp(g_mime_header_get_name(hd), fields[i]) == 0)
				add_recipients(out, g_mime_header_get_value(hd));
		}
	}
}

static void
sign_id(struct outgoing *o, const struct signing_key *k, gint64 now, const char *envelope_from)
{
	char *domain = id_domain(o->from != NULL ? o->from : envelope_from);

	o->message_id = signature_make_id(k, now, random_64(), domain);
	o->signed_id = true;
	g_free(domain);
}

static void
tag_sender(struct outgoing *o, const struct signing_key *k, gint64 now, int key_days,
    const char *envelope_from)
{
	char *base = envelope_from != NULL ? answer_address(envelope_from) : NULL;

	if (envelope_from != NULL && base == NULL)
		return;		/* -f '<>' or a bare name: leave it alone */
	o->tagged_from = signature_make_tag(k, base != NULL ? base : o->from, now, key_days);
	g_free(base);
}

/*
 * Reads the message's Message-ID, From and (with -t) recipients, and
 * signs what is to be signed.  Failures only mean less is signed.
 */
static void
prepare(const struct settings *s, struct send_args *a, struct outgoing *o)
{
	GMimeMessage *msg = message_parse_fd(o->fd);
	gint64 now = g_get_real_time() / G_USEC_PER_SEC;
	const char *raw = NULL;
	struct keyring kr;
	char *error = NULL;
	bool need_id;

	if (msg != NULL) {
		raw = g_mime_object_get_header(GMIME_OBJECT(msg), "Message-ID");
		o->message_id = raw != NULL ? message_id_normalise(raw) : NULL;
		o->from = answer_address(g_mime_object_get_header(GMIME_OBJECT(msg), "From"));
		if (a->from_headers)
			add_header_recipients(a->recipients, msg);
		if (raw != NULL && o->message_id == NULL)
			warn_user("the message's Message-ID is unusable; it is kept and not logged");
	}
	need_id = msg != NULL && raw == NULL;
	if (msg != NULL)
		g_object_unref(msg);
	if (!need_id && !s->envelope_tag)
		return;
	if (key_load_or_create(s->key_path, &kr, &error) != KEY_OK) {
		warn_user("%s; sending without a signature", error);
		g_free(error);
		return;
	}
	if (need_id)
		sign_id(o, keyring_current(&kr), now, a->envelope_from);
	if (s->envelope_tag)
		tag_sender(o, keyring_current(&kr), now, s->key_days, a->envelope_from);
	memset(&kr, 0, sizeof kr);
}

/* Puts our Message-ID line on the message; without it, sends it as it is. */
static void
apply_id(struct outgoing *o)
{
	int fd;

	if (!o->signed_id)
		return;
	if ((fd = with_message_id(o->fd, o->message_id)) == -1) {
		warn_user("cannot add a Message-ID (%s); sending without one", g_strerror(errno));
		g_clear_pointer(&o->message_id, g_free);
		o->signed_id = false;
		lseek(o->fd, 0, SEEK_SET);
		return;
	}
	close(o->fd);
	o->fd = fd;
}

static void
record(const struct settings *s, struct send_args *a, const struct outgoing *o)
{
	char *error = NULL;
	int rc;

	if (o->message_id == NULL) {
		log_info("sendmail: sent a message without a usable Message-ID; not logged");
		return;
	}
	g_ptr_array_add(a->recipients, NULL);
	rc = sent_record(s->sent_log, g_get_real_time() / G_USEC_PER_SEC, o->message_id,
	    (char *const *)a->recipients->pdata, s->keep_days, &error);
	g_ptr_array_remove_index(a->recipients, a->recipients->len - 1);
	if (rc == -1)
		warn_user("sent, but not recorded in the sent log: %s", error);
	else if (rc == 1)
		warn_user("%s", error);
	else
		log_info("sendmail: sent <%s> to %u recipient(s)%s%s", o->message_id,
		    a->recipients->len, o->signed_id ? ", signed" : "",
		    o->tagged_from ? ", envelope tagged" : "");
	g_free(error);
}

/* Reads standard input into o->fd; false (message lost to us) on a read error. */
static bool
take_message(struct outgoing *o)
{
	return copy_rest(STDIN_FILENO, o->fd) == 0 && lseek(o->fd, 0, SEEK_SET) != -1;
}

int
cmd_sendmail(int argc, char **argv)
{
	struct outgoing o = { .fd = -1 };
	struct send_args a;
	struct settings s;
	char **rargv;
	int status;

	if (argc == 2 && strcmp(argv[1], "--help") == 0) {
		fputs(usage, stdout);
		return 0;
	}
	log_init(false, getenv("BACKSTOP_DEBUG") != NULL);
	if (getenv(LOOP_GUARD) != NULL) {
		warn_user("[send] sendmail runs backstop sendmail again; name the real sendmail there");
		return EX_CONFIG;
	}
	setup_libraries();
	parse_send_args(&a, argc - 1, argv + 1);
	if (settings_load(NULL, &s) == -1) {
		warn_user("broken config (%s); sending unsigned and unlogged", s.error);
		exec_real(real_argv(&s, &a, NULL), -1);
	}
	if (a.no_message)
		exec_real(real_argv(&s, &a, NULL), -1);
	if ((o.fd = temp_file()) == -1) {
		warn_user("no temporary file (%s); sending unsigned and unlogged", g_strerror(errno));
		exec_real(real_argv(&s, &a, NULL), -1);
	}
	if (!take_message(&o)) {
		warn_user("cannot read the message: %s; nothing was sent", g_strerror(errno));
		return EX_IOERR;
	}
	prepare(&s, &a, &o);
	apply_id(&o);
	rargv = real_argv(&s, &a, o.tagged_from);
	if (a.verify)
		record(&s, &a, &o);
	status = run_real(rargv, o.fd);
	if (!a.verify && WIFEXITED(status) && WEXITSTATUS(status) == 0)
		record(&s, &a, &o);
	g_free(rargv);
	close(o.fd);
	g_free(o.message_id);
	g_free(o.from);
	g_free(o.tagged_from);
	g_ptr_array_unref(a.recipients);
	settings_clear(&s);
	exit_like(status);
}
