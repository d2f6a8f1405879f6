/*
 * stats-svg.c: the per-day counts as an SVG chart, one self-contained file
 * a browser opens.  Two panels over the same days, each with its own
 * scale, so that a few backscatter a day do not vanish on top of a
 * hundred ordinary messages: what went to the quarantine (backscatter,
 * unverified) above, what went to the inbox (ham, genuine, unchecked)
 * below.  Each has gridlines on a 1-2-5 scale and a labelled axis; the
 * dates carry the year; the days before the first delivery are left out.
 * Only numbers, dates and our own fixed names go into it, so nothing
 * needs escaping.
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>

#include "stats.h"

#define W		960
#define LEFT		80	/* room for the scale and the axis title */
#define RIGHT		30
#define TITLE_H		64
#define PANEL_HEAD	40	/* a panel's heading and legend */
#define PLOT_H		170
#define PANEL_GAP	24
#define PANEL_H		(PANEL_HEAD + PLOT_H + PANEL_GAP)
#define LABELS_H	96	/* the dates below the last panel */
#define MAX_LABELS	16	/* dates written under the axis at most */

static const char *const colours[STAT_VERDICTS] = {
	[STAT_HAM] = "#4a90c2", [STAT_GENUINE] = "#31a354",
	[STAT_BACKSCATTER] = "#d7301f", [STAT_UNVERIFIED] = "#fd8d3c",
	[STAT_UNCHECKED] = "#9e9e9e",
};

struct panel {
	const char *title;
	int nv;
	int verdicts[3];	/* stacked bottom up */
};

static const struct panel panels[] = {
	{ "Put in the quarantine", 2, { STAT_BACKSCATTER, STAT_UNVERIFIED } },
	{ "Delivered to the inbox", 3, { STAT_HAM, STAT_GENUINE, STAT_UNCHECKED } },
};
#define NPANELS	(sizeof(panels) / sizeof(panels[0]))

/* The days drawn: from the first with any delivery to the last (all of
 * them when none has any). */
struct span {
	unsigned first, n;
	double slot;		/* width of one day */
};

static unsigned
panel_day(const struct panel *p, const struct stats_day *d)
{
	unsigned n = 0;

	for (int i = 0; i < p->nv; i++)
		n += d->verdict[p->verdicts[i]];
	return n;
}

/* Mail of verdict v over the span, or of the whole panel when v < 0. */
static unsigned
panel_total(const struct panel *p, const struct stats *st, const struct span *sp, int v)
{
	unsigned n = 0;

	for (unsigned i = sp->first; i < st->ndays; i++)
		n += v < 0 ? panel_day(p, &st->days[i]) : st->days[i].verdict[v];
	return n;
}

/* A step of 1, 2 or 5 times a power of ten giving at most 5 gridlines. */
static unsigned
grid_step(unsigned max)
{
	static const unsigned k[] = { 1, 2, 5 };

	for (unsigned m = 1;; m *= 10)
		for (unsigned i = 0; i < 3; i++)
			if (k[i] * m * 5 >= max)
				return k[i] * m;
}

static bool
day_empty(const struct stats_day *d)
{
	return panel_day(&panels[0], d) == 0 && panel_day(&panels[1], d) == 0;
}

static void
span_of(const struct stats *st, struct span *sp)
{
	sp->first = 0;
	while (sp->first + 1 < st->ndays && day_empty(&st->days[sp->first]))
		sp->first++;
	if (day_empty(&st->days[sp->first]))
		sp->first = 0;		/* no mail at all: the whole period, empty */
	sp->n = st->ndays - sp->first;
	sp->slot = (double)(W - LEFT - RIGHT) / sp->n;
}

static void
svg_heading(FILE *f, const struct stats *st, const struct span *sp)
{
	fprintf(f, "<text x=\"%d\" y=\"28\" font-size=\"20\" font-weight=\"bold\">"
	    "backstop: mail delivered per day</text>\n", LEFT);
	fprintf(f, "<text x=\"%d\" y=\"50\" font-size=\"13\" fill=\"#555\">%s to %s", LEFT,
	    st->days[sp->first].date, st->days[st->ndays - 1].date);
	if (sp->first > 0)
		fprintf(f, " (the %u days before had no mail)", sp->first);
	if (panel_total(&panels[0], st, sp, -1) + panel_total(&panels[1], st, sp, -1) == 0)
		fprintf(f, " (no mail in this period)");
	fputs("</text>\n", f);
}

/* Heading and legend of panel p, whose top is at y. */
static void
svg_panel_head(FILE *f, const struct stats *st, const struct span *sp,
    const struct panel *p, int y)
{
	int x = LEFT + 260;

	fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"15\" font-weight=\"bold\">%s: %u</text>\n",
	    LEFT, y + 18, p->title, panel_total(p, st, sp, -1));
	for (int i = 0; i < p->nv; i++, x += 170) {
		int v = p->verdicts[i];
		fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
		    "<text x=\"%d\" y=\"%d\" font-size=\"13\">%s (%u)</text>\n", x, y + 7,
		    colours[v], x + 17, y + 18, stats_verdict_names[v], panel_total(p, st, sp, v));
	}
}

/* Gridlines, scale and axis title of a plot whose bottom is at y0. */
static void
svg_scale(FILE *f, int y0, unsigned top, unsigned step)
{
	for (unsigned t = 0; t <= top; t += step) {
		double y = y0 - (double)PLOT_H * t / top;
		fprintf(f, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\"/>\n",
		    LEFT, y, W - RIGHT, y, t == 0 ? "#333" : "#ddd");
		fprintf(f, "<text x=\"%d\" y=\"%.1f\" font-size=\"12\" text-anchor=\"end\">%u</text>\n",
		    LEFT - 6, y + 4, t);
	}
	fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\" "
	    "transform=\"rotate(-90 %d %d)\">messages per day</text>\n",
	    LEFT - 50, y0 - PLOT_H / 2, LEFT - 50, y0 - PLOT_H / 2);
}

static void
svg_panel_bars(FILE *f, const struct stats *st, const struct span *sp,
    const struct panel *p, int y0, unsigned top)
{
	for (unsigned i = 0; i < sp->n; i++) {
		const struct stats_day *d = &st->days[sp->first + i];
		double x = LEFT + i * sp->slot + sp->slot * 0.15, y = y0;

		for (int k = 0; k < p->nv; k++) {
			int v = p->verdicts[k];
			double h = (double)PLOT_H * d->verdict[v] / top;
			if (d->verdict[v] == 0)
				continue;
			y -= h;
			fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
			    "<title>%s %s: %u</title></rect>\n", x, y, sp->slot * 0.7, h,
			    colours[v], d->date, stats_verdict_names[v], d->verdict[v]);
		}
	}
}

/* Whether day i of the span gets a date (and a tick): today always does. */
static bool
labelled(const struct span *sp, unsigned i)
{
	unsigned every = (sp->n + MAX_LABELS - 1) / MAX_LABELS;

	return (sp->n - 1 - i) % every == 0;
}

/* Ticks under the labelled days on a baseline at y. */
static void
svg_ticks(FILE *f, const struct span *sp, int y)
{
	for (unsigned i = 0; i < sp->n; i++)
		if (labelled(sp, i))
			fprintf(f, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#333\"/>\n",
			    LEFT + (i + 0.5) * sp->slot, y, LEFT + (i + 0.5) * sp->slot, y + 5);
}

static void
svg_panel(FILE *f, const struct stats *st, const struct span *sp, const struct panel *p, int y)
{
	unsigned max = 0, step, top;

	for (unsigned i = sp->first; i < st->ndays; i++)
		if (panel_day(p, &st->days[i]) > max)
			max = panel_day(p, &st->days[i]);
	step = grid_step(max);
	top = max == 0 ? step * 5 : (max + step - 1) / step * step;
	svg_panel_head(f, st, sp, p, y);
	svg_scale(f, y + PANEL_HEAD + PLOT_H, top, step);
	svg_panel_bars(f, st, sp, p, y + PANEL_HEAD + PLOT_H, top);
	svg_ticks(f, sp, y + PANEL_HEAD + PLOT_H);
}

/* The dates under the last plot, today always among them. */
static void
svg_dates(FILE *f, const struct stats *st, const struct span *sp, int y)
{
	for (unsigned i = 0; i < sp->n; i++) {
		double x = LEFT + (i + 0.5) * sp->slot;
		if (!labelled(sp, i))
			continue;
		fprintf(f, "<text x=\"%.1f\" y=\"%d\" font-size=\"12\" text-anchor=\"end\" "
		    "transform=\"rotate(-45 %.1f %d)\">%s</text>\n", x + 4, y + 16, x + 4, y + 16,
		    st->days[sp->first + i].date);
	}
	fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\">"
	    "day of delivery (local time)</text>\n", (LEFT + W - RIGHT) / 2, y + LABELS_H - 8);
}

int
stats_write_svg(const struct stats *st, FILE *f)
{
	int h = TITLE_H + NPANELS * PANEL_H + LABELS_H, y = TITLE_H;
	struct span sp;

	if (st->ndays == 0)
		return -1;
	span_of(st, &sp);
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
	    "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\">\n"
	    "<title>backstop: mail delivered per day, by verdict</title>\n"
	    "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n", W, h, W, h);
	svg_heading(f, st, &sp);
	for (unsigned i = 0; i < NPANELS; i++, y += PANEL_H)
		svg_panel(f, st, &sp, &panels[i], y);
	svg_dates(f, st, &sp, y - PANEL_GAP);
	fputs("</svg>\n", f);
	return fflush(f) == 0 && !ferror(f) ? 0 : -1;
}
