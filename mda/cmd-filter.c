/*
 * cmd-filter.c: `backstop filter`, for procmail's `:0 fw` and maildrop's
 * `xfilter`: the message in on stdin, the same bytes out on stdout with
 * one X-Backstop line added (after a leading mbox "From " line, if there
 * is one).  The caller then files the message by that header.
 *
 * What the callers do when a filter fails, measured with Debian 12's
 * procmail 3.22 and maildrop 2.9.3 (tests/e2e/3100-filter.sh keeps it
 * measured):
 * - procmail `:0 fw`: a non-zero exit or a signal is logged ("Program
 *   failure (75)") and the unfiltered message is kept ("Rescue of
 *   unfiltered data succeeded"); the next recipes see it unchanged.
 * - procmail `:0 f` without `w`: the status is ignored and whatever the
 *   filter wrote becomes the message, so a failing filter empties it.
 *   Never use backstop without the `w` flag.
 * - maildrop `xfilter`: a non-zero exit or a signal makes maildrop stop
 *   and exit 75 (EX_TEMPFAIL), so the MTA keeps the message and retries.
 * - Both take the output of a filter that exits 0 as the message, even a
 *   truncated one.
 *
 * Hence the rules here: exit 0 only after the whole message has been
 * written and stdout closed without error; exit 75 when stdin cannot be
 * read to its end or stdout cannot be written (the caller keeps the
 * original).  Classification, the only complicated part, runs in a
 * child process: if it crashes, hangs or fails, the message goes out
 * unchanged and the exit is 0, so no library bug can eat a message.
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "child.h"
#include "classify.h"
#include "commands.h"
#include "log.h"
#include "maildir.h"
#include "settings.h"
#include "spool.h"
#include "stamp.h"

/* A classification that takes longer is abandoned (the message goes out unchanged). */
#define FILTER_TIMEOUT_MS	(120 * 1000)

static const char usage[] =
    "usage: backstop filter [-v] [-c FILE]\n"
    "Copies the message on standard input to standard output with an\n"
    "X-Backstop: line added, for procmail (:0 fw) and maildrop (xfilter).\n"
    "Exit 0 with the whole message written, else 75 (nothing usable written).\n"
    "  -c FILE   read settings from FILE\n"
    "  -v        log to standard error too\n";

/* The message as read: bytes, and where the part after a "From " line starts. */
struct input {
	GByteArray *bytes;
	size_t body_start;	/* 0, or just past a leading "From " line */
	bool crlf;		/* the first header line ends in CRLF */
};

/* Reads fd to its end. 0, or -1/errno. */
static int
read_all(int fd, GByteArray *out)
{
	guint8 buf[65536];
	ssize_t n;

	while ((n = read(fd, buf, sizeof buf)) != 0) {
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return -1;
		g_byte_array_append(out, buf, (guint)n);
	}
	return 0;
}

/* Sets body_start and crlf from the first lines. */
static void
input_scan(struct input *in)
{
	const char *p = (const char *)in->bytes->data;
	size_t len = in->bytes->len;
	const char *nl;

	in->body_start = 0;
	if (len >= 5 && memcmp(p, "From ", 5) == 0 &&
	    (nl = memchr(p, '\n', len)) != NULL)
		in->body_start = (size_t)(nl - p) + 1;
	nl = memchr(p + in->body_start, '\n', len - in->body_start);
	in->crlf = nl != NULL && nl > p + in->body_start && nl[-1] == '\r';
}

/* The envelope sender: $SENDER, else the "From " line's. New string or NULL. */
static char *
envelope_sender(const struct input *in)
{
	const char *env = getenv("SENDER");

	if (env != NULL)
		return g_strdup(env);
	if (in->body_start == 0)
		return NULL;
	return spool_from_line_sender((const char *)in->bytes->data + 5, in->body_start - 5);
}

/* In the child: classify and write the header line to fd.  Never returns. */
static G_GNUC_NORETURN void
child_classify(int fd, const struct input *in, const char *config_path)
{
	struct envelope env = { 0 };
	struct settings s;
	struct outcome o;
	char *line, *sender;
	FILE *f;

	memset(&o, 0, sizeof o);
	setup_libraries();
	if (settings_load(config_path, &s) == -1) {
		log_warnx("broken config, the message is marked unchecked: %s", s.error);
		line = stamp_unchecked_line("config", in->crlf);
	} else {
		sender = envelope_sender(in);
		env.sender = sender;
		env.recipient = getenv("RECIPIENT");
		env.original_recipient = getenv("ORIGINAL_RECIPIENT");
		env.extension = getenv("EXTENSION");
		if (!s.prescreen || !classify_prescreen((const char *)in->bytes->data,
		    in->bytes->len, &env, &o)) {
			if ((f = tmpfile()) == NULL || fwrite(in->bytes->data, 1, in->bytes->len, f) !=
			    in->bytes->len || fflush(f) != 0)
				_exit(1);
			classify_fd(fileno(f), &env, &s, &o);
		}
		line = stamp_line(&o, in->crlf);
		log_info("filtered: %s", line);
	}
	_exit(write_all(fd, line, strlen(line)) == 0 ? 0 : 1);
}

static long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* Reads the child's line (at most size - 1 bytes) until EOF or the deadline. */
static bool
read_line(int fd, char *buf, size_t size)
{
	long deadline = now_ms() + FILTER_TIMEOUT_MS;
	size_t have = 0;

	while (have < size - 1) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		long wait = deadline - now_ms();
		ssize_t n;

		if (wait <= 0)
			return false;
		if (poll(&p, 1, (int)(wait > 1000 ? 1000 : wait)) <= 0)
			continue;
		n = read(fd, buf + have, size - 1 - have);
		if (n == 0)
			break;
		if (n == -1 && errno != EINTR)
			return false;
		if (n > 0)
			have += (size_t)n;
	}
	buf[have] = '\0';
	return true;
}

/* One X-Backstop line, nothing before or after it; a CR only before its LF. */
static bool
header_valid(const char *h)
{
	size_t len = strlen(h);
	const char *cr = strchr(h, '\r');

	if (strncmp(h, "X-Backstop: ", 12) != 0 || len > STAMP_MAX + 2 ||
	    strchr(h, '\n') != h + len - 1)
		return false;
	return cr == NULL || cr == h + len - 2;
}

/*
 * The X-Backstop line for the message, from a child process; NULL if the
 * child failed, crashed or took too long (logged).  New string.
 */
static char *
classify_in_child(const struct input *in, const char *config_path)
{
	char buf[STAMP_MAX + 8];
	int fd, status;
	bool got;
	pid_t pid;

	if ((pid = child_fork_piped(&fd)) == -1)
		return NULL;
	if (pid == 0) {
		/* Nothing but our own write may reach the caller's stdout. */
		if (!freopen("/dev/null", "w", stdout))
			_exit(1);
		child_classify(fd, in, config_path);
	}
	got = read_line(fd, buf, sizeof buf);
	close(fd);
	status = child_reap(pid, !got);
	if (got && WIFEXITED(status) && WEXITSTATUS(status) == 0 && header_valid(buf))
		return g_strdup(buf);
	log_warnx("classification failed (%s); the message passes unchanged",
	    !got ? "timed out" : WIFSIGNALED(status) ? "crashed" : "no verdict");
	return NULL;
}

/* From line, header, rest.  0, or -1/errno. */
static int
write_output(const struct input *in, const char *header)
{
	const guint8 *p = in->bytes->data;

	if (write_all(STDOUT_FILENO, p, in->body_start) == -1 ||
	    (header != NULL && write_all(STDOUT_FILENO, header, strlen(header)) == -1) ||
	    write_all(STDOUT_FILENO, p + in->body_start, in->bytes->len - in->body_start) == -1)
		return -1;
	if (close(STDOUT_FILENO) == -1 && errno != EINTR)
		return -1;
	return 0;
}

int
cmd_filter(int argc, char **argv)
{
	struct common_opts opts = { 0 };
	struct input in = { 0 };
	char *header = NULL;
	int first, rc = 0;

	signal(SIGPIPE, SIG_IGN);
	first = parse_common(argc, argv, usage, &opts, NULL, "", NULL, NULL);
	if (first == -2)
		return 0;
	log_init(opts.verbose, getenv("BACKSTOP_DEBUG") != NULL);
	if (first == -1 || first < argc)
		log_warnx("filter: unexpected arguments ignored");
	in.bytes = g_byte_array_new();
	if (read_all(STDIN_FILENO, in.bytes) == -1) {
		log_tempfail("filter: cannot read standard input: %s (exit 75, the caller keeps"
		    " the message)", g_strerror(errno));
		g_byte_array_unref(in.bytes);
		return EX_TEMPFAIL;
	}
	input_scan(&in);
	header = classify_in_child(&in, opts.config_path);
	if (write_output(&in, header) == -1) {
		log_tempfail("filter: cannot write standard output: %s (exit 75, the caller keeps"
		    " the message)", g_strerror(errno));
		rc = EX_TEMPFAIL;
	}
	g_free(header);
	g_byte_array_unref(in.bytes);
	return rc;
}
