/*
 * setup-config.h: the config.ini that `backstop setup` writes, and the
 * rule that it never replaces a file the user has edited.
 */
#ifndef BACKSTOP_SETUP_CONFIG_H
#define BACKSTOP_SETUP_CONFIG_H

/* What setup found out; NULL fields keep the built-in default (shown commented). */
struct setup_facts {
	const char *maildir;		/* [delivery] maildir, when not ~/Maildir */
	const char *quarantine;		/* [delivery] quarantine, when not <maildir>/.Backscatter */
	const char *notmuch_file;	/* the notmuch config found, for a comment */
	const char *notmuch_config;	/* [notmuch] config, when a delivery would not find it */
	const char *addresses;		/* the user's addresses in notmuch, for a comment */
};

/* The whole file, every key present (commented unless set from facts).  New string. */
char *setup_config_text(const struct setup_facts *f);

enum setup_write {
	SETUP_WRITTEN,		/* there was no file: written */
	SETUP_UPDATED,		/* our own unedited file, replaced with new content */
	SETUP_UNCHANGED,	/* already exactly this */
	SETUP_KEPT,		/* edited or not ours: left alone, proposal in <path>.setup-new */
	SETUP_FAILED,		/* errno set */
};

/*
 * Writes text to path unless an edited file is there.  A file setup
 * wrote carries a first line with a checksum of the rest, so an edit
 * shows.  Files are written to a temporary name, fsynced and renamed
 * (mode 0600); a parent directory is created (0700).
 */
enum setup_write setup_config_write(const char *path, const char *text);

/*
 * The config file setup writes and release --allow edits: explicit_path,
 * else $BACKSTOP_CONFIG, else ${XDG_CONFIG_HOME:-~/.config}/backstop/config.ini.
 * New string.
 */
char *setup_config_path(const char *explicit_path, const char *home);

/* Writes path's contents atomically (tmp, fsync, rename) with mode. 0, or -1/errno. */
int setup_write_file(const char *path, const char *text, int mode);

#endif
