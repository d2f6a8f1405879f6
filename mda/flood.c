/*
 * flood.c: counting backscatter per window, and the flood notice.
 *
 * The rate is a sliding-window estimate over two fixed windows (the
 * current count plus the previous one, weighted by how much of it still
 * overlaps), kept in one small text file locked with flock(2) for each
 * update.  It is a counter, not a record: it is not fsynced, and a lost
 * or garbled file just starts counting again.
 *
 * The notice is an ordinary message in the inbox's new/ ("N forged
 * bounces quarantined since HH:MM").  While it is still unread in new/
 * the batch writer rewrites it with the current count (a new file
 * renamed over it); once the user has seen it, it is left alone.  A new
 * flood, after the rate has fallen back, gets a new notice.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

#include "flood.h"
#include "indexer.h"
#include "log.h"
#include "maildir.h"

struct flood_state {
	long cur_start;		/* start of the current window */
	unsigned cur, prev;	/* backscatter counted in it, and in the one before */
	long flood_start;	/* 0 when no flood */
	unsigned flood_total;	/* quarantined since flood_start */
	char notice[4096];	/* the notice's path in new/, "" if none */
};

static void
state_parse(const char *text, struct flood_state *st)
{
	memset(st, 0, sizeof *st);
	if (sscanf(text, "v1 %ld %u %u %ld %u\n", &st->cur_start, &st->cur, &st->prev,
	    &st->flood_start, &st->flood_total) != 5)
		memset(st, 0, sizeof *st);
	else if ((text = strchr(text, '\n')) != NULL && text[1] == '/')
		sscanf(text + 1, "%4095[^\n]", st->notice);
}

/* Moves the windows on to now. */
static void
state_advance(struct flood_state *st, long now, long window)
{
	long behind = now - st->cur_start;

	if (st->cur_start == 0 || behind >= 2 * window || behind < 0) {
		st->prev = 0;
		st->cur = 0;
		st->cur_start = now;
	} else if (behind >= window) {
		st->prev = st->cur;
		st->cur = 0;
		st->cur_start += window;
	}
}

static double
state_rate(const struct flood_state *st, long now, long window)
{
	double overlap = 1.0 - (double)(now - st->cur_start) / (double)window;

	return st->cur + st->prev * (overlap > 0 ? overlap : 0);
}

static char *
notice_text(unsigned total, long since)
{
	char hhmm[16], date[64];
	time_t t = (time_t)since, now = time(NULL);

	strftime(hhmm, sizeof hhmm, "%H:%M", localtime(&t));
	strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S %z", localtime(&now));
	return g_strdup_printf(
	    "X-Backstop: notice; class=none\n"
	    "From: backstop <MAILER-DAEMON>\n"
	    "Subject: backstop: %u forged bounces quarantined since %s\n"
	    "Date: %s\n"
	    "Message-ID: <backstop-flood-%ld@localhost>\n"
	    "Auto-Submitted: auto-generated\n"
	    "MIME-Version: 1.0\n"
	    "Content-Type: text/plain; charset=us-ascii\n\n"
	    "Someone is sending spam in your name, and the bounces are coming back\n"
	    "to you.  backstop has put %u of them in the quarantine since %s.\n"
	    "Nothing is lost.  To see them:\n\n"
	    "    backstop quarantine list --since 1d\n\n"
	    "This message is updated while the flood lasts and it is unread.\n",
	    total, hhmm, date, since, total, hhmm);
}

/*
 * Writes text into a new file in <maildir>/tmp/, fsynced and closed.
 * Returns its path (g_malloc'd) or NULL, with nothing left behind.
 */
static char *
notice_write_tmp(const struct settings *s, const char *text)
{
	char *tmp = NULL;
	int fd = maildir_create_tmp(s->maildir, &tmp);
	bool ok;

	if (fd == -1)
		return NULL;
	ok = write_all(fd, text, strlen(text)) == 0 && fsync(fd) == 0;
	if (close(fd) == -1 || !ok) {
		unlink(tmp);
		g_free(tmp);
		return NULL;
	}
	return tmp;
}

/* Writes a new notice into the inbox; its path into st->notice. */
static void
notice_create(const struct settings *s, struct flood_state *st)
{
	char *text = notice_text(st->flood_total, st->flood_start), *final = NULL;
	char *tmp = notice_write_tmp(s, text);

	if (tmp != NULL && maildir_publish(tmp, s->maildir, &final) == 0)
		snprintf(st->notice, sizeof st->notice, "%s", final);
	else {
		log_warn("cannot put the flood notice in %s", s->maildir);
		if (tmp != NULL)
			unlink(tmp);
	}
	g_free(tmp);
	g_free(final);
	g_free(text);
}

/*
 * Rewrites the notice if it is still unread in new/.  The new text is
 * swapped in with RENAME_EXCHANGE, which fails if a mail client has
 * meanwhile moved the notice to cur/, so there is never a second copy;
 * the old text, now at the tmp name, is removed.
 */
static void
notice_update(const struct settings *s, const struct flood_state *st)
{
	char *text, *tmp;

	if (st->notice[0] == '\0' || access(st->notice, F_OK) != 0)
		return;
	text = notice_text(st->flood_total, st->flood_start);
	if ((tmp = notice_write_tmp(s, text)) != NULL) {
		if (renameat2(AT_FDCWD, tmp, AT_FDCWD, st->notice, RENAME_EXCHANGE) == -1 &&
		    errno != ENOENT)
			log_warn("cannot update the flood notice %s", st->notice);
		unlink(tmp);
	}
	g_free(tmp);
	g_free(text);
}

/* Opens and locks the state file; -1 on error. */
static int
state_open(const struct settings *s)
{
	char *path = g_build_filename(s->state_dir, "flood", NULL);
	int fd;

	g_mkdir_with_parents(s->state_dir, 0700);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	g_free(path);
	if (fd != -1 && flock(fd, LOCK_EX) == -1) {
		close(fd);
		fd = -1;
	}
	return fd;
}

static void
state_io(int fd, struct flood_state *st, bool write_back)
{
	char buf[4200];
	ssize_t n;

	if (!write_back) {
		n = pread(fd, buf, sizeof buf - 1, 0);
		buf[n > 0 ? n : 0] = '\0';
		state_parse(buf, st);
		return;
	}
	n = snprintf(buf, sizeof buf, "v1 %ld %u %u %ld %u\n%s\n", st->cur_start, st->cur,
	    st->prev, st->flood_start, st->flood_total, st->notice);
	if (pwrite(fd, buf, (size_t)n, 0) != n || ftruncate(fd, n) == -1)
		log_warn("cannot update the flood state");
}

bool
flood_note(const struct settings *s, bool backscatter)
{
	struct flood_state st;
	long now = (long)time(NULL);
	bool on;
	int fd;

	if (s->flood_rate == 0 || (fd = state_open(s)) == -1)
		return false;
	state_io(fd, &st, false);
	state_advance(&st, now, s->flood_window);
	if (backscatter)
		st.cur++;
	on = state_rate(&st, now, s->flood_window) > s->flood_rate;
	if (on && st.flood_start == 0) {
		st.flood_start = now;
		st.flood_total = (unsigned)state_rate(&st, now, s->flood_window);
		notice_create(s, &st);
		log_info("bounce flood: over %d backscatter messages in %d s; indexing in batches",
		    s->flood_rate, s->flood_window);
	} else if (on)
		st.flood_total++;
	else if (st.flood_start != 0) {
		st.flood_start = 0;
		st.flood_total = 0;
		st.notice[0] = '\0';
	}
	state_io(fd, &st, true);
	close(fd);
	return on;
}

void
flood_refresh_notice(const struct settings *s)
{
	struct flood_state st;
	int fd;

	if (s->flood_rate == 0 || (fd = state_open(s)) == -1)
		return;
	state_io(fd, &st, false);
	if (st.flood_start != 0)
		notice_update(s, &st);
	close(fd);
}

void
flood_index(const struct settings *s)
{
	if (indexer_batch(s) > 0)
		flood_refresh_notice(s);
}
