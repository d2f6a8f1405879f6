/*
 * mailbox-notice.h: telling the user in the mailbox that backstop cannot judge.
 *
 * When the notmuch database cannot be read, or the config has errors,
 * backstop still delivers, but its verdicts are weaker or absent; the
 * log says so, and few users read the log.  notice_problem() puts one
 * short message in the inbox per kind of problem per day: what is
 * wrong and how to fix it.  Never one per message.
 */
#ifndef BACKSTOP_MAILBOX_NOTICE_H
#define BACKSTOP_MAILBOX_NOTICE_H

#include <stdbool.h>
#include <time.h>

#include "settings.h"

/* The kinds in use; any short [a-z0-9-] word works (it names a line of the state file). */
#define NOTICE_CONFIG	"config"	/* the config file is broken: nothing is judged */
#define NOTICE_SETTING	"setting"	/* a value was refused; its default is used */
#define NOTICE_NOTMUCH	"notmuch"	/* the notmuch database cannot be opened */

/*
 * Delivers a notice about problem `kind` into s->maildir unless one of
 * that kind was delivered today (local date), recorded in
 * <s->state_dir>/notices.  what: one line saying what is wrong (any
 * bytes; made printable UTF-8 here); fix: how to fix it, or NULL for the
 * kind's standard advice.  Best effort: never fails the caller, never
 * waits (a notice being written by another process is left to it).
 * Returns true if a notice was delivered now.
 */
bool notice_problem_fix(const struct settings *s, const char *kind, const char *what,
    const char *fix);
#define notice_problem(s, kind, what) notice_problem_fix((s), (kind), (what), NULL)

/*
 * A NOTICE_SETTING notice naming every value settings_load refused
 * (s->problems at SETTINGS_ERROR, "FILE:LINE: text" joined by ". "),
 * if there is one; once a day like any notice.  Unknown keys are only
 * warned about in the log and by `config check`.
 */
bool notice_refused_settings(const struct settings *s);

/* For tests and `config check`: the date (YYYY-MM-DD) of the last notice of kind, or NULL. */
char *notice_last(const struct settings *s, const char *kind);

#endif
