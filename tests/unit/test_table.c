/* tui/table and util/wtext: sort, filter, scroll window, marks, wide text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/table.h"
#include "util/wtext.h"

/* A source of n rows: name, number (sorted numerically), the row index. */
struct rows {
	size_t n;
	const char *const *names;
	bool *marks;
	size_t cell_calls;
};

static const char *const fruit[] = {
	"pear", "Apple", "云服务器", "banana", "apple pie", "对象存储OBS", "cherry",
};

static size_t
rows_count(void *ud)
{
	return ((struct rows *)ud)->n;
}

static const char *
rows_cell(void *ud, size_t row, size_t col, char *buf, size_t n)
{
	struct rows *r = ud;

	r->cell_calls++;
	if (col == 0)
		return r->names != NULL ? r->names[row] : (snprintf(buf, n, "name-%06zu", row), buf);
	snprintf(buf, n, "%zu", (row * 7919) % 1000);
	return buf;
}

/* Column 1 orders by number, column 0 by its text. */
static bool
rows_key(void *ud, size_t row, size_t col, int64_t *num, const char **text, char *buf, size_t n)
{
	const char *s = rows_cell(ud, row, col, buf, n);

	if (col == 0) {
		*text = s;
		return false;
	}
	*num = atol(s);
	return true;
}

static bool
rows_marked(void *ud, size_t row)
{
	return ((struct rows *)ud)->marks[row];
}

static void
rows_toggle(void *ud, size_t row)
{
	struct rows *r = ud;

	r->marks[row] = !r->marks[row];
}

static const struct table_column cols[] = {
	{ "Name", 12, 6, WTEXT_LEFT },
	{ "Value", 5, 0, WTEXT_RIGHT },
};

static const struct table_source src_text = { rows_count, rows_cell, NULL, NULL, rows_marked,
	rows_toggle };
static const struct table_source src_cmp = { rows_count, rows_cell, rows_key, NULL, NULL,
	NULL };

static int
setup(void **state)
{
	(void)state;
	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL)
		return -1;
	return 0;
}

static void
names_in_view(struct table *t, char *out, size_t n)
{
	out[0] = '\0';
	for (size_t i = 0; i < table_rows(t); i++) {
		size_t len = strlen(out);

		snprintf(out + len, n - len, "%s%s", i ? "|" : "", fruit[table_row_at(t, i)]);
	}
}

static void
sort_and_reverse(void **state)
{
	bool marks[7] = { 0 };
	struct rows r = { 7, fruit, marks, 0 };
	struct table *t = table_new(&src_text, &r, cols, 2);
	char got[256];

	(void)state;
	names_in_view(t, got, sizeof got);
	assert_string_equal(got, "pear|Apple|云服务器|banana|apple pie|对象存储OBS|cherry");
	assert_true(table_command(t, CMD_SORT));	/* by Name */
	assert_int_equal(table_sort_col(t), 0);
	names_in_view(t, got, sizeof got);
	/* Byte order: capitals, then lower case, then CJK. */
	assert_string_equal(got, "Apple|apple pie|banana|cherry|pear|云服务器|对象存储OBS");
	assert_true(table_command(t, CMD_SORT_REVERSE));
	names_in_view(t, got, sizeof got);
	assert_string_equal(got, "对象存储OBS|云服务器|pear|cherry|banana|apple pie|Apple");
	/* s walks the columns, then back to source order. */
	table_command(t, CMD_SORT);
	assert_int_equal(table_sort_col(t), 1);
	table_command(t, CMD_SORT);
	assert_int_equal(table_sort_col(t), -1);
	names_in_view(t, got, sizeof got);
	assert_string_equal(got, "pear|Apple|云服务器|banana|apple pie|对象存储OBS|cherry");
	table_free(t);
}

static void
numeric_sort_uses_keys(void **state)
{
	struct rows r = { 50, NULL, NULL, 0 };
	struct table *t = table_new(&src_cmp, &r, cols, 2);
	char a[16], b[16];

	(void)state;
	table_sort(t, 1, false);
	for (size_t i = 1; i < table_rows(t); i++) {
		long x = atol(rows_cell(&r, table_row_at(t, i - 1), 1, a, sizeof a));
		long y = atol(rows_cell(&r, table_row_at(t, i), 1, b, sizeof b));

		assert_true(x <= y);
	}
	/* Text order would put "1000" before "999"-style values; check one pair. */
	table_sort(t, 1, true);
	assert_true(atol(rows_cell(&r, table_row_at(t, 0), 1, a, sizeof a)) >=
	    atol(rows_cell(&r, table_row_at(t, 49), 1, b, sizeof b)));
	table_free(t);
}

static void
filter_incremental_and_sorted(void **state)
{
	bool marks[7] = { 0 };
	struct rows r = { 7, fruit, marks, 0 };
	struct table *t = table_new(&src_text, &r, cols, 2);
	char got[256];

	(void)state;
	table_sort(t, 0, false);
	table_set_filter(t, "a");
	names_in_view(t, got, sizeof got);
	assert_string_equal(got, "Apple|apple pie|banana|pear");
	table_set_filter(t, "AP");	/* case-insensitive, narrowing */
	names_in_view(t, got, sizeof got);
	assert_string_equal(got, "Apple|apple pie");
	table_set_filter(t, "服务");
	names_in_view(t, got, sizeof got);
	assert_string_equal(got, "云服务器");
	table_set_filter(t, "obs");
	names_in_view(t, got, sizeof got);
	assert_string_equal(got, "对象存储OBS");
	table_set_filter(t, "zzz");
	assert_int_equal(table_rows(t), 0);
	size_t pos;
	assert_false(table_cursor(t, &pos));
	assert_false(table_command(t, CMD_FILTER));
	table_set_filter(t, "");
	assert_int_equal(table_rows(t), 7);
	assert_string_equal(table_filter(t), "");
	table_free(t);
}

static void
scroll_window(void **state)
{
	struct rows r = { 100, NULL, NULL, 0 };
	struct table *t = table_new(&src_cmp, &r, cols, 2);
	size_t pos;

	(void)state;
	table_set_height(t, 10);
	assert_true(table_cursor(t, &pos));
	assert_int_equal(pos, 0);
	table_command(t, CMD_UP);	/* stays at the top */
	assert_int_equal(table_top(t), 0);
	for (int i = 0; i < 9; i++)
		table_command(t, CMD_DOWN);
	table_cursor(t, &pos);
	assert_int_equal(pos, 9);
	assert_int_equal(table_top(t), 0);	/* still on the first page */
	table_command(t, CMD_DOWN);
	assert_int_equal(table_top(t), 1);	/* scrolled by one */
	table_command(t, CMD_PAGE_DOWN);
	table_cursor(t, &pos);
	assert_int_equal(pos, 20);
	assert_int_equal(table_top(t), 11);
	table_command(t, CMD_LAST);
	table_cursor(t, &pos);
	assert_int_equal(pos, 99);
	assert_int_equal(table_top(t), 90);
	table_command(t, CMD_PAGE_DOWN);	/* clamped at the end */
	table_cursor(t, &pos);
	assert_int_equal(pos, 99);
	assert_int_equal(table_top(t), 90);
	table_command(t, CMD_PAGE_UP);
	table_cursor(t, &pos);
	assert_int_equal(pos, 89);
	assert_int_equal(table_top(t), 80);
	table_command(t, CMD_FIRST);
	table_cursor(t, &pos);
	assert_int_equal(pos, 0);
	assert_int_equal(table_top(t), 0);
	/* Growing the window never leaves blank lines under the last row. */
	table_command(t, CMD_LAST);
	table_set_height(t, 30);
	assert_int_equal(table_top(t), 70);
	/* Rows disappearing on reload clamp the cursor. */
	r.n = 5;
	table_reload(t);
	table_cursor(t, &pos);
	assert_int_equal(pos, 4);
	assert_int_equal(table_top(t), 0);
	size_t hit;
	assert_true(table_hit(t, 3, &hit));
	assert_int_equal(hit, 2);
	assert_false(table_hit(t, 0, &hit));
	assert_false(table_hit(t, 9, &hit));
	table_free(t);
}

static void
marks_toggle_and_advance(void **state)
{
	bool marks[7] = { 0 };
	struct rows r = { 7, fruit, marks, 0 };
	struct table *t = table_new(&src_text, &r, cols, 2);
	size_t pos;

	(void)state;
	table_sort(t, 0, false);
	table_command(t, CMD_MARK);	/* Apple (row 1), cursor moves on */
	table_command(t, CMD_MARK);	/* apple pie (row 4) */
	table_cursor(t, &pos);
	assert_int_equal(pos, 2);
	assert_true(marks[1] && marks[4]);
	assert_int_equal(marks[0] + marks[2] + marks[3] + marks[5] + marks[6], 0);
	table_command(t, CMD_UP);
	table_command(t, CMD_MARK);	/* unmark apple pie */
	assert_false(marks[4]);
	table_free(t);
}

static void
wide_text_fits_and_truncates(void **state)
{
	char out[64];

	(void)state;
	assert_int_equal(wtext_width("abc"), 3);
	assert_int_equal(wtext_width("云服务器"), 8);
	assert_int_equal(wtext_width("对象存储OBS"), 11);
	assert_int_equal(wtext_fit("云服务器", 10, WTEXT_LEFT, out, sizeof out), 10);
	assert_string_equal(out, "云服务器  ");
	assert_int_equal(wtext_fit("云服务器", 10, WTEXT_RIGHT, out, sizeof out), 10);
	assert_string_equal(out, "  云服务器");
	/* 6 columns: two characters (4), and the third would straddle: a gap then "…". */
	assert_int_equal(wtext_fit("云服务器", 6, WTEXT_LEFT, out, sizeof out), 6);
	assert_string_equal(out, "云服 …");
	assert_int_equal(wtext_width(out), 6);
	assert_int_equal(wtext_fit("云服务器", 5, WTEXT_LEFT, out, sizeof out), 5);
	assert_string_equal(out, "云服…");
	assert_int_equal(wtext_fit("abcdef", 4, WTEXT_LEFT, out, sizeof out), 4);
	assert_string_equal(out, "abc…");
	assert_int_equal(wtext_fit("ab", 1, WTEXT_LEFT, out, sizeof out), 1);
	assert_string_equal(out, "…");
	assert_int_equal(wtext_fit("x", 0, WTEXT_LEFT, out, sizeof out), 0);
	assert_string_equal(out, "");
	assert_int_equal(wtext_trunc("云服务器", 5, out, sizeof out), 5);
	assert_string_equal(out, "云服…");
	assert_int_equal(wtext_trunc("ab", 5, out, sizeof out), 2);
	/* Control characters and escape sequences from the network become '?'. */
	wtext_fit("a\x1b[2Jb\tc", 9, WTEXT_LEFT, out, sizeof out);
	assert_string_equal(out, "a?[2Jb?c ");
	/* Broken UTF-8 is one '?' per byte, never a crash or a split character. */
	wtext_fit("\xe4\xb8", 3, WTEXT_LEFT, out, sizeof out);
	assert_string_equal(out, "?? ");
	/* A short output buffer cuts between characters. */
	wtext_fit("云服务器", 8, WTEXT_LEFT, out, 8);
	assert_string_equal(out, "云服 ");
	/* Outside UTF-8 every non-ASCII byte is a '?' and the ellipsis is '~'. */
	setlocale(LC_CTYPE, "C");
	assert_false(wtext_utf8());
	assert_int_equal(wtext_width("云"), 3);
	wtext_fit("云服务器", 5, WTEXT_LEFT, out, sizeof out);
	assert_string_equal(out, "????~");
	setlocale(LC_CTYPE, "C.UTF-8");
}

static void
rows_render_aligned(void **state)
{
	static const struct table_column c3[] = {
		{ "Name", 8, 4, WTEXT_LEFT }, { "Value", 5, 0, WTEXT_RIGHT },
	};
	bool marks[7] = { 0 };
	struct rows r = { 7, fruit, marks, 0 };
	struct table *t = table_new(&src_text, &r, c3, 2);
	char line[256];

	(void)state;
	/* Every rendered row is the same width whatever its script. */
	for (size_t i = 0; i < 7; i++) {
		table_render_row(t, i, 14, line, sizeof line);
		assert_int_equal(wtext_width(line), 14);
	}
	table_render_row(t, 5, 14, line, sizeof line);
	assert_string_equal(line, "对象存 …   595");
	table_render_row(t, 2, 14, line, sizeof line);
	assert_string_equal(line, "云服务器   838");
	table_free(t);
}

static void
layout_shrinks_then_drops(void **state)
{
	static const struct table_column c[] = {
		{ "A", 10, 4, WTEXT_LEFT }, { "B", 10, 6, WTEXT_LEFT }, { "C", 6, 0, WTEXT_LEFT },
	};
	int w[3];

	(void)state;
	table_layout(c, 3, 40, w);	/* room to spare stays blank: nothing is cut */
	assert_int_equal(w[0], 10);
	assert_int_equal(w[1], 10);
	assert_int_equal(w[2], 6);
	table_layout(c, 3, 28, w);	/* exact */
	assert_int_equal(w[0] + w[1] + w[2] + 2, 28);
	table_layout(c, 3, 24, w);	/* B shrinks first (C has no slack), then A */
	assert_int_equal(w[0], 10);
	assert_int_equal(w[1], 6);
	assert_int_equal(w[2], 6);
	table_layout(c, 3, 18, w);
	assert_int_equal(w[0], 4);
	assert_int_equal(w[1], 6);
	assert_int_equal(w[2], 6);
	table_layout(c, 3, 11, w);	/* C dropped whole */
	assert_int_equal(w[2], 0);
	assert_int_equal(w[0] + w[1] + 1, 11);
}

static void
layout_from_content(void **state)
{
	static const struct table_column c[] = {
		{ "A", 10, 4, WTEXT_LEFT }, { "B", 10, 6, WTEXT_LEFT }, { "C", 6, 0, WTEXT_LEFT },
		{ "D", 8, 0, WTEXT_LEFT },
	};
	int w[4];

	(void)state;
	/* Narrower content: columns take what it needs, not their preferred width. */
	table_layout_fit(c, (const int[]){ 3, 7, 2, 8 }, 4, 60, w);
	assert_int_equal(w[0], 3);
	assert_int_equal(w[1], 7);
	assert_int_equal(w[2], 2);
	assert_int_equal(w[3], 8);
	/* Wider content: spare goes to the cut columns (A wants 30, C 9), up to their need. */
	table_layout_fit(c, (const int[]){ 30, 4, 9, 8 }, 4, 60, w);
	assert_int_equal(w[0], 30);
	assert_int_equal(w[1], 4);
	assert_int_equal(w[2], 9);
	assert_int_equal(w[3], 8);
	/* Not enough for both: equal shares, the smaller need met first, the rest to A. */
	table_layout_fit(c, (const int[]){ 30, 4, 9, 8 }, 4, 40, w);
	assert_int_equal(w[2], 9);
	assert_int_equal(w[1] + w[3], 12);
	assert_int_equal(w[0] + w[1] + w[2] + w[3] + 3, 40);
	assert_int_equal(w[0], 16);
	/* Too narrow even for the needs: from the last, columns shrink to their min as before. */
	table_layout_fit(c, (const int[]){ 30, 10, 9, 8 }, 4, 28, w);
	assert_int_equal(w[0], 5);
	assert_int_equal(w[1], 6);
	assert_int_equal(w[2], 6);
	assert_int_equal(w[3], 8);
	assert_int_equal(w[0] + w[1] + w[2] + w[3] + 3, 28);
}

static void
table_widths_follow_rows(void **state)
{
	static const struct table_column c[] = {
		{ "Name", 8, 4, WTEXT_LEFT }, { "Value", 5, 0, WTEXT_RIGHT },
	};
	bool marks[7] = { 0 };
	struct rows r = { 7, fruit, marks, 0 };
	struct table *t = table_new(&src_text, &r, c, 2);
	char line[256];

	(void)state;
	/* "对象存储OBS" is 11 wide: with room the name is not cut. */
	assert_int_equal(table_natural_width(t), 11 + 1 + 5);
	table_render_row(t, 5, 40, line, sizeof line);
	assert_string_equal(line, "对象存储OBS   595");
	/* Without room it is, at its preferred width. */
	table_render_row(t, 5, 14, line, sizeof line);
	assert_string_equal(line, "对象存 …   595");
	/* The filter narrows the rows measured; the sort arrow widens its title. */
	table_set_filter(t, "an");
	assert_int_equal(table_rows(t), 1);
	assert_int_equal(table_natural_width(t), 6 + 1 + 5);	/* "banana" */
	table_sort(t, 1, false);
	assert_int_equal(table_natural_width(t), 6 + 1 + 6);	/* "Value▲" */
	table_free(t);
}

static void
hundred_thousand_rows(void **state)
{
	struct rows r = { 100000, NULL, NULL, 0 };
	struct table *t;
	size_t pos;

	(void)state;
	t = table_new(&src_cmp, &r, cols, 2);
	table_sort(t, 1, false);
	table_set_filter(t, "name-0");
	table_set_filter(t, "name-09");	/* narrows: 10,000 rows */
	assert_int_equal(table_rows(t), 10000);
	table_set_filter(t, "");
	table_sort(t, 0, true);	/* text sort of 100,000 keys */
	assert_int_equal(table_row_at(t, 0), 99999);
	/*
	 * Filtering and sorting read each cell a bounded number of times (no
	 * n^2): counted, not timed, so a busy machine cannot fail it.
	 */
	assert_true(r.cell_calls < (size_t)100000 * 200);
	table_set_height(t, 50);
	r.cell_calls = 0;
	for (int i = 0; i < 1000; i++)
		table_command(t, CMD_PAGE_DOWN);
	table_cursor(t, &pos);
	assert_int_equal(pos, 50000);
	/* Moving the cursor asks the source nothing: only drawing does. */
	assert_int_equal(r.cell_calls, 0);
	table_free(t);
}

/* A source of named rows with a numeric column, counting what the table asks. */
struct kv {
	size_t n;
	const char **names;
	const long *vals;
	size_t cell_calls, key_calls;
};

static size_t
kv_count(void *ud)
{
	return ((struct kv *)ud)->n;
}

static const char *
kv_cell(void *ud, size_t row, size_t col, char *buf, size_t n)
{
	struct kv *k = ud;

	k->cell_calls++;
	if (col == 0)
		return k->names[row];
	snprintf(buf, n, "%ld", k->vals[row]);
	return buf;
}

/* Column 0 by its text, column 1 by its number, column 2 by its number's text. */
static bool
kv_key(void *ud, size_t row, size_t col, int64_t *num, const char **text, char *buf, size_t n)
{
	struct kv *k = ud;

	k->key_calls++;
	if (col == 1) {
		*num = k->vals[row];
		return true;
	}
	snprintf(buf, n, "%ld", k->vals[row]);
	*text = col == 0 ? k->names[row] : buf;
	return false;
}

static const struct table_source src_kv = { kv_count, kv_cell, kv_key, NULL, NULL, NULL };
static const struct table_column kv_cols[] = {
	{ "Name", 12, 6, WTEXT_LEFT }, { "Value", 5, 0, WTEXT_RIGHT },
	{ "Text", 5, 0, WTEXT_RIGHT },
};

static void
rows_in_view(struct table *t, char *out, size_t n)
{
	out[0] = '\0';
	for (size_t i = 0; i < table_rows(t); i++) {
		size_t len = strlen(out);

		snprintf(out + len, n - len, "%s%zu", i ? "," : "", table_row_at(t, i));
	}
}

static void
key_sort_numeric_text_reverse_stable(void **state)
{
	const char *names[] = { "d", "c", "b", "a", "e" };
	const long vals[] = { 10, 9, 100, 9, -5 };
	struct kv k = { 5, names, vals, 0, 0 };
	struct table *t = table_new(&src_kv, &k, kv_cols, 3);
	char got[64];

	(void)state;
	table_sort(t, 1, false);	/* by number: the two 9s keep source order */
	rows_in_view(t, got, sizeof got);
	assert_string_equal(got, "4,1,3,0,2");
	/* One key read per row and sort, not per comparison. */
	assert_int_equal(k.key_calls, 5);
	table_sort(t, 1, true);	/* reversed: ties still in source order */
	rows_in_view(t, got, sizeof got);
	assert_string_equal(got, "2,0,1,3,4");
	table_sort(t, 2, false);	/* the same numbers as text: byte order */
	rows_in_view(t, got, sizeof got);
	assert_string_equal(got, "4,0,2,1,3");
	table_sort(t, 2, true);
	rows_in_view(t, got, sizeof got);
	assert_string_equal(got, "1,3,2,0,4");
	table_sort(t, 0, false);
	rows_in_view(t, got, sizeof got);
	assert_string_equal(got, "3,2,1,0,4");
	/* A column's order is kept until the reload: reversing it reads no key. */
	assert_int_equal(k.key_calls, 15);
	table_free(t);
}

/*
 * Sets the filter and checks the view; cells read beyond the view's own
 * (column widths are measured over the rows shown) must be `extra`.
 */
static void
filter_to(struct table *t, struct kv *k, const char *f, const char *want, size_t extra)
{
	char got[64];

	k->cell_calls = 0;
	table_set_filter(t, f);
	rows_in_view(t, got, sizeof got);
	assert_string_equal(got, want);
	assert_int_equal(k->cell_calls, extra + 3 * table_rows(t));
}

static void
filter_cached_narrow_widen_reload(void **state)
{
	const char *names[] = { "Pear", "apple", "banana", "APRICOT", "cherry" };
	const char *fresh[] = { "kiwi", "apple", "banana", "grape", "cherry" };
	const long vals[] = { 5, 4, 3, 2, 1 };
	struct kv k = { 5, names, vals, 0, 0 };
	struct table *t = table_new(&src_kv, &k, kv_cols, 3);
	char got[64];

	(void)state;
	table_sort(t, 1, false);	/* by value: rows 4,3,2,1,0 */
	k.key_calls = 0;
	filter_to(t, &k, "A", "3,2,1,0", 15);	/* case-insensitive: every cell read once */
	filter_to(t, &k, "Ap", "3,1", 0);	/* narrows, from the cached texts */
	filter_to(t, &k, "apr", "3", 0);
	filter_to(t, &k, "a", "3,2,1,0", 0);	/* widens: cached texts, cached order */
	filter_to(t, &k, "", "4,3,2,1,0", 0);
	filter_to(t, &k, "1", "4", 0);	/* the number column is searched too */
	/* Cells do not join across columns: "r5" would span "Pear" and "5". */
	filter_to(t, &k, "r5", "", 0);
	filter_to(t, &k, "ap", "3,1", 0);
	assert_int_equal(k.key_calls, 0);	/* no re-sort on any of these */
	/* New data: the reload reads the rows and keys again. */
	k.names = fresh;
	k.cell_calls = 0;
	table_reload(t);
	rows_in_view(t, got, sizeof got);
	assert_string_equal(got, "3,1");
	assert_int_equal(k.cell_calls, 15 + 3 * 2);
	assert_int_equal(k.key_calls, 5);
	filter_to(t, &k, "kiw", "0", 0);
	table_free(t);
}


/* Random rows for checking sort and filter against the obvious way of doing them. */
#define RND_N 3000

struct rnd {
	char text[RND_N][48];
	long num[RND_N];
};

static const char *
rnd_cell(void *ud, size_t row, size_t col, char *buf, size_t n)
{
	struct rnd *r = ud;

	if (col == 0)
		return r->text[row];
	snprintf(buf, n, "%ld", r->num[row]);
	return buf;
}

static size_t
rnd_count(void *ud)
{
	(void)ud;
	return RND_N;
}

static bool
rnd_key(void *ud, size_t row, size_t col, int64_t *num, const char **text, char *buf, size_t n)
{
	struct rnd *r = ud;

	if (col == 1) {
		*num = r->num[row];
		return true;
	}
	*text = rnd_cell(ud, row, col, buf, n);
	return false;
}

/* Stored in reverse: the table reads rows in address order, the order must not change. */
static const void *
rnd_addr(void *ud, size_t row)
{
	return ((struct rnd *)ud)->text[RND_N - 1 - row];
}

static const struct table_source src_rnd = { rnd_count, rnd_cell, rnd_key, NULL, NULL, NULL };

static struct rnd *cmp_rnd;
static int cmp_col;

/* The reference order: by text (byte order) or number, ties in source order. */
static int
ref_cmp(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int r = cmp_col == 0 ? strcmp(cmp_rnd->text[x], cmp_rnd->text[y]) :
	    (cmp_rnd->num[x] > cmp_rnd->num[y]) - (cmp_rnd->num[x] < cmp_rnd->num[y]);

	return r != 0 ? r : (x > y) - (x < y);
}

static void
check_order(struct table *t, struct rnd *r, int col, bool reverse)
{
	static size_t want[RND_N];

	for (size_t i = 0; i < RND_N; i++)
		want[i] = i;
	cmp_rnd = r;
	cmp_col = col;
	qsort(want, RND_N, sizeof want[0], ref_cmp);
	if (reverse) {	/* runs of equal keys from the last, each in source order */
		static size_t rev[RND_N];
		size_t n = 0;

		for (size_t end = RND_N, start; end > 0; end = start) {
			for (start = end - 1; start > 0 && (col == 0 ? strcmp(r->text[want[start - 1]], r->text[want[start]]) == 0 :
			    r->num[want[start - 1]] == r->num[want[start]]); start--)
				;
			for (size_t i = start; i < end; i++)
				rev[n++] = want[i];
		}
		memcpy(want, rev, sizeof want);
	}
	table_sort(t, col, reverse);
	assert_int_equal(table_rows(t), RND_N);
	for (size_t i = 0; i < RND_N; i++)
		assert_int_equal(table_row_at(t, i), want[i]);
}

static void
random_rows_sort_and_filter_match_naive(void **state)
{
	static struct rnd r;
	/* Long shared prefixes and repeats: ties at 16 and 32 bytes, runs to sort further. */
	static const char *const parts[] = { "", "a", "B", "web-prod-02-00", "web-prod-02-0012-ecs-",
		"Elastic Cloud Server", "云服务器", "z" };
	struct table *t = table_new(&src_rnd, &r, kv_cols, 2);
	unsigned seed = 7;
	const char *filters[] = { "w", "we", "web-", "web-prod-02-00", "web-prod-02-001", "ECS",
		"e", "", "1", "12", "-1", "云", "a" };

	(void)state;
	for (size_t i = 0; i < RND_N; i++) {
		size_t len = 0, np = (size_t)rand_r(&seed) % 4;

		r.text[i][0] = '\0';
		for (size_t p = 0; p < np; p++) {
			const char *part = parts[(size_t)rand_r(&seed) % 8];

			if (len + strlen(part) + 1 < sizeof r.text[i]) {
				strcat(r.text[i], part);
				len += strlen(part);
			}
		}
		r.num[i] = (long)(rand_r(&seed) % 200) - 100;
		if (i % 7 == 0)
			r.num[i] = (long)rand_r(&seed) * 1000003L;	/* wide: every digit varies */
	}
	table_set_locality(t, rnd_addr);
	for (int pass = 0; pass < 2; pass++)	/* the second pass uses the cached orders */
		for (int col = 1; col >= 0; col--) {
			check_order(t, &r, col, false);
			check_order(t, &r, col, true);
		}
	/* Each filter (narrowing or widening) against a plain case-insensitive scan. */
	for (size_t f = 0; f < sizeof filters / sizeof filters[0]; f++) {
		size_t n = 0;
		char num[32];

		table_set_filter(t, filters[f]);
		for (size_t i = 0; i < RND_N; i++) {
			snprintf(num, sizeof num, "%ld", r.num[i]);
			if (strcasestr(r.text[i], filters[f]) == NULL && strstr(num, filters[f]) == NULL)
				continue;
			n++;
		}
		assert_int_equal(table_rows(t), n);
		/* In the sort order (column 0 reversed, from the checks above). */
		for (size_t i = 1; i < table_rows(t); i++)
			assert_true(strcmp(r.text[table_row_at(t, i - 1)], r.text[table_row_at(t, i)]) >= 0);
	}
	table_free(t);
}

/* Source rows that can shrink without a reload (a store delivery not yet synced). */
static size_t shrunk_n;

static size_t
shrunk_count(void *ud)
{
	(void)ud;
	return shrunk_n;
}

static const struct table_source src_shrunk = { shrunk_count, rnd_cell, rnd_key, NULL, NULL,
	NULL };

static void
prepare_ahead_then_sort_and_filter_read_nothing(void **state)
{
	static struct rnd r;
	struct kv k;
	const char *names[RND_N];
	static long vals[RND_N];
	struct rows big = { 10000, NULL, NULL, 0 };
	struct table *t;
	int slices = 0;
	unsigned seed = 3;

	(void)state;
	for (size_t i = 0; i < RND_N; i++) {
		snprintf(r.text[i], sizeof r.text[i], "row-%u", (unsigned)rand_r(&seed) % 500);
		names[i] = r.text[i];
		vals[i] = (long)(rand_r(&seed) % 1000) - 500;
	}
	/* Bounded slices: each column's keys, then the search text, TABLE_PREPARE_ROWS rows a slice. */
	t = table_new(&src_cmp, &big, cols, 2);
	big.cell_calls = 0;
	while (table_prepare(t)) {
		slices++;
		assert_true(big.cell_calls <= (size_t)slices * 2 * TABLE_PREPARE_ROWS);
	}
	assert_int_equal(slices, 3 * 3 - 1);	/* 10,000 rows: 3 slices each */
	assert_int_equal(big.cell_calls, 2 * 10000 + 2 * 10000);
	table_free(t);
	k = (struct kv){ RND_N, names, vals, 0, 0 };
	t = table_new(&src_kv, &k, kv_cols, 3);
	while (table_prepare(t))
		;
	assert_false(table_prepare(t));	/* nothing left */
	/* Now every sort and filter reads no key and only the cells the view measures. */
	k.key_calls = 0;
	for (int c = 0; c < 3; c++) {
		table_sort(t, c, false);
		table_sort(t, c, true);
	}
	assert_int_equal(k.key_calls, 0);
	k.cell_calls = 0;
	table_set_filter(t, "ROW-1");
	assert_int_equal(k.cell_calls, 3 * (table_rows(t) < TABLE_MEASURE_ROWS ? table_rows(t) :
	    TABLE_MEASURE_ROWS));
	/* A reload starts again. */
	table_reload(t);
	assert_true(table_prepare(t));
	table_free(t);

	/* A source that shrank without a reload: prepare stops rather than read past it. */
	shrunk_n = RND_N;
	t = table_new(&src_shrunk, &r, kv_cols, 2);
	assert_true(table_prepare(t));
	shrunk_n = 10;
	assert_false(table_prepare(t));
	table_reload(t);
	while (table_prepare(t))
		;
	table_sort(t, 0, false);
	assert_int_equal(table_rows(t), 10);
	table_free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sort_and_reverse),
		cmocka_unit_test(numeric_sort_uses_keys),
		cmocka_unit_test(filter_incremental_and_sorted),
		cmocka_unit_test(scroll_window),
		cmocka_unit_test(marks_toggle_and_advance),
		cmocka_unit_test(wide_text_fits_and_truncates),
		cmocka_unit_test(rows_render_aligned),
		cmocka_unit_test(layout_shrinks_then_drops),
		cmocka_unit_test(layout_from_content),
		cmocka_unit_test(table_widths_follow_rows),
		cmocka_unit_test(hundred_thousand_rows),
		cmocka_unit_test(key_sort_numeric_text_reverse_stable),
		cmocka_unit_test(filter_cached_narrow_widen_reload),
		cmocka_unit_test(random_rows_sort_and_filter_match_naive),
		cmocka_unit_test(prepare_ahead_then_sort_and_filter_read_nothing),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
