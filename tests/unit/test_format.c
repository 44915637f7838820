/* util/format: aligned table (Chinese), JSON, CSV (RFC 4180), markdown; util/utf8 widths. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <cJSON.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "util/format.h"
#include "util/utf8.h"

enum { C_ID, C_NAME, C_AMOUNT, C_COUNT, C_AUTO, NCOLS };

static const struct fmt_col cols[NCOLS] = {
	[C_ID] = { "resource_id", "ID", FMT_TEXT },
	[C_NAME] = { "name", "NAME", FMT_TEXT },
	[C_AMOUNT] = { "amount", "AMOUNT", FMT_MONEY },
	[C_COUNT] = { "count", "N", FMT_INT },
	[C_AUTO] = { "auto_renew", "AUTO", FMT_BOOL },
};

static struct fmt_table *
sample(void)
{
	struct fmt_table *t = fmt_table_new(cols, NCOLS);

	fmt_row(t);
	fmt_text(t, C_ID, "r-1");
	fmt_text(t, C_NAME, "ecs-web");
	fmt_money(t, C_AMOUNT, 123456789012LL);    /* 1234.56789012 */
	fmt_int(t, C_COUNT, 3);
	fmt_bool(t, C_AUTO, true);
	fmt_row(t);
	fmt_text(t, C_ID, "r-22");
	fmt_text(t, C_NAME, "数据库,\"主\"");
	fmt_money(t, C_AMOUNT, MONEY_UNITS(5));
	fmt_int(t, C_COUNT, -12);
	fmt_bool(t, C_AUTO, false);
	fmt_row(t);
	fmt_text(t, C_ID, "r-3");
	fmt_text(t, C_NAME, "line\nbreak|pipe");
	/* amount, count and auto left unset */
	return t;
}

static char *
render(const struct fmt_table *t, enum fmt_output o)
{
	struct buf b = BUF_INIT(0);

	fmt_render(t, o, &b);
	return buf_steal(&b, NULL);
}

static void
widths(void **state)
{
	(void)state;
	assert_int_equal(utf8_width("abc"), 3);
	assert_int_equal(utf8_width("数据库"), 6);
	assert_int_equal(utf8_width("ｅ"), 2);            /* fullwidth Latin */
	assert_int_equal(utf8_width("e\xCC\x81"), 1);     /* e + combining acute */
	assert_int_equal(utf8_width("\xFF"), 1);          /* invalid byte */
}

/* Every line's display width up to each column start must agree. */
static void
table_aligns_chinese(void **state)
{
	struct fmt_table *t = sample();
	char *out = render(t, FMT_TABLE);
	const char *expect =
	    "ID    NAME                     AMOUNT    N  AUTO\n"
	    "r-1   ecs-web          1,234.56789012    3  yes\n"
	    "r-22  数据库,\"主\"                5.00  -12  no\n"
	    "r-3   line\xEF\xBF\xBD" "break|pipe               -    -  -\n";

	(void)state;
	assert_string_equal(out, expect);
	free(out);
	fmt_table_free(t);
}

static void
table_same_in_utf8_locale(void **state)
{
	struct fmt_table *t = sample();
	char *c_out = render(t, FMT_TABLE), *u_out;

	(void)state;
	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL)
		skip();
	u_out = render(t, FMT_TABLE);
	setlocale(LC_CTYPE, "C");
	assert_string_equal(c_out, u_out);
	free(u_out);
	free(c_out);
	fmt_table_free(t);
}

static void
table_neutralises_escapes(void **state)
{
	struct fmt_table *t = fmt_table_new(cols, NCOLS);
	char *out;

	(void)state;
	fmt_row(t);
	fmt_text(t, C_ID, "x\x1b]0;pwned\x07\x1b[2J");
	fmt_text(t, C_NAME, "\xC2\x9B" "31m");   /* C1 CSI */
	out = render(t, FMT_TABLE);
	assert_null(strchr(out, '\x1b'));
	assert_null(strchr(out, '\x07'));
	assert_null(strstr(out, "\xC2\x9B"));
	free(out);
	fmt_table_free(t);
}

static void
json_parses_with_exact_values(void **state)
{
	struct fmt_table *t = sample();
	char *out = render(t, FMT_JSON);
	cJSON *doc = cJSON_Parse(out), *row;

	(void)state;
	assert_non_null(doc);
	assert_int_equal(cJSON_GetArraySize(doc), 3);
	row = cJSON_GetArrayItem(doc, 0);
	assert_string_equal(cJSON_GetObjectItem(row, "resource_id")->valuestring, "r-1");
	assert_int_equal(cJSON_GetObjectItem(row, "count")->valueint, 3);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(row, "auto_renew")));
	/* The amount goes out as the exact decimal text. */
	assert_non_null(strstr(out, "\"amount\": 1234.56789012,"));
	row = cJSON_GetArrayItem(doc, 1);
	assert_string_equal(cJSON_GetObjectItem(row, "name")->valuestring, "数据库,\"主\"");
	assert_non_null(strstr(out, "\"amount\": 5,"));
	row = cJSON_GetArrayItem(doc, 2);
	assert_string_equal(cJSON_GetObjectItem(row, "name")->valuestring, "line\nbreak|pipe");
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(row, "amount")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(row, "auto_renew")));
	cJSON_Delete(doc);
	free(out);
	fmt_table_free(t);
}

static void
json_empty_is_empty_array(void **state)
{
	struct fmt_table *t = fmt_table_new(cols, NCOLS);
	char *out = render(t, FMT_JSON);

	(void)state;
	assert_string_equal(out, "[]\n");
	free(out);
	fmt_table_free(t);
}

static void
csv_rfc4180(void **state)
{
	struct fmt_table *t = sample();
	char *out = render(t, FMT_CSV);

	(void)state;
	assert_string_equal(out,
	    "resource_id,name,amount,count,auto_renew\r\n"
	    "r-1,ecs-web,1234.56789012,3,true\r\n"
	    "r-22,\"数据库,\"\"主\"\"\",5,-12,false\r\n"
	    "r-3,\"line\nbreak|pipe\",,,\r\n");
	free(out);
	fmt_table_free(t);
}

static void
markdown_table(void **state)
{
	struct fmt_table *t = sample();
	char *out = render(t, FMT_MARKDOWN);

	(void)state;
	assert_string_equal(out,
	    "| ID   | NAME             |         AMOUNT |   N | AUTO |\n"
	    "| ---- | ---------------- | -------------: | --: | ---- |\n"
	    "| r-1  | ecs-web          | 1,234.56789012 |   3 | yes  |\n"
	    "| r-22 | 数据库,\"主\"      |           5.00 | -12 | no   |\n"
	    "| r-3  | line break\\|pipe |                |     |      |\n");
	free(out);
	fmt_table_free(t);
}

static void
output_names(void **state)
{
	enum fmt_output o;

	(void)state;
	assert_int_equal(fmt_output_parse("csv", &o), 0);
	assert_int_equal(o, FMT_CSV);
	assert_int_equal(fmt_output_parse("markdown", &o), 0);
	assert_int_equal(o, FMT_MARKDOWN);
	assert_int_equal(fmt_output_parse("yaml", &o), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(widths),
		cmocka_unit_test(table_aligns_chinese),
		cmocka_unit_test(table_same_in_utf8_locale),
		cmocka_unit_test(table_neutralises_escapes),
		cmocka_unit_test(json_parses_with_exact_values),
		cmocka_unit_test(json_empty_is_empty_array),
		cmocka_unit_test(csv_rfc4180),
		cmocka_unit_test(markdown_table),
		cmocka_unit_test(output_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
