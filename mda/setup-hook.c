/*
 * setup-hook.c: the post-new hook that runs `quarantine recheck`.
 *
 * notmuch runs <hook_dir>/post-new after every `notmuch new`, once the
 * database is closed, if it is executable.  A bounce quarantined
 * because its sent copy was not indexed yet (the MTA bounced before
 * notmuch new ran) is judged again right after the copy is indexed, and
 * released to the inbox.  The hook belongs to the user: we add to it,
 * never replace it, and never make executable a hook they turned off.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <glib.h>

#include "setup-config.h"
#include "setup-hook.h"

/* config_path: the -c FILE setup was given (the hook must read the same file), or NULL. */
static char *
hook_lines(const char *prog, const char *config_path)
{
	char *abs = config_path != NULL ? g_canonicalize_filename(config_path, NULL) : NULL;
	char *q = abs != NULL ? g_shell_quote(abs) : NULL;
	char *opt = q != NULL ? g_strdup_printf("-c %s ", q) : g_strdup("");
	char *lines = g_strdup_printf("# backstop: release quarantined bounces whose sent copy is"
	    " now indexed\n'%s' %s" SETUP_HOOK_MARK " --since " SETUP_HOOK_SINCE
	    " --apply --quiet\n", prog, opt);

	g_free(opt);
	g_free(q);
	g_free(abs);
	return lines;
}

/* True if text is a shell script (no #! line, or one naming a Bourne-style shell). */
static bool
is_shell(const char *text)
{
	static const char *const shells[] = { "sh", "bash", "dash", "ksh", "zsh", "ash", "mksh" };
	char *first, *base, **words;
	bool shell = false;

	if (!g_str_has_prefix(text, "#!"))
		return true;
	first = g_strndup(text + 2, strcspn(text + 2, "\n"));
	words = g_strsplit_set(g_strstrip(first), " \t", -1);
	base = g_path_get_basename(words[0] ? words[0] : "");
	if (strcmp(base, "env") == 0 && words[0] && words[1]) {
		g_free(base);
		base = g_strdup(words[1]);
	}
	for (size_t i = 0; i < G_N_ELEMENTS(shells); i++)
		shell |= strcmp(base, shells[i]) == 0;
	g_free(base);
	g_strfreev(words);
	g_free(first);
	return shell;
}

/* text with lines put before a last line that is `exit ...`, else at the end. New string. */
static char *
insert_lines(const char *text, const char *lines)
{
	size_t len = strlen(text);
	const char *end = text + len, *last;
	GString *out = g_string_new(NULL);

	while (end > text && (end[-1] == '\n' || end[-1] == ' ' || end[-1] == '\t'))
		end--;
	for (last = end; last > text && last[-1] != '\n'; last--)
		;
	while (*last == ' ' || *last == '\t')
		last++;
	if (strncmp(last, "exit", 4) == 0 && (last + 4 == end || last[4] == ' ')) {
		for (; last > text && last[-1] != '\n'; last--)
			;
		g_string_append_len(out, text, last - text);
		g_string_append(out, lines);
		g_string_append(out, last);
	} else {
		g_string_append(out, text);
		if (len > 0 && text[len - 1] != '\n')
			g_string_append_c(out, '\n');
		g_string_append(out, lines);
	}
	return g_string_free(out, FALSE);
}

static int
install(const char *path, const char *lines, bool *added)
{
	char *old = NULL, *text;
	struct stat st;
	int rc;

	*added = false;
	if (!g_file_get_contents(path, &old, NULL, NULL)) {
		text = g_strconcat("#!/bin/sh\n", lines, NULL);
		rc = setup_write_file(path, text, 0755);
		*added = rc == 0;
		g_free(text);
		return rc;
	}
	if (strstr(old, SETUP_HOOK_MARK) != NULL) {
		g_free(old);
		return 0;
	}
	if (stat(path, &st) == -1 || !(st.st_mode & S_IXUSR) || !is_shell(old)) {
		g_free(old);
		errno = EPERM;
		return -1;
	}
	text = insert_lines(old, lines);
	rc = setup_write_file(path, text, st.st_mode & 07777);
	*added = rc == 0;
	g_free(text);
	g_free(old);
	return rc;
}

void
setup_hook(const char *hook_dir, const char *prog, const char *config_path, bool want,
    int *problems)
{
	char *path, *lines, *real;
	bool added = false;

	if (hook_dir == NULL || prog == NULL)
		return;
	path = g_build_filename(hook_dir, "post-new", NULL);
	if ((real = realpath(path, NULL)) != NULL) {	/* a link into dotfiles stays a link */
		g_free(path);
		path = g_strdup(real);
		free(real);
	}
	lines = hook_lines(prog, config_path);
	if (!want)
		printf("\nnotmuch's post-new hook %s (backstop setup --install adds it):\n%s",
		    path, lines);
	else if (g_mkdir_with_parents(hook_dir, 0700) == -1 || install(path, lines, &added) == -1) {
		printf("  cannot add to %s (%s): add these lines yourself:\n%s", path,
		    errno == EPERM ? "not an executable shell script" : g_strerror(errno), lines);
		(*problems)++;
	} else
		printf("  %s %s: 'notmuch new' now releases bounces whose sent copy it indexed\n",
		    added ? "added the recheck to" : "the recheck is already in", path);
	g_free(lines);
	g_free(path);
}
