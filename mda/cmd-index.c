/*
 * cmd-index.c: `backstop index`, index what is pending: it waits for
 * the batch indexer to finish, then indexes whatever is left itself, so
 * everything quarantined is searchable once it exits 0.  Safe to run
 * from cron.  `backstop index --background` is the batch indexer that
 * deliveries start (background.c).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "background.h"
#include "commands.h"
#include "indexer.h"
#include "log.h"
#include "pending.h"
#include "settings.h"
#include "startup.h"

static const char usage[] =
    "usage: backstop index [-v] [-c FILE]\n"
    "Indexes quarantined messages that are pending in notmuch, after waiting\n"
    "for the batch indexer that deliveries start.\n"
    "  -c FILE   read settings from FILE\n"
    "  -v        log to standard error too\n";

static bool
index_option(int opt, const char *arg, void *data)
{
	(void)arg;
	if (opt != 'b')
		return false;
	*(bool *)data = true;
	return true;
}

/* The batch indexer: never prints, logs to syslog only. */
static int
run_background(const struct common_opts *opts)
{
	struct settings s;
	int rc = 0;

	background_close_inherited();
	log_init(false, getenv("BACKSTOP_DEBUG") != NULL);
	setup_libraries();
	if (settings_load(opts->config_path, &s) == 0 && s.notmuch_enabled) {
		/* Holding no directory of the MTA's (its paths are all absolute now). */
		if (chdir("/") == -1)
			log_warn("cannot change to /");
		rc = background_run(&s);
	}
	settings_clear(&s);
	return rc;
}

/* Waits for the batch indexer; returns the held lock, -2 (all done), or -1 after saying why. */
static int
wait_for_indexer(const struct settings *s)
{
	long pid;
	int fd = background_lock_wait(s, s->index_timeout, &pid);

	if (fd == -1 && pid > 0)
		fprintf(stderr, "backstop: the batch indexer (pid %ld) is still at work, most likely"
		    " waiting for notmuch's write lock; try again later\n", pid);
	else if (fd == -1)
		fprintf(stderr, "backstop: cannot lock %s/batch.lock\n", s->state_dir);
	return fd;
}

static int
run_foreground(struct settings *s)
{
	unsigned indexed = 0, left;
	enum index_result r = INDEX_LOCKED;
	int lock;

	if (s->index_timeout == 0)
		s->index_timeout = 10;
	left = 0;
	if ((lock = wait_for_indexer(s)) >= 0) {
		r = indexer_drain(s, 0, &indexed, &left);
		close(lock);
	} else if (lock == -2)
		r = INDEX_DONE;
	else
		left = pending_count(s->state_dir);
	printf("backstop: indexed %u pending message(s)", indexed);
	if (left > 0)
		printf(", %u left", left);
	printf("\n");
	if (r == INDEX_LOCKED && lock >= 0)
		fprintf(stderr, "backstop: the notmuch database is locked by another process;"
		    " try again later\n");
	return r == INDEX_DONE ? 0 : EX_TEMPFAIL;
}

/*
 * `index --background` is how a delivery starts the batch indexer
 * (background.c): it parses its own options and opens nothing before
 * closing what it inherited, so it stays outside startup().
 */
static int
index_background(int argc, char **argv)
{
	static const char *const longopts[] = { "background", NULL };
	struct common_opts opts = { 0 };
	bool background = false;
	int first;

	first = parse_common(argc, argv, usage, &opts, index_option, "", longopts, &background);
	if (first < 0 || first < argc || !background)
		return EX_USAGE;
	return run_background(&opts);
}

int
cmd_index(int argc, char **argv)
{
	const struct startup_spec spec = {
		.name = "index", .usage = usage, .max_operands = 0, .policy = CONFIG_REFUSE,
	};
	struct startup st = { 0 };
	struct settings s;
	int rc;

	if (argc >= 2 && strcmp(argv[1], "--background") == 0)
		return index_background(argc, argv);
	if ((rc = startup(argc, argv, &spec, &st)) != STARTUP_GO)
		return rc;
	s = st.s;
	if (!s.notmuch_enabled) {
		fprintf(stderr, "backstop: notmuch is turned off ([notmuch] config = none)\n");
		settings_clear(&s);
		return 0;
	}
	rc = run_foreground(&s);
	settings_clear(&s);
	return rc;
}
