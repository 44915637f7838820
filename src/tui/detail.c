/* A row's details: "Field  value" lines, scrollable; Esc goes back. */
#include <stdlib.h>
#include <string.h>

#include "tui/draw.h"
#include "tui/screens.h"
#include "tui/ui.h"
#include "util/xalloc.h"

struct detail {
	char *title;
	char **lines;     /* "key\tvalue" */
	size_t n;
	size_t top;
};

static void
detail_open(struct view *v)
{
	(void)v;
}

static void
detail_draw(struct view *v, WINDOW *w)
{
	struct detail *d = v->priv;
	int maxy = getmaxy(w), maxx = getmaxx(w);

	draw_box(w, 0, 0, maxy, maxx, d->title, true);
	for (size_t i = d->top; i < d->n && (int)(i - d->top) < maxy - 2; i++) {
		int y = 1 + (int)(i - d->top);
		const char *tab = strchr(d->lines[i], '\t');
		char key[64];
		size_t klen = tab ? (size_t)(tab - d->lines[i]) : 0;

		if (klen >= sizeof key)
			klen = sizeof key - 1;
		memcpy(key, d->lines[i], klen);
		key[klen] = '\0';
		draw_text(w, y, 2, 18, key, TH_DIM, WTEXT_LEFT);
		draw_text(w, y, 21, maxx - 23, tab ? tab + 1 : d->lines[i], TH_NORMAL, WTEXT_LEFT);
	}
}

static bool
detail_key(struct view *v, enum cmd c)
{
	struct detail *d = v->priv;

	switch (c) {
	case CMD_UP:
		if (d->top > 0)
			d->top--;
		return true;
	case CMD_DOWN:
		if (d->top + 1 < d->n)
			d->top++;
		return true;
	case CMD_FIRST:
		d->top = 0;
		return true;
	default:
		return false;
	}
}

static void
detail_select(struct view *v, int y, int x)
{
	(void)v;
	(void)y;
	(void)x;
}

static void
detail_close(struct view *v)
{
	struct detail *d = v->priv;

	for (size_t i = 0; i < d->n; i++)
		free(d->lines[i]);
	free(d->lines);
	free(d->title);
	free(d);
	free(v);
}

static const struct view_ops detail_ops = {
	"Detail", detail_open, detail_draw, detail_key, detail_select, detail_close,
};

struct view *
detail_view_new(struct ui *ui, struct store *store, const char *title, const char *const *lines,
    size_t n)
{
	struct view *v = xcalloc(1, sizeof *v);
	struct detail *d = xcalloc(1, sizeof *d);

	d->title = xstrdup(title);
	d->lines = xreallocarray(NULL, n ? n : 1, sizeof *d->lines);
	for (size_t i = 0; i < n; i++)
		d->lines[i] = xstrdup(lines[i]);
	d->n = n;
	v->ops = &detail_ops;
	v->ui = ui;
	v->store = store;
	v->priv = d;
	return v;
}
