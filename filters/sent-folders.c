/*
 * sent-folders.c: which folders hold the user's sent mail.
 *
 * Mail clients and IMAP servers name the folder after the user's
 * language and their own habits ("Sent", "Sent Items", "[Gmail]/Sent
 * Mail", "Gesendete Objekte", "送信済み"), and tools that mirror IMAP to
 * a Maildir keep the server's name: as a directory ("[Gmail]/Sent
 * Mail"), in Maildir++ form (".Sent Items", "INBOX.Sent"), and often in
 * IMAP's modified UTF-7 ("Envoy&AOk-s").  So a folder's own name is
 * decoded and compared, ignoring case, with the one table below; the
 * user's `sent_folders` are compared exactly with every component.
 * Being a sent folder matters because nothing from outside is ever
 * delivered there: a copy in one was written by the user's client or
 * server.  "Outbox" and "Drafts" are not sent mail.
 */
#include "config.h"

#include <string.h>

#include "sent-mail.h"

#define FOLDER_NAME_MAX	256	/* bytes of a folder name compared */

static const char *const sent_names[] = {
	"Sent", "Sent Items", "Sent Messages", "Sent Mail", "Sent-Mail", "Sent Email",
	"Gesendet", "Gesendete Objekte", "Gesendete Elemente", "Gesendete Nachrichten",
	"Envoyés", "Éléments envoyés", "Messages envoyés",
	"Elementos enviados", "Enviados", "Enviadas", "Itens enviados", "Mensajes enviados",
	"Posta inviata", "Inviati", "Elementi inviati",
	"Verzonden", "Verzonden items", "Verzonden berichten",
	"Wysłane", "Elementy wysłane",
	"Skickat", "Skickade objekt", "Sendt", "Sendte", "Sendte elementer", "Sendte meldinger",
	"Lähetetyt", "Lähetetyt kohteet", "Odeslané", "Odeslaná pošta", "Odoslané",
	"Elküldött", "Elküldött elemek", "Trimise", "Poslano", "Poslane", "Gönderilmiş Öğeler",
	"Gönderilenler", "Απεσταλμένα", "Отправленные", "Надіслані", "Изпратени",
	"נשלחו", "البريد المرسل", "送信済み", "送信済みアイテム", "已发送", "已发送邮件",
	"寄件備份", "已傳送", "보낸편지함", "보낸 편지함",
};

/* Case-folded, NFC: how folder names are compared. */
static char *
fold(const char *s)
{
	char *nfc = g_utf8_normalize(s, -1, G_NORMALIZE_DEFAULT_COMPOSE);
	char *f = nfc != NULL ? g_utf8_casefold(nfc, -1) : NULL;

	g_free(nfc);
	return f;
}

static bool
in_table(const char *name)
{
	static char *folded[G_N_ELEMENTS(sent_names)];
	char *f;
	bool found = false;

	if (!g_utf8_validate(name, -1, NULL) || (f = fold(name)) == NULL)
		return false;
	for (size_t i = 0; !found && i < G_N_ELEMENTS(sent_names); i++) {
		if (folded[i] == NULL)
			folded[i] = fold(sent_names[i]);	/* once per process, never freed */
		found = folded[i] != NULL && strcmp(f, folded[i]) == 0;
	}
	g_free(f);
	return found;
}

/* One "&...-" run of modified UTF-7 (RFC 3501 5.1.3) appended as UTF-8; false if bad. */
static bool
decode_mutf7_run(GString *out, const char *b64, size_t n)
{
	char *std = g_strndup(b64, n);
	GString *padded;
	guchar *bytes;
	gsize len = 0;
	gunichar2 units[FOLDER_NAME_MAX];
	char *utf8;

	for (char *p = std; *p != '\0'; p++)
		if (*p == ',')
			*p = '/';
	padded = g_string_new(std);
	g_free(std);
	while (padded->len % 4 != 0)
		g_string_append_c(padded, '=');
	bytes = g_base64_decode(padded->str, &len);
	g_string_free(padded, TRUE);
	if (len % 2 != 0 || len / 2 > G_N_ELEMENTS(units)) {
		g_free(bytes);
		return false;
	}
	for (gsize i = 0; i < len / 2; i++)
		units[i] = (gunichar2)(bytes[2 * i] << 8 | bytes[2 * i + 1]);
	g_free(bytes);
	utf8 = g_utf16_to_utf8(units, (glong)(len / 2), NULL, NULL, NULL);
	if (utf8 == NULL)
		return false;
	g_string_append(out, utf8);
	g_free(utf8);
	return true;
}

/* name with IMAP's modified UTF-7 decoded; a new string, or NULL if it is not valid. */
static char *
decode_mutf7(const char *name)
{
	GString *out = g_string_new(NULL);

	for (const char *p = name; *p != '\0'; p++) {
		const char *end;
		if (*p != '&') {
			g_string_append_c(out, *p);
			continue;
		}
		if ((end = strchr(p + 1, '-')) == NULL)
			break;
		if (end == p + 1)
			g_string_append_c(out, '&');
		else if (!decode_mutf7_run(out, p + 1, (size_t)(end - p - 1)))
			break;
		p = end;
	}
	if (out->len > 0 && strchr(name, '&') != NULL && !g_utf8_validate(out->str, -1, NULL)) {
		g_string_free(out, TRUE);
		return NULL;
	}
	return g_string_free(out, FALSE);
}

/* Is one folder name (a directory, or a Maildir++ ".A.B" name) a sent folder's? */
static bool
leaf_is_sent(const char *component)
{
	const char *dot = strrchr(component, '.');
	char *decoded;
	bool found;

	if (strlen(component) > FOLDER_NAME_MAX)
		return false;
	if (in_table(component))
		return true;
	decoded = decode_mutf7(dot != NULL ? dot + 1 : component);
	found = decoded != NULL && in_table(decoded);
	g_free(decoded);
	return found;
}

static bool
configured_match(char **parts, guint n, char **configured)
{
	for (guint i = 0; i < n; i++)
		for (char **f = configured; f != NULL && *f != NULL; f++)
			if (**f != '\0' && strcmp(parts[i], *f) == 0)
				return true;
	return false;
}

/* parts[0..n) are the folder's components; the last one is its own name. */
static bool
folder_is_sent(char **parts, guint n, char **configured)
{
	if (n == 0)
		return false;
	return configured_match(parts, n, configured) || leaf_is_sent(parts[n - 1]);
}

bool
sent_folder_name(const char *folder, char **configured)
{
	char **parts = g_strsplit(folder, "/", -1);
	bool found = folder_is_sent(parts, g_strv_length(parts), configured);

	g_strfreev(parts);
	return found;
}

bool
sent_folder_of_path(const char *path, const char *mail_root, char **configured)
{
	size_t rootlen = mail_root != NULL ? strlen(mail_root) : 0;
	char **parts;
	guint n;
	bool found;

	while (rootlen > 1 && mail_root[rootlen - 1] == '/')
		rootlen--;
	if (rootlen > 0 && strncmp(path, mail_root, rootlen) == 0 && path[rootlen] == '/')
		path += rootlen + 1;
	parts = g_strsplit(path, "/", -1);
	n = g_strv_length(parts);
	if (n > 0)
		n--;			/* the file's own name */
	if (n > 0 && (strcmp(parts[n - 1], "cur") == 0 || strcmp(parts[n - 1], "new") == 0))
		n--;
	found = folder_is_sent(parts, n, configured);
	g_strfreev(parts);
	return found;
}
