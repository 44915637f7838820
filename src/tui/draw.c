#include "tui/draw.h"

#include <stdio.h>
#include <string.h>

#include "util/timeutil.h"

#define FIT_BYTES(w) ((size_t)(w) * 4 + 8)

void
draw_text(WINDOW *w, int y, int x, int width, const char *text, enum theme_elem e,
    enum wtext_align align)
{
	char buf[FIT_BYTES(512)];

	if (width <= 0)
		return;
	if (width > 512)
		width = 512;
	wtext_fit(text, width, align, buf, sizeof buf);
	wattrset(w, (int)theme_attr(e));
	mvwaddstr(w, y, x, buf);
}

void
draw_box(WINDOW *w, int y, int x, int h, int wd, const char *title, bool focused)
{
	bool u = wtext_utf8();
	const char *hz = u ? "\xe2\x94\x80" : "-", *vt = u ? "\xe2\x94\x82" : "|";
	const char *c[4] = {
		u ? "\xe2\x94\x8c" : "+", u ? "\xe2\x94\x90" : "+",
		u ? "\xe2\x94\x94" : "+", u ? "\xe2\x94\x98" : "+",
	};
	char t[FIT_BYTES(256)];

	if (h < 2 || wd < 2)
		return;
	wattrset(w, (int)theme_attr(focused ? TH_PANE_FOCUS : TH_BORDER));
	mvwaddstr(w, y, x, c[0]);
	for (int i = 1; i < wd - 1; i++) {
		mvwaddstr(w, y, x + i, hz);
		mvwaddstr(w, y + h - 1, x + i, hz);
	}
	mvwaddstr(w, y, x + wd - 1, c[1]);
	for (int i = 1; i < h - 1; i++) {
		mvwaddstr(w, y + i, x, vt);
		mvwaddstr(w, y + i, x + wd - 1, vt);
	}
	mvwaddstr(w, y + h - 1, x, c[2]);
	mvwaddstr(w, y + h - 1, x + wd - 1, c[3]);
	if (title != NULL && wd > 6) {
		char padded[256];

		snprintf(padded, sizeof padded, " %s ", title);
		wtext_trunc(padded, wd - 4 < 255 ? wd - 4 : 255, t, sizeof t);
		wattrset(w, (int)theme_attr(focused ? TH_PANE_FOCUS : TH_PANE_TITLE));
		mvwaddstr(w, y, x + 2, t);
	}
}

/* Appends glyph g if it fits with the NUL; false when out is full. */
static bool
put_glyph(char *out, size_t outsz, size_t *pos, const char *g)
{
	size_t len = strlen(g);

	if (*pos + len + 1 > outsz)
		return false;
	memcpy(out + *pos, g, len);
	*pos += len;
	out[*pos] = '\0';
	return true;
}

const char *
sparkline_render(const money_t *v, size_t n, int width, bool utf8, char *out, size_t outsz)
{
	static const char *const blocks[8] = {
		"\xe2\x96\x81", "\xe2\x96\x82", "\xe2\x96\x83", "\xe2\x96\x84",
		"\xe2\x96\x85", "\xe2\x96\x86", "\xe2\x96\x87", "\xe2\x96\x88",
	};
	static const char ascii[] = "_.-~=+*#";
	size_t pos = 0, first;
	money_t lo, hi;

	if (outsz == 0)
		return out;
	out[0] = '\0';
	if (n == 0 || width <= 0)
		return out;
	first = n > (size_t)width ? n - (size_t)width : 0;
	lo = hi = v[first];
	for (size_t i = first; i < n; i++) {
		if (v[i] < lo)
			lo = v[i];
		if (v[i] > hi)
			hi = v[i];
	}
	for (size_t i = first; i < n; i++) {
		/* Doubles for the chart only: the level is a picture, not an amount. */
		int lvl = hi == lo ? 3 :
		    (int)((money_to_double(v[i]) - money_to_double(lo)) * 7.0 /
		    (money_to_double(hi) - money_to_double(lo)) + 0.5);
		const char *g = utf8 ? blocks[lvl] : (const char[2]){ ascii[lvl], '\0' };

		if (!put_glyph(out, outsz, &pos, g))
			break;
	}
	return out;
}

/* A bar's cells: full and empty. */
static const char *
bar_glyph(bool utf8, bool full)
{
	if (full)
		return utf8 ? "\xe2\x96\x88" : "#";
	return utf8 ? "\xe2\x96\x91" : "-";
}

int
bar_render(money_t used, money_t total, int width, bool utf8, char *out, size_t outsz)
{
	const char *full = bar_glyph(utf8, true), *empty = bar_glyph(utf8, false);
	size_t pos = 0;
	int fill;

	if (outsz == 0)
		return 0;
	out[0] = '\0';
	if (width <= 0)
		return 0;
	if (total <= 0 || used <= 0)
		fill = 0;
	else if (used >= total)
		fill = width;
	else
		fill = (int)(money_to_double(used) / money_to_double(total) * width);
	for (int i = 0; i < width; i++)
		if (!put_glyph(out, outsz, &pos, i < fill ? full : empty))
			break;
	return fill;
}

void
draw_bar(WINDOW *w, int y, int x, int width, int permille, enum theme_elem fill)
{
	bool utf8 = wtext_utf8();
	int full = permille >= 1000 ? width : permille > 0 ? permille * width / 1000 : 0;

	wattrset(w, (int)theme_attr(fill));
	for (int i = 0; i < width; i++) {
		if (i == full)
			wattrset(w, (int)theme_attr(TH_BAR_EMPTY));
		mvwaddstr(w, y, x + i, bar_glyph(utf8, i < full));
	}
}

const char *
draw_time(const char *iso, bool short_form, char buf[DRAW_TIME_BUFSZ])
{
	time_t t;
	struct tm tm;

	if (time_parse_iso(iso, &t) != 0)
		return iso;
	t += 8 * 3600;
	gmtime_r(&t, &tm);
	strftime(buf, DRAW_TIME_BUFSZ, short_form ? "%m-%d %H:%M" : "%Y-%m-%d %H:%M", &tm);
	return buf;
}

const char *
draw_clock(time_t t, char buf[16])
{
	struct tm tm;

	if (t == 0) {
		snprintf(buf, 16, "--:--");
		return buf;
	}
	localtime_r(&t, &tm);
	strftime(buf, 16, "%H:%M:%S", &tm);
	return buf;
}

const char *
draw_money(money_t m, const char *currency, char *buf, size_t n)
{
	char num[MONEY_BUFSZ];

	snprintf(buf, n, "%s %s", money_format_grouped(m, 2, num, sizeof num),
	    currency && currency[0] ? currency : "CNY");
	return buf;
}

const char *
draw_rate_basis(const struct store_rate *r, char *buf, size_t n)
{
	if (r->basis == STORE_RATE_COSTS)
		snprintf(buf, n, "%d-day avg%s", r->days, r->stale ? ", stale" : "");
	else
		snprintf(buf, n, "this month%s", r->stale ? ", stale" : "");
	return buf;
}

enum theme_elem
draw_view_state(WINDOW *w, int y, int x, int width, const struct store_view *sv)
{
	return draw_view_state_aligned(w, y, x, width, sv, WTEXT_LEFT);
}

enum theme_elem
draw_view_state_aligned(WINDOW *w, int y, int x, int width, const struct store_view *sv,
    enum wtext_align align)
{
	char line[512], clk[16];
	enum theme_elem e;

	switch (sv->load) {
	case STORE_IDLE:
		snprintf(line, sizeof line, "waiting");
		e = TH_DIM;
		break;
	case STORE_LOADING:
		if (sv->model != NULL)
			snprintf(line, sizeof line, "refreshing (data of %s)", draw_clock(sv->fetched_at, clk));
		else
			snprintf(line, sizeof line, "loading...");
		e = TH_LOADING;
		break;
	case STORE_ERROR:
		if (sv->model != NULL)
			snprintf(line, sizeof line, "stale, as of %s: %s", draw_clock(sv->fetched_at, clk),
			    sv->message);
		else
			snprintf(line, sizeof line, "error: %s", sv->message);
		e = TH_ERROR;
		break;
	default:
		snprintf(line, sizeof line, "updated %s", draw_clock(sv->fetched_at, clk));
		e = TH_DIM;
		break;
	}
	draw_text(w, y, x, width, line, e, align);
	return e;
}
