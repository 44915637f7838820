#include "tui/table.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "tui/draw.h"
#include "util/xalloc.h"

#define CELL_MAX 512      /* bytes of one cell's source text we look at */
#define FIT_MAX(w) ((size_t)(w) * 4 + 8)
#define COLS_MAX 64       /* columns laid out (more are never shown) */

struct table {
	const struct table_source *src;
	void *ud;
	struct table_column *cols;
	size_t ncols;
	size_t *view;           /* source rows passing the filter, in sort order */
	size_t nview, capview;
	/* Caches, valid until the next reload (order: until the next sort too). */
	size_t *order;          /* every source row, in sort order */
	size_t norder;
	bool order_ok;
	char *search;           /* each row's lower-cased cells, joined by SEP */
	size_t *search_at;      /* row r's text starts at search + search_at[r] */
	bool search_ok;
	size_t cursor, top;
	int height;
	size_t hcol;            /* first column shown (horizontal scroll) */
	int sort_col;
	bool reverse;
	char *filter;           /* "" = none */
	char *filter_lc;        /* the filter lower-cased, as the search text is */
	int *title_w;           /* each title's width */
	int *need;              /* each column's widest cell measured since the last rebuild */
	int (*bar)(void *ud, size_t row, size_t col);
};

struct table *
table_new(const struct table_source *src, void *ud, const struct table_column *cols, size_t ncols)
{
	struct table *t = xcalloc(1, sizeof *t);

	t->src = src;
	t->ud = ud;
	t->cols = xreallocarray(NULL, ncols, sizeof *cols);
	memcpy(t->cols, cols, ncols * sizeof *cols);
	t->ncols = ncols;
	t->title_w = xcalloc(ncols ? ncols : 1, sizeof *t->title_w);
	t->need = xcalloc(ncols ? ncols : 1, sizeof *t->need);
	for (size_t c = 0; c < ncols; c++)
		t->title_w[c] = wtext_width(cols[c].title);
	t->height = 1;
	t->sort_col = -1;
	t->filter = xstrdup("");
	t->filter_lc = xstrdup("");
	table_reload(t);
	return t;
}

void
table_free(struct table *t)
{
	if (t == NULL)
		return;
	free(t->view);
	free(t->order);
	free(t->search);
	free(t->search_at);
	free(t->cols);
	free(t->filter);
	free(t->filter_lc);
	free(t->title_w);
	free(t->need);
	free(t);
}

/* Between cells in the search text: typed filters never hold it, so none spans two cells. */
#define SEP '\x1f'

/* Growable bytes for the caches' texts. */
struct bytes {
	char *p;
	size_t len, cap;
};

static void
bytes_put(struct bytes *b, const char *s, size_t n, bool lower)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->p = xrealloc(b->p, b->cap);
	}
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		/* ASCII only, as strcasestr does in a UTF-8 locale. */
		b->p[b->len++] = lower && c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
	}
	b->p[b->len] = '\0';
}

/* The search text of every source row: once per reload, only when a filter needs it. */
static void
build_search(struct table *t, size_t total)
{
	struct bytes b = { NULL, 0, 0 };
	char buf[CELL_MAX];

	free(t->search);
	t->search_at = xreallocarray(t->search_at, total + 1, sizeof t->search_at[0]);
	for (size_t r = 0; r < total; r++) {
		t->search_at[r] = b.len;
		for (size_t c = 0; c < t->ncols; c++) {
			const char *s = t->src->cell(t->ud, r, c, buf, sizeof buf);

			if (s != NULL)
				bytes_put(&b, s, strlen(s), true);
			bytes_put(&b, &(char){ SEP }, 1, false);
		}
		bytes_put(&b, "", 0, false);
		b.len++;	/* keep each row's terminating NUL */
	}
	t->search_at[total] = b.len;
	t->search = b.p;
	t->search_ok = true;
}

static bool
row_matches(const struct table *t, size_t row)
{
	return t->filter_lc[0] == '\0' || strstr(t->search + t->search_at[row], t->filter_lc) != NULL;
}

/*
 * Sort keys, extracted once per row: 100,000 rows cost n key reads, not n
 * log n. A text key carries its first 16 bytes as two big-endian numbers, so
 * most comparisons decide without reaching the text (strcmp's cache misses
 * were most of a sort); 32 bytes, so qsort moves keys, not pointers to them.
 */
struct sort_key {
	uint64_t k[2];          /* a number in k[0] (offset to order unsigned), or the text's prefix */
	size_t text;            /* offset of the text in the sort's bytes */
	uint32_t row;           /* a table holds fewer than 2^32 rows */
	bool is_num;
	bool whole;             /* the text fits in k: equal k, equal text */
};

static void
text_prefix(const char *s, struct sort_key *key)
{
	int i;

	key->k[0] = key->k[1] = 0;
	for (i = 0; i < 16 && s[i] != '\0'; i++)
		key->k[i / 8] |= (uint64_t)(unsigned char)s[i] << (56 - 8 * (i % 8));
	key->whole = s[i] == '\0';
}

struct sort_ctx {
	const char *text;
	bool reverse;
};

static int
cmp_key(const void *a, const void *b, void *arg)
{
	const struct sort_key *x = a, *y = b;
	const struct sort_ctx *c = arg;
	int r;

	if (x->is_num != y->is_num)
		r = x->is_num ? -1 : 1;	/* a source mixing kinds: numbers first */
	else if (x->k[0] != y->k[0])
		r = x->k[0] < y->k[0] ? -1 : 1;
	else if (x->k[1] != y->k[1])
		r = x->k[1] < y->k[1] ? -1 : 1;
	else if (x->is_num || x->whole || y->whole)
		r = 0;
	else
		r = strcmp(c->text + x->text + 16, c->text + y->text + 16);
	if (r == 0)
		return (x->row > y->row) - (x->row < y->row);	/* stable: source order */
	return c->reverse ? -r : r;
}

/* t->order: every source row in the sort order. */
static void
sort_all(struct table *t, size_t total)
{
	struct sort_key *k;
	struct bytes b = { NULL, 0, 0 };
	struct sort_ctx ctx = { NULL, t->reverse };
	char buf[CELL_MAX];

	t->order = xreallocarray(t->order, total ? total : 1, sizeof t->order[0]);
	t->norder = total;
	t->order_ok = true;
	if (t->sort_col < 0 || total < 2) {
		for (size_t i = 0; i < total; i++)
			t->order[i] = t->reverse && t->sort_col < 0 ? total - 1 - i : i;
		return;
	}
	k = xreallocarray(NULL, total, sizeof *k);
	for (size_t r = 0; r < total; r++) {
		const char *s = NULL;
		int64_t num = 0;

		k[r].row = (uint32_t)r;
		k[r].text = b.len;
		k[r].is_num = t->src->key != NULL &&
		    t->src->key(t->ud, r, (size_t)t->sort_col, &num, &s, buf, sizeof buf);
		if (k[r].is_num) {
			k[r].k[0] = (uint64_t)num ^ (UINT64_C(1) << 63);
			k[r].k[1] = 0;
			k[r].whole = true;
			continue;
		}
		if (t->src->key == NULL)
			s = t->src->cell(t->ud, r, (size_t)t->sort_col, buf, sizeof buf);
		if (s == NULL)
			s = "";
		text_prefix(s, &k[r]);
		bytes_put(&b, s, strlen(s), false);
		b.len++;
	}
	ctx.text = b.p;
	qsort_r(k, total, sizeof *k, cmp_key, &ctx);
	for (size_t i = 0; i < total; i++)
		t->order[i] = k[i].row;
	free(k);
	free(b.p);
}

static void
clamp(struct table *t)
{
	size_t h = t->height > 0 ? (size_t)t->height : 1;

	if (t->nview == 0) {
		t->cursor = t->top = 0;
		return;
	}
	if (t->cursor >= t->nview)
		t->cursor = t->nview - 1;
	if (t->top > t->cursor)
		t->top = t->cursor;
	if (t->cursor >= t->top + h)
		t->top = t->cursor - h + 1;
	/* Never leave empty lines below the last row while rows sit above the top. */
	if (t->nview >= h && t->top > t->nview - h)
		t->top = t->nview - h;
	else if (t->nview < h)
		t->top = 0;
}

/* Widens the columns' measured needs to fit source row `row`. */
static void
measure_row(struct table *t, size_t row)
{
	char buf[CELL_MAX];

	for (size_t c = 0; c < t->ncols; c++) {
		const char *s = t->src->cell(t->ud, row, c, buf, sizeof buf);
		int w = s != NULL ? wtext_width(s) : 0;

		if (w > t->need[c])
			t->need[c] = w;
	}
}

/*
 * The columns' needs from the first rows of the view: a bounded sample, so
 * a reload of 100,000 rows costs what one of TABLE_MEASURE_ROWS does; the
 * rows drawn later widen it (table_draw).
 */
static void
measure(struct table *t)
{
	size_t n = t->nview < TABLE_MEASURE_ROWS ? t->nview : TABLE_MEASURE_ROWS;

	memset(t->need, 0, t->ncols * sizeof *t->need);
	for (size_t i = 0; i < n; i++)
		measure_row(t, t->view[i]);
}

static void
rebuild(struct table *t, bool narrow)
{
	size_t n = 0;

	if (narrow) {
		for (size_t i = 0; i < t->nview; i++)
			if (row_matches(t, t->view[i]))
				t->view[n++] = t->view[i];
		t->nview = n;
	} else {
		size_t total = t->src->count(t->ud);

		if (total > t->capview) {
			t->capview = total;
			t->view = xreallocarray(t->view, total, sizeof t->view[0]);
		}
		if (!t->order_ok || t->norder != total)
			sort_all(t, total);
		if (t->filter_lc[0] != '\0' && !t->search_ok)
			build_search(t, total);
		for (size_t i = 0; i < total; i++)
			if (row_matches(t, t->order[i]))
				t->view[n++] = t->order[i];
		t->nview = n;
	}
	clamp(t);
	measure(t);
}

void
table_reload(struct table *t)
{
	t->order_ok = t->search_ok = false;
	rebuild(t, false);
}

size_t
table_rows(const struct table *t)
{
	return t->nview;
}

size_t
table_row_at(const struct table *t, size_t i)
{
	return i < t->nview ? t->view[i] : 0;
}

bool
table_cursor(const struct table *t, size_t *pos)
{
	if (t->nview == 0)
		return false;
	*pos = t->cursor;
	return true;
}

bool
table_cursor_row(const struct table *t, size_t *row)
{
	if (t->nview == 0)
		return false;
	*row = t->view[t->cursor];
	return true;
}

void
table_set_cursor(struct table *t, size_t pos)
{
	t->cursor = pos;
	clamp(t);
}

void
table_set_height(struct table *t, int rows)
{
	t->height = rows > 0 ? rows : 1;
	clamp(t);
}

size_t
table_top(const struct table *t)
{
	return t->top;
}

void
table_sort(struct table *t, int col, bool reverse)
{
	t->sort_col = col >= 0 && (size_t)col < t->ncols ? col : -1;
	t->reverse = reverse;
	t->order_ok = false;
	rebuild(t, false);
}

int
table_sort_col(const struct table *t)
{
	return t->sort_col;
}

bool
table_sort_reverse(const struct table *t)
{
	return t->reverse;
}

void
table_set_filter(struct table *t, const char *text)
{
	/* Typing one more character only narrows: scan the current view. */
	bool narrow = t->filter[0] != '\0' && strncmp(text, t->filter, strlen(t->filter)) == 0;

	free(t->filter);
	t->filter = xstrdup(text);
	free(t->filter_lc);
	t->filter_lc = xstrdup(text);
	for (char *p = t->filter_lc; *p != '\0'; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	t->cursor = 0;
	t->top = 0;
	rebuild(t, narrow);
}

const char *
table_filter(const struct table *t)
{
	return t->filter;
}

bool
table_command(struct table *t, enum cmd c)
{
	size_t h = (size_t)t->height, row;

	switch (c) {
	case CMD_UP:
		if (t->cursor > 0)
			t->cursor--;
		break;
	case CMD_DOWN:
		t->cursor++;
		break;
	case CMD_PAGE_UP:
		t->cursor = t->cursor > h ? t->cursor - h : 0;
		t->top = t->top > h ? t->top - h : 0;
		break;
	case CMD_PAGE_DOWN:
		t->cursor += h;
		t->top += h;
		break;
	case CMD_FIRST:
		t->cursor = 0;
		break;
	case CMD_LAST:
		t->cursor = t->nview ? t->nview - 1 : 0;
		break;
	case CMD_LEFT:
		if (t->hcol > 0)
			t->hcol--;
		break;
	case CMD_RIGHT:
		if (t->hcol + 1 < t->ncols)
			t->hcol++;
		break;
	case CMD_SORT:
		table_sort(t, t->sort_col + 1 < (int)t->ncols ? t->sort_col + 1 : -1, false);
		break;
	case CMD_SORT_REVERSE:
		table_sort(t, t->sort_col, !t->reverse);
		break;
	case CMD_MARK:
		if (t->src->toggle_mark != NULL && table_cursor_row(t, &row)) {
			t->src->toggle_mark(t->ud, row);
			t->cursor++;	/* as in mutt and mc: Space marks and moves on */
		}
		break;
	default:
		return false;
	}
	clamp(t);
	return true;
}

void
table_layout_fit(const struct table_column *cols, const int *need, size_t ncols, int width,
    int *out)
{
	int used = 0, over, spare;

	for (size_t i = 0; i < ncols; i++) {
		out[i] = cols[i].width;
		if (need != NULL && need[i] < out[i])
			out[i] = need[i] > 0 ? need[i] : 1;
		used += out[i] + (i > 0);
	}
	over = used - width;
	for (size_t i = ncols; i-- > 0 && over > 0;) {
		int min = cols[i].min > 0 ? cols[i].min : cols[i].width;
		int give = out[i] - min;

		if (give <= 0)
			continue;
		if (give > over)
			give = over;
		out[i] -= give;
		over -= give;
	}
	/* Still too wide: drop whole columns from the right, then cut the first one. */
	for (size_t i = ncols; i-- > 1 && over > 0;) {
		over -= out[i] + 1;
		out[i] = 0;
	}
	if (over > 0 && ncols > 0)
		out[0] = out[0] > over ? out[0] - over : 0;
	/*
	 * Room to spare goes to the columns still cut, in equal shares, each up
	 * to what it needs; what nobody needs stays blank at the right.
	 */
	spare = need != NULL && over < 0 ? -over : 0;
	while (spare > 0) {
		int cut = 0, share;

		for (size_t i = 0; i < ncols; i++)
			cut += out[i] > 0 && need[i] > out[i];
		if (cut == 0)
			break;
		share = spare / cut > 0 ? spare / cut : 1;
		for (size_t i = 0; i < ncols && spare > 0; i++) {
			int give = out[i] > 0 ? need[i] - out[i] : 0;

			if (give <= 0)
				continue;
			if (give > share)
				give = share;
			if (give > spare)
				give = spare;
			out[i] += give;
			spare -= give;
		}
	}
}

void
table_layout(const struct table_column *cols, size_t ncols, int width, int *out)
{
	table_layout_fit(cols, NULL, ncols, width, out);
}

/* Columns c0.. of t laid out in width: their needs are the widest cell or title. */
static size_t
layout(const struct table *t, size_t c0, int width, int *w)
{
	int need[COLS_MAX];
	size_t nc = t->ncols - c0 < COLS_MAX ? t->ncols - c0 : COLS_MAX;

	for (size_t i = 0; i < nc; i++) {
		size_t c = c0 + i;
		/* The sorted column's title carries an arrow. */
		int title = t->title_w[c] + ((int)c == t->sort_col);

		need[i] = t->need[c] > title ? t->need[c] : title;
	}
	table_layout_fit(t->cols + c0, need, nc, width, w);
	return nc;
}

int
table_natural_width(const struct table *t)
{
	int w[COLS_MAX], sum = 0;
	size_t nc = layout(t, 0, 1 << 20, w);

	for (size_t i = 0; i < nc; i++)
		sum += w[i] + (i > 0);
	return sum;
}

void
table_set_bar(struct table *t, int (*permille)(void *ud, size_t row, size_t col))
{
	t->bar = permille;
}

/*
 * Fits each visible cell of a row (or the header) into its column and hands
 * it to emit with its x offset: the one place both drawing and the tests'
 * text rendering go through.
 */
typedef void (*emit_fn)(void *arg, size_t col, int x, int width, const char *text);

static void
fit_cells(struct table *t, size_t row, bool header, int width, emit_fn emit, void *arg)
{
	int w[COLS_MAX], x = 0;
	size_t nc = layout(t, t->hcol, width, w);

	for (size_t i = 0; i < nc; i++) {
		size_t c = t->hcol + i;
		char cellbuf[CELL_MAX], fit[FIT_MAX(256)];
		const char *s;
		int cw = w[i] < 256 ? w[i] : 256;

		if (cw <= 0)
			continue;
		if (header) {
			const char *arrow = (int)c != t->sort_col ? "" : wtext_utf8() ?
			    (t->reverse ? "\xe2\x96\xbc" : "\xe2\x96\xb2") : (t->reverse ? "v" : "^");

			snprintf(cellbuf, sizeof cellbuf, "%s%s", t->cols[c].title, arrow);
			s = cellbuf;
		} else {
			s = t->src->cell(t->ud, row, c, cellbuf, sizeof cellbuf);
		}
		wtext_fit(s != NULL ? s : "", cw, header ? WTEXT_LEFT : t->cols[c].align,
		    fit, sizeof fit);
		emit(arg, c, x, cw, fit);
		x += cw + 1;
	}
}

struct line_out {
	char *out;
	size_t n, pos;
};

static void
emit_line(void *arg, size_t col, int x, int width, const char *text)
{
	struct line_out *l = arg;
	int w;

	(void)col;
	(void)x;
	(void)width;
	w = snprintf(l->out + l->pos, l->n - l->pos, "%s%s", l->pos ? " " : "", text);
	if (w > 0)
		l->pos += (size_t)w < l->n - l->pos ? (size_t)w : l->n - l->pos - 1;
}

size_t
table_ncols(const struct table *t)
{
	return t->ncols;
}

const struct table_column *
table_col(const struct table *t, size_t col)
{
	return &t->cols[col];
}

const char *
table_cell_at(struct table *t, size_t pos, size_t col, char *buf, size_t n)
{
	const char *s = t->src->cell(t->ud, t->view[pos], col, buf, n);

	return s != NULL ? s : "";
}

void
table_render_row(struct table *t, size_t i, int width, char *out, size_t n)
{
	struct line_out l = { out, n, 0 };

	if (n == 0)
		return;
	out[0] = '\0';
	if (i < t->nview)
		fit_cells(t, t->view[i], false, width, emit_line, &l);
}

struct win_out {
	struct table *t;
	WINDOW *w;
	int y, x0;
	size_t row;             /* the source row; ignored for the header */
	bool header, styled;
	unsigned long attr;     /* the row's attribute, for cells drawn without a style */
};

static void
emit_win(void *arg, size_t col, int x, int width, const char *text)
{
	struct win_out *o = arg;
	const struct table_source *src = o->t->src;
	int pm = o->header || o->t->bar == NULL ? -1 : o->t->bar(o->t->ud, o->row, col);

	/* A bar keeps its colours on the cursor and marked rows: they are what it says. */
	if (pm >= 0) {
		draw_bar(o->w, o->y, o->x0 + x, width, pm,
		    src->style != NULL ? src->style(o->t->ud, o->row, col) : TH_BAR_FILL);
		wattrset(o->w, (int)o->attr);
		return;
	}
	if (o->styled)
		wattrset(o->w, (int)theme_attr(src->style(o->t->ud, o->row, col)));
	mvwaddstr(o->w, o->y, o->x0 + x, text);
}

void
table_draw(struct table *t, void *win, bool focused)
{
	WINDOW *w = win;
	int maxy = getmaxy(w), maxx = getmaxx(w);
	int gutter = t->src->marked != NULL ? 2 : 0;
	struct win_out o = { t, w, 0, gutter, 0, true, false, theme_attr(TH_HEADER) };

	if (maxy < 1 || maxx < 1)
		return;
	table_set_height(t, maxy - 1);
	/* Rows scrolled to past the measured ones widen their columns too. */
	for (size_t i = t->top; i < t->nview && i < t->top + (size_t)t->height; i++)
		measure_row(t, t->view[i]);
	wattrset(w, (int)theme_attr(TH_HEADER));
	mvwhline(w, 0, 0, ' ', maxx);
	fit_cells(t, 0, true, maxx - gutter, emit_win, &o);
	o.header = false;
	for (int y = 1; y < maxy; y++) {
		size_t i = t->top + (size_t)y - 1;
		bool cur, mk;

		wattrset(w, (int)theme_attr(TH_NORMAL));
		mvwhline(w, y, 0, ' ', maxx);
		if (i >= t->nview) {
			if (i == 0 && y == 1) {
				wattrset(w, (int)theme_attr(TH_DIM));
				mvwaddstr(w, 1, gutter, t->filter[0] ? "(no row matches the filter)" :
				    "(no rows)");
			}
			continue;
		}
		cur = focused && i == t->cursor;
		mk = t->src->marked != NULL && t->src->marked(t->ud, t->view[i]);
		o.attr = theme_attr(cur ? TH_SELECTED : mk ? TH_MARKED : TH_NORMAL);
		wattrset(w, (int)o.attr);
		if (cur)
			mvwhline(w, y, 0, ' ', maxx);
		if (mk)
			mvwaddstr(w, y, 0, "*");
		o.y = y;
		o.row = t->view[i];
		o.styled = !cur && !mk && t->src->style != NULL;
		fit_cells(t, o.row, false, maxx - gutter, emit_win, &o);
	}
	wattrset(w, (int)theme_attr(TH_NORMAL));
}

bool
table_hit(const struct table *t, int y, size_t *pos)
{
	size_t i;

	if (y < 1)
		return false;
	i = t->top + (size_t)y - 1;
	if (i >= t->nview)
		return false;
	*pos = i;
	return true;
}
