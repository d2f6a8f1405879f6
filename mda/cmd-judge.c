/*
 * cmd-judge.c: `backstop judge`, the resident judge (judge.h).
 *
 *   backstop judge --serve [-c FILE]   the judge itself, as a delivery
 *                                      starts it (detached, no output)
 *   backstop judge --stop [-c FILE]    end the running judge, if any
 *
 * `--serve` parses its own options and opens nothing before closing
 * what it inherited, so it stays outside startup(), like
 * `index --background`.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "background.h"
#include "commands.h"
#include "judge.h"
#include "log.h"
#include "startup.h"

static const char usage[] =
    "usage: backstop judge --stop [-v] [-c FILE]\n"
    "Ends the resident judge that deliveries start to classify mail\n"
    "(deliveries start it again when they need it).\n"
    "  -c FILE   read settings from FILE\n"
    "  -v        log to standard error too\n";

static bool
judge_option(int opt, const char *arg, void *data)
{
	(void)arg;
	if (opt != 's')
		return false;
	*(bool *)data = true;
	return true;
}

static int
serve(int argc, char **argv)
{
	static const char *const longopts[] = { "serve", NULL };
	struct common_opts opts = { 0 };
	bool flag = false;
	int first;

	background_close_inherited();
	first = parse_common(argc, argv, usage, &opts, judge_option, "", longopts, &flag);
	if (first < 0 || first < argc || !flag)
		return EX_USAGE;
	log_init(false, getenv("BACKSTOP_DEBUG") != NULL);
	setup_libraries();
	return judge_serve(opts.config_path);
}

int
cmd_judge(int argc, char **argv)
{
	static const char *const longopts[] = { "stop", NULL };
	bool stop = false;
	const struct startup_spec spec = {
		.name = "judge", .usage = usage, .max_operands = 0, .policy = CONFIG_DEFAULTS,
		.extra = judge_option, .extra_long = longopts, .extra_short = "", .data = &stop,
	};
	struct startup st = { 0 };
	int rc;

	if (argc >= 2 && strcmp(argv[1], "--serve") == 0)
		return serve(argc, argv);
	if ((rc = startup(argc, argv, &spec, &st)) != STARTUP_GO)
		return rc;
	if (!stop) {
		fputs(usage, stderr);
		settings_clear(&st.s);
		return EX_USAGE;
	}
	rc = judge_stop(&st.s);
	if (rc != 0)
		printf("backstop: no resident judge runs\n");
	settings_clear(&st.s);
	return rc;
}
