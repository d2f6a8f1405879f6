/*
 * config-edit.h: small, careful edits of the user's config.ini.
 */
#ifndef BACKSTOP_CONFIG_EDIT_H
#define BACKSTOP_CONFIG_EDIT_H

/*
 * Adds entry to `[lists] allow` in the INI file at path (created if
 * missing): appended to an existing allow line, else a new line under
 * [lists], else a new [lists] section.  Every other byte of the file is
 * kept.  entry must be a host name or an address (letters, digits and
 * ".-_+@").  Returns 1 if added, 0 if it was already there, -1 with
 * *error set (a new string).
 */
int config_add_allow(const char *path, const char *entry, char **error);

#endif
