/* The `?` screen: every command, its keys and what it does, from the key table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/draw.h"
#include "tui/screens.h"
#include "tui/ui.h"
#include "util/xalloc.h"

struct help {
	int top;
};

static void
help_open(struct view *v)
{
	(void)v;
}

static void
help_draw(struct view *v, WINDOW *w)
{
	struct help *h = v->priv;
	const struct keymap *km = ui_keymap(v->ui);
	const char *group = NULL;
	int maxy = getmaxy(w), maxx = getmaxx(w), line = 0, y;

	draw_text(w, 0, 1, maxx - 2, "Keys (rebind in the config's [keys] section: KEY = COMMAND)",
	    TH_PANE_TITLE, WTEXT_LEFT);
	for (int c = 1; c < CMD_COUNT; c++) {
		const struct cmd_info *ci = cmd_info((enum cmd)c);
		char keys[128];

		if (group == NULL || strcmp(group, ci->group) != 0) {
			group = ci->group;
			y = 2 + line++ - h->top;
			if (y >= 2 && y < maxy)
				draw_text(w, y, 1, maxx - 2, group, TH_HEADER, WTEXT_LEFT);
		}
		y = 2 + line++ - h->top;
		if (y < 2 || y >= maxy)
			continue;
		draw_text(w, y, 3, 16, keymap_keys_for(km, (enum cmd)c, keys, sizeof keys),
		    TH_HELP_KEY, WTEXT_LEFT);
		draw_text(w, y, 20, 14, ci->name, TH_DIM, WTEXT_LEFT);
		draw_text(w, y, 35, maxx - 36, ci->help, TH_NORMAL, WTEXT_LEFT);
	}
	if (h->top > line - (maxy - 2))
		h->top = line - (maxy - 2) > 0 ? line - (maxy - 2) : 0;
}

static bool
help_key(struct view *v, enum cmd c)
{
	struct help *h = v->priv;

	switch (c) {
	case CMD_UP:
		if (h->top > 0)
			h->top--;
		return true;
	case CMD_DOWN:
		h->top++;
		return true;
	case CMD_PAGE_UP:
		h->top = h->top > 10 ? h->top - 10 : 0;
		return true;
	case CMD_PAGE_DOWN:
		h->top += 10;
		return true;
	case CMD_FIRST:
		h->top = 0;
		return true;
	default:
		return false;
	}
}

static void
help_select(struct view *v, int y, int x)
{
	(void)v;
	(void)y;
	(void)x;
}

static void
help_close(struct view *v)
{
	free(v->priv);
	free(v);
}

const struct view_ops help_view_ops = {
	"Help", help_open, help_draw, help_key, help_select, help_close,
};

struct view *
help_view_new(struct ui *ui, struct store *store)
{
	struct view *v = xcalloc(1, sizeof *v);

	v->ops = &help_view_ops;
	v->ui = ui;
	v->store = store;
	v->priv = xcalloc(1, sizeof(struct help));
	return v;
}
