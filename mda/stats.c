/*
 * stats.c: the delivered files are the record.  Every file backstop
 * delivers starts with its X-Backstop line and is named after the
 * second it arrived, so a walk over the folders, opening only the files
 * of the period and reading one line of each, gives the counts without
 * notmuch and without a separate log that could disagree with the mail.
 * Mail moved out of the Maildir (or delivered by something else, or with
 * `header = no`) is not counted.
 */
#include "config.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>

#include "stats.h"

const char *const stats_verdict_names[STAT_VERDICTS] = {
	"ham", "genuine", "backscatter", "unverified", "unchecked",
};
const char *const stats_class_names[STAT_CLASSES] = {
	"none", "bounce", "delay", "delivered", "autoreply", "challenge", "virus",
	"feedback", "mdn",
};

static int
index_of(const char *const *names, int n, const char *name, size_t len)
{
	for (int i = 0; i < n; i++)
		if (strlen(names[i]) == len && strncmp(names[i], name, len) == 0)
			return i;
	return -1;
}

/* Counts one file's first line into day. */
static void
count_line(struct stats_day *day, const char *line)
{
	const char *v = line + strlen("X-Backstop: "), *c = strstr(line, "; class=");
	const char *was = strstr(line, "; was=");
	int vi;

	if (strncmp(v, "released;", 9) == 0 && was != NULL)
		v = was + 6;	/* release.c: counted as what it was when it arrived */
	vi = index_of(stats_verdict_names, STAT_VERDICTS, v, strcspn(v, ";\r\n"));
	int ci = c ? index_of(stats_class_names, STAT_CLASSES, c + 8, strcspn(c + 8, ";\r\n")) : -1;

	if (vi < 0)
		return;		/* a notice, or a line we did not write */
	day->verdict[vi]++;
	if (ci >= 0)
		day->class[ci]++;
}

static void
count_file(struct stats *st, const char *dir, const char *name, time_t first)
{
	char *end, *path, line[256];
	long long t = strtoll(name, &end, 10);
	struct tm tm;
	char date[11];
	ssize_t n;
	int fd;

	if (end == name || *end != '.' || t < first)
		return;
	path = g_build_filename(dir, name, NULL);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	g_free(path);
	if (fd == -1)
		return;
	n = read(fd, line, sizeof line - 1);
	close(fd);
	line[n > 0 ? n : 0] = '\0';
	st->files++;
	if (strncmp(line, "X-Backstop: ", 12) != 0)
		return;
	localtime_r(&(time_t){ (time_t)t }, &tm);
	strftime(date, sizeof date, "%Y-%m-%d", &tm);
	for (unsigned i = 0; i < st->ndays; i++)
		if (strcmp(st->days[i].date, date) == 0)
			count_line(&st->days[i], line);
}

static void
count_folder(struct stats *st, const char *folder, time_t first)
{
	static const char *const subs[] = { "new", "cur" };

	for (size_t i = 0; i < G_N_ELEMENTS(subs); i++) {
		char *dir = g_build_filename(folder, subs[i], NULL);
		GDir *d = g_dir_open(dir, 0, NULL);
		const char *name;
		while (d != NULL && (name = g_dir_read_name(d)) != NULL)
			count_file(st, dir, name, first);
		if (d != NULL)
			g_dir_close(d);
		g_free(dir);
	}
}

/* The inbox, its ".Name" subfolders (the quarantine among them, usually), and the quarantine. */
static void
count_all(const struct settings *s, struct stats *st, time_t first)
{
	GDir *d = g_dir_open(s->maildir, 0, NULL);
	const char *name;
	bool quarantine_seen = false;
	struct stat q, sub_st;
	bool have_q = stat(s->quarantine, &q) == 0;

	count_folder(st, s->maildir, first);
	while (d != NULL && (name = g_dir_read_name(d)) != NULL) {
		char *sub = g_build_filename(s->maildir, name, NULL);
		char *cur = g_build_filename(sub, "cur", NULL);
		if (name[0] == '.' && strcmp(name, ".notmuch") != 0 &&
		    g_file_test(cur, G_FILE_TEST_IS_DIR)) {
			count_folder(st, sub, first);
			quarantine_seen |= have_q && stat(sub, &sub_st) == 0 &&
			    sub_st.st_dev == q.st_dev && sub_st.st_ino == q.st_ino;
		}
		g_free(cur);
		g_free(sub);
	}
	if (d != NULL)
		g_dir_close(d);
	if (!quarantine_seen)
		count_folder(st, s->quarantine, first);
}

void
stats_collect(const struct settings *s, unsigned ndays, time_t now, struct stats *st)
{
	struct tm tm;
	time_t first;

	memset(st, 0, sizeof *st);
	st->ndays = ndays;
	st->days = g_new0(struct stats_day, ndays);
	localtime_r(&now, &tm);
	tm.tm_hour = 12;	/* noon: clear of DST jumps when stepping by days */
	tm.tm_min = tm.tm_sec = 0;
	for (unsigned i = 0; i < ndays; i++) {
		struct tm day = tm;
		day.tm_mday -= (int)(ndays - 1 - i);
		mktime(&day);
		strftime(st->days[i].date, sizeof st->days[i].date, "%Y-%m-%d", &day);
	}
	tm.tm_mday -= (int)(ndays - 1);
	tm.tm_hour = 0;
	tm.tm_isdst = -1;
	first = mktime(&tm);
	count_all(s, st, first);
}

void
stats_clear(struct stats *st)
{
	g_free(st->days);
	memset(st, 0, sizeof *st);
}
