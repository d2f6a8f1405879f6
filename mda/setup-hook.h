/*
 * setup-hook.h: offering `backstop quarantine recheck` as notmuch's
 * post-new hook (notmuch-hooks(5)).
 */
#ifndef BACKSTOP_SETUP_HOOK_H
#define BACKSTOP_SETUP_HOOK_H

#include <stdbool.h>

/* The line the hook runs; SETUP_HOOK_MARK finds it again. */
#define SETUP_HOOK_MARK		"quarantine recheck"
#define SETUP_HOOK_SINCE	"3d"

/*
 * hook_dir: notmuch's database.hook_dir as libnotmuch resolves it (NULL:
 * unknown); config_path: setup's -c FILE, passed on to the hook, or NULL.  Without install, prints what would be added and where;
 * with it, adds to <hook_dir>/post-new: a new executable sh script, or
 * our lines appended to a shell hook the user has (before a final
 * `exit`), never replacing it; nothing when the line is there already.
 * A hook that is not executable (the user turned it off) or not a shell
 * script is left alone, with the line printed to add by hand.  Counts
 * failures in *problems.
 */
void setup_hook(const char *hook_dir, const char *prog, const char *config_path, bool install,
    int *problems);

#endif
