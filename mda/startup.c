/*
 * startup.c: one start-up path for every command.
 *
 * Before it, each command read its options, opened the log and loaded
 * the settings by itself, and a broken config ended scan with 1, index
 * with 78 and check not at all.  Now the policy is written once
 * (startup.h): delivery never refuses, the commands that judge or move
 * mail refuse with EX_CONFIG and say why, and a command whose answer
 * does not depend on the settings goes on with the defaults.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <sysexits.h>
#include <unistd.h>

#include "log.h"
#include "mailbox-notice.h"
#include "startup.h"

int
startup_settings(const char *config_path, enum config_policy policy, struct settings *s,
    bool *broken)
{
	*broken = settings_load(config_path, s) == -1;
	if (!*broken) {
		/* A refused value costs one key; delivery says so where the user looks. */
		if (policy == CONFIG_FLAG)
			notice_refused_settings(s);
		return STARTUP_GO;
	}
	switch (policy) {
	case CONFIG_FLAG:
		log_warnx("broken config, delivering to the inbox unchecked: %s", s->error);
		notice_problem(s, NOTICE_CONFIG, s->error);
		return STARTUP_GO;
	case CONFIG_DEFAULTS:
		fprintf(stderr, "backstop: broken config (going on with the defaults): %s\n",
		    s->error);
		return STARTUP_GO;
	case CONFIG_REFUSE:
	case CONFIG_SKIP:
		break;
	}
	fprintf(stderr, "backstop: broken config: %s\n"
	    "backstop: fix it (see backstop.conf(5)); deliveries meanwhile go to the inbox"
	    " unchecked\n", s->error);
	settings_clear(s);
	return EX_CONFIG;
}

int
startup(int argc, char **argv, const struct startup_spec *spec, struct startup *st)
{
	const char *debug = getenv("BACKSTOP_DEBUG");
	int first;

	first = parse_common(argc, argv, spec->usage, &st->opts, spec->extra,
	    spec->extra_short ? spec->extra_short : "", spec->extra_long, spec->data);
	if (first == -2)
		return 0;
	log_init(spec->log_stderr || st->opts.verbose, debug != NULL);
	if (spec->stderr_is_mta)
		log_stderr_is_mta();
	if (first == -1 || (spec->max_operands >= 0 && argc - first > spec->max_operands)) {
		if (!spec->lenient) {
			if (first != -1)
				fputs(spec->usage, stderr);
			return EX_USAGE;
		}
		log_warnx("%s: unexpected arguments ignored", spec->name);
		if (first == -1)
			first = argc;
	}
	st->first = first;
	if (spec->input_is_mail && isatty(STDIN_FILENO)) {
		fprintf(stderr, "backstop: standard input is a terminal: %s reads one message"
		    " from the MTA, not from you\n"
		    "backstop: to see what backstop makes of a message, run 'backstop check FILE';"
		    " 'backstop help' lists the commands\n", spec->name);
		return EX_USAGE;
	}
	setup_libraries();
	if (spec->policy == CONFIG_SKIP)
		return STARTUP_GO;
	return startup_settings(st->opts.config_path, spec->policy, &st->s, &st->config_broken);
}
