/*
 * sent-mail.h: where the user's sent mail lives and what a copy of it
 * looks like, for the sources that look for it (evidence-notmuch.c,
 * evidence-sentdir.c, original-match.c).
 */
#ifndef BACKSTOP_SENT_MAIL_H
#define BACKSTOP_SENT_MAIL_H

#include <stdbool.h>
#include <glib.h>
#include <gmime/gmime.h>

/*
 * sent-folders.c: is the folder of a message file a sent folder?  path
 * is absolute (or relative to mail_root); its folder is the directory
 * above cur/ or new/.  It is one if any component of the folder equals
 * one of configured (the user's `sent_folders`, exactly), or if its own
 * name (in Maildir++ form the part after the last dot, with IMAP's
 * modified UTF-7 decoded) is, ignoring case, one of the names mail
 * clients give sent folders in any language (one table, sent-folders.c).
 */
bool sent_folder_of_path(const char *path, const char *mail_root, char **configured);
/* The same for a folder given relative to the mail root ("[Gmail]/Sent Mail"). */
bool sent_folder_name(const char *folder, char **configured);

/*
 * sent-copy.c: the header block of the message file at path, read with
 * one bounded read (SENT_COPY_HEADER_MAX bytes), into *out (a new
 * array, NUL-terminated, ending after the blank line or at the bound).
 * false if the file cannot be opened or read.
 */
#define SENT_COPY_HEADER_MAX	(32 * 1024)
bool sent_copy_read_header(const char *path, GByteArray **out);
/* The header block of path parsed by GMime (headers only); NULL if unreadable. */
GMimeMessage *sent_copy_parse(const char *path);
/* The normalised Message-ID of a raw header block, or NULL (new string). */
char *sent_copy_message_id(const char *header_block);

/*
 * evidence-sentdir.c: the bound of the look at sent folders on disk:
 * the newest SENTDIR_FILES_MAX files (by the time in their Maildir name
 * or their mtime, whichever is later) of the last SENTDIR_DAYS days, in at most
 * SENTDIR_FOLDERS_MAX folders found at most SENTDIR_DEPTH levels below
 * the mail root.  A local MTA bounces within seconds, well inside it.
 */
/*
 * evidence-sentdir.c: appends to folders (char *, g_malloc'd, absolute)
 * every sent folder (sent_folder_name) with a cur/ at most SENTDIR_DEPTH
 * levels below root, visiting at most SENTDIR_FOLDERS_MAX folders.
 */
void sent_folders_find(const char *root, char **configured, GPtrArray *folders);
#define SENTDIR_FILES_MAX	500
#define SENTDIR_DAYS		7
#define SENTDIR_FOLDERS_MAX	1000
#define SENTDIR_DEPTH		3

#endif
