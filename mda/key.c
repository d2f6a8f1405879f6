/*
 * key.c: the key file: read with ssh's caution, made on first use.
 *
 * The key lets its holder sign mail as the user, so a key that others
 * can read is not used at all (the message names the chmod that fixes
 * it).  A new file is written whole to a temporary name, fsynced and
 * link()ed into place, so a reader never sees half a key and two first
 * uses at once do not make two keys.  Secrets come from getrandom(2).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "key.h"
#include "maildir.h"

static enum key_status
fail(enum key_status st, char **error, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

static enum key_status
fail(enum key_status st, char **error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	*error = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	return st;
}

static enum key_status
check_owner_and_mode(const char *path, const struct stat *st, char **error)
{
	if (!S_ISREG(st->st_mode))
		return fail(KEY_REFUSED, error, "%s is not a regular file", path);
	if (st->st_uid != geteuid())
		return fail(KEY_REFUSED, error, "%s is owned by uid %u, not by you; remove it and"
		    " let backstop make a new one", path, (unsigned)st->st_uid);
	if ((st->st_mode & 077) != 0)
		return fail(KEY_REFUSED, error, "%s: permissions %04o are too open, others could"
		    " sign mail as you; run: chmod 600 %s", path, (unsigned)(st->st_mode & 07777),
		    path);
	return KEY_OK;
}

enum key_status
key_load(const char *path, struct keyring *kr, char **error)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	char buf[4096], *why = NULL;
	enum key_status rc;
	struct stat st;
	ssize_t n;

	if (fd == -1 && errno == ENOENT)
		return fail(KEY_MISSING, error, "%s does not exist", path);
	if (fd == -1)
		return fail(KEY_BROKEN, error, "%s: %s", path, g_strerror(errno));
	if (fstat(fd, &st) == -1) {
		close(fd);
		return fail(KEY_BROKEN, error, "%s: %s", path, g_strerror(errno));
	}
	if ((rc = check_owner_and_mode(path, &st, error)) != KEY_OK) {
		close(fd);
		return rc;
	}
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n < 0)
		return fail(KEY_BROKEN, error, "%s: %s", path, g_strerror(errno));
	buf[n] = '\0';
	rc = keyring_parse(buf, kr, &why) ? KEY_OK : fail(KEY_BROKEN, error, "%s: %s", path, why);
	memset(buf, 0, sizeof buf);
	g_free(why);
	return rc;
}

/* Writes kr to a new file next to path and links it to path (replace: rename). */
static int
write_keyring(const char *path, const struct keyring *kr, bool replace, char **error)
{
	char *tmp = g_strdup_printf("%s.XXXXXX", path), *dir = g_path_get_dirname(path);
	char *text = keyring_format(kr);
	int fd, rc = -1, saved = 0;

	if (g_mkdir_with_parents(dir, 0700) == -1 ||
	    (fd = g_mkstemp_full(tmp, O_WRONLY | O_CLOEXEC, 0600)) == -1) {
		*error = g_strdup_printf("cannot create a key in %s: %s", dir, g_strerror(errno));
	} else if (write_all(fd, text, strlen(text)) == -1 || fsync(fd) == -1 || close(fd) == -1) {
		*error = g_strdup_printf("cannot write %s: %s", tmp, g_strerror(errno));
		unlink(tmp);
	} else if (replace ? rename(tmp, path) == -1 : link(tmp, path) == -1) {
		saved = errno;
		*error = g_strdup_printf("cannot create %s: %s", path, g_strerror(errno));
		unlink(tmp);
	} else {
		if (!replace)
			unlink(tmp);
		rc = 0;
	}
	memset(text, 0, strlen(text));
	g_free(text);
	g_free(tmp);
	g_free(dir);
	errno = saved;
	return rc;
}

static bool
fresh_secret(guint8 *secret, char **error)
{
	ssize_t n = getrandom(secret, KEY_BYTES, 0);

	if (n != KEY_BYTES) {
		*error = g_strdup_printf("no random bytes for a key: %s", g_strerror(errno));
		return false;
	}
	return true;
}

enum key_status
key_load_or_create(const char *path, struct keyring *kr, char **error)
{
	guint8 secret[KEY_BYTES];
	enum key_status st = key_load(path, kr, error);

	if (st != KEY_MISSING)
		return st;
	g_free(*error);
	*error = NULL;
	memset(kr, 0, sizeof *kr);
	if (!fresh_secret(secret, error))
		return KEY_BROKEN;
	keyring_add(kr, secret, g_get_real_time() / G_USEC_PER_SEC, 1);
	memset(secret, 0, sizeof secret);
	if (write_keyring(path, kr, false, error) == 0)
		return KEY_OK;
	if (errno != EEXIST)
		return KEY_BROKEN;
	g_free(*error);
	*error = NULL;
	return key_load(path, kr, error);	/* someone else made it first */
}

int
key_rotate(const char *path, int valid_days, char **error)
{
	guint8 secret[KEY_BYTES];
	struct keyring kr;
	enum key_status st = key_load_or_create(path, &kr, error);
	int rc;

	if (st != KEY_OK)
		return -1;
	if (!fresh_secret(secret, error))
		return -1;
	keyring_add(&kr, secret, g_get_real_time() / G_USEC_PER_SEC, valid_days);
	memset(secret, 0, sizeof secret);
	rc = write_keyring(path, &kr, true, error);
	memset(&kr, 0, sizeof kr);
	return rc;
}
