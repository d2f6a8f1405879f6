/*
 * nm-profile.h: which notmuch profile a configured notmuch config file
 * belongs to, so that a delivery, whose environment the MTA makes
 * (no NOTMUCH_PROFILE), finds the database the user's shell finds.
 */
#ifndef BACKSTOP_NM_PROFILE_H
#define BACKSTOP_NM_PROFILE_H

/*
 * The profile that notmuch's naming gives the config file at path
 * ("DIR/notmuch/P/config" or "DIR/.notmuch-config.P"), as a new string;
 * NULL for the default profile or a file named otherwise.
 */
char *nm_profile_of_config(const char *path);

/*
 * With [notmuch] config set and NOTMUCH_PROFILE unset: sets
 * NOTMUCH_PROFILE to the file's profile, if it names one, so libnotmuch
 * (in this process and its children) looks for the database in
 * $XDG_DATA_HOME/notmuch/P as the user's `notmuch` does.
 */
void nm_profile_apply(const char *config_path);

/*
 * The notmuch config file a delivery from the MTA would find by
 * itself (no NOTMUCH_CONFIG, NOTMUCH_PROFILE nor XDG_CONFIG_HOME):
 * ~/.config/notmuch/default/config or ~/.notmuch-config, the first that
 * exists; a new string, or NULL when neither exists.
 */
char *nm_profile_mta_config(const char *home);

#endif
