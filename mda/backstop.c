/*
 * backstop.c: a per-user mail delivery agent that keeps backscatter
 * (bounces and auto-replies to mail forged in the user's name) out of
 * the inbox.  main() only picks the command; each lives in cmd-*.c.
 *
 * With no command, or any arguments that are not a command, backstop
 * delivers: that is how an MTA calls it, and an MTA must never see a
 * usage error, since it would bounce the mail.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "commands.h"
#include "log.h"

static const char usage[] =
    "usage: backstop [deliver] [-v] [-c FILE]      deliver standard input\n"
    "       backstop check [--json] [FILE|DIR ...]  classify without delivering\n"
    "       backstop index                         index pending quarantined mail\n"
    "       backstop sendmail [OPTIONS] [RCPT ...]  sign, log and send (a sendmail wrapper)\n"
    "       backstop filter [-c FILE]              add X-Backstop: (procmail, maildrop)\n"
    "       backstop setup [--install]             set backstop up for you\n"
    "       backstop quarantine list|show|release|expire  look after the quarantine\n"
    "       backstop scan [--apply] [MAILDIR|MBOX|--query Q]  sort mail you already have\n"
    "       backstop stats [--days N] [--json] [--svg FILE]    what it did, per day\n"
    "       backstop config check [-c FILE]        find mistakes in the config file\n"
    "       backstop --help | --version\n"
    "Run 'backstop COMMAND --help' for a command's options; man backstop for more.\n";

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
};

static const struct command commands[] = {
	{ "deliver", cmd_deliver },
	{ "check", cmd_check },
	{ "index", cmd_index },
	{ "sendmail", cmd_sendmail },
	{ "filter", cmd_filter },
	{ "setup", cmd_setup },
	{ "quarantine", cmd_quarantine },
	{ "scan", cmd_scan },
	{ "stats", cmd_stats },
	{ "config", cmd_config },
};

void
setup_libraries(void)
{
	log_capture_glib();
	/* GMime is loaded and initialised on first use (gmime-lazy.c). */
}

int
parse_common(int argc, char **argv, const char *cmd_usage, struct common_opts *o,
    bool (*extra)(int opt, const char *arg, void *data), const char *extra_short,
    const char *const *extra_long, void *data)
{
	struct option longopts[16] = {
		{ "help", no_argument, NULL, 'h' },
		{ "config", required_argument, NULL, 'c' },
		{ "verbose", no_argument, NULL, 'v' },
	};
	char shortopts[32], names[16][32];
	int n = 3, opt;

	/* "name" takes no argument, "name=" one; the option's value is its first letter. */
	for (size_t i = 0; extra_long != NULL && extra_long[i] != NULL && n < 15; i++, n++) {
		size_t len = strlen(extra_long[i]);
		bool arg = len > 0 && extra_long[i][len - 1] == '=';
		snprintf(names[n], sizeof names[n], "%.*s", (int)(arg ? len - 1 : len), extra_long[i]);
		longopts[n] = (struct option){ names[n], arg ? required_argument : no_argument,
		    NULL, extra_long[i][0] };
	}
	snprintf(shortopts, sizeof shortopts, "+hc:v%s", extra_short);
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		switch (opt) {
		case 'h':
			fputs(cmd_usage, stdout);
			return -2;
		case 'c':
			o->config_path = optarg;
			break;
		case 'v':
			o->verbose = true;
			break;
		default:
			if (extra != NULL && opt != '?' && extra(opt, optarg, data))
				break;
			fprintf(stderr, "backstop: unknown option '%s'\n%s", argv[optind - 1],
			    cmd_usage);
			return -1;
		}
	}
	return optind;
}

int
main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--version") == 0) {
		printf("backstop %s\n", PACKAGE_VERSION);
		return 0;
	}
	if (argc > 1 && strcmp(argv[1], "--help") == 0) {
		fputs(usage, stdout);
		return 0;
	}
	for (size_t i = 0; argc > 1 && i < G_N_ELEMENTS(commands); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	return cmd_deliver(argc, argv);
}
