/*
 * Export (`x`): a table's rows as the screen has them (filter, sort, all rows)
 * in CSV or JSON, numbers as numbers; file names, "~/", atomic replacement;
 * and the chart's bar heights.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/export.h"
#include "tui/chart.h"
#include "tui/export.h"
#include "tui/scr.h"
#include "tui/sheet.h"
#include "util/buf.h"
#include "util/readfile.h"

struct row {
	const char *name;
	const char *amount;    /* as a screen shows it */
	const char *days;
};

static const struct row rows[] = {
	{ "web-01", "1,234.50", "12d" },
	{ "数据库, \"主\"", "-5.00", "" },
	{ "cache", "", "3d" },
	{ "web-02", "0.01", "40d" },
};

static size_t
count(void *ud)
{
	(void)ud;
	return sizeof rows / sizeof rows[0];
}

static const char *
cell(void *ud, size_t row, size_t col, char *buf, size_t n)
{
	(void)ud;
	(void)buf;
	(void)n;
	return col == 0 ? rows[row].name : col == 1 ? rows[row].amount : rows[row].days;
}

static const struct table_source source = { count, cell, NULL, NULL, NULL, NULL };
static const struct table_column cols[] = {
	{ "Resource name", 20, 0, WTEXT_LEFT },
	{ "Amount", 12, 0, WTEXT_RIGHT },
	{ "Days left", 6, 0, WTEXT_RIGHT },
};

static char *
render(struct table *t, enum fmt_output o)
{
	struct export_snapshot *s = export_snapshot_new(t, NULL, NULL);
	struct buf b = BUF_INIT(0);
	char *text;

	fmt_render(export_snapshot_table(s), o, &b);
	export_snapshot_free(s);
	text = buf_steal(&b, NULL);
	return text;
}

static void
rows_as_the_table_has_them(void **state)
{
	struct table *t = table_new(&source, NULL, cols, 3);
	char *csv;

	(void)state;
	/* Every row, though only two fit on screen. */
	table_set_height(t, 2);
	csv = render(t, FMT_CSV);
	assert_string_equal(csv,
	    "resource_name,amount,days_left\r\n"
	    "web-01,1234.5,12d\r\n"
	    "\"数据库, \"\"主\"\"\",-5,\r\n"
	    "cache,,3d\r\n"
	    "web-02,0.01,40d\r\n");
	free(csv);
	/* The filter and the sort order apply: what the table shows, in its order. */
	table_set_filter(t, "web");
	table_sort(t, 0, true);
	csv = render(t, FMT_JSON);
	assert_non_null(strstr(csv, "\"resource_name\": \"web-02\""));
	assert_true(strstr(csv, "web-02") < strstr(csv, "web-01"));
	assert_non_null(strstr(csv, "\"amount\": 1234.5"));
	assert_non_null(strstr(csv, "\"days_left\": \"12d\""));
	assert_null(strstr(csv, "cache"));
	free(csv);
	table_free(t);
}

/* A screen's sheet: one money column whose amounts have more places than it shows. */
static const money_t exact[] = { 123456789012LL, -1LL, 50000000LL };

static size_t
exact_count(void *ud)
{
	(void)ud;
	return sizeof exact / sizeof exact[0];
}

static void
exact_value(void *ud, size_t row, size_t col, struct sheet_value *v)
{
	(void)ud;
	if (col == 0)
		v->text = row == 0 ? "ecs" : row == 1 ? "obs" : "evs";
	else
		v->money = exact[row];
}

static void
amounts_exact_not_as_shown(void **state)
{
	static const struct sheet_source src = { exact_count, exact_value };
	static const struct sheet_column scols[] = {
		{ "Service", 10, 0, SHEET_TEXT }, { "Amount", 14, 0, SHEET_MONEY },
	};
	struct store_options so = { .profile = "t", .endpoint = "https://bss.example" };
	struct store *store = store_new(&so);
	struct sheet *sh = sheet_new(&src, NULL, scols, 2, store);
	struct scr_table st = { 0 };
	struct export_snapshot *s;
	struct buf b = BUF_INIT(0);
	char buf[64];

	(void)state;
	scr_table_set(&st, sh, &src, NULL, scols);
	assert_string_equal(table_cell_at(st.t, 0, 1, buf, sizeof buf), "1,234.57");
	s = export_snapshot_new(st.t, scr_table_amount, &st);
	fmt_render(export_snapshot_table(s), FMT_CSV, &b);
	assert_string_equal(buf_cstr(&b),
	    "service,amount\r\necs,1234.56789012\r\nobs,-0.00000001\r\nevs,0.5\r\n");
	buf_reset(&b);
	fmt_render(export_snapshot_table(s), FMT_JSON, &b);
	assert_non_null(strstr(buf_cstr(&b), "\"amount\": 1234.56789012"));
	buf_free(&b);
	export_snapshot_free(s);
	sheet_free(sh);
	store_free(store);
}

static void
names_and_formats(void **state)
{
	char *n;

	(void)state;
	assert_int_equal(export_format_of("bills.json"), FMT_JSON);
	assert_int_equal(export_format_of("BILLS.JSON"), FMT_JSON);
	assert_int_equal(export_format_of("bills.csv"), FMT_CSV);
	assert_int_equal(export_format_of("bills"), FMT_CSV);
	n = export_column_name("Value left");
	assert_string_equal(n, "value_left");
	free(n);
	n = export_column_name("Order / transaction");
	assert_string_equal(n, "order_transaction");
	free(n);
	n = export_column_name("%");
	assert_string_equal(n, "column");
	free(n);
}

static void
files_written_whole(void **state)
{
	struct table *t = table_new(&source, NULL, cols, 3);
	struct export_snapshot *s = export_snapshot_new(t, NULL, NULL);
	char dir[] = "/tmp/bssdash-export-XXXXXX", path[256], out[512], err[512];
	struct buf b = BUF_INIT(0);
	struct stat st;
	char *old_home = getenv("HOME") ? strdup(getenv("HOME")) : NULL;

	(void)state;
	umask(022);
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/x.json", dir);
	assert_int_equal(export_write(export_snapshot_table(s), path, out, sizeof out, err,
	    sizeof err), 0);
	assert_string_equal(out, path);
	assert_int_equal(readfile_all(path, 1 << 20, &b), 0);
	assert_true(buf_cstr(&b)[0] == '[');
	assert_int_equal(stat(path, &st), 0);
	/* Like any new file, not the temporary file's 0600. */
	assert_int_equal(st.st_mode & 0777, 0644);
	/* Replacing it leaves no temporary file behind. */
	assert_int_equal(export_write(export_snapshot_table(s), path, out, sizeof out, err,
	    sizeof err), 0);
	/* "~/" is the home directory. */
	setenv("HOME", dir, 1);
	assert_int_equal(export_write(export_snapshot_table(s), "~/y.csv", out, sizeof out, err,
	    sizeof err), 0);
	snprintf(path, sizeof path, "%s/y.csv", dir);
	assert_string_equal(out, path);
	/* A directory that does not exist: a message naming the file. */
	assert_int_equal(export_write(export_snapshot_table(s), "/nonexistent/dir/z.csv", out,
	    sizeof out, err, sizeof err), -1);
	assert_non_null(strstr(err, "/nonexistent/dir/z.csv"));
	assert_int_equal(export_write(export_snapshot_table(s), "  ", out, sizeof out, err,
	    sizeof err), -1);
	if (old_home != NULL)
		setenv("HOME", old_home, 1);
	free(old_home);
	snprintf(path, sizeof path, "rm -r %s", dir);
	assert_int_equal(system(path), 0);
	buf_free(&b);
	export_snapshot_free(s);
	table_free(t);
}

static void
bar_heights(void **state)
{
	money_t v[] = { MONEY_UNITS(100), MONEY_UNITS(50), 0, -MONEY_UNITS(30), 1 };
	int e[5];

	(void)state;
	chart_levels(v, 5, 4, e);
	assert_int_equal(e[0], 32);
	assert_int_equal(e[1], 16);
	assert_int_equal(e[2], 0);
	/* Refund months draw empty; a tiny amount still shows. */
	assert_int_equal(e[3], 0);
	assert_int_equal(e[4], 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rows_as_the_table_has_them),
		cmocka_unit_test(amounts_exact_not_as_shown),
		cmocka_unit_test(names_and_formats),
		cmocka_unit_test(files_written_whole),
		cmocka_unit_test(bar_heights),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
