#include "tui/table.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "tui/draw.h"
#include "util/xalloc.h"

#define CELL_MAX 512      /* bytes of one cell's source text we look at */
#define FIT_MAX(w) ((size_t)(w) * 4 + 8)
#define COLS_MAX 64       /* columns laid out (more are never shown) */

/* Growable bytes for the caches' texts. */
struct bytes {
	char *p;
	size_t len, cap;
};

/* A column's keys being read a slice at a time (table_prepare). */
struct reading {
	size_t col;
	size_t next;            /* visit position reached */
	struct sort_key *k;     /* NULL: none being read */
	struct bytes b;         /* the texts past the keys' prefixes */
};

/* A column's ascending order, kept until the reload: a later sort by it, either way, is a copy. */
struct col_order {
	uint32_t *row;          /* the source rows; NULL: not sorted since the reload */
	uint64_t *tied;         /* bit i: row[i]'s key equals row[i - 1]'s */
};

struct table {
	const struct table_source *src;
	void *ud;
	struct table_column *cols;
	size_t ncols;
	size_t *view;           /* source rows passing the filter, in sort order */
	size_t nview, capview;
	/* Caches, valid until the next reload (order: until the next sort too). */
	size_t *order;          /* every source row, in sort order */
	bool order_ok;
	struct col_order *sorted;  /* per column */
	struct reading reading;
	uint32_t *visit;        /* the rows in storage order (visit_order) */
	size_t ncached;         /* rows when sorted and visit were made */
	const void *(*addr)(void *ud, size_t row);
	char *search;           /* each row's lower-cased cells, joined by SEP */
	size_t *search_at;      /* the text of visit_order's row i starts at search + search_at[i] */
	uint64_t *hit;          /* bit r: row r matches the filter (match) */
	bool search_ok;
	struct bytes sb;        /* the search text being read, up to visit position search_next */
	size_t search_next;
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

/* Frees a half-read column's keys (table_prepare's). */
static void
drop_reading(struct table *t)
{
	free(t->reading.k);
	free(t->reading.b.p);
	t->reading = (struct reading){ 0, 0, NULL, { NULL, 0, 0 } };
}

/* Forgets every row's cached keys, texts and orders: the data changed. */
static void
drop_caches(struct table *t)
{
	for (size_t c = 0; c < t->ncols; c++) {
		free(t->sorted[c].row);
		free(t->sorted[c].tied);
		t->sorted[c] = (struct col_order){ NULL, NULL };
	}
	free(t->visit);
	t->visit = NULL;
	drop_reading(t);
	free(t->sb.p);
	t->sb = (struct bytes){ NULL, 0, 0 };
	t->search_next = 0;
	t->order_ok = t->search_ok = false;
}

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
	t->sorted = xcalloc(ncols ? ncols : 1, sizeof *t->sorted);
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
	drop_caches(t);
	free(t->sorted);
	free(t->view);
	free(t->order);
	free(t->search);
	free(t->search_at);
	free(t->hit);
	free(t->cols);
	free(t->filter);
	free(t->filter_lc);
	free(t->title_w);
	free(t->need);
	free(t);
}

/* Between cells in the search text: typed filters never hold it, so none spans two cells. */
#define SEP '\x1f'

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

/*
 * Sort keys, extracted once per row: 100,000 rows cost n key reads, not n
 * log n. A text key carries its first 16 bytes as two big-endian numbers,
 * and the rows are ordered by a radix sort of those (and of the key's kind:
 * numbers before texts when a source mixes them); only rows whose 16 bytes
 * tie are then compared by the rest of their text.
 */
struct sort_key {
	uint64_t k[2];          /* a number in k[0] (offset to order unsigned), or the text's prefix */
	size_t rest;            /* offset in the sort's bytes of the text past its prefix */
	uint32_t row;           /* a table holds fewer than 2^32 rows */
	uint8_t kind;           /* 0 number, 1 text */
	bool whole;             /* the text fits in k: nothing past the prefix */
};

/* Puts s's first 16 bytes in key; returns how many it had. */
static size_t
text_prefix(const char *s, struct sort_key *key)
{
	size_t i;

	key->k[0] = key->k[1] = 0;
	for (i = 0; i < 16 && s[i] != '\0'; i++)
		key->k[i / 8] |= (uint64_t)(unsigned char)s[i] << (56 - 8 * (i % 8));
	key->whole = s[i] == '\0';
	return i;
}

#define DIGITS 17               /* 16 bytes of k, least significant first, then the kind */
#define RUN_QSORT 32            /* runs of tied prefixes shorter than this are compared */

static unsigned
digit(const struct sort_key *x, int d)
{
	return d == 16 ? x->kind : (unsigned)(x->k[1 - d / 8] >> (8 * (d % 8))) & 0xff;
}

/*
 * LSD radix sort of a by (kind, k[0], k[1]): stable, so equal keys keep the
 * order they came in (source order). Digits every key shares are skipped:
 * a column of dates moves its keys 3 or 4 times, not 17.
 */
static void
radix_sort(struct sort_key *a, size_t n)
{
	struct sort_key *tmp, *src = a, *dst, all = { { ~UINT64_C(0), ~UINT64_C(0) }, 0, 0, 1, 0 },
	    any = { { 0, 0 }, 0, 0, 0, 0 };
	size_t cnt[256];

	for (size_t i = 0; i < n; i++) {
		for (int w = 0; w < 2; w++) {
			all.k[w] &= a[i].k[w];
			any.k[w] |= a[i].k[w];
		}
		all.kind &= a[i].kind;
		any.kind |= a[i].kind;
	}
	tmp = dst = xreallocarray(NULL, n ? n : 1, sizeof *tmp);
	for (int d = 0; d < DIGITS; d++) {
		size_t sum = 0;

		if (digit(&all, d) == digit(&any, d))
			continue;	/* every key has the same digit here */
		memset(cnt, 0, sizeof cnt);
		for (size_t i = 0; i < n; i++)
			cnt[digit(&src[i], d)]++;
		for (int v = 0; v < 256; v++) {
			size_t c = cnt[v];

			cnt[v] = sum;
			sum += c;
		}
		for (size_t i = 0; i < n; i++)
			dst[cnt[digit(&src[i], d)]++] = src[i];
		dst = src;
		src = src == a ? tmp : a;
	}
	if (src != a)
		memcpy(a, src, n * sizeof *a);
	free(tmp);
}

static bool
same_prefix(const struct sort_key *x, const struct sort_key *y)
{
	return x->kind == y->kind && x->k[0] == y->k[0] && x->k[1] == y->k[1];
}

/* Texts past equal prefixes: a text that ended within them has nothing more. */
static int
cmp_rest(const struct sort_key *x, const struct sort_key *y, const char *text)
{
	return strcmp(x->whole ? "" : text + x->rest, y->whole ? "" : text + y->rest);
}

static int
cmp_tie(const void *a, const void *b, void *arg)
{
	const struct sort_key *x = a, *y = b;
	int r = cmp_rest(x, y, arg);

	if (r == 0)
		return (x->row > y->row) - (x->row < y->row);	/* stable: source order */
	return r;
}

static bool
bit(const uint64_t *bits, size_t i)
{
	return bits[i / 64] >> (i % 64) & 1;
}

static void
set_bit(uint64_t *bits, size_t i)
{
	bits[i / 64] |= UINT64_C(1) << (i % 64);
}

static void sort_runs(struct sort_key *k, size_t n, const char *text, uint64_t *tied,
    size_t base);

/*
 * Orders a run of n keys with equal prefixes (k[] at base in the column's
 * order) by the rest of their texts, marking in tied the keys equal to the
 * one before. A long run (a service name shared by thousands of rows, names
 * alike in their first 16 bytes) is radix-sorted by its next 16 bytes.
 */
static void
sort_run(struct sort_key *k, size_t n, const char *text, uint64_t *tied, size_t base)
{
	bool whole = true;

	for (size_t i = 0; i < n; i++)
		whole &= k[i].whole;
	if (whole) {	/* nothing past the prefixes: all equal, already in source order */
		for (size_t i = 1; i < n; i++)
			set_bit(tied, base + i);
		return;
	}
	if (n < RUN_QSORT) {
		qsort_r(k, n, sizeof *k, cmp_tie, (void *)text);
		for (size_t i = 1; i < n; i++)
			if (cmp_rest(&k[i - 1], &k[i], text) == 0)
				set_bit(tied, base + i);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (k[i].whole) {
			k[i].k[0] = k[i].k[1] = 0;
			continue;
		}
		text_prefix(text + k[i].rest, &k[i]);
		k[i].rest += 16;
	}
	radix_sort(k, n);
	sort_runs(k, n, text, tied, base);
}

/* The runs of equal prefixes in the sorted k[]: each put in order by sort_run. */
static void
sort_runs(struct sort_key *k, size_t n, const char *text, uint64_t *tied, size_t base)
{
	for (size_t i = 0, j; i < n; i = j) {
		for (j = i + 1; j < n && same_prefix(&k[i], &k[j]); j++)
			;
		if (j - i > 1)
			sort_run(k + i, j - i, text, tied, base + i);
	}
}

/* The key of row r in column c; texts past their prefix go to b. */
static void
read_key(struct table *t, size_t r, size_t c, struct sort_key *key, struct bytes *b)
{
	const char *s = NULL;
	int64_t num = 0;
	char buf[CELL_MAX];

	key->row = (uint32_t)r;
	key->rest = 0;
	if (t->src->key != NULL && t->src->key(t->ud, r, c, &num, &s, buf, sizeof buf)) {
		key->kind = 0;
		key->k[0] = (uint64_t)num ^ (UINT64_C(1) << 63);
		key->k[1] = 0;
		key->whole = true;
		return;
	}
	if (t->src->key == NULL)
		s = t->src->cell(t->ud, r, c, buf, sizeof buf);
	if (s == NULL)
		s = "";
	key->kind = 1;
	s += text_prefix(s, key);
	if (!key->whole) {
		key->rest = b->len;
		bytes_put(b, s, strlen(s), false);
		b->len++;
	}
}

/*
 * The rows in the order the source stores them (NULL: that is row order),
 * the order every row's cells are read in: a store's rows listed by expiry
 * sit all over its memory, and reading them in row order was one cache and
 * TLB miss per row and cell, most of the cost of a first sort or filter.
 */
static const uint32_t *
visit_order(struct table *t, size_t total)
{
	struct sort_key *k;

	if (t->addr == NULL)
		return NULL;
	if (t->visit != NULL)
		return t->visit;
	k = xcalloc(total ? total : 1, sizeof *k);
	for (size_t r = 0; r < total; r++) {
		k[r].k[0] = (uint64_t)(uintptr_t)t->addr(t->ud, r);
		k[r].row = (uint32_t)r;
	}
	radix_sort(k, total);
	t->visit = xreallocarray(NULL, total ? total : 1, sizeof *t->visit);
	for (size_t i = 0; i < total; i++)
		t->visit[i] = k[i].row;
	free(k);
	return t->visit;
}

/*
 * Reads up to `rows` more keys of column c (visit order) and, once all are
 * read, sorts them into t->sorted[c]. Returns whether the column is sorted.
 */
static bool
read_column(struct table *t, size_t c, size_t total, size_t rows)
{
	struct reading *rd = &t->reading;
	struct col_order *co = &t->sorted[c];
	const uint32_t *visit = visit_order(t, total);
	size_t end;

	if (rd->k == NULL || rd->col != c) {
		drop_reading(t);
		rd->col = c;
		rd->k = xreallocarray(NULL, total ? total : 1, sizeof *rd->k);
	}
	end = total - rd->next < rows ? total : rd->next + rows;
	for (; rd->next < end; rd->next++) {
		size_t r = visit != NULL ? visit[rd->next] : rd->next;

		read_key(t, r, c, &rd->k[r], &rd->b);
	}
	if (rd->next < total)
		return false;
	radix_sort(rd->k, total);
	co->tied = xcalloc(total / 64 + 1, sizeof *co->tied);
	sort_runs(rd->k, total, rd->b.p, co->tied, 0);
	co->row = xreallocarray(NULL, total ? total : 1, sizeof *co->row);
	for (size_t i = 0; i < total; i++)
		co->row[i] = rd->k[i].row;
	drop_reading(t);
	return true;
}

/* Column c's ascending order: sorted at its first sort since the reload, or ahead (table_prepare). */
static const struct col_order *
column_order(struct table *t, size_t c, size_t total)
{
	if (t->sorted[c].row == NULL)
		read_column(t, c, total, SIZE_MAX);
	return &t->sorted[c];
}

/*
 * t->order: every source row in the sort order. Reversed, the runs of equal
 * keys come from the last, each still in source order.
 */
static void
sort_all(struct table *t, size_t total)
{
	const struct col_order *co;
	size_t n = 0;

	t->order = xreallocarray(t->order, total ? total : 1, sizeof t->order[0]);
	t->order_ok = true;
	if (t->sort_col < 0 || total < 2) {
		for (size_t i = 0; i < total; i++)
			t->order[i] = t->reverse && t->sort_col < 0 ? total - 1 - i : i;
		return;
	}
	co = column_order(t, (size_t)t->sort_col, total);
	if (!t->reverse) {
		for (size_t i = 0; i < total; i++)
			t->order[i] = co->row[i];
		return;
	}
	for (size_t end = total, start; end > 0; end = start) {
		for (start = end - 1; start > 0 && bit(co->tied, start); start--)
			;
		for (size_t i = start; i < end; i++)
			t->order[n++] = co->row[i];
	}
}

/*
 * The search text of every source row, once per reload: up to `rows` more
 * rows of it (visit order). Returns whether it is complete.
 */
static bool
read_search(struct table *t, size_t total, size_t rows)
{
	char buf[CELL_MAX];
	const uint32_t *visit = visit_order(t, total);
	size_t end = total - t->search_next < rows ? total : t->search_next + rows;

	if (t->search_next == 0)
		t->search_at = xreallocarray(t->search_at, total + 1, sizeof t->search_at[0]);
	for (; t->search_next < end; t->search_next++) {
		size_t i = t->search_next, r = visit != NULL ? visit[i] : i;

		t->search_at[i] = t->sb.len;
		for (size_t c = 0; c < t->ncols; c++) {
			const char *s = t->src->cell(t->ud, r, c, buf, sizeof buf);

			if (s != NULL)
				bytes_put(&t->sb, s, strlen(s), true);
			bytes_put(&t->sb, &(char){ SEP }, 1, false);
		}
		bytes_put(&t->sb, "", 0, false);
		t->sb.len++;	/* keep each row's terminating NUL */
	}
	if (t->search_next < total)
		return false;
	t->search_at[total] = t->sb.len;
	free(t->search);
	t->search = t->sb.p;
	t->sb = (struct bytes){ NULL, 0, 0 };
	t->search_next = 0;
	t->hit = xreallocarray(t->hit, total / 64 + 1, sizeof *t->hit);
	t->search_ok = true;
	return true;
}

bool
table_prepare(struct table *t)
{
	size_t total = t->ncached;

	/* The source changed since the last rebuild: the reload will start again. */
	if (t->src->count(t->ud) != total)
		return false;
	if (total >= 2)
		for (size_t c = 0; c < t->ncols; c++)
			if (t->sorted[c].row == NULL) {
				read_column(t, c, total, TABLE_PREPARE_ROWS);
				return true;
			}
	return !t->search_ok && !read_search(t, total, TABLE_PREPARE_ROWS);
}

/*
 * Clears in t->hit the rows whose search text lacks the filter. The texts
 * are read in the order they are stored, not the view's: on 100,000 rows a
 * sequential read, not a cache miss per row.
 */
static void
match(struct table *t, size_t total)
{
	const uint32_t *visit = visit_order(t, total);

	for (size_t i = 0; i < total; i++) {
		size_t r = visit != NULL ? visit[i] : i;

		if (bit(t->hit, r) && strstr(t->search + t->search_at[i], t->filter_lc) == NULL)
			t->hit[r / 64] &= ~(UINT64_C(1) << (r % 64));
	}
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
		memset(t->hit, 0, (t->ncached / 64 + 1) * sizeof *t->hit);
		for (size_t i = 0; i < t->nview; i++)
			set_bit(t->hit, t->view[i]);
		match(t, t->ncached);
		for (size_t i = 0; i < t->nview; i++)
			if (bit(t->hit, t->view[i]))
				t->view[n++] = t->view[i];
		t->nview = n;
	} else {
		size_t total = t->src->count(t->ud);
		bool filtered = t->filter_lc[0] != '\0';

		if (total > t->capview) {
			t->capview = total;
			t->view = xreallocarray(t->view, total, sizeof t->view[0]);
		}
		if (total != t->ncached) {
			drop_caches(t);	/* the source changed without a reload */
			t->ncached = total;
		}
		if (!t->order_ok)
			sort_all(t, total);
		if (filtered && !t->search_ok)
			read_search(t, total, SIZE_MAX);
		if (filtered) {
			memset(t->hit, 0xff, (total / 64 + 1) * sizeof *t->hit);
			match(t, total);
		}
		for (size_t i = 0; i < total; i++)
			if (!filtered || bit(t->hit, t->order[i]))
				t->view[n++] = t->order[i];
		t->nview = n;
	}
	clamp(t);
	measure(t);
}

void
table_reload(struct table *t)
{
	drop_caches(t);
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
table_set_locality(struct table *t, const void *(*addr)(void *ud, size_t row))
{
	t->addr = addr;
	drop_caches(t);
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
