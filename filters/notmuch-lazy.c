/*
 * notmuch-lazy.c: libnotmuch is loaded on first use, not at start-up.
 *
 * Linking libnotmuch pulls in Xapian, libstdc++, talloc and more, and
 * the dynamic loader's work on them costs every delivery ~3 ms, about
 * as much as all the rest of the delivery of an ordinary message, which
 * never needs notmuch.  So the program is not linked with libnotmuch;
 * instead this file defines the libnotmuch functions backstop calls as
 * trampolines that dlopen() the library the first time one is called.
 * The rest of the code calls notmuch_* as usual.
 *
 * A function missing here shows up as an undefined reference when
 * linking mda/backstop: add one line for it below.
 *
 * The C++ runtime (libstdc++) is loaded first, on its own.  Most of the
 * loader's work is binding libstdc++'s thousands of references to its
 * own symbols, and each lookup searches the program's libraries and
 * then, in order, those of the object being dlopen()ed.  Loaded as a
 * dependency of libnotmuch, libstdc++ comes eighth in that order (after
 * libnotmuch, GMime, GObject, GLib, talloc, Xapian, sexp); loaded on its
 * own, it comes first.  That saves ~0.5M of the ~5.6M instructions the
 * load costs.  It binds the same definitions: the only symbol libstdc++
 * shares with those libraries is one function (std::operator+ for a
 * char pointer and a string) that Xapian also instantiates.  If it
 * cannot be loaded, libnotmuch loads it as before.
 */
#include "config.h"

#include <dlfcn.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <notmuch.h>

#define SONAME "libnotmuch.so." G_STRINGIFY(LIBNOTMUCH_MAJOR_VERSION)

static void *library;
static char *load_error;

static bool
load(void)
{
	if (library != NULL)
		return true;
	if (load_error != NULL)
		return false;
	/* Lazy binding, as for a linked library: binding all of Xapian's and
	 * libstdc++'s symbols now would cost ~2M instructions per delivery. */
#ifdef NOTMUCH_CXX_RUNTIME
	if (dlopen(NOTMUCH_CXX_RUNTIME, RTLD_LAZY | RTLD_LOCAL) == NULL)
		(void)dlerror();	/* then libnotmuch loads it itself */
#endif
	library = dlopen(SONAME, RTLD_LAZY | RTLD_LOCAL);
	if (library == NULL)
		load_error = g_strdup_printf("cannot load %s: %s", SONAME, dlerror());
	return library != NULL;
}

/* Only called once the library is loaded (the database is open). */
static void *
resolve(const char *name)
{
	void *fn = load() ? dlsym(library, name) : NULL;

	if (fn == NULL)
		abort();	/* a mismatched libnotmuch: fail like a missing symbol at start-up would */
	return fn;
}

#include "lazy.h"

notmuch_status_t
notmuch_database_open_with_config(const char *database_path,
    notmuch_database_mode_t mode, const char *config_path, const char *profile,
    notmuch_database_t **database, char **error_message)
{
	static __typeof__(&notmuch_database_open_with_config) fn;

	if (!load()) {
		if (error_message != NULL)
			*error_message = strdup(load_error);
		return NOTMUCH_STATUS_FILE_ERROR;
	}
	if (fn == NULL)
		fn = (__typeof__(&notmuch_database_open_with_config))
		    resolve("notmuch_database_open_with_config");
	return fn(database_path, mode, config_path, profile, database, error_message);
}

notmuch_status_t
notmuch_database_load_config(const char *database_path, const char *config_path,
    const char *profile, notmuch_database_t **database, char **error_message)
{
	static __typeof__(&notmuch_database_load_config) fn;

	if (!load()) {
		if (error_message != NULL)
			*error_message = strdup(load_error);
		return NOTMUCH_STATUS_FILE_ERROR;
	}
	if (fn == NULL)
		fn = (__typeof__(&notmuch_database_load_config))
		    resolve("notmuch_database_load_config");
	return fn(database_path, config_path, profile, database, error_message);
}

const char *
notmuch_status_to_string(notmuch_status_t status)
{
	static __typeof__(&notmuch_status_to_string) fn;

	if (!load())
		return load_error;
	if (fn == NULL)
		fn = (__typeof__(&notmuch_status_to_string))resolve("notmuch_status_to_string");
	return fn(status);
}

FWD(notmuch_status_t, notmuch_database_close, (notmuch_database_t *d), (d))
FWD(notmuch_status_t, notmuch_database_reopen,
    (notmuch_database_t *d, notmuch_database_mode_t m), (d, m))
FWD(const char *, notmuch_database_get_path, (notmuch_database_t *d), (d))
FWD(notmuch_status_t, notmuch_database_destroy, (notmuch_database_t *d), (d))
FWD(notmuch_status_t, notmuch_database_find_message,
    (notmuch_database_t *d, const char *id, notmuch_message_t **m), (d, id, m))
FWD(notmuch_status_t, notmuch_database_find_message_by_filename,
    (notmuch_database_t *d, const char *f, notmuch_message_t **m), (d, f, m))
FWD(notmuch_indexopts_t *, notmuch_database_get_default_indexopts,
    (notmuch_database_t *d), (d))
FWDV(notmuch_indexopts_destroy, (notmuch_indexopts_t *o), (o))
FWD(notmuch_status_t, notmuch_database_index_file,
    (notmuch_database_t *d, const char *f, notmuch_indexopts_t *o, notmuch_message_t **m),
    (d, f, o, m))
FWD(const char *, notmuch_config_get, (notmuch_database_t *d, notmuch_config_key_t k), (d, k))
FWD(notmuch_status_t, notmuch_config_get_bool,
    (notmuch_database_t *d, notmuch_config_key_t k, notmuch_bool_t *v), (d, k, v))
FWD(notmuch_config_values_t *, notmuch_config_get_values,
    (notmuch_database_t *d, notmuch_config_key_t k), (d, k))
FWD(notmuch_bool_t, notmuch_config_values_valid, (notmuch_config_values_t *v), (v))
FWD(const char *, notmuch_config_values_get, (notmuch_config_values_t *v), (v))
FWDV(notmuch_config_values_move_to_next, (notmuch_config_values_t *v), (v))
FWDV(notmuch_config_values_destroy, (notmuch_config_values_t *v), (v))
FWDV(notmuch_message_destroy, (notmuch_message_t *m), (m))
FWD(const char *, notmuch_message_get_header, (notmuch_message_t *m, const char *h), (m, h))
FWD(notmuch_tags_t *, notmuch_message_get_tags, (notmuch_message_t *m), (m))
FWD(notmuch_status_t, notmuch_database_get_directory,
    (notmuch_database_t *d, const char *p, notmuch_directory_t **r), (d, p, r))
FWD(time_t, notmuch_directory_get_mtime, (notmuch_directory_t *d), (d))
FWDV(notmuch_directory_destroy, (notmuch_directory_t *d), (d))
FWD(notmuch_status_t, notmuch_message_get_flag_st,
    (notmuch_message_t *m, notmuch_message_flag_t f, notmuch_bool_t *v), (m, f, v))
FWD(notmuch_filenames_t *, notmuch_message_get_filenames, (notmuch_message_t *m), (m))
FWD(notmuch_status_t, notmuch_message_add_tag, (notmuch_message_t *m, const char *t), (m, t))
FWD(notmuch_status_t, notmuch_message_remove_tag, (notmuch_message_t *m, const char *t), (m, t))
FWD(notmuch_status_t, notmuch_message_freeze, (notmuch_message_t *m), (m))
FWD(notmuch_status_t, notmuch_message_thaw, (notmuch_message_t *m), (m))
FWD(notmuch_status_t, notmuch_message_tags_to_maildir_flags, (notmuch_message_t *m), (m))
FWD(notmuch_bool_t, notmuch_tags_valid, (notmuch_tags_t *t), (t))
FWD(const char *, notmuch_tags_get, (notmuch_tags_t *t), (t))
FWDV(notmuch_tags_move_to_next, (notmuch_tags_t *t), (t))
FWDV(notmuch_tags_destroy, (notmuch_tags_t *t), (t))
FWD(notmuch_bool_t, notmuch_filenames_valid, (notmuch_filenames_t *f), (f))
FWD(const char *, notmuch_filenames_get, (notmuch_filenames_t *f), (f))
FWDV(notmuch_filenames_move_to_next, (notmuch_filenames_t *f), (f))
FWDV(notmuch_filenames_destroy, (notmuch_filenames_t *f), (f))
FWD(notmuch_query_t *, notmuch_query_create, (notmuch_database_t *d, const char *q), (d, q))
FWD(notmuch_status_t, notmuch_query_count_messages, (notmuch_query_t *q, unsigned int *c),
    (q, c))
FWDV(notmuch_query_destroy, (notmuch_query_t *q), (q))

/* setup, quarantine, scan, stats */
FWD(const char *, notmuch_config_path, (notmuch_database_t *d), (d))
FWD(notmuch_status_t, notmuch_query_search_messages,
    (notmuch_query_t *q, notmuch_messages_t **m), (q, m))
FWDV(notmuch_query_set_sort, (notmuch_query_t *q, notmuch_sort_t s), (q, s))
FWD(notmuch_bool_t, notmuch_messages_valid, (notmuch_messages_t *m), (m))
FWD(notmuch_message_t *, notmuch_messages_get, (notmuch_messages_t *m), (m))
FWDV(notmuch_messages_move_to_next, (notmuch_messages_t *m), (m))
FWDV(notmuch_messages_destroy, (notmuch_messages_t *m), (m))
FWD(const char *, notmuch_message_get_message_id, (notmuch_message_t *m), (m))
FWD(const char *, notmuch_message_get_filename, (notmuch_message_t *m), (m))
FWD(time_t, notmuch_message_get_date, (notmuch_message_t *m), (m))
FWD(notmuch_status_t, notmuch_database_remove_message, (notmuch_database_t *d, const char *f),
    (d, f))
