/*
 * judge-wire.c: the socket's place, the identity, the message format.
 *
 * Messages are single SOCK_SEQPACKET datagrams of at most
 * JUDGE_MSG_MAX bytes: the magic, then key and value pairs, each
 * NUL-terminated.  Nothing in them can contain a NUL (environment
 * values, C strings), so no escaping is needed, and a reader that finds
 * a pair cut short or no magic takes the whole message as garbage.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "judge.h"
#include "judge-wire.h"

/*
 * What settings (settings.c), notmuch (its config lookup), GLib and the
 * loader (preloaded libraries) read from the environment.  The envelope
 * variables are not here: they travel in each request.
 */
static const char *const identity_env[] = {
	"HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "BACKSTOP_CONFIG",
	"NOTMUCH_CONFIG", "NOTMUCH_PROFILE", "NOTMUCH_DATABASE", "MAILDIR", "MAIL",
	"TZ", "LANG", "LC_ALL", "LC_CTYPE", "LD_PRELOAD", "LD_LIBRARY_PATH",
	"GMIME_DEBUG", "BACKSTOP_DEBUG", "FAKETIME",
};

int
wire_dir_open(const struct settings *s)
{
	char *path = g_build_filename(s->state_dir, "judge", NULL);
	struct stat st;
	int fd;

	g_mkdir_with_parents(s->state_dir, 0700);
	if (mkdir(path, 0700) == -1 && errno != EEXIST) {
		g_free(path);
		return -1;
	}
	fd = open(path, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	g_free(path);
	if (fd == -1)
		return -1;
	if (fstat(fd, &st) == -1 || st.st_uid != geteuid() || (st.st_mode & 077) != 0) {
		close(fd);
		errno = EPERM;
		return -1;
	}
	return fd;
}

socklen_t
wire_address(const struct settings *s, int dir_fd, struct sockaddr_un *sa)
{
	char *path = g_build_filename(s->state_dir, "judge", "socket", NULL);
	int n;

	memset(sa, 0, sizeof *sa);
	sa->sun_family = AF_UNIX;
	if (strlen(path) < sizeof sa->sun_path)
		n = snprintf(sa->sun_path, sizeof sa->sun_path, "%s", path);
	else
		n = snprintf(sa->sun_path, sizeof sa->sun_path, "/proc/self/fd/%d/socket", dir_fd);
	g_free(path);
	if (n < 0 || (size_t)n >= sizeof sa->sun_path)
		return 0;
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + (size_t)n + 1);
}

int
wire_lock_open(int dir_fd)
{
	return openat(dir_fd, "lock", O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
}

static void
append_stat(GString *id, const char *what, const struct stat *st)
{
	g_string_append_printf(id, "%s=%ju:%ju:%jd:%jd.%09ld\n", what, (uintmax_t)st->st_dev,
	    (uintmax_t)st->st_ino, (intmax_t)st->st_size, (intmax_t)st->st_mtim.tv_sec,
	    st->st_mtim.tv_nsec);
}

extern char **environ;

static int
compare_strings(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The file this program was started from, by its name: a replaced
 * binary's name is the new file, whose identity differs from the old
 * one a judge still runs.  By name rather than stat("/proc/self/exe")
 * also because valgrind reports the client's name there, not its own.
 */
static int
exe_stat(struct stat *st)
{
	char path[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);

	if (n <= 0 || (size_t)n >= sizeof path - 1)
		return -1;
	path[n] = '\0';
	return stat(path, st);
}

/* The envelope travels in each request; the rest is the shell's bookkeeping. */
static bool
per_delivery(const char *entry)
{
	static const char *const names[] = { "SENDER=", "RECIPIENT=", "ORIGINAL_RECIPIENT=",
	    "EXTENSION=", "_=", "SHLVL=", "PWD=", "OLDPWD=" };

	for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
		if (g_str_has_prefix(entry, names[i]))
			return true;
	return false;
}

/*
 * With a preloaded library, which may read any variable (the tests'
 * fault shims do), the whole environment but the envelope.
 */
static void
append_environment(GString *id)
{
	char **env = g_strdupv(environ);
	guint n = g_strv_length(env);

	qsort(env, n, sizeof *env, compare_strings);
	for (guint i = 0; i < n; i++)
		if (!per_delivery(env[i]))
			g_string_append_printf(id, "env %s\n", env[i]);
	g_strfreev(env);
}

char *
wire_identity(const struct stat *config_st)
{
	GString *id = g_string_new(NULL);
	struct stat exe;

	g_string_append_printf(id, "uid=%ju\n", (uintmax_t)geteuid());
	if (exe_stat(&exe) == 0)
		append_stat(id, "exe", &exe);
	else
		g_string_append(id, "exe=?\n");	/* no /proc: only the rest is compared */
	if (config_st != NULL) {
		append_stat(id, "config", config_st);	/* the file, whatever the path's spelling */
	} else
		g_string_append(id, "config=-\n");
	if (getenv("LD_PRELOAD") != NULL && *getenv("LD_PRELOAD") != '\0')
		append_environment(id);
	for (size_t i = 0; i < G_N_ELEMENTS(identity_env); i++) {
		const char *v = getenv(identity_env[i]);
		if (v != NULL)
			g_string_append_printf(id, "%s=%s\n", identity_env[i], v);
	}
	return g_string_free(id, FALSE);
}

GString *
wire_new(void)
{
	GString *m = g_string_new(NULL);

	g_string_append_len(m, WIRE_MAGIC, sizeof WIRE_MAGIC);
	return m;
}

void
wire_put(GString *m, const char *key, const char *value)
{
	if (value == NULL)
		return;
	g_string_append_len(m, key, (gssize)strlen(key) + 1);
	g_string_append_len(m, value, (gssize)strlen(value) + 1);
}

void
wire_put_int(GString *m, const char *key, long value)
{
	char buf[24];

	snprintf(buf, sizeof buf, "%ld", value);
	wire_put(m, key, buf);
}

const char *
wire_get(const char *buf, size_t len, const char *key)
{
	const char *p = buf, *end = buf + len, *k, *v, *found = NULL;

	if (len < sizeof WIRE_MAGIC || memcmp(buf, WIRE_MAGIC, sizeof WIRE_MAGIC) != 0)
		return NULL;
	p += sizeof WIRE_MAGIC;
	/* The whole message is checked, not only up to the key: garbage is refused whole. */
	while (p < end) {
		k = p;
		if ((p = memchr(p, '\0', (size_t)(end - p))) == NULL)
			return NULL;
		v = ++p;
		if (p >= end || (p = memchr(p, '\0', (size_t)(end - p))) == NULL)
			return NULL;
		p++;
		if (found == NULL && strcmp(k, key) == 0)
			found = v;
	}
	return found;
}

long
wire_get_int(const char *buf, size_t len, const char *key, long max)
{
	const char *v = wire_get(buf, len, key);
	char *end;
	long n;

	if (v == NULL || *v == '\0')
		return -1;
	errno = 0;
	n = strtol(v, &end, 10);
	if (errno != 0 || *end != '\0' || n < 0 || n >= max)
		return -1;
	return n;
}
