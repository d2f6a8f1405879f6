/*
 * original-match.h: the quoted original against the user's sent mail
 * (original-match.c).
 */
#ifndef BACKSTOP_ORIGINAL_MATCH_H
#define BACKSTOP_ORIGINAL_MATCH_H

#include "nm-session.h"

/*
 * A subject without reply and forward prefixes or "[list]" tags, its
 * punctuation blanked, case-folded; NULL if nothing is left (new string).
 */
char *original_subject_normalise(const char *subject);

/*
 * Appends " and subject:WORD" for the first words of a normalised
 * subject (original_subject_normalise), each quoted, to a query.
 */
void original_subject_terms(GString *q, const char *subject);

/*
 * Does the quoted original clearly contradict the sent copy with the
 * same Message-ID?  Appends the signs found to why ("other recipients,
 * another subject").  True for a Date CONTRADICTING_DAYS or more away
 * together with two of: no recipient in common, subjects that do not
 * contain one another, a stranger's machine before the submission.
 */
bool original_contradicts(GMimeMessage *copy, GMimeMessage *original, GString *why);

/*
 * Looks for a sent copy (nm_copy_is_sent) of the user's mail to one of
 * the original's To/Cc/Bcc recipients with its subject's words, dated
 * within an hour of its Date.  SUCCESS with *id (new string) and *why
 * set when found, *id NULL when not; another status on an error.
 */
notmuch_status_t original_match(struct nm_session *s, GMimeMessage *original, char **id,
    const char **why);

#endif
