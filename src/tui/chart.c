#include "tui/chart.h"

#include <string.h>

#include "tui/draw.h"
#include "tui/theme.h"

void
chart_levels(const money_t *v, size_t n, int rows, int *eighths)
{
	money_t hi = 0;

	for (size_t i = 0; i < n; i++)
		if (v[i] > hi)
			hi = v[i];
	for (size_t i = 0; i < n; i++) {
		/* Doubles for the picture only: a bar's height is not an amount. */
		double share = hi > 0 && v[i] > 0 ? money_to_double(v[i]) / money_to_double(hi) : 0;
		int e = (int)(share * rows * 8 + 0.5);

		/* Anything above zero shows at least a sliver. */
		eighths[i] = v[i] > 0 && e == 0 ? 1 : e;
	}
}

static const char *
block(int eighths, bool utf8)
{
	static const char *const b[9] = {
		" ", "\xe2\x96\x81", "\xe2\x96\x82", "\xe2\x96\x83", "\xe2\x96\x84",
		"\xe2\x96\x85", "\xe2\x96\x86", "\xe2\x96\x87", "\xe2\x96\x88",
	};

	if (!utf8)
		return eighths >= 4 ? "#" : eighths > 0 ? "." : " ";
	return b[eighths < 0 ? 0 : eighths > 8 ? 8 : eighths];
}

int
chart_draw(WINDOW *win, int y, int x, int h, int w, struct chart *c)
{
	int rows = h - 1, step, bw, lev[512];
	bool utf8 = wtext_utf8();
	size_t n;
	int last_label = -100;

	c->first = 0;
	if (rows < 1 || c->n == 0 || w < 2)
		return 1;
	/* One column a bar at the least: the newest bars when they do not all fit. */
	if (c->n > (size_t)w)
		c->first = c->n - (size_t)w;
	n = c->n - c->first < 512 ? c->n - c->first : 512;
	step = w / (int)n;
	bw = step > 2 ? step - 1 : step;
	if (bw > 6)
		bw = 6;
	chart_levels(c->values + c->first, n, rows, lev);
	for (size_t k = 0; k < n; k++) {
		size_t i = c->first + k;
		bool flag = c->flagged != NULL && c->flagged[i];
		enum theme_elem e = i == c->selected ? TH_PANE_FOCUS : flag ? TH_URGENT : TH_BAR_FILL;
		int bx = x + (int)k * step;

		for (int r = 0; r < rows; r++) {
			int left = lev[k] - (rows - 1 - r) * 8;

			wattrset(win, (int)theme_attr(left > 0 ? e : TH_NORMAL));
			for (int j = 0; j < bw; j++)
				mvwaddstr(win, y + r, bx + j, block(left, utf8));
		}
		if (flag && rows > 1 && lev[k] < (rows - 1) * 8) {
			wattrset(win, (int)theme_attr(TH_URGENT));
			mvwaddstr(win, y + rows - 1 - lev[k] / 8 - (lev[k] % 8 != 0), bx, "!");
		}
		/* A label where it fits after the previous one. */
		if (c->labels != NULL && bx >= last_label + 1) {
			int lw = wtext_width(c->labels[i]);

			if (bx + lw <= x + w) {
				draw_text(win, y + rows, bx, lw, c->labels[i],
				    i == c->selected ? TH_SELECTED : TH_DIM, WTEXT_LEFT);
				last_label = bx + lw;
			}
		}
	}
	return step;
}

bool
chart_hit(const struct chart *c, int x, int step, int cx, size_t *bar)
{
	size_t i;

	if (step < 1 || cx < x)
		return false;
	i = c->first + (size_t)((cx - x) / step);
	if (i >= c->n)
		return false;
	*bar = i;
	return true;
}
