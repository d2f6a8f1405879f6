/*
 * lockholder: hold the notmuch write lock for a while, for the e2e tests.
 *
 * usage: lockholder SECONDS READYFILE
 *
 * Opens the notmuch database read-write the way notmuch itself finds it
 * ($NOTMUCH_CONFIG, ~/.notmuch-config, ...), which takes Xapian's write lock
 * and keeps it until the database is closed.  Once the lock is held it
 * creates READYFILE, so a test can wait for that file instead of sleeping,
 * then sleeps SECONDS and closes the database.
 *
 * Exit status: 0 after a clean close, 1 if the database could not be opened
 * or READYFILE not created, 64 on a usage error.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <notmuch.h>

static int parse_seconds(const char *, unsigned int *);
static int touch(const char *);

int
main(int argc, char **argv)
{
	notmuch_database_t *db = NULL;
	notmuch_status_t st;
	char *msg = NULL;
	unsigned int secs;
	int rc = 0;

	if (argc != 3 || parse_seconds(argv[1], &secs) == -1) {
		fprintf(stderr, "usage: lockholder SECONDS READYFILE\n");
		return 64;
	}

	st = notmuch_database_open_with_config(NULL,
	    NOTMUCH_DATABASE_MODE_READ_WRITE, NULL, NULL, &db, &msg);
	if (st != NOTMUCH_STATUS_SUCCESS) {
		fprintf(stderr, "lockholder: cannot open notmuch database: "
		    "%s%s%s\n", notmuch_status_to_string(st),
		    msg ? ": " : "", msg ? msg : "");
		free(msg);
		return 1;
	}
	free(msg);

	if (touch(argv[2]) == -1) {
		fprintf(stderr, "lockholder: %s: %s\n", argv[2],
		    strerror(errno));
		rc = 1;
	} else {
		/* sleep(3) may return early on a signal; finish the time. */
		time_t end = time(NULL) + (time_t)secs;
		while (time(NULL) < end)
			sleep((unsigned int)(end - time(NULL)));
	}

	st = notmuch_database_close(db);
	if (st != NOTMUCH_STATUS_SUCCESS) {
		fprintf(stderr, "lockholder: close: %s\n",
		    notmuch_status_to_string(st));
		rc = 1;
	}
	notmuch_database_destroy(db);
	return rc;
}

/* Parse a decimal number of seconds (0..86400); 0 or -1 on error. */
static int
parse_seconds(const char *s, unsigned int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < 0 || v > 86400)
		return -1;
	*out = (unsigned int)v;
	return 0;
}

/* Create (or truncate) path; 0 or -1 with errno set. */
static int
touch(const char *path)
{
	int fd;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd == -1)
		return -1;
	return close(fd);
}
