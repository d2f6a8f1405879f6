/*
 * startup.h: the one start-up path every command takes: its options
 * (parse_common), the log, the libraries, the settings, and the one
 * policy for a config file that cannot be read.
 */
#ifndef BACKSTOP_STARTUP_H
#define BACKSTOP_STARTUP_H

#include <stdbool.h>

#include "commands.h"
#include "settings.h"

/*
 * What a command does when the config file is broken (settings_load
 * returned -1; the settings are then the defaults):
 *  - CONFIG_FLAG: go on (delivery and filter: the mail goes to the inbox
 *    marked unchecked; the log and a mailbox notice say why);
 *  - CONFIG_DEFAULTS: say so on stderr and go on with the defaults
 *    (setup, which writes the file, and stats, which only reads logs);
 *  - CONFIG_REFUSE: say what is wrong on stderr and exit EX_CONFIG (78):
 *    every command that reads, judges or moves mail, since the defaults
 *    (another folder, no lists) would give another answer than delivery;
 *  - CONFIG_SKIP: do not read them at all (config check, which reads the
 *    file itself to report every problem rather than one).
 */
enum config_policy {
	CONFIG_REFUSE,
	CONFIG_FLAG,
	CONFIG_DEFAULTS,
	CONFIG_SKIP,
};

struct startup_spec {
	const char *name;		/* the command, for messages */
	const char *usage;
	/* parse_common's extra options */
	bool (*extra)(int opt, const char *arg, void *data);
	const char *extra_short;
	const char *const *extra_long;
	void *data;
	int max_operands;		/* -1: any number */
	bool lenient;			/* bad options and operands are logged, not refused */
	bool log_stderr;		/* log to stderr even without -v */
	bool stderr_is_mta;		/* delivery: warnings for the user stay in the log */
	bool input_is_mail;		/* reads a message on stdin: a terminal is refused */
	enum config_policy policy;
};

struct startup {
	struct common_opts opts;
	int first;			/* index of the first operand */
	struct settings s;		/* set when startup returns STARTUP_GO, but under CONFIG_SKIP */
	bool config_broken;
};

#define STARTUP_GO	(-1)

/*
 * Parses argv (argv[0] is the command word), opens the log, starts the
 * libraries and reads the settings.  Returns STARTUP_GO with st filled
 * (free st->s with settings_clear), or the status to exit with: 0 after
 * --help, EX_USAGE after a usage error or, with input_is_mail, when
 * standard input is a terminal (printed), EX_CONFIG under
 * CONFIG_REFUSE (printed).
 */
int startup(int argc, char **argv, const struct startup_spec *spec, struct startup *st);

/*
 * The settings part alone, for commands that parse their own options
 * (sendmail): loads, applies policy, returns STARTUP_GO or EX_CONFIG.
 */
int startup_settings(const char *config_path, enum config_policy policy, struct settings *s,
    bool *broken);

#endif
