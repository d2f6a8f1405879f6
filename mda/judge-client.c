/*
 * judge-client.c: a delivery asks the resident judge (judge.h).
 *
 * Every step that can go wrong returns false, and the delivery judges
 * the message itself: the message is already durable in tmp/, so the
 * judge is only ever a shortcut.  The socket times out after
 * JUDGE_WAIT_S both ways (connect with a full backlog, send, receive),
 * the judge must run as our uid (SO_PEERCRED), and its reply is
 * checked whole before any of it is used.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "background.h"
#include "judge.h"
#include "judge-wire.h"
#include "log.h"
#include "stamp.h"

void
judgement_clear(struct judgement *j)
{
	g_free(j->header);
	g_free(j->summary);
	g_free(j->nm_error);
	memset(j, 0, sizeof *j);
}

/* Starts a judge unless one holds the lock (starting, or not yet listening). */
static void
start_judge(const struct settings *s, int dir_fd)
{
	int fd = wire_lock_open(dir_fd), high = -1;

	if (fd == -1)
		return;
	if (flock(fd, LOCK_EX | LOCK_NB) == -1) {
		close(fd);
		return;
	}
	if ((high = fcntl(fd, F_DUPFD_CLOEXEC, 4)) == -1 ||
	    background_spawn(s, high, "judge", "--serve") == -1)
		log_warn("cannot start the resident judge; judging here");
	if (high != -1)
		close(high);
	close(fd);		/* the lock stays with the judge, if it started */
}

/* The request: identity, line ends, envelope.  NULL if it would be too long. */
static GString *
request(const struct settings *s, const struct spool *sp, const struct envelope *env)
{
	struct stat st;
	bool have = s->path != NULL && stat(s->path, &st) == 0;
	GString *m;
	char *id;

	if (s->path != NULL && !have)
		return NULL;	/* the config went away: its judge cannot be ours */
	id = wire_identity(have ? &st : NULL);
	m = wire_new();
	wire_put(m, "id", id);
	wire_put_int(m, "crlf", sp->crlf);
	wire_put(m, "sender", env->sender);
	wire_put(m, "recipient", env->recipient);
	wire_put(m, "original_recipient", env->original_recipient);
	wire_put(m, "extension", env->extension);
	g_free(id);
	if (m->len > JUDGE_MSG_MAX) {
		g_string_free(m, TRUE);
		return NULL;
	}
	return m;
}

/* Connects to the judge's socket; -1 with errno (ENOENT, ECONNREFUSED: none runs). */
static int
connect_judge(const struct settings *s, int dir_fd)
{
	struct timeval tv = { .tv_sec = JUDGE_WAIT_S };
	struct sockaddr_un sa;
	socklen_t len = wire_address(s, dir_fd, &sa);
	struct ucred cred;
	socklen_t cl = sizeof cred;
	int fd, saved;

	if (len == 0) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if ((fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0)) == -1)
		return -1;
	if (setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv) == -1 ||
	    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) == -1 ||
	    connect(fd, (struct sockaddr *)&sa, len) == -1)
		goto fail;
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &cl) == -1 || cred.uid != geteuid()) {
		errno = EPERM;
		goto fail;
	}
	return fd;
fail:
	saved = errno;
	close(fd);
	errno = saved;
	return -1;
}

/* Sends m with a read-only descriptor of the spooled file; -1/errno. */
static int
send_request(int sock, const GString *m, const char *path)
{
	union { struct cmsghdr h; char buf[CMSG_SPACE(sizeof(int))]; } ctl;
	struct iovec iov = { .iov_base = m->str, .iov_len = m->len };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
	    .msg_control = ctl.buf, .msg_controllen = sizeof ctl.buf };
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
	/* Its own description: the judge's reads do not move our offset. */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	ssize_t n;

	if (fd == -1)
		return -1;
	memset(&ctl, 0, sizeof ctl);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof fd);
	n = sendmsg(sock, &msg, MSG_NOSIGNAL);
	close(fd);
	return n == (ssize_t)m->len ? 0 : -1;
}

/*
 * A header line as stamp_line writes it: "X-Backstop: ", printable
 * bytes, one line end at the very end, no longer than a header line.
 */
static bool
header_ok(const char *h)
{
	size_t n = h != NULL ? strlen(h) : 0;

	if (h == NULL)
		return true;
	if (n > STAMP_MAX + 2 || !g_str_has_prefix(h, "X-Backstop: ") || h[n - 1] != '\n')
		return false;
	for (size_t i = 0; i < n - 1; i++)
		if ((unsigned char)h[i] < 0x20 && !(h[i] == '\r' && i == n - 2))
			return false;
	return true;
}

/* Fills j from a reply; false if it is not a whole, well-formed "ok". */
static bool
parse_reply(const char *buf, size_t len, struct judgement *j)
{
	const char *status = wire_get(buf, len, "status");
	const char *summary = wire_get(buf, len, "summary");
	long v = wire_get_int(buf, len, "verdict", VERDICT_UNVERIFIED + 1);
	long c = wire_get_int(buf, len, "class", CLASS_COUNT);
	long f = wire_get_int(buf, len, "folder", FOLDER_QUARANTINE + 1);

	if (status == NULL || strcmp(status, "ok") != 0) {
		log_debug("the resident judge answered %s; judging here",
		    status != NULL ? status : "garbage");
		return false;
	}
	if (summary == NULL || v < 0 || c < 0 || f < 0 || !header_ok(wire_get(buf, len, "header")) ||
	    strchr(summary, '\n') != NULL) {
		log_debug("the resident judge answered garbage; judging here");
		return false;
	}
	j->verdict = (enum verdict)v;
	j->class = (enum msg_class)c;
	j->folder = (enum folder)f;
	j->header = g_strdup(wire_get(buf, len, "header"));
	j->summary = g_strdup(summary);
	j->nm_error = g_strdup(wire_get(buf, len, "nm_error"));
	return true;
}

/* Reads one reply; false on a timeout, EOF (the judge died) or a cut message. */
static bool
receive_reply(int sock, struct judgement *j)
{
	char *buf = g_malloc(JUDGE_MSG_MAX);
	ssize_t n;
	bool ok;

	do
		n = recv(sock, buf, JUDGE_MSG_MAX, MSG_TRUNC);
	while (n == -1 && errno == EINTR);
	if (n <= 0 || n > JUDGE_MSG_MAX) {
		log_debug("no answer from the resident judge (%s); judging here",
		    n == 0 ? "it closed the connection" : n > 0 ? "too long" : g_strerror(errno));
		g_free(buf);
		return false;
	}
	ok = parse_reply(buf, (size_t)n, j);
	g_free(buf);
	return ok;
}

bool
judge_ask(const struct settings *s, const struct spool *sp, const struct envelope *env,
    struct judgement *j)
{
	GString *m;
	int dir_fd, sock;
	bool ok = false;

	if (!s->judge_resident || (dir_fd = wire_dir_open(s)) == -1)
		return false;
	if ((sock = connect_judge(s, dir_fd)) == -1) {
		if (errno == ENOENT || errno == ECONNREFUSED)
			start_judge(s, dir_fd);
		else
			log_debug("cannot reach the resident judge: %s; judging here", g_strerror(errno));
		close(dir_fd);
		return false;
	}
	close(dir_fd);
	if ((m = request(s, sp, env)) != NULL) {
		ok = send_request(sock, m, sp->path) == 0 && receive_reply(sock, j);
		g_string_free(m, TRUE);
	}
	close(sock);
	return ok;
}
