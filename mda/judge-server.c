/*
 * judge-server.c: the resident judge (judge.h), `backstop judge --serve`.
 *
 * One judge per user: it holds the flock(2) of <state_dir>/judge/lock
 * for its whole life (handed over by the delivery that started it, as
 * for the batch indexer), so the socket file it finds is a dead judge's
 * and is replaced.  It loads GMime and libnotmuch before it listens,
 * then answers one request at a time and exits after judge_idle seconds
 * without one.
 *
 * A request is bounded (one datagram of JUDGE_MSG_MAX bytes and exactly
 * one descriptor, of a regular file); a peer of another uid is refused;
 * a peer that sends nothing is dropped after PEER_WAIT_S; and a message
 * whose judging takes longer than the delivery waits (JUDGE_WAIT_S)
 * ends the judge (SIGALRM): the delivery has judged it itself by then,
 * and the next one starts a fresh judge.  An identity other than ours
 * (a new binary, another config, another environment) gets "stale" and
 * the judge exits, so an old judge never outlives an upgrade or an edit.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <notmuch.h>

#include "background.h"
#include "judge.h"
#include "judge-wire.h"
#include "log.h"
#include "stamp.h"

#define LOCK_FD		3	/* as background.c hands it over */
#define PEER_WAIT_S	2	/* for a connected delivery's request */
#define MAX_FDS		4	/* read from a request, to close the extra ones */

enum served { SERVED, REFUSED, STALE };

static void
give_up(int sig)
{
	(void)sig;
	_exit(0);
}

/* The lock: inherited as LOCK_FD, else taken here; -1 if another judge has it. */
static int
take_lock(int dir_fd)
{
	struct stat inherited, file;
	int fd;

	if (fstat(LOCK_FD, &inherited) == 0 && fstatat(dir_fd, "lock", &file, AT_SYMLINK_NOFOLLOW) == 0 &&
	    inherited.st_dev == file.st_dev && inherited.st_ino == file.st_ino &&
	    flock(LOCK_FD, LOCK_EX | LOCK_NB) == 0) {
		fcntl(LOCK_FD, F_SETFD, FD_CLOEXEC);
		return LOCK_FD;
	}
	if ((fd = wire_lock_open(dir_fd)) != -1 && flock(fd, LOCK_EX | LOCK_NB) == -1) {
		close(fd);
		fd = -1;
	}
	return fd;
}

static void
note_pid(int fd)
{
	char line[32];
	int n = snprintf(line, sizeof line, "%ld\n", (long)getpid());

	if (ftruncate(fd, 0) == -1 || pwrite(fd, line, (size_t)n, 0) != n)
		log_debug("cannot write the judge's pid");
}

/* Loads GMime and libnotmuch now, not in the first delivery's wait. */
static void
warm_up(void)
{
	int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	GMimeMessage *msg = fd != -1 ? message_parse_fd(fd) : NULL;

	if (msg != NULL)
		g_object_unref(msg);
	if (fd != -1)
		close(fd);
	(void)notmuch_status_to_string(NOTMUCH_STATUS_SUCCESS);
}

/* Binds and listens on the socket (replacing a dead judge's); -1/errno. */
static int
listen_socket(const struct settings *s, int dir_fd)
{
	struct sockaddr_un sa;
	socklen_t len = wire_address(s, dir_fd, &sa);
	int fd, saved;

	if (len == 0) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (unlinkat(dir_fd, "socket", 0) == -1 && errno != ENOENT)
		return -1;
	if ((fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0)) == -1)
		return -1;
	if (bind(fd, (struct sockaddr *)&sa, len) == -1 || listen(fd, 64) == -1) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	return fd;
}

static void
reply(int conn, GString *m)
{
	if (send(conn, m->str, m->len, MSG_NOSIGNAL) != (ssize_t)m->len)
		log_debug("judge: cannot answer: %s", g_strerror(errno));
	g_string_free(m, TRUE);
}

static void
reply_status(int conn, const char *status)
{
	GString *m = wire_new();

	wire_put(m, "status", status);
	reply(conn, m);
}

/* Judges the file fd as a delivery would and answers. */
static void
judge_file(int conn, int fd, const char *buf, size_t len, const struct settings *s)
{
	struct envelope env = {
		.sender = wire_get(buf, len, "sender"),
		.recipient = wire_get(buf, len, "recipient"),
		.original_recipient = wire_get(buf, len, "original_recipient"),
		.extension = wire_get(buf, len, "extension"),
	};
	bool crlf = wire_get_int(buf, len, "crlf", 2) == 1;
	struct outcome o;
	GString *m = wire_new();
	char *header = NULL, *summary;

	alarm(JUDGE_WAIT_S);
	evidence_sentdir_forget();	/* read afresh, as a delivery does */
	classify_fd(fd, &env, s, &o);
	if (s->header)
		header = stamp_line(&o, crlf);
	summary = stamp_summary(&o, NULL);
	wire_put(m, "status", "ok");
	wire_put_int(m, "verdict", o.verdict);
	wire_put_int(m, "class", o.rec.class);
	wire_put_int(m, "folder", o.folder);
	wire_put(m, "header", header);
	wire_put(m, "summary", summary);
	wire_put(m, "nm_error", nm_session_open_error(o.nm));
	outcome_clear(&o);
	g_free(header);
	g_free(summary);
	if (m->len > JUDGE_MSG_MAX) {
		g_string_free(m, TRUE);
		reply_status(conn, "too-long");
	} else
		reply(conn, m);
	alarm(0);
}

/* Receives a request: its length, and *fd the one descriptor (else -1). */
static ssize_t
receive(int conn, char *buf, int *fd)
{
	union { struct cmsghdr h; char b[CMSG_SPACE(MAX_FDS * sizeof(int))]; } ctl;
	struct iovec iov = { .iov_base = buf, .iov_len = JUDGE_MSG_MAX };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
	    .msg_control = ctl.b, .msg_controllen = sizeof ctl.b };
	int fds[MAX_FDS], n = 0;
	ssize_t len;

	*fd = -1;
	do
		len = recvmsg(conn, &msg, MSG_CMSG_CLOEXEC);
	while (len == -1 && errno == EINTR);
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); len >= 0 && c != NULL; c = CMSG_NXTHDR(&msg, c)) {
		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		for (size_t i = 0; i < (c->cmsg_len - CMSG_LEN(0)) / sizeof(int) && n < MAX_FDS; i++)
			memcpy(&fds[n++], CMSG_DATA(c) + i * sizeof(int), sizeof(int));
	}
	if (n == 1 && (msg.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) == 0)
		*fd = fds[0];
	else
		for (int i = 0; i < n; i++)
			close(fds[i]);
	return len;
}

/* One connection; STALE when the judge must go. */
static enum served
serve_one(int conn, const struct settings *s, const char *identity)
{
	struct timeval tv = { .tv_sec = PEER_WAIT_S };
	struct ucred cred;
	socklen_t cl = sizeof cred;
	char *buf;
	const char *id;
	struct stat st;
	ssize_t len;
	int fd;
	enum served r = REFUSED;

	if (getsockopt(conn, SOL_SOCKET, SO_PEERCRED, &cred, &cl) == -1 || cred.uid != geteuid() ||
	    setsockopt(conn, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) == -1 ||
	    setsockopt(conn, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv) == -1)
		return REFUSED;
	buf = g_malloc(JUDGE_MSG_MAX);
	len = receive(conn, buf, &fd);
	if (len <= 0 || fd == -1) {
		if (len > 0)
			reply_status(conn, "refused");
	} else if ((id = wire_get(buf, (size_t)len, "id")) == NULL) {
		reply_status(conn, "refused");
	} else if (strcmp(id, identity) != 0) {
		reply_status(conn, "stale");
		r = STALE;
	} else if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		reply_status(conn, "refused");
	} else {
		judge_file(conn, fd, buf, (size_t)len, s);
		r = SERVED;
	}
	if (fd != -1)
		close(fd);
	g_free(buf);
	return r;
}

/* Accepts and serves until judge_idle seconds pass without a request, or a stale one. */
static void
serve(int lfd, const struct settings *s, const char *identity)
{
	struct pollfd p = { .fd = lfd, .events = POLLIN };
	unsigned served = 0;
	enum served r;
	int conn, n;

	for (;;) {
		n = poll(&p, 1, s->judge_idle * 1000);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if ((conn = accept4(lfd, NULL, NULL, SOCK_CLOEXEC)) == -1)
			continue;
		r = serve_one(conn, s, identity);
		close(conn);
		if (r == SERVED)
			served++;
		if (r == STALE) {
			log_info("resident judge: a delivery runs another binary, config or"
			    " environment; exiting");
			break;
		}
	}
	log_debug("resident judge: %u message(s) judged; exiting", served);
}

static bool
same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
	    a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

/*
 * The settings, read the way the delivery read them, and the config
 * file's identity as read: the file is read a second time between two
 * looks at it, and if they differ (an edit just then) the judge does
 * not run.  XXX: two edits within one mtime tick, of the same size,
 * are not told apart (as for the delivery's own look).  Returns false
 * if the judge must not run.
 */
static bool
load(const char *config_arg, struct settings *s, struct stat *cst, bool *have_cst)
{
	struct stat before;

	*have_cst = false;
	if (settings_load(config_arg, s) != 0)
		return false;
	if (s->path == NULL)
		return s->judge_resident;
	if (stat(s->path, &before) == -1)
		return false;
	settings_clear(s);
	if (settings_load(config_arg, s) != 0 || s->path == NULL || stat(s->path, cst) == -1 ||
	    !same_file(&before, cst))
		return false;
	*have_cst = true;
	return s->judge_resident;
}

int
judge_serve(const char *config_arg)
{
	struct sigaction sa = { .sa_handler = give_up };
	struct settings s;
	struct stat cst;
	bool have_cst;
	char *identity = NULL;
	int dir_fd = -1, lock = -1, lfd = -1;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (!load(config_arg, &s, &cst, &have_cst) || chdir("/") == -1 ||
	    (dir_fd = wire_dir_open(&s)) == -1 || (lock = take_lock(dir_fd)) == -1)
		goto done;
	identity = wire_identity(have_cst ? &cst : NULL);
	warm_up();
	if ((lfd = listen_socket(&s, dir_fd)) == -1) {
		log_warn("resident judge: cannot listen in %s/judge", s.state_dir);
		goto done;
	}
	note_pid(lock);		/* once it listens: start_judge in tests/lib.sh waits for it */
	serve(lfd, &s, identity);
	/* Gone before the lock is: a delivery that finds no socket starts the next judge. */
	unlinkat(dir_fd, "socket", 0);
	close(lfd);
	if (ftruncate(lock, 0) == -1)
		log_debug("cannot clear the judge's pid");
done:
	if (lock != -1)
		close(lock);
	if (dir_fd != -1)
		close(dir_fd);
	g_free(identity);
	evidence_sentdir_forget();
	settings_clear(&s);
	return 0;
}

int
judge_stop(const struct settings *s)
{
	int dir_fd = wire_dir_open(s), fd;
	char buf[32];
	ssize_t n;
	long pid;

	if (dir_fd == -1 || (fd = wire_lock_open(dir_fd)) == -1) {
		if (dir_fd != -1)
			close(dir_fd);
		return 1;
	}
	close(dir_fd);
	if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
		close(fd);
		return 1;	/* none runs */
	}
	n = pread(fd, buf, sizeof buf - 1, 0);
	buf[n > 0 ? n : 0] = '\0';
	pid = strtol(buf, NULL, 10);
	if (pid > 1)
		kill((pid_t)pid, SIGTERM);
	/* Until it is gone: its lock is ours then. */
	for (int i = 0; i < 500 && flock(fd, LOCK_EX | LOCK_NB) == -1; i++)
		usleep(10000);
	close(fd);
	return 0;
}
