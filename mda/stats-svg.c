/*
 * stats-svg.c: the per-day counts as a stacked bar chart in SVG, one
 * self-contained file a browser opens.  Only numbers and our own fixed
 * names go into it, so nothing needs escaping.
 */
#include "config.h"

#include <stdio.h>

#include "stats.h"

#define W	900
#define H	360
#define LEFT	50
#define TOP	40
#define BOTTOM	60

static const char *const colours[STAT_VERDICTS] = {
	"#9ecae1", "#31a354", "#de2d26", "#fd8d3c", "#bdbdbd",
};

static unsigned
day_total(const struct stats_day *d)
{
	unsigned n = 0;

	for (int v = 0; v < STAT_VERDICTS; v++)
		n += d->verdict[v];
	return n;
}

static void
svg_bars(FILE *f, const struct stats *st, unsigned max)
{
	double slot = (double)(W - LEFT - 20) / st->ndays, plot = H - TOP - BOTTOM;

	for (unsigned i = 0; i < st->ndays; i++) {
		double x = LEFT + i * slot + slot * 0.1, y = H - BOTTOM;
		for (int v = 0; v < STAT_VERDICTS; v++) {
			double h = plot * st->days[i].verdict[v] / max;
			if (st->days[i].verdict[v] == 0)
				continue;
			y -= h;
			fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
			    "<title>%s %s: %u</title></rect>\n", x, y, slot * 0.8, h, colours[v],
			    st->days[i].date, stats_verdict_names[v], st->days[i].verdict[v]);
		}
		if (st->ndays <= 31 || i % 7 == 0)
			fprintf(f, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" transform=\"rotate(60 %.1f %d)\">"
			    "%s</text>\n", x, H - BOTTOM + 12, x, H - BOTTOM + 12, st->days[i].date + 5);
	}
}

static void
svg_frame(FILE *f, unsigned max)
{
	fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>\n",
	    LEFT, TOP, LEFT, H - BOTTOM);
	fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>\n",
	    LEFT, H - BOTTOM, W - 20, H - BOTTOM);
	fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">%u</text>\n",
	    LEFT - 4, TOP + 4, max);
	fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">0</text>\n",
	    LEFT - 4, H - BOTTOM);
	for (int v = 0; v < STAT_VERDICTS; v++)
		fprintf(f, "<rect x=\"%d\" y=\"12\" width=\"12\" height=\"12\" fill=\"%s\"/>"
		    "<text x=\"%d\" y=\"22\" font-size=\"12\">%s</text>\n", LEFT + v * 120,
		    colours[v], LEFT + v * 120 + 16, stats_verdict_names[v]);
}

int
stats_write_svg(const struct stats *st, FILE *f)
{
	unsigned max = 1;

	for (unsigned i = 0; i < st->ndays; i++)
		if (day_total(&st->days[i]) > max)
			max = day_total(&st->days[i]);
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
	    "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\">\n"
	    "<title>backstop: messages per day by verdict</title>\n"
	    "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n", W, H, W, H);
	svg_frame(f, max);
	svg_bars(f, st, max);
	fputs("</svg>\n", f);
	return fflush(f) == 0 && !ferror(f) ? 0 : -1;
}
