/*
 * commands.h: one function per subcommand, each in cmd-<name>.c.
 */
#ifndef BACKSTOP_COMMANDS_H
#define BACKSTOP_COMMANDS_H

#include <stdbool.h>

/* Options every command takes. */
struct common_opts {
	const char *config_path;	/* -c FILE */
	bool verbose;			/* -v */
};

int cmd_deliver(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_index(int argc, char **argv);
int cmd_sendmail(int argc, char **argv);
int cmd_filter(int argc, char **argv);
int cmd_setup(int argc, char **argv);
int cmd_quarantine(int argc, char **argv);
int cmd_scan(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_config(int argc, char **argv);
int cmd_judge(int argc, char **argv);

/*
 * backstop.c: parses -c/-v/--help shared by all commands; other options
 * are handed to extra (return false on an unknown one).  A long option
 * named "name=" takes an argument; each is passed to extra as its first
 * letter.  Returns the
 * index of the first operand, or -1 after printing usage (help: -2).
 */
int parse_common(int argc, char **argv, const char *usage, struct common_opts *o,
    bool (*extra)(int opt, const char *arg, void *data), const char *extra_short,
    const char *const *extra_long, void *data);

/* Starts GMime with library noise routed to the log. */
void setup_libraries(void);

#endif
