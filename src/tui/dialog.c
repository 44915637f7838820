#include "tui/dialog.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/draw.h"
#include "util/wtext.h"
#include "util/xalloc.h"

#define FIELD_MAX 256
#define MAX_WIDTH 110
#define ROW_TEXT_MAX 2048

struct dialog_line {
	char *text;
	enum theme_elem e;
	int tag;                /* -1: plain text */
};

/* One screen row of the body: a piece of a line, after indent columns. */
struct dialog_row {
	size_t line;
	size_t off, len;
	int indent;
};

struct dialog {
	char *title;
	char *hint;
	const struct dialog_ops *ops;
	void *ud;
	struct dialog_line *lines;
	size_t nlines;
	int cursor;             /* tag, -1 none */
	bool has_field;
	char field_label[128];
	char field[FIELD_MAX];
	/* The layout of the last width asked for. */
	struct dialog_row *rows;
	size_t nrows, cap_rows;
	int rows_width;         /* -1: stale */
	size_t top;             /* first body row shown */
	int body_h;             /* body rows shown at the last draw */
	bool follow;            /* bring the cursor into view at the next draw */
	char row_text[ROW_TEXT_MAX];
};

struct dialog *
dialog_new(const char *title, const struct dialog_ops *ops, void *ud)
{
	struct dialog *d = xcalloc(1, sizeof *d);

	d->title = xstrdup(title);
	d->hint = xstrdup("");
	d->ops = ops;
	d->ud = ud;
	d->cursor = -1;
	d->rows_width = -1;
	d->body_h = 10;
	return d;
}

void
dialog_free(struct dialog *d)
{
	if (d == NULL)
		return;
	if (d->ops->closed != NULL)
		d->ops->closed(d->ud, d);
	dialog_clear(d);
	free(d->lines);
	free(d->rows);
	free(d->title);
	free(d->hint);
	free(d);
}

void
dialog_set_title(struct dialog *d, const char *title)
{
	free(d->title);
	d->title = xstrdup(title);
}

void
dialog_clear(struct dialog *d)
{
	for (size_t i = 0; i < d->nlines; i++)
		free(d->lines[i].text);
	d->nlines = 0;
	d->rows_width = -1;
}

/* "\n" in text starts new lines in the same element; only the first is a choice. */
static void
add_lines(struct dialog *d, int tag, enum theme_elem e, const char *fmt, va_list ap)
{
	char *text = xvasprintf(fmt, ap);
	const char *p = text;

	for (;;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl != NULL ? (size_t)(nl - p) : strlen(p);

		d->lines = xreallocarray(d->lines, d->nlines + 1, sizeof *d->lines);
		d->lines[d->nlines++] = (struct dialog_line){ xstrndup(p, len), e, tag };
		tag = -1;
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	free(text);
	d->rows_width = -1;
}

void
dialog_text(struct dialog *d, enum theme_elem e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add_lines(d, -1, e, fmt, ap);
	va_end(ap);
}

void
dialog_choice(struct dialog *d, int tag, enum theme_elem e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add_lines(d, tag < 0 ? 0 : tag, e, fmt, ap);
	va_end(ap);
	if (d->cursor < 0) {
		d->cursor = tag < 0 ? 0 : tag;
		d->follow = true;
	}
}

void
dialog_hint(struct dialog *d, const char *fmt, ...)
{
	va_list ap;

	free(d->hint);
	va_start(ap, fmt);
	d->hint = xvasprintf(fmt, ap);
	va_end(ap);
}

void
dialog_field(struct dialog *d, const char *label)
{
	d->has_field = label != NULL;
	snprintf(d->field_label, sizeof d->field_label, "%s", label != NULL ? label : "");
	d->field[0] = '\0';
}

const char *
dialog_field_text(const struct dialog *d)
{
	return d->field;
}

static bool
has_choice(const struct dialog *d, int tag)
{
	for (size_t i = 0; i < d->nlines; i++)
		if (d->lines[i].tag == tag)
			return true;
	return false;
}

int
dialog_cursor(const struct dialog *d)
{
	if (d->cursor >= 0 && has_choice(d, d->cursor))
		return d->cursor;
	for (size_t i = 0; i < d->nlines; i++)
		if (d->lines[i].tag >= 0)
			return d->lines[i].tag;
	return -1;
}

void
dialog_set_cursor(struct dialog *d, int tag)
{
	d->cursor = tag;
	d->follow = true;
}

/* ---- layout ----------------------------------------------------------------- */

static void
add_row(struct dialog *d, size_t line, size_t off, size_t len, int indent)
{
	if (d->nrows == d->cap_rows) {
		d->cap_rows = d->cap_rows ? d->cap_rows * 2 : 32;
		d->rows = xreallocarray(d->rows, d->cap_rows, sizeof *d->rows);
	}
	d->rows[d->nrows++] = (struct dialog_row){ line, off, len, indent };
}

/*
 * Wraps every line to width columns, at the last space that fits when there
 * is one (JSON bodies and ids have none: they break anywhere). Rows after
 * the first are indented past the line's own indent, so a wrapped item
 * still reads as one.
 */
static void
layout(struct dialog *d, int width)
{
	if (width < 1)
		width = 1;
	if (d->rows_width == width)
		return;
	d->nrows = 0;
	d->rows_width = width;
	for (size_t i = 0; i < d->nlines; i++) {
		const char *s = d->lines[i].text;
		size_t n = strlen(s), off = 0;
		size_t lead = strspn(s, " ");
		int hang = (int)lead + 4, indent = 0;

		if (hang > width / 3)
			hang = width / 3;
		if (n == 0)
			add_row(d, i, 0, 0, 0);
		while (off < n) {
			size_t len = wtext_prefix(s + off, width - indent);

			if (off + len < n && s[off + len] != ' ') {
				size_t sp = len;

				while (sp > 0 && s[off + sp - 1] != ' ')
					sp--;
				/* Not at the line's own indent: that would leave a blank row. */
				if (sp > 0 && off + sp > lead)
					len = sp;
			}
			add_row(d, i, off, len, indent);
			off += len;
			while (off < n && s[off] == ' ')
				off++;	/* the space the line broke at */
			indent = hang;
		}
	}
	if (d->top >= d->nrows)
		d->top = d->nrows > 0 ? d->nrows - 1 : 0;
}

size_t
dialog_rows(struct dialog *d, int width)
{
	layout(d, width);
	return d->nrows;
}

const char *
dialog_row(struct dialog *d, size_t i)
{
	const struct dialog_row *r;
	size_t len;

	if (i >= d->nrows)
		return "";
	r = &d->rows[i];
	len = r->len < sizeof d->row_text - 1 - (size_t)r->indent ? r->len :
	    sizeof d->row_text - 1 - (size_t)r->indent;
	memset(d->row_text, ' ', (size_t)r->indent);
	memcpy(d->row_text + r->indent, d->lines[r->line].text + r->off, len);
	d->row_text[r->indent + len] = '\0';
	return d->row_text;
}

/* The first and one-past-last body rows of the cursor's line. */
static bool
cursor_rows(const struct dialog *d, size_t *first, size_t *end)
{
	int tag = dialog_cursor(d);
	bool found = false;

	if (tag < 0)
		return false;
	for (size_t i = 0; i < d->nrows; i++) {
		if (d->lines[d->rows[i].line].tag != tag)
			continue;
		if (!found)
			*first = i;
		found = true;
		*end = i + 1;
		/* Continuation rows of the same line follow. */
		while (*end < d->nrows && d->rows[*end].line == d->rows[i].line)
			(*end)++;
		break;
	}
	return found;
}

/* ---- keys --------------------------------------------------------------------- */

static void
scroll_by(struct dialog *d, long by)
{
	long top = (long)d->top + by, max = (long)d->nrows - d->body_h;

	if (top > max)
		top = max;
	if (top < 0)
		top = 0;
	d->top = (size_t)top;
}

/* Moves to the next (dir 1) or previous (-1) choice; scrolls when there is none. */
static void
move_cursor(struct dialog *d, int dir)
{
	int cur = dialog_cursor(d);
	long at = -1;

	for (size_t i = 0; i < d->nlines; i++)
		if (d->lines[i].tag == cur)
			at = (long)i;
	if (at >= 0)
		for (long i = at + dir; i >= 0 && i < (long)d->nlines; i += dir)
			if (d->lines[i].tag >= 0) {
				dialog_set_cursor(d, d->lines[i].tag);
				return;
			}
	scroll_by(d, dir);
}

static bool
edit_field(struct dialog *d, keymap_key k)
{
	size_t len = strlen(d->field);

	if (k == 0x7f || k == 8) {
		/* One whole UTF-8 character. */
		while (len > 0 && ((unsigned char)d->field[len - 1] & 0xc0) == 0x80)
			len--;
		if (len > 0)
			len--;
		d->field[len] = '\0';
		return true;
	}
	if (k == 21) {	/* C-u */
		d->field[0] = '\0';
		return true;
	}
	if ((k & KEYMAP_FN) || k < 0x20) {
		return false;
	} else {
		char name[KEYMAP_NAME_MAX];
		const char *u = k == ' ' ? " " : keymap_key_name(k, name);

		if (len + strlen(u) < sizeof d->field)
			memcpy(d->field + len, u, strlen(u) + 1);
		return true;
	}
}

bool
dialog_key(struct dialog *d, keymap_key k, enum cmd c)
{
	if (d->has_field && edit_field(d, k))
		return true;
	switch (c) {
	case CMD_UP:
		move_cursor(d, -1);
		return true;
	case CMD_DOWN:
		move_cursor(d, 1);
		return true;
	case CMD_PAGE_UP:
		scroll_by(d, -(long)d->body_h);
		return true;
	case CMD_PAGE_DOWN:
		scroll_by(d, d->body_h);
		return true;
	case CMD_FIRST:
		d->top = 0;
		return true;
	case CMD_LAST:
		scroll_by(d, (long)d->nrows);
		return true;
	default:
		return d->ops->key(d->ud, d, k, c);
	}
}

/* ---- drawing ---------------------------------------------------------------- */

void
dialog_draw(struct dialog *d, WINDOW *w)
{
	int maxy = getmaxy(w), maxx = getmaxx(w);
	int bw = maxx - 4 < MAX_WIDTH ? maxx - 4 : MAX_WIDTH, bh, by, bx, inner, extra, cur;
	size_t first = 0, end = 0;

	if (bw < 20)
		bw = maxx;
	inner = bw - 4;
	layout(d, inner);
	extra = 2 + (d->has_field ? 2 : 0) + (d->hint[0] != '\0' ? 2 : 0);
	bh = (int)d->nrows + extra;
	if (bh > maxy)
		bh = maxy;
	if (bh < extra + 1)
		bh = extra + 1 < maxy ? extra + 1 : maxy;
	d->body_h = bh - extra > 1 ? bh - extra : 1;
	if (d->follow && cursor_rows(d, &first, &end)) {
		if (first < d->top)
			d->top = first;
		else if (end > d->top + (size_t)d->body_h)
			d->top = end - (size_t)d->body_h;
		d->follow = false;
	}
	scroll_by(d, 0);
	by = (maxy - bh) / 2;
	bx = (maxx - bw) / 2;
	cur = dialog_cursor(d);

	wattrset(w, (int)theme_attr(TH_NORMAL));
	for (int y = by; y < by + bh; y++)
		mvwhline(w, y, bx, ' ', bw);
	draw_box(w, by, bx, bh, bw, d->title, true);
	for (int i = 0; i < d->body_h && d->top + (size_t)i < d->nrows; i++) {
		size_t r = d->top + (size_t)i;
		const struct dialog_line *l = &d->lines[d->rows[r].line];
		bool on = l->tag >= 0 && l->tag == cur;

		draw_text(w, by + 1 + i, bx + 2, inner, dialog_row(d, r), on ? TH_SELECTED : l->e,
		    WTEXT_LEFT);
	}
	/* More above or below: an arrow on the right edge of the body. */
	if (d->top > 0)
		draw_text(w, by + 1, bx + bw - 2, 1, wtext_utf8() ? "\xe2\x96\xb2" : "^", TH_DIM,
		    WTEXT_LEFT);
	if (d->top + (size_t)d->body_h < d->nrows)
		draw_text(w, by + d->body_h, bx + bw - 2, 1, wtext_utf8() ? "\xe2\x96\xbc" : "v",
		    TH_DIM, WTEXT_LEFT);
	if (d->has_field) {
		char line[FIELD_MAX + 160];
		int y = by + bh - 2 - (d->hint[0] != '\0' ? 2 : 0), x;

		snprintf(line, sizeof line, "%s %s", d->field_label, d->field);
		draw_text(w, y, bx + 2, inner, line, TH_PROMPT, WTEXT_LEFT);
		x = bx + 2 + wtext_width(line);
		wattrset(w, (int)theme_attr(TH_SELECTED));
		if (x < bx + bw - 2)
			mvwaddch(w, y, x, ' ');	/* where the next character goes */
	}
	if (d->hint[0] != '\0')
		draw_text(w, by + bh - 2, bx + 2, inner, d->hint, TH_DIALOG, WTEXT_LEFT);
}
