/*
 * judge-wire.h: what the resident judge and a delivery share: where the
 * socket is, the identity both must have, and the message format.
 */
#ifndef BACKSTOP_JUDGE_WIRE_H
#define BACKSTOP_JUDGE_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <glib.h>

#include "settings.h"

#define WIRE_MAGIC	"BSJ1"

/*
 * <state_dir>/judge, created 0700 if missing.  Returns an O_PATH
 * descriptor of it, or -1 (errno) when it cannot be made or is not a
 * directory owned by us and closed to others (a judge there could be
 * anyone's).
 */
int wire_dir_open(const struct settings *s);

/*
 * The address of the socket in the directory dir_fd names: its path
 * when that fits sun_path, else /proc/self/fd/N/socket (a long HOME).
 * Returns the address length, or 0 when even that does not fit.
 */
socklen_t wire_address(const struct settings *s, int dir_fd, struct sockaddr_un *sa);

/* The judge's lock file, opened (created 0600) in dir_fd; -1/errno. */
int wire_lock_open(int dir_fd);

/*
 * Everything an answer depends on besides the message and the state it
 * reads afresh: uid, the binary, the config file (config_st, or NULL
 * when none was read) and the environment variables that settings,
 * notmuch, GLib and the loader read.  New string.
 */
char *wire_identity(const struct stat *config_st);

/* A message: WIRE_MAGIC, then NUL-terminated key, value pairs. */
GString *wire_new(void);
void wire_put(GString *m, const char *key, const char *value);
void wire_put_int(GString *m, const char *key, long value);
/*
 * The value of key in the message buf[0..len), or NULL if absent or the
 * message is malformed (no magic, a pair cut short).  Borrowed from buf.
 */
const char *wire_get(const char *buf, size_t len, const char *key);
/* wire_get as a number in [0, max); -1 if absent or out of range. */
long wire_get_int(const char *buf, size_t len, const char *key, long max);

#endif
