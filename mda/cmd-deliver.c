/*
 * cmd-deliver.c: `backstop [deliver]`, the delivery agent proper.
 *
 * Design:
 * 1. Spool standard input into <inbox>/tmp/ before looking at it.
 * 2. Classify the spooled file (classify.c).
 * 3. Write the final file, X-Backstop line first, into the chosen
 *    folder's tmp/, fsync it, link it into new/, fsync new/ (maildir.c).
 * 4. Only then exit 0.  A quarantined message is recorded as pending
 *    and its indexing handed to the batch indexer (background.c), which
 *    no one waits for; with [notmuch] index = delivery it is indexed
 *    here, waiting at most index_timeout.  Indexing never changes the
 *    exit status, since the mail is already safe.
 *
 * The exit status is 0 or EX_TEMPFAIL and nothing else: Postfix and Exim
 * bounce mail on any other status, and a bounce is itself backscatter.
 * A crash (segfault, abort on out-of-memory) becomes EX_TEMPFAIL too.
 *
 * A tmp/, new/ or cur/ that is a symbolic link, or a quarantine folder
 * that is one, could send the mail outside the user's Maildir: delivery
 * refuses (EX_TEMPFAIL, naming the link) until it is a real directory.
 * The Maildir itself may be a link (~/Maildir -> /srv/mail/alice).
 * After a delivery, tmp/ files older than 36 hours (from deliveries that
 * were killed) are removed from the folders it used.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "background.h"
#include "bare.h"
#include "classify.h"
#include "commands.h"
#include "flood.h"
#include "indexer.h"
#include "judge.h"
#include "log.h"
#include "maildir.h"
#include "pending.h"
#include "prescreen.h"
#include "settings.h"
#include "spool.h"
#include "stamp.h"
#include "startup.h"
#include "mailbox-notice.h"

/* Pending drain per delivery: a flood must not make one delivery slow. */
#define DRAIN_PER_DELIVERY	100

static const char usage[] =
    "usage: backstop [deliver] [-v] [-c FILE]\n"
    "Delivers the message on standard input to the inbox or the quarantine.\n"
    "  -c FILE   read settings from FILE\n"
    "  -v        print the verdict on standard error too\n";

/* Paths unlinked by the crash handler; set only while they exist. */
static char crash_unlink[2][PATH_MAX];

static void
remember_tmp(int slot, const char *path)
{
	if (path == NULL || strlen(path) >= PATH_MAX)
		crash_unlink[slot][0] = '\0';
	else
		memcpy(crash_unlink[slot], path, strlen(path) + 1);
}

/* Async-signal-safe: unlink() only. */
static void
unlink_remembered(void)
{
	for (int i = 0; i < 2; i++)
		if (crash_unlink[i][0] != '\0')
			unlink(crash_unlink[i]);
}

/* The one stderr line of an exit 75, written with write() only. */
static G_GNUC_UNUSED void
on_crash(int sig)
{
	char msg[] = "backstop: stopped by signal NN (exit 75, the MTA will retry)\n";
	char *nn = msg + sizeof "backstop: stopped by signal " - 1;
	ssize_t n;

	unlink_remembered();
	nn[0] = (char)('0' + sig / 10 % 10);
	nn[1] = (char)('0' + sig % 10);
	n = write(STDERR_FILENO, msg, sizeof msg - 1);
	(void)n;
	_exit(EX_TEMPFAIL);
}

static void
install_crash_handler(void)
{
#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_UNDEFINED__)
	static const int sigs[] = { SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL, SIGTERM, SIGXFSZ };
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_crash;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < G_N_ELEMENTS(sigs); i++)
		sigaction(sigs[i], &sa, NULL);
#endif
	signal(SIGPIPE, SIG_IGN);
}

/*
 * Exits EX_TEMPFAIL after one line saying why (also on stderr, for the
 * MTA's log), with errno's text when there is one.
 */
static G_GNUC_NORETURN void
tempfail(const char *what, const char *path)
{
	int saved = errno;

	log_tempfail("%s %s: %s (exit 75, the MTA will retry)", what, path ? path : "",
	    g_strerror(saved));
	unlink_remembered();
	exit(EX_TEMPFAIL);
}

/* Exits EX_TEMPFAIL naming the symbolic link in folder, if there is one. */
static void
refuse_symlink(const char *folder, bool folder_too)
{
	char *link = maildir_find_symlink(folder, folder_too);

	if (link == NULL)
		return;
	log_tempfail("refusing to deliver: %s is a symbolic link, which could send mail"
	    " outside the Maildir; make it a real directory (exit 75, the MTA will retry)", link);
	g_free(link);
	unlink_remembered();
	exit(EX_TEMPFAIL);
}

/* Removes old debris from folder's tmp/; never fails the delivery. */
static void
clean_tmp(const char *folder)
{
	int n = maildir_clean_tmp(folder, time(NULL));

	if (n > 0)
		log_info("removed %d file(s) older than 36 hours from %s/tmp", n, folder);
}

static void
envelope_from_environment(struct envelope *env, const struct spool *sp)
{
	const char *sender = getenv("SENDER");

	memset(env, 0, sizeof *env);
	env->sender = sender != NULL ? sender : sp->from_sender;
	env->recipient = getenv("RECIPIENT");
	env->original_recipient = getenv("ORIGINAL_RECIPIENT");
	env->extension = getenv("EXTENSION");
}

/*
 * Writes header + the spooled bytes into <folder>/tmp/, fsyncs and
 * publishes it.  Returns the path in new/ or NULL/errno.
 */
static char *
write_final(const char *folder, const char *header, struct spool *sp)
{
	char *tmp = NULL, *final = NULL;
	int fd, saved;

	if ((fd = maildir_create_tmp(folder, &tmp)) == -1)
		return NULL;
	remember_tmp(1, tmp);
	if ((header != NULL && write_all(fd, header, strlen(header)) == -1) ||
	    lseek(sp->fd, 0, SEEK_SET) == -1 || copy_rest(sp->fd, fd) == -1 ||
	    fsync(fd) == -1) {
		saved = errno;
		close(fd);
		goto fail;
	}
	if (close(fd) == -1 || maildir_publish(tmp, folder, &final) == -1) {
		saved = errno;
		goto fail;
	}
	remember_tmp(1, NULL);
	g_free(tmp);
	return final;
fail:
	unlink(tmp);
	remember_tmp(1, NULL);
	g_free(tmp);
	errno = saved;
	return NULL;
}

static const char *
choose_folder(const struct settings *s, enum folder f)
{
	if (f == FOLDER_INBOX)
		return s->maildir;
	refuse_symlink(s->quarantine, true);
	if (maildir_ensure(s->quarantine) == -1) {
		refuse_symlink(s->quarantine, true);
		log_warn("cannot create the quarantine %s; delivering to the inbox", s->quarantine);
		return s->maildir;
	}
	return s->quarantine;
}

static void
index_quarantined(const struct settings *s, const char *path, const struct outcome *o)
{
	char *name = g_path_get_basename(path);
	unsigned indexed, left;
	enum index_result r;
	/* Counted before the entry exists, so the notice the batch updates counts it. */
	bool flood = flood_note(s, o->verdict == VERDICT_BACKSCATTER);

	if (pending_add(s->state_dir, s->quarantine, name, class_name(o->rec.class),
	    s->quarantine_tags) == -1) {
		log_warn("cannot record %s as pending in %s", name, s->state_dir);
		g_free(name);
		return;
	}
	g_free(name);
	if (!s->index_in_delivery) {
		background_start(s);	/* the batch indexer: nobody waits for it */
		return;
	}
	if (flood) {
		flood_index(s);		/* a bounce flood: batches, one writer */
		return;
	}
	/* The lookup's read-only handle, reopened read-write: one open, not two. */
	r = indexer_drain_here(s, DRAIN_PER_DELIVERY, nm_session_take_db(o->nm), &indexed, &left);
	if (r == INDEX_LOCKED)
		log_info("notmuch is busy (write lock held over %d s): %u message(s) left pending;"
		    " run 'backstop index'", s->index_timeout, left);
	else if (r == INDEX_FAILED)
		log_warnx("indexing failed; %u message(s) left pending", left);
	else if (indexed > 1)
		log_debug("indexed %u pending message(s)", indexed);
}

/*
 * Ordinary mail needs no parse: when the pre-screen finds nothing a
 * recogniser could act on, the outcome is the classifier's for class
 * none, reached without loading GMime (filters/prescreen.c says why).
 */
static bool
plainly_ordinary(const struct spool *sp, const struct envelope *env, struct outcome *o)
{
	size_t len = (size_t)sp->size;
	void *map = NULL;
	bool ordinary;

	if (sp->size > PRESCREEN_MESSAGE_MAX)
		return false;		/* parsed: see prescreen.h */
	if (len > 0 && (map = mmap(NULL, len, PROT_READ, MAP_PRIVATE, sp->fd, 0)) == MAP_FAILED)
		return false;		/* the classifier reads the file instead */
	ordinary = classify_prescreen(map != NULL ? map : "", len, env, o);
	if (map != NULL)
		munmap(map, len);
	return ordinary;
}

/*
 * Classifies: the pre-screen, else the resident judge, else here (the
 * judge is only a shortcut: judge.h).  Sets o (verdict, class, folder;
 * the notmuch session only when judged here), *header (when wanted),
 * *summary and *nm_error, all new strings.
 */
static void
classify_message(const struct settings *s, struct spool *sp, const struct envelope *env,
    struct outcome *o, char **header, char **summary, char **nm_error)
{
	struct judgement j = { 0 };

	if (s->prescreen && plainly_ordinary(sp, env, o))
		;
	else if (judge_ask(s, sp, env, &j)) {
		log_debug("classified by the resident judge");
		memset(o, 0, sizeof *o);
		recognition_init(&o->rec);
		o->parsed = true;
		o->rec.class = j.class;
		o->verdict = j.verdict;
		o->folder = j.folder;
		*header = j.header;	/* the strings are ours now */
		*summary = j.summary;
		*nm_error = j.nm_error;
		return;
	} else
		classify_fd(sp->fd, env, s, o);
	if (s->header)
		*header = stamp_line(o, sp->crlf);
	*summary = stamp_summary(o, NULL);
	*nm_error = g_strdup(nm_session_open_error(o->nm));
}

/* Appends to *header what makes a message notmuch would skip visible (bare.h). */
static void
add_bare_lines(char **header, struct spool *sp)
{
	char *lines = bare_lines(sp->fd, sp->crlf), *both;

	if (lines == NULL)
		return;
	both = g_strconcat(*header != NULL ? *header : "", lines, NULL);
	g_free(*header);
	g_free(lines);
	*header = both;
}

/* Classifies and delivers; returns the exit status. */
static int
deliver(struct settings *s, bool config_broken)
{
	struct spool sp;
	struct envelope env;
	struct outcome o;
	char *header = NULL, *path, *summary, *nm_error = NULL;
	const char *folder;

	if (maildir_ensure(s->maildir) == -1) {
		refuse_symlink(s->maildir, false);
		tempfail("cannot create the Maildir", s->maildir);
	}
	if (spool_input(STDIN_FILENO, s->maildir, &sp) == -1) {
		refuse_symlink(s->maildir, false);
		tempfail("cannot spool the message into", s->maildir);
	}
	remember_tmp(0, sp.path);
	envelope_from_environment(&env, &sp);
	memset(&o, 0, sizeof o);
	if (config_broken) {
		o.folder = FOLDER_INBOX;
		header = stamp_unchecked_line("config", sp.crlf);
		summary = g_strdup("unchecked (broken config)");
	} else
		classify_message(s, &sp, &env, &o, &header, &summary, &nm_error);
	add_bare_lines(&header, &sp);
	folder = choose_folder(s, o.folder);
	path = write_final(folder, header, &sp);
	if (path == NULL) {
		refuse_symlink(folder, folder != s->maildir);
		tempfail("cannot deliver into", folder);
	}
	spool_discard(&sp);
	remember_tmp(0, NULL);
	clean_tmp(s->maildir);
	if (folder != s->maildir)
		clean_tmp(folder);
	log_info("delivered to %s %s: %s", folder == s->maildir ? "inbox" : "quarantine",
	    path, summary);
	if (folder != s->maildir && s->notmuch_enabled && !config_broken)
		index_quarantined(s, path, &o);
	if (nm_error != NULL)
		notice_problem(s, NOTICE_NOTMUCH, nm_error);
	g_free(nm_error);
	outcome_clear(&o);
	g_free(summary);
	g_free(header);
	g_free(path);
	return 0;
}

int
cmd_deliver(int argc, char **argv)
{
	const struct startup_spec spec = {
		.name = "deliver", .usage = usage, .max_operands = 0, .lenient = true,
		.policy = CONFIG_FLAG, .input_is_mail = true, .stderr_is_mta = true,
	};
	struct startup st = { 0 };
	int rc;

	install_crash_handler();
	if ((rc = startup(argc, argv, &spec, &st)) != STARTUP_GO)
		return rc;
	rc = deliver(&st.s, st.config_broken);
	settings_clear(&st.s);
	return rc;
}
