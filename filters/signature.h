/*
 * signature.h: the user's keys, signed Message-IDs and signed envelope
 * tags.  Pure functions of (keys, text, time): the key file is read and
 * written by mda/key.c, and the checks here are what the evidence
 * stages (evidence-signature.c, evidence-tag.c) and the unit tests call.
 *
 * A signed Message-ID:
 *     bs1.K.TTTTTTTT.RRRRRRRRRRRRRRRR.SSSSSSSSSSSSSSSSSSSS@domain
 * K the key number (0-9), T the Unix time it was made (hex), R 64
 * random bits (hex), S the first 80 bits (hex) of HMAC-SHA256 with key
 * K over "msgid:bs1.K.T.R@domain" (domain lower-cased).
 *
 * A signed envelope sender (BATV's prvs, as a sub-address):
 *     local+prvs=KDDDSSSSSS@domain
 * D the day it expires (days since the epoch, modulo 1000), S the first
 * 24 bits (hex) of HMAC-SHA256 with key K over "prvs:KDDD:local"
 * (local lower-cased, without the tag).
 */
#ifndef BACKSTOP_SIGNATURE_H
#define BACKSTOP_SIGNATURE_H

#include <stdbool.h>
#include <glib.h>

#define KEY_BYTES	32	/* secret bytes per key */
#define KEYRING_MAX	10	/* key numbers are one digit */

struct signing_key {
	int number;		/* 0..9 */
	gint64 created;		/* Unix time */
	guint8 secret[KEY_BYTES];
};

/* The keys of a key file, oldest first; the last one signs. */
struct keyring {
	struct signing_key keys[KEYRING_MAX];
	int n;
};

/*
 * Parses a key file's text: one key per line, "K CREATED BASE64", '#'
 * comments and blank lines ignored.  Returns false with *error set (a
 * new string naming the line) on anything else.
 */
bool keyring_parse(const char *text, struct keyring *kr, char **error);
/* The text of a key file holding kr. New string. */
char *keyring_format(const struct keyring *kr);
/* Appends a key numbered after the newest, from secret; drops keys no
 * longer needed for checking (replaced more than valid_days ago). */
void keyring_add(struct keyring *kr, const guint8 *secret, gint64 now, int valid_days);
const struct signing_key *keyring_current(const struct keyring *kr);
const struct signing_key *keyring_find(const struct keyring *kr, int number);

/* The outcome of checking a signed Message-ID or envelope tag. */
enum sig_check {
	SIG_NONE = 0,		/* not our format */
	SIG_VALID,		/* ours, good signature, not expired */
	SIG_BAD,		/* our format, wrong signature or unknown key */
	SIG_EXPIRED,		/* ours, but older than valid_days */
};

/* "none", "valid", "bad signature", "expired" */
const char *sig_check_name(enum sig_check c);

/* A new signed Message-ID (without <>) for domain; random from random. */
char *signature_make_id(const struct signing_key *k, gint64 now, guint64 random,
    const char *domain);
enum sig_check signature_check_id(const struct keyring *kr, const char *id,
    gint64 now, int valid_days);

/* "local+prvs=KDDDSSSSSS@domain" for address "local@domain", or NULL if
 * address is not of that form. */
char *signature_make_tag(const struct signing_key *k, const char *address,
    gint64 now, int valid_days);
/*
 * Checks the envelope tag in address ("local+prvs=...@domain"), or, if
 * address is NULL, in extension ("prvs=KDDDSSSSSS") with local as the
 * untagged local part.
 */
enum sig_check signature_check_tag(const struct keyring *kr, const char *address,
    gint64 now, int valid_days);
enum sig_check signature_check_extension(const struct keyring *kr, const char *extension,
    const char *local, gint64 now, int valid_days);

#endif
