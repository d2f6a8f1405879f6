/*
 * nm-profile.c: notmuch profiles, and the MTA's environment.
 *
 * notmuch picks its config and database from the environment:
 * NOTMUCH_CONFIG, NOTMUCH_PROFILE, XDG_CONFIG_HOME and XDG_DATA_HOME
 * (notmuch-config(1), FILES).  A delivery from ~/.forward gets none of
 * them (shared/notes/mta.md: HOME, USER, LOGNAME, SHELL, PATH and the
 * envelope), so notmuch there finds only ~/.config/notmuch/default/config
 * or ~/.notmuch-config.  `backstop setup`, run in the user's shell,
 * writes [notmuch] config when it found another file
 * (nm_profile_mta_config tells), and a profile's file carries its
 * profile in its name, which is all notmuch needs to find that
 * profile's database: NOTMUCH_PROFILE is set from it here.
 */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "nm-profile.h"

/* A profile name notmuch would have made a file or directory name of. */
static bool
plain_profile(const char *p)
{
	if (*p == '\0' || strcmp(p, "default") == 0 || strcmp(p, ".") == 0 ||
	    strcmp(p, "..") == 0)
		return false;
	return strchr(p, '/') == NULL;
}

char *
nm_profile_of_config(const char *path)
{
	char *base = g_path_get_basename(path);
	char *dir = g_path_get_dirname(path);
	char *parent = g_path_get_dirname(dir);
	char *parent_base = g_path_get_basename(parent);
	char *dir_base = g_path_get_basename(dir);
	char *profile = NULL;

	if (g_str_has_prefix(base, ".notmuch-config.") && plain_profile(base + 16))
		profile = g_strdup(base + 16);
	else if (strcmp(base, "config") == 0 && strcmp(parent_base, "notmuch") == 0 &&
	    plain_profile(dir_base))
		profile = g_strdup(dir_base);
	g_free(base);
	g_free(dir);
	g_free(parent);
	g_free(parent_base);
	g_free(dir_base);
	return profile;
}

void
nm_profile_apply(const char *config_path)
{
	char *profile;
	const char *set = getenv("NOTMUCH_PROFILE");

	if (config_path == NULL || (set != NULL && *set != '\0'))
		return;
	if ((profile = nm_profile_of_config(config_path)) != NULL)
		g_setenv("NOTMUCH_PROFILE", profile, TRUE);
	g_free(profile);
}

char *
nm_profile_mta_config(const char *home)
{
	char *xdg = g_build_filename(home, ".config", "notmuch", "default", "config", NULL);
	char *dot = g_build_filename(home, ".notmuch-config", NULL);

	if (g_file_test(xdg, G_FILE_TEST_IS_REGULAR)) {
		g_free(dot);
		return xdg;
	}
	g_free(xdg);
	if (g_file_test(dot, G_FILE_TEST_IS_REGULAR))
		return dot;
	g_free(dot);
	return NULL;
}
