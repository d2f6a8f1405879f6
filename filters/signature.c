/*
 * signature.c: HMAC-signed Message-IDs and envelope tags (formats in
 * signature.h).
 *
 * Why sign at all: a bounce that carries one of our signatures proves
 * itself with no state (no log, no index), and a forger who copies our
 * format cannot make the signature.  GLib's GHmac does the SHA-256; the
 * signatures are truncated, like BATV's, because they must fit in an
 * address or an ID: 80 bits in a Message-ID, 24 bits in a tag (a forger
 * guessing blindly wins once in 16 million tries, within the few days a
 * tag is valid).  Comparisons take the same time whatever they find.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "signature.h"

#define ID_PREFIX	"bs1."
#define ID_SIG_HEX	20
#define TAG_PREFIX	"prvs="
#define TAG_SIG_HEX	6
#define DAY		86400

static char *
hmac_hex(const struct signing_key *k, const char *text)
{
	GHmac *h = g_hmac_new(G_CHECKSUM_SHA256, k->secret, KEY_BYTES);
	char *hex;

	g_hmac_update(h, (const guchar *)text, -1);
	hex = g_strdup(g_hmac_get_string(h));
	g_hmac_unref(h);
	return hex;
}

/* Compares n bytes (ASCII case-insensitive) in constant time. */
static bool
same_hex(const char *a, const char *b, size_t n)
{
	unsigned int diff = 0;

	for (size_t i = 0; i < n; i++)
		diff |= (unsigned int)(g_ascii_tolower(a[i]) ^ g_ascii_tolower(b[i]));
	return diff == 0;
}

static bool
all_hex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!g_ascii_isxdigit(s[i]))
			return false;
	return s[n] == '\0' || !g_ascii_isxdigit(s[n]);
}

const char *
sig_check_name(enum sig_check c)
{
	switch (c) {
	case SIG_VALID:
		return "valid";
	case SIG_BAD:
		return "bad signature";
	case SIG_EXPIRED:
		return "expired";
	default:
		return "none";
	}
}

/* ---------------------------------------------------------------- keys */

static bool
parse_key_line(const char *line, struct signing_key *k)
{
	char **f = g_strsplit_set(line, " \t", -1);
	guchar *secret = NULL;
	gsize len = 0;
	bool ok = false;
	char *end;

	if (g_strv_length(f) == 3 && g_ascii_isdigit(f[0][0]) && f[0][1] == '\0') {
		k->number = f[0][0] - '0';
		k->created = g_ascii_strtoll(f[1], &end, 10);
		if (*end == '\0' && end != f[1] && k->created > 0)
			secret = g_base64_decode(f[2], &len);
		ok = secret != NULL && len == KEY_BYTES;
		if (ok)
			memcpy(k->secret, secret, KEY_BYTES);
	}
	if (secret != NULL)
		memset(secret, 0, len);
	g_free(secret);
	g_strfreev(f);
	return ok;
}

bool
keyring_parse(const char *text, struct keyring *kr, char **error)
{
	char **lines = g_strsplit(text, "\n", -1);
	bool ok = true;

	memset(kr, 0, sizeof *kr);
	for (int i = 0; ok && lines[i] != NULL; i++) {
		char *l = g_strstrip(lines[i]);
		if (*l == '\0' || *l == '#')
			continue;
		if (kr->n == KEYRING_MAX || !parse_key_line(l, &kr->keys[kr->n])) {
			*error = g_strdup_printf("line %d is not 'NUMBER CREATED BASE64-SECRET'", i + 1);
			ok = false;
		} else
			kr->n++;
	}
	g_strfreev(lines);
	if (ok && kr->n == 0) {
		*error = g_strdup("it holds no key");
		ok = false;
	}
	return ok;
}

char *
keyring_format(const struct keyring *kr)
{
	GString *s = g_string_new("# backstop signing keys: NUMBER CREATED SECRET; the last one signs.\n"
	    "# Keep this file private (mode 0600).\n");

	for (int i = 0; i < kr->n; i++) {
		char *b64 = g_base64_encode(kr->keys[i].secret, KEY_BYTES);
		g_string_append_printf(s, "%d %" G_GINT64_FORMAT " %s\n", kr->keys[i].number,
		    kr->keys[i].created, b64);
		g_free(b64);
	}
	return g_string_free(s, FALSE);
}

static void
keyring_drop(struct keyring *kr, int i)
{
	memmove(&kr->keys[i], &kr->keys[i + 1], (size_t)(kr->n - i - 1) * sizeof kr->keys[0]);
	kr->n--;
	memset(&kr->keys[kr->n], 0, sizeof kr->keys[0]);
}

void
keyring_add(struct keyring *kr, const guint8 *secret, gint64 now, int valid_days)
{
	int number = kr->n > 0 ? (keyring_current(kr)->number + 1) % KEYRING_MAX : 0;

	for (int i = kr->n - 1; i >= 0; i--)
		if (kr->keys[i].number == number)
			keyring_drop(kr, i);
	kr->keys[kr->n].number = number;
	kr->keys[kr->n].created = now;
	memcpy(kr->keys[kr->n].secret, secret, KEY_BYTES);
	kr->n++;
	/* A key replaced more than valid_days ago signed nothing still valid. */
	while (kr->n > 1 && kr->keys[1].created + (gint64)valid_days * DAY < now)
		keyring_drop(kr, 0);
}

const struct signing_key *
keyring_current(const struct keyring *kr)
{
	return kr->n > 0 ? &kr->keys[kr->n - 1] : NULL;
}

const struct signing_key *
keyring_find(const struct keyring *kr, int number)
{
	for (int i = kr->n - 1; i >= 0; i--)
		if (kr->keys[i].number == number)
			return &kr->keys[i];
	return NULL;
}

/* ---------------------------------------------------------- Message-ID */

/* "bs1.K.T.R@domain" with the domain lower-cased: what the HMAC covers. */
static char *
id_signed_text(int number, const char *time_hex, const char *random_hex, const char *domain)
{
	char *d = g_ascii_strdown(domain, -1);
	char *t = g_strdup_printf("msgid:" ID_PREFIX "%d.%s.%s@%s", number, time_hex, random_hex, d);

	g_free(d);
	return t;
}

char *
signature_make_id(const struct signing_key *k, gint64 now, guint64 random,
    const char *domain)
{
	char time_hex[24], random_hex[24], *text, *mac, *id;

	snprintf(time_hex, sizeof time_hex, "%08" G_GINT64_MODIFIER "x", now);
	snprintf(random_hex, sizeof random_hex, "%016" G_GINT64_MODIFIER "x", random);
	text = id_signed_text(k->number, time_hex, random_hex, domain);
	mac = hmac_hex(k, text);
	id = g_strdup_printf(ID_PREFIX "%d.%s.%s.%.*s@%s", k->number, time_hex, random_hex,
	    ID_SIG_HEX, mac, domain);
	g_free(text);
	g_free(mac);
	return id;
}

/* Splits "bs1.K.T.R.S@domain"; false if id is not in that shape. */
static bool
id_split(const char *id, char ***parts, const char **domain)
{
	const char *at = strrchr(id, '@');
	char *local;

	if (at == NULL || at[1] == '\0')
		return false;
	local = g_strndup(id, (gsize)(at - id));
	*parts = g_strsplit(local, ".", -1);
	*domain = at + 1;
	g_free(local);
	if (g_strv_length(*parts) == 5 && strlen((*parts)[1]) == 1 &&
	    g_ascii_isdigit((*parts)[1][0]) && strlen((*parts)[2]) == 8 && all_hex((*parts)[2], 8) &&
	    strlen((*parts)[3]) == 16 && all_hex((*parts)[3], 16) &&
	    strlen((*parts)[4]) == ID_SIG_HEX)
		return true;
	g_strfreev(*parts);
	*parts = NULL;
	return false;
}

enum sig_check
signature_check_id(const struct keyring *kr, const char *id, gint64 now, int valid_days)
{
	const struct signing_key *k;
	const char *domain;
	char **p, *text, *mac;
	enum sig_check c = SIG_BAD;
	gint64 made;

	if (g_ascii_strncasecmp(id, ID_PREFIX, strlen(ID_PREFIX)) != 0)
		return SIG_NONE;
	if (!id_split(id, &p, &domain))
		return SIG_BAD;
	k = keyring_find(kr, p[1][0] - '0');
	if (k != NULL) {
		text = id_signed_text(k->number, p[2], p[3], domain);
		mac = hmac_hex(k, text);
		made = (gint64)g_ascii_strtoull(p[2], NULL, 16);
		if (same_hex(mac, p[4], ID_SIG_HEX))
			c = made > now + DAY || now - made > (gint64)valid_days * DAY ?
			    SIG_EXPIRED : SIG_VALID;
		g_free(text);
		g_free(mac);
	}
	g_strfreev(p);
	return c;
}

/* ---------------------------------------------------------- envelope tag */

static char *
tag_signed_text(int number, int day, const char *local)
{
	char *l = g_ascii_strdown(local, -1);
	char *t = g_strdup_printf("prvs:%d%03d:%s", number, day, l);

	g_free(l);
	return t;
}

char *
signature_make_tag(const struct signing_key *k, const char *address, gint64 now,
    int valid_days)
{
	const char *at = address != NULL ? strrchr(address, '@') : NULL;
	int day = (int)((now / DAY + valid_days) % 1000);
	char *local, *text, *mac, *tagged;

	if (at == NULL || at == address || at[1] == '\0')
		return NULL;
	local = g_strndup(address, (gsize)(at - address));
	text = tag_signed_text(k->number, day, local);
	mac = hmac_hex(k, text);
	tagged = g_strdup_printf("%s+" TAG_PREFIX "%d%03d%.*s%s", local, k->number, day,
	    TAG_SIG_HEX, mac, at);
	g_free(local);
	g_free(text);
	g_free(mac);
	return tagged;
}

enum sig_check
signature_check_extension(const struct keyring *kr, const char *ext, const char *local,
    gint64 now, int valid_days)
{
	const struct signing_key *k;
	char *text, *mac;
	int day, left;
	bool good;

	if (g_ascii_strncasecmp(ext, TAG_PREFIX, strlen(TAG_PREFIX)) != 0)
		return SIG_NONE;
	ext += strlen(TAG_PREFIX);
	if (strlen(ext) != 4 + TAG_SIG_HEX || !g_ascii_isdigit(ext[0]) || !g_ascii_isdigit(ext[1]) ||
	    !g_ascii_isdigit(ext[2]) || !g_ascii_isdigit(ext[3]) || !all_hex(ext + 4, TAG_SIG_HEX))
		return SIG_BAD;
	if ((k = keyring_find(kr, ext[0] - '0')) == NULL)
		return SIG_BAD;
	day = atoi((char[]){ ext[1], ext[2], ext[3], '\0' });
	text = tag_signed_text(k->number, day, local);
	mac = hmac_hex(k, text);
	good = same_hex(mac, ext + 4, TAG_SIG_HEX);
	g_free(text);
	g_free(mac);
	if (!good)
		return SIG_BAD;
	left = (day - (int)((now / DAY) % 1000) + 1000) % 1000;
	return left <= valid_days ? SIG_VALID : SIG_EXPIRED;
}

enum sig_check
signature_check_tag(const struct keyring *kr, const char *address, gint64 now,
    int valid_days)
{
	const char *at = strrchr(address, '@');
	char *local, *tag;
	enum sig_check c;

	local = g_ascii_strdown(address, at != NULL ? (gssize)(at - address) : -1);
	tag = strstr(local, "+" TAG_PREFIX);
	if (tag == NULL) {
		g_free(local);
		return SIG_NONE;
	}
	*tag = '\0';
	c = signature_check_extension(kr, tag + 1, local, now, valid_days);
	g_free(local);
	return c;
}
