/*
 * cmd-stats.c: `backstop stats [--days N] [--json] [--svg FILE]`: what
 * backstop did per day (stats.c counts it), as a table with a bar chart
 * in the terminal, as JSON lines, or as an SVG chart (stats-svg.c).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>

#include "commands.h"
#include "json.h"
#include "log.h"
#include "settings.h"
#include "startup.h"
#include "stats.h"

#define BAR_MAX	40
#define DAYS_MAX	3660

static const char usage[] =
    "usage: backstop stats [--days N] [--json] [--svg FILE] [-c FILE]\n"
    "Messages backstop delivered per day, by verdict and class.\n"
    "  --days N    the last N days, today included (default 30)\n"
    "  --json      one JSON object per day per line\n"
    "  --svg FILE  also write a bar chart to FILE (SVG, for a browser)\n"
    "  -c FILE     read settings from FILE\n";

struct sopts {
	long days;
	bool json;
	const char *svg;
	bool bad;
};

static bool
stats_option(int opt, const char *arg, void *data)
{
	struct sopts *o = data;
	char *end;

	switch (opt) {
	case 'd':
		o->days = strtol(arg, &end, 10);
		o->bad |= *arg == '\0' || *end != '\0' || o->days < 1 || o->days > DAYS_MAX;
		return true;
	case 'j':
		o->json = true;
		return true;
	case 's':
		o->svg = arg;
		return true;
	}
	return false;
}

static void
print_json(const struct stats *st)
{
	for (unsigned i = 0; i < st->ndays; i++) {
		const struct stats_day *d = &st->days[i];
		GString *out = g_string_new(NULL);
		g_string_append_printf(out, "{\"date\":\"%s\",\"verdicts\":{", d->date);
		for (int v = 0; v < STAT_VERDICTS; v++)
			g_string_append_printf(out, "%s\"%s\":%u", v ? "," : "",
			    stats_verdict_names[v], d->verdict[v]);
		g_string_append(out, "},\"classes\":{");
		for (int c = 0; c < STAT_CLASSES; c++)
			g_string_append_printf(out, "%s\"%s\":%u", c ? "," : "",
			    stats_class_names[c], d->class[c]);
		g_string_append(out, "}}\n");
		fputs(out->str, stdout);
		g_string_free(out, TRUE);
	}
}

/* One bar: '.' ham, 'g' genuine, '#' backscatter, '?' unverified, '!' unchecked. */
static void
print_bar(const struct stats_day *d, unsigned max)
{
	static const char marks[STAT_VERDICTS] = { '.', 'g', '#', '?', '!' };

	for (int v = 0; v < STAT_VERDICTS; v++) {
		unsigned n = (unsigned)((d->verdict[v] * (unsigned long)BAR_MAX + max - 1) / max);
		for (unsigned k = 0; k < n; k++)
			putchar(marks[v]);
	}
	putchar('\n');
}

static void
print_table(const struct stats *st)
{
	unsigned max = 1, sum[STAT_CLASSES] = { 0 };

	for (unsigned i = 0; i < st->ndays; i++) {
		unsigned t = 0;
		for (int v = 0; v < STAT_VERDICTS; v++)
			t += st->days[i].verdict[v];
		max = t > max ? t : max;
	}
	printf("%-10s %6s %7s %11s %10s %9s\n", "date", "ham", "genuine", "backscatter",
	    "unverified", "unchecked");
	for (unsigned i = 0; i < st->ndays; i++) {
		const struct stats_day *d = &st->days[i];
		printf("%-10s %6u %7u %11u %10u %9u  ", d->date, d->verdict[STAT_HAM],
		    d->verdict[STAT_GENUINE], d->verdict[STAT_BACKSCATTER],
		    d->verdict[STAT_UNVERIFIED], d->verdict[STAT_UNCHECKED]);
		print_bar(d, max);
		for (int c = 0; c < STAT_CLASSES; c++)
			sum[c] += d->class[c];
	}
	printf("bars: . ham  g genuine  # backscatter  ? unverified  ! unchecked\nclasses:");
	for (int c = 0; c < STAT_CLASSES; c++)
		printf(" %s=%u", stats_class_names[c], sum[c]);
	putchar('\n');
}

static int
write_svg(const struct stats *st, const char *path)
{
	FILE *f = fopen(path, "w");

	if (f == NULL || stats_write_svg(st, f) == -1) {
		fprintf(stderr, "backstop: %s: %s\n", path, strerror(errno));
		if (f != NULL)
			fclose(f);
		return 1;
	}
	if (fclose(f) != 0) {
		fprintf(stderr, "backstop: %s: %s\n", path, strerror(errno));
		return 1;
	}
	return 0;
}

int
cmd_stats(int argc, char **argv)
{
	static const char *const longopts[] = { "days=", "json", "svg=", NULL };
	struct sopts o = { .days = 30 };
	const struct startup_spec spec = {
		.name = "stats", .usage = usage, .extra = stats_option, .extra_long = longopts,
		.data = &o, .max_operands = 0, .policy = CONFIG_DEFAULTS,
	};
	struct startup up = { 0 };
	struct settings s;
	struct stats st;
	int rc;

	if ((rc = startup(argc, argv, &spec, &up)) != STARTUP_GO)
		return rc;
	s = up.s;
	rc = 0;
	if (o.bad) {
		fputs(usage, stderr);
		settings_clear(&s);
		return EX_USAGE;
	}
	stats_collect(&s, (unsigned)o.days, time(NULL), &st);
	if (o.json)
		print_json(&st);
	else
		print_table(&st);
	if (o.svg != NULL)
		rc = write_svg(&st, o.svg);
	stats_clear(&st);
	settings_clear(&s);
	return rc;
}
