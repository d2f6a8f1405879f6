/*
 * ini-raw.h: the config file's lines as the user wrote them.
 *
 * iniparser hands back values already cut at ';' and '#' (its inline
 * comments), so a notmuch-style list "+backscatter;-inbox;-unread"
 * arrives as "+backscatter" and nothing says so.  This module reads
 * the same file line by line, keeping each key's raw text, its line
 * number and its section, so settings.c can read lists whole, spot a
 * value that iniparser cut, and name the line of an unknown key.
 */
#ifndef BACKSTOP_INI_RAW_H
#define BACKSTOP_INI_RAW_H

#include <stdbool.h>

#include <glib.h>

struct ini_raw_entry {
	char *key;	/* "section:name", lower-cased as iniparser does */
	char *value;	/* the text after '=', trimmed, continuation lines joined */
	int line;	/* 1-based line of the key */
};

/*
 * Reads path; returns a GPtrArray of struct ini_raw_entry in file order
 * (a key given twice appears twice; the last one is the one that
 * counts), or NULL/errno.  Free with g_ptr_array_unref.
 */
GPtrArray *ini_raw_read(const char *path);

/* The last entry for key ("section:name"), or NULL. */
const struct ini_raw_entry *ini_raw_find(GPtrArray *entries, const char *key);

/* True when the raw value starts with a quote (iniparser reads it whole). */
bool ini_raw_quoted(const char *raw);

/*
 * Where iniparser cut an unquoted raw value that is not a comment: the
 * first ';' or '#' that is not at the start and not after a blank
 * ("a;b", "~/Mail#2"), or NULL.  A ';' or '#' after a blank starts a
 * comment, as the user meant.
 */
const char *ini_raw_cut_at(const char *raw);

/*
 * A list value as written: the raw text up to a comment (a '#' at the
 * start or after a blank), with every ';' kept for the caller to split
 * on.  New string.  For a quoted value use iniparser's value instead.
 */
char *ini_raw_list_text(const char *raw);

#endif
