/* util/jsonw: structure, escaping, UTF-8 repair, exact money, misuse. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <cJSON.h>
#include <string.h>

#include "util/jsonw.h"

static void
nested_document(void **state)
{
	struct buf b = BUF_INIT(0);
	struct jsonw w;

	(void)state;
	jsonw_init(&w, &b, false);
	jsonw_object_begin(&w);
	jsonw_kv_string(&w, "name", "ecs-01");
	jsonw_kv_int(&w, "n", -42);
	jsonw_kv_bool(&w, "on", true);
	jsonw_key(&w, "list");
	jsonw_array_begin(&w);
	jsonw_int(&w, 1);
	jsonw_null(&w);
	jsonw_string(&w, NULL);
	jsonw_array_begin(&w);
	jsonw_array_end(&w);
	jsonw_array_end(&w);
	jsonw_key(&w, "empty");
	jsonw_object_begin(&w);
	jsonw_object_end(&w);
	jsonw_object_end(&w);
	assert_int_equal(jsonw_finish(&w), 0);
	assert_string_equal(buf_cstr(&b),
	    "{\"name\":\"ecs-01\",\"n\":-42,\"on\":true,\"list\":[1,null,null,[]],\"empty\":{}}");
	buf_free(&b);
}

static void
pretty_parses(void **state)
{
	struct buf b = BUF_INIT(0);
	struct jsonw w;
	cJSON *doc;

	(void)state;
	jsonw_init(&w, &b, true);
	jsonw_array_begin(&w);
	jsonw_object_begin(&w);
	jsonw_kv_string(&w, "a", "x");
	jsonw_kv_int(&w, "b", 2);
	jsonw_object_end(&w);
	jsonw_array_end(&w);
	assert_int_equal(jsonw_finish(&w), 0);
	assert_string_equal(buf_cstr(&b), "[\n  {\n    \"a\": \"x\",\n    \"b\": 2\n  }\n]\n");
	doc = cJSON_Parse(buf_cstr(&b));
	assert_non_null(doc);
	assert_int_equal(cJSON_GetArraySize(doc), 1);
	cJSON_Delete(doc);
	buf_free(&b);
}

static void
escaping(void **state)
{
	struct buf b = BUF_INIT(0);
	const char raw[] = "q\"b\\s/\n\r\t\b\f\x01\x1f\x7f 中文";
	cJSON *doc;

	(void)state;
	assert_int_equal(jsonw_quote(&b, raw, strlen(raw)), 0);
	assert_string_equal(buf_cstr(&b),
	    "\"q\\\"b\\\\s/\\n\\r\\t\\b\\f\\u0001\\u001f\x7f 中文\"");
	/* The round trip gives back the exact bytes. */
	doc = cJSON_Parse(buf_cstr(&b));
	assert_non_null(doc);
	assert_string_equal(doc->valuestring, raw);
	cJSON_Delete(doc);
	buf_free(&b);
}

static void
invalid_utf8_replaced(void **state)
{
	struct buf b = BUF_INIT(0);
	/* stray continuation, overlong '/', surrogate, truncated 3-byte sequence */
	const char raw[] = "a\x80" "b\xC0\xAF" "c\xED\xA0\x80" "d\xE4\xB8";
	cJSON *doc;

	(void)state;
	assert_int_equal(jsonw_quote(&b, raw, strlen(raw)), 0);
	doc = cJSON_Parse(buf_cstr(&b));
	assert_non_null(doc);
	assert_string_equal(doc->valuestring,
	    "a\xEF\xBF\xBD" "b\xEF\xBF\xBD\xEF\xBF\xBD" "c\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
	    "d\xEF\xBF\xBD\xEF\xBF\xBD");
	cJSON_Delete(doc);
	buf_free(&b);
}

static void
money_exact(void **state)
{
	struct buf b = BUF_INIT(0);
	struct jsonw w;

	(void)state;
	jsonw_init(&w, &b, false);
	jsonw_array_begin(&w);
	jsonw_money(&w, 1250000000LL);            /* 12.5 */
	jsonw_money(&w, MONEY_UNITS(3));
	jsonw_money(&w, -1);                      /* -0.00000001 */
	jsonw_money(&w, 3355443212345678LL);      /* 33554432.12345678 */
	jsonw_money(&w, 0);
	jsonw_array_end(&w);
	assert_int_equal(jsonw_finish(&w), 0);
	assert_string_equal(buf_cstr(&b), "[12.5,3,-0.00000001,33554432.12345678,0]");
	buf_free(&b);
}

static void
misuse_reported(void **state)
{
	struct buf b = BUF_INIT(0);
	struct jsonw w;

	(void)state;
	/* A value in an object without a key. */
	jsonw_init(&w, &b, false);
	jsonw_object_begin(&w);
	jsonw_int(&w, 1);
	jsonw_object_end(&w);
	assert_int_equal(jsonw_finish(&w), -1);
	/* Unbalanced. */
	buf_reset(&b);
	jsonw_init(&w, &b, false);
	jsonw_array_begin(&w);
	assert_int_equal(jsonw_finish(&w), -1);
	/* Wrong closer. */
	buf_reset(&b);
	jsonw_init(&w, &b, false);
	jsonw_array_begin(&w);
	jsonw_object_end(&w);
	assert_int_equal(jsonw_finish(&w), -1);
	/* A key with no value. */
	buf_reset(&b);
	jsonw_init(&w, &b, false);
	jsonw_object_begin(&w);
	jsonw_key(&w, "k");
	jsonw_object_end(&w);
	assert_int_equal(jsonw_finish(&w), -1);
	/* Two top-level values. */
	buf_reset(&b);
	jsonw_init(&w, &b, false);
	jsonw_int(&w, 1);
	jsonw_int(&w, 2);
	assert_int_equal(jsonw_finish(&w), -1);
	buf_free(&b);
}

static void
cap_reported(void **state)
{
	struct buf b = BUF_INIT(16);
	struct jsonw w;

	(void)state;
	jsonw_init(&w, &b, false);
	jsonw_array_begin(&w);
	jsonw_string(&w, "this string does not fit in sixteen bytes");
	jsonw_array_end(&w);
	assert_int_equal(jsonw_finish(&w), -1);
	assert_true(b.len <= 16);
	buf_free(&b);
}

static void
appends_after_existing_text(void **state)
{
	struct buf b = BUF_INIT(0);
	struct jsonw w;

	(void)state;
	buf_puts(&b, "data: ");
	jsonw_init(&w, &b, false);
	jsonw_object_begin(&w);
	jsonw_kv_money(&w, "amount", 10);
	jsonw_object_end(&w);
	assert_int_equal(jsonw_finish(&w), 0);
	assert_string_equal(buf_cstr(&b), "data: {\"amount\":0.0000001}");
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(nested_document),
		cmocka_unit_test(pretty_parses),
		cmocka_unit_test(escaping),
		cmocka_unit_test(invalid_utf8_replaced),
		cmocka_unit_test(money_exact),
		cmocka_unit_test(misuse_reported),
		cmocka_unit_test(cap_reported),
		cmocka_unit_test(appends_after_existing_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
