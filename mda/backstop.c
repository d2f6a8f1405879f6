/*
 * backstop.c: a per-user mail delivery agent that keeps backscatter
 * (bounces and auto-replies to mail forged in the user's name) out of
 * the inbox.  main() only picks the command; each lives in cmd-*.c.
 *
 * Global options (-c FILE, -v) may come before the command, as in
 * notmuch: `backstop -c FILE stats`.  With no command, backstop
 * delivers: that is how an MTA calls it.  An MTA must never see a usage
 * error, since it would bounce the mail, so everything an MTA or a
 * recipe may have put on the line still delivers: no arguments, an
 * option we do not know (`-f sender`, `-a ext`), `--`.  A word that is
 * not a command is a usage error (EX_USAGE): no documented command line
 * has one, and delivering on a typo (`backstop stast`) is what made
 * stray commands file empty messages.  It is logged too, so an MTA set
 * up with one shows why in the mail log.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <sysexits.h>
#include <unistd.h>
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
    "       backstop quarantine recheck [--since AGE] [--apply]  release what is now genuine\n"
    "       backstop config check [-c FILE]        find mistakes in the config file\n"
    "       backstop judge --stop                  end the resident judge\n"
    "       backstop help [COMMAND] | --help | --version\n"
    "Options before the command apply to it: backstop -c FILE stats, backstop -v check F.\n"
    "Run 'backstop COMMAND --help' for a command's options; man backstop for more.\n";

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
};

static const struct command commands[] = {
	{ "deliver", cmd_deliver },
	{ "check", cmd_check },
	{ "index", cmd_index },
	{ "judge", cmd_judge },
	{ "sendmail", cmd_sendmail },
	{ "filter", cmd_filter },
	{ "setup", cmd_setup },
	{ "quarantine", cmd_quarantine },
	{ "scan", cmd_scan },
	{ "stats", cmd_stats },
	{ "config", cmd_config },
};

/* -c and -v given before the command: every parse_common starts from these. */
static struct common_opts global_opts;

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

	*o = global_opts;
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

static const struct command *
find_command(const char *name)
{
	for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
		if (strcmp(name, commands[i].name) == 0)
			return &commands[i];
	return NULL;
}

/* `backstop help [COMMAND]`. */
static int
help(int argc, char **argv)
{
	const struct command *c = argc > 1 ? find_command(argv[1]) : NULL;
	char *args[] = { argv[1], (char *)"--help", NULL };

	if (c != NULL)
		return c->run(2, args);
	if (argc > 1) {
		fprintf(stderr, "backstop: no command '%s'\n%s", argv[1], usage);
		return EX_USAGE;
	}
	fputs(usage, stdout);
	return 0;
}

/*
 * Reads the global options in front of the command into global_opts.
 * Returns the index of the command word (argc if none), -1 to deliver
 * with argv untouched (an option we do not know: an MTA's), -2 after
 * --help or --version.
 */
static int
global_options(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "config", required_argument, NULL, 'c' },
		{ "verbose", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 },
	};
	int opt;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+hc:v", longopts, NULL)) != -1) {
		switch (opt) {
		case 'h':
			fputs(usage, stdout);
			return -2;
		case 'V':
			printf("backstop %s\n", PACKAGE_VERSION);
			return -2;
		case 'c':
			global_opts.config_path = optarg;
			break;
		case 'v':
			global_opts.verbose = true;
			break;
		default:
			return -1;
		}
	}
	if (optind > 1 && strcmp(argv[optind - 1], "--") == 0)
		return -1;		/* "backstop [opts] --": a delivery */
	return optind;
}

int
main(int argc, char **argv)
{
	const struct command *c;
	int at = global_options(argc, argv);

	if (at == -2)
		return 0;
	if (at == -1 || at >= argc)
		return cmd_deliver(argc, argv);
	if ((c = find_command(argv[at])) != NULL)
		return c->run(argc - at, argv + at);
	if (strcmp(argv[at], "help") == 0)
		return help(argc - at, argv + at);
	log_init(false, false);
	log_warnx("'%s' is not a command: nothing done (exit %d); 'backstop help' lists them",
	    argv[at], EX_USAGE);
	fprintf(stderr, "backstop: '%s' is not a command\n%s", argv[at], usage);
	return EX_USAGE;
}
