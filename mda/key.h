/*
 * key.h: the user's signing keys on disk (~/.config/backstop/key).
 */
#ifndef BACKSTOP_KEY_H
#define BACKSTOP_KEY_H

#include <stdbool.h>

#include "signature.h"

enum key_status {
	KEY_OK,
	KEY_MISSING,		/* no key file (nothing was ever signed) */
	KEY_REFUSED,		/* others can read it, or it is not ours */
	KEY_BROKEN,		/* unreadable or malformed */
};

/*
 * Reads the key file at path into kr.  Like ssh, refuses a file that
 * its group or others can read or write, or that another user owns;
 * *error then names the fix.  *error is set (a new string) for every
 * status but KEY_OK.
 */
enum key_status key_load(const char *path, struct keyring *kr, char **error);

/*
 * key_load, and if there is no key file yet, makes one (mode 0600, in a
 * directory of mode 0700) with a fresh random key.  Never overwrites a
 * file: if another process made one first, that one is loaded.
 */
enum key_status key_load_or_create(const char *path, struct keyring *kr, char **error);

/*
 * Adds a fresh key that signs from now on; older keys stay for checking
 * until what they signed has expired (valid_days).  0, or -1 with *error.
 */
int key_rotate(const char *path, int valid_days, char **error);

#endif
