/*
 * cmd-index.c: `backstop index`, index what deliveries left pending
 * because notmuch's write lock was held.  Safe to run from cron.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <sysexits.h>

#include "commands.h"
#include "indexer.h"
#include "log.h"
#include "settings.h"
#include "startup.h"

static const char usage[] =
    "usage: backstop index [-v] [-c FILE]\n"
    "Indexes quarantined messages that deliveries left pending in notmuch.\n"
    "  -c FILE   read settings from FILE\n"
    "  -v        log to standard error too\n";

int
cmd_index(int argc, char **argv)
{
	const struct startup_spec spec = {
		.name = "index", .usage = usage, .max_operands = 0, .policy = CONFIG_REFUSE,
	};
	struct startup st = { 0 };
	struct settings s;
	unsigned indexed, left;
	enum index_result r;
	int rc;

	if ((rc = startup(argc, argv, &spec, &st)) != STARTUP_GO)
		return rc;
	s = st.s;
	if (!s.notmuch_enabled) {
		fprintf(stderr, "backstop: notmuch is turned off ([notmuch] config = none)\n");
		settings_clear(&s);
		return 0;
	}
	if (s.index_timeout == 0)
		s.index_timeout = 10;
	r = indexer_drain(&s, 0, &indexed, &left);
	settings_clear(&s);
	printf("backstop: indexed %u pending message(s)", indexed);
	if (left > 0)
		printf(", %u left", left);
	printf("\n");
	if (r == INDEX_LOCKED) {
		fprintf(stderr, "backstop: the notmuch database is locked by another process;"
		    " try again later\n");
		return EX_TEMPFAIL;
	}
	return r == INDEX_DONE ? 0 : EX_TEMPFAIL;
}
