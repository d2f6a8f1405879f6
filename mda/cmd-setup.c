/*
 * cmd-setup.c: `backstop setup [--install]`, the one command a new user
 * runs.  Per user, no root, and safe to run again: it reads notmuch's
 * config (mail root, addresses), writes config.ini (setup-config.c; an
 * edited file is never replaced), creates the quarantine folder and the
 * signing key (mode 0600, key.c), and prints the ~/.forward line and the
 * procmail and maildrop recipes.  --install also writes ~/.forward,
 * keeping the old one as ~/.forward.backstop-backup.
 *
 * It says what it did, one line each, and what is left to do.  Nothing
 * it reads from notmuch or the environment goes into a shell line: the
 * program's own path is printed only if it is made of safe characters.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include <notmuch.h>

#include "commands.h"
#include "key.h"
#include "log.h"
#include "maildir.h"
#include "nm-profile.h"
#include "nm-query.h"
#include "settings.h"
#include "startup.h"
#include "setup-config.h"
#include "setup-hook.h"

static const char usage[] =
    "usage: backstop setup [--install] [-c FILE]\n"
    "Sets backstop up for you: writes the config file (never over one you\n"
    "edited), creates the quarantine folder and the signing key, and prints\n"
    "the ~/.forward line and the procmail and maildrop recipes.\n"
    "  --install  also write ~/.forward (the old one kept as .forward.backstop-backup)\n"
    "             and add 'backstop quarantine recheck' to notmuch's post-new hook\n"
    "  -c FILE    the config file to write (default ~/.config/backstop/config.ini)\n";

struct setup {
	bool install;
	int problems;
	char *mail_root;	/* notmuch's, or NULL */
	char *nm_file;		/* the notmuch config file found */
	char *hook_dir;		/* notmuch's database.hook_dir, resolved */
	char *addresses;	/* "a, b" from notmuch */
	unsigned sent;		/* messages counted as sent (tag) */
	bool nm_ok;
};

static bool
setup_option(int opt, const char *arg, void *data)
{
	struct setup *st = data;

	if (opt != 'i')
		return false;
	st->install = true;
	return true;
}

static void
append_values(GString *out, notmuch_database_t *db, notmuch_config_key_t key)
{
	notmuch_config_values_t *v = notmuch_config_get_values(db, key);

	for (; v && notmuch_config_values_valid(v); notmuch_config_values_move_to_next(v))
		g_string_append_printf(out, "%s%s", out->len ? ", " : "",
		    notmuch_config_values_get(v));
	if (v)
		notmuch_config_values_destroy(v);
}

/* How many messages count as sent: the sent tag or a sent folder. */
static unsigned
count_sent(notmuch_database_t *db, const struct settings *s)
{
	char *q = nm_sent_query(s->sent_tag, s->sent_folders);
	unsigned n = nm_count_messages(db, q);

	g_free(q);
	return n;
}

/* Does the notmuch config file set database.path itself? */
static bool
config_names_database(const char *file)
{
	GKeyFile *k = g_key_file_new();
	bool yes = file != NULL && g_key_file_load_from_file(k, file, G_KEY_FILE_NONE, NULL) &&
	    g_key_file_has_key(k, "database", "path", NULL);

	g_key_file_free(k);
	return yes;
}

/*
 * notmuch finds a database without database.path through
 * NOTMUCH_DATABASE, XDG_DATA_HOME or MAILDIR (notmuch-config(1)), none
 * of which a delivery from the MTA has: say so when one of them led
 * to the database at path.
 */
static void
warn_database_env(struct setup *st, const char *path, const char *home)
{
	static const char *const vars[] = { "NOTMUCH_DATABASE", "XDG_DATA_HOME", "MAILDIR" };
	char *dflt = g_build_filename(home, ".local", "share", NULL);

	for (size_t i = 0; path != NULL && i < G_N_ELEMENTS(vars); i++) {
		const char *v = getenv(vars[i]);
		size_t n = v != NULL ? strlen(v) : 0;
		while (n > 1 && v[n - 1] == '/')
			n--;
		if (n == 0 || strncmp(path, v, n) != 0 || (path[n] != '/' && path[n] != '\0'))
			continue;
		if (i == 1 && strncmp(v, dflt, n) == 0 && dflt[n] == '\0')
			continue;	/* the default, which a delivery finds too */
		printf("  notmuch's database %s is found through $%s, which a delivery from\n"
		    "  the MTA does not have: set database.path in notmuch's config\n", path, vars[i]);
		st->problems++;
		break;
	}
	g_free(dflt);
}

/* Reads notmuch's config and database (read-only) into st. */
static void
read_notmuch(struct setup *st, const struct settings *s)
{
	notmuch_database_t *db = NULL;
	GString *addrs = g_string_new(NULL);
	char *err = NULL;
	notmuch_status_t status;
	const char *v;

	status = notmuch_database_open_with_config(NULL, NOTMUCH_DATABASE_MODE_READ_ONLY,
	    s->notmuch_config, NULL, &db, &err);
	if (status == NOTMUCH_STATUS_SUCCESS) {
		st->nm_ok = true;
		st->sent = count_sent(db, s);
	} else {
		printf("  notmuch: %s\n", err ? g_strchomp(err) : "cannot open the database");
		free(err);
		err = NULL;
		if (db)
			notmuch_database_destroy(db);
		db = NULL;
		/* No config file: notmuch's built-in values (~/mail) are nobody's choice. */
		if (status != NOTMUCH_STATUS_NO_CONFIG)
			notmuch_database_load_config(NULL, s->notmuch_config, NULL, &db, &err);
	}
	free(err);
	if (db == NULL) {
		g_string_free(addrs, TRUE);
		return;
	}
	if ((v = notmuch_config_get(db, NOTMUCH_CONFIG_MAIL_ROOT)) != NULL && *v)
		st->mail_root = g_strdup(v);
	append_values(addrs, db, NOTMUCH_CONFIG_PRIMARY_EMAIL);
	append_values(addrs, db, NOTMUCH_CONFIG_OTHER_EMAIL);
	st->addresses = g_string_free(addrs, addrs->len == 0);
	/* Without a file notmuch still names the one it would have read. */
	if ((v = notmuch_config_path(db)) != NULL && g_file_test(v, G_FILE_TEST_IS_REGULAR))
		st->nm_file = g_strdup(v);
	if ((v = notmuch_config_get(db, NOTMUCH_CONFIG_HOOK_DIR)) != NULL && *v)
		st->hook_dir = g_strdup(v);
	if (st->nm_ok && !config_names_database(st->nm_file))
		warn_database_env(st, notmuch_database_get_path(db), s->home);
	notmuch_database_destroy(db);
}

static bool
below(const char *path, const char *root)
{
	size_t n = strlen(root);

	while (n > 1 && root[n - 1] == '/')
		n--;
	return strncmp(path, root, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

/* A value we may put between double quotes in the INI file. */
static bool
ini_safe(const char *v)
{
	return strpbrk(v, "\"\n\r") == NULL;
}

/*
 * The notmuch config to write into [notmuch] config: the file found
 * here, when a delivery, with the MTA's environment (no NOTMUCH_CONFIG,
 * NOTMUCH_PROFILE nor XDG_CONFIG_HOME), would find another or none
 * (nm-profile.c).  NULL when the key is set already or not needed.
 */
static const char *
notmuch_config_fact(struct setup *st, const struct settings *s)
{
	char *mta;
	bool same;

	if (st->nm_file == NULL || s->notmuch_config != NULL || !s->notmuch_enabled)
		return NULL;
	mta = nm_profile_mta_config(s->home);
	same = mta != NULL && strcmp(mta, st->nm_file) == 0;
	g_free(mta);
	if (same)
		return NULL;
	if (!ini_safe(st->nm_file)) {
		printf("  the notmuch config %s is not where a delivery looks; its name holds\n"
		    "  quotes or line breaks: set [notmuch] config yourself\n", st->nm_file);
		return NULL;
	}
	printf("  notmuch config %s: a delivery would not find it by itself, so it is\n"
	    "  named in [notmuch] config\n", st->nm_file);
	return st->nm_file;
}

/*
 * Where mail goes: kept from the config, else worked out from notmuch's
 * mail root (only when a notmuch config was found: without one, notmuch
 * reports its built-in ~/mail, which nobody chose).  The quarantine
 * always lives inside the Maildir backstop delivers to.
 */
static void
propose_folders(struct setup *st, const struct settings *s, struct setup_facts *f,
    char **maildir, char **quarantine)
{
	*maildir = g_strdup(s->maildir);
	*quarantine = g_strdup(s->quarantine);
	if (s->path == NULL && st->nm_file != NULL && st->mail_root != NULL &&
	    !below(*maildir, st->mail_root)) {
		char *cur = g_build_filename(st->mail_root, "cur", NULL);
		if (g_file_test(cur, G_FILE_TEST_IS_DIR)) {
			g_free(*maildir);
			*maildir = g_strdup(st->mail_root);
			g_free(*quarantine);
			*quarantine = g_build_filename(*maildir, ".Backscatter", NULL);
			f->maildir = *maildir;
		}
		g_free(cur);
	}
	if (s->path == NULL && !below(*quarantine, *maildir)) {
		g_free(*quarantine);
		*quarantine = g_build_filename(*maildir, ".Backscatter", NULL);
		f->quarantine = *quarantine;
	}
	if ((f->maildir && !ini_safe(f->maildir)) || (f->quarantine && !ini_safe(f->quarantine))) {
		printf("  the folder names hold quotes or line breaks; set them in the file yourself\n");
		f->maildir = f->quarantine = NULL;
	}
}

static void
write_config(struct setup *st, const char *path, const struct setup_facts *f)
{
	char *text = setup_config_text(f);

	switch (setup_config_write(path, text)) {
	case SETUP_WRITTEN:
		printf("  wrote %s (every key is there, commented)\n", path);
		break;
	case SETUP_UPDATED:
		printf("  updated %s (you had not edited it)\n", path);
		break;
	case SETUP_UNCHANGED:
		printf("  %s is up to date\n", path);
		break;
	case SETUP_KEPT:
		printf("  kept %s: you edited it; setup's version is in %s.setup-new\n", path, path);
		break;
	case SETUP_FAILED:
		printf("  cannot write %s: %s\n", path, strerror(errno));
		st->problems++;
		break;
	}
	g_free(text);
}

static void
make_folder(struct setup *st, const char *what, const char *path)
{
	bool existed = g_file_test(path, G_FILE_TEST_IS_DIR);

	if (maildir_ensure(path) == -1) {
		printf("  cannot create the %s %s: %s\n", what, path, strerror(errno));
		st->problems++;
	} else
		printf("  %s %s: %s\n", what, existed ? "is" : "created", path);
}

static void
make_key(struct setup *st, const struct settings *s)
{
	bool existed = access(s->key_path, F_OK) == 0;
	struct keyring kr;
	char *error = NULL;

	if (key_load_or_create(s->key_path, &kr, &error) == KEY_OK)
		printf("  signing key %s: %s (mode 0600)\n", existed ? "is" : "created", s->key_path);
	else {
		printf("  signing key %s: %s\n", s->key_path, error ? error : "unusable");
		st->problems++;
	}
	memset(&kr, 0, sizeof kr);
	g_free(error);
}

/* The program's absolute path, if it is safe in a shell line; else NULL. */
static char *
own_path(void)
{
	char *p = g_file_read_link("/proc/self/exe", NULL);

	if (p == NULL)
		p = g_find_program_in_path("backstop");
	if (p == NULL)
		return NULL;
	for (const char *c = p; *c; c++)
		if (!g_ascii_isalnum(*c) && !strchr("/._+-", *c)) {
			g_free(p);
			return NULL;
		}
	return p;
}

/* A path goes into a recipe only when made of characters that procmail,
 * maildrop and the shell all take literally. */
static bool
recipe_safe(const char *path)
{
	for (const char *c = path; *c; c++)
		if (!g_ascii_isalnum(*c) && !strchr("/._+-", *c))
			return false;
	return *path == '/';
}

/*
 * Each recipe is a complete file: a header line, then its lines indented
 * by two spaces, then an empty line (tests/e2e/3150-recipes.sh runs them
 * as printed).  The filing recipes name the folders: without MAILDIR and
 * DEFAULT, procmail files what falls through in /var/mail/$LOGNAME, and
 * maildrop needs its final "to" for the same reason.
 */
static void
print_recipes(const char *prog, const char *maildir, const char *quarantine)
{
	printf("\n~/.forward (Postfix, Exim), one line with the quotes:\n"
	    "  \"|%s\"\n", prog);
	printf("\n~/.procmailrc, delivering through backstop:\n"
	    "  :0 w\n  | %s\n  EXITCODE=75\n  HOST\n", prog);
	printf("\n~/.mailfilter (maildrop), delivering through backstop:\n"
	    "  to \"|%s\"\n", prog);
	if (!recipe_safe(maildir) || !recipe_safe(quarantine)) {
		printf("\n(The Maildir or quarantine path holds characters unsafe in a recipe;\n"
		    "see contrib/procmailrc-filter and contrib/maildroprc-filter to file by\n"
		    "the header yourself.)\n");
		return;
	}
	printf("\n~/.procmailrc, filing by the header yourself (always 'fw'):\n"
	    "  MAILDIR=%s/\n  DEFAULT=$MAILDIR\n"
	    "  :0 fw\n  | %s filter\n  :0\n  * ^X-Backstop: (backscatter|unverified)\n"
	    "  %s/\n", maildir, prog, quarantine);
	printf("\n~/.mailfilter (maildrop), filing by the header yourself:\n"
	    "  xfilter \"%s filter\"\n"
	    "  if (/^X-Backstop: (backscatter|unverified)/)\n    to \"%s\"\n"
	    "  to \"%s\"\n", prog, quarantine, maildir);
}

/* Writes ~/.forward, the old one kept once as .forward.backstop-backup. */
static void
install_forward(struct setup *st, const struct settings *s, const char *prog)
{
	char *path = g_build_filename(s->home, ".forward", NULL);
	char *backup = g_strconcat(path, ".backstop-backup", NULL);
	char *line = g_strdup_printf("\"|%s\"\n", prog);
	char *old = NULL;

	if (g_file_get_contents(path, &old, NULL, NULL) && strcmp(old, line) == 0)
		printf("  %s already pipes to backstop\n", path);
	else if (old != NULL && !g_file_test(backup, G_FILE_TEST_EXISTS) &&
	    setup_write_file(backup, old, 0644) == -1) {
		printf("  cannot back up %s: %s; not changed\n", path, strerror(errno));
		st->problems++;
	} else if (setup_write_file(path, line, 0644) == -1) {
		printf("  cannot write %s: %s\n", path, strerror(errno));
		st->problems++;
	} else
		printf("  wrote %s%s\n", path, old ? " (the old one is in .forward.backstop-backup)" : "");
	g_free(old);
	g_free(line);
	g_free(backup);
	g_free(path);
}

/* Plain enough to print inside a shell line for the user to copy. */
static bool
shell_plain(const char *v)
{
	if (*v == '\0')
		return false;
	for (const char *c = v; *c != '\0'; c++)
		if (!g_ascii_isalnum(*c) && !strchr("@._+-", *c))
			return false;
	return true;
}

/* No sent mail yet: the command that tags it, with the user's own address. */
static void
print_sent_hint(const struct setup *st, const struct settings *s)
{
	char **addrs = g_strsplit(st->addresses != NULL ? st->addresses : "", ",", -1);
	const char *addr = NULL, *tag = shell_plain(s->sent_tag) ? s->sent_tag : "sent";

	for (char **a = addrs; addr == NULL && *a != NULL; a++)
		if (shell_plain(g_strstrip(*a)))
			addr = *a;
	for (char **a = s->addresses; addr == NULL && *a != NULL; a++)
		if (shell_plain(*a))
			addr = *a;
	printf("  - no mail counts as sent yet (none tagged %s, none in the sent folders):\n"
	    "    notmuch tag +%s -- from:%s\n", tag, tag, addr != NULL ? addr : "YOUR-ADDRESS");
	g_strfreev(addrs);
}

/*
 * The variables backstop reads that a delivery from the MTA does not
 * have (shared/notes/mta.md), when the shell running setup sets them to
 * other than their defaults: the config, the key and the sent log are
 * then looked for elsewhere by the delivery than by `backstop sendmail`
 * and `check` here.  Says how to give them to the delivery.
 */
static void
print_shell_only_env(const struct settings *s, const char *prog)
{
	static const struct { const char *var, *dflt; } vars[] = {
		{ "XDG_CONFIG_HOME", ".config" }, { "XDG_STATE_HOME", ".local/state" },
		{ "BACKSTOP_CONFIG", NULL },
	};
	GString *prefix = g_string_new(NULL);

	for (size_t i = 0; i < G_N_ELEMENTS(vars); i++) {
		const char *v = getenv(vars[i].var);
		char *dflt = vars[i].dflt ? g_build_filename(s->home, vars[i].dflt, NULL) : NULL;
		bool other = v != NULL && *v != '\0' && (dflt == NULL || strcmp(v, dflt) != 0);
		g_free(dflt);
		if (!other)
			continue;
		printf("  - %s is set here, but a delivery from the MTA does not have it\n",
		    vars[i].var);
		if (recipe_safe(v))
			g_string_append_printf(prefix, " %s=%s", vars[i].var, v);
	}
	if (prefix->len > 0 && prog != NULL)
		printf("    start the command in ~/.forward and the recipes with it:\n"
		    "    /usr/bin/env%s %s\n", prefix->str, prog);
	g_string_free(prefix, TRUE);
}

static void
print_left_to_do(const struct setup *st, const struct settings *s, const char *prog)
{
	printf("\nLeft to do:\n");
	print_shell_only_env(s, prog);
	if (!st->nm_ok)
		printf("  - set up notmuch (notmuch setup; notmuch new): without it backstop\n"
		    "    cannot tell your mail from forgeries and quarantines every bounce\n");
	else if (st->sent == 0)
		print_sent_hint(st, s);
	if (!st->install && prog != NULL)
		printf("  - put the ~/.forward line above in place (or run backstop setup --install),\n"
		    "    or add one of the recipes to procmail or maildrop\n");
	printf("  - test it: backstop check < some-bounce.eml\n");
}

int
cmd_setup(int argc, char **argv)
{
	static const char *const longopts[] = { "install", NULL };
	struct setup st = { 0 };
	const struct startup_spec spec = {
		.name = "setup", .usage = usage, .extra = setup_option, .extra_long = longopts,
		.data = &st, .max_operands = 0, .log_stderr = true, .policy = CONFIG_DEFAULTS,
	};
	struct startup up = { 0 };
	struct setup_facts f = { 0 };
	struct settings s;
	char *maildir, *quarantine, *target, *prog;
	int rc;

	if ((rc = startup(argc, argv, &spec, &up)) != STARTUP_GO)
		return rc;
	s = up.s;
	printf("backstop setup:\n");
	if (up.config_broken)
		printf("  the config file is broken (%s); it is left alone\n", s.error);
	read_notmuch(&st, &s);
	f.notmuch_file = st.nm_file;
	f.notmuch_config = notmuch_config_fact(&st, &s);
	f.addresses = st.addresses;
	propose_folders(&st, &s, &f, &maildir, &quarantine);
	target = setup_config_path(up.opts.config_path, s.home);
	write_config(&st, target, &f);
	make_folder(&st, "inbox", maildir);
	make_folder(&st, "quarantine", quarantine);
	if (st.nm_file != NULL && st.mail_root != NULL && !below(quarantine, st.mail_root)) {
		printf("  the quarantine is outside notmuch's mail root %s: it will not be indexed\n",
		    st.mail_root);
		st.problems++;
	}
	make_key(&st, &s);
	prog = own_path();
	if (prog == NULL)
		printf("  the program's path holds characters unsafe in a shell line: install it\n"
		    "  somewhere plain (e.g. /usr/local/bin) and run setup again\n");
	if (st.install && prog != NULL)
		install_forward(&st, &s, prog);
	if (prog != NULL)
		print_recipes(prog, maildir, quarantine);
	if (st.nm_ok)
		setup_hook(st.hook_dir, prog, up.opts.config_path, st.install, &st.problems);
	print_left_to_do(&st, &s, prog);
	g_free(prog);
	g_free(target);
	g_free(maildir);
	g_free(quarantine);
	g_free(st.mail_root);
	g_free(st.nm_file);
	g_free(st.hook_dir);
	g_free(st.addresses);
	settings_clear(&s);
	return st.problems > 0 ? 1 : 0;
}
