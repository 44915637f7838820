/* app/actions without a network: names, periods, and the refusals that need no request. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "app/actions.h"
#include "util/xalloc.h"

static void
periods(void **state)
{
	int32_t type = 0, num = 0;
	char err[128];

	(void)state;
	assert_int_equal(action_period_parse("1m", &type, &num, err, sizeof err), 0);
	assert_int_equal(type, 2);
	assert_int_equal(num, 1);
	assert_int_equal(action_period_parse("11m", &type, &num, err, sizeof err), 0);
	assert_int_equal(num, 11);
	assert_int_equal(action_period_parse("3y", &type, &num, err, sizeof err), 0);
	assert_int_equal(type, 3);
	assert_int_equal(num, 3);
	assert_int_equal(action_period_parse("12m", &type, &num, err, sizeof err), -1);
	assert_non_null(strstr(err, "12m"));
	assert_int_equal(action_period_parse("4y", &type, &num, err, sizeof err), -1);
	assert_int_equal(action_period_parse("0m", &type, &num, err, sizeof err), -1);
	assert_int_equal(action_period_parse("-1m", &type, &num, err, sizeof err), -1);
	assert_int_equal(action_period_parse("1", &type, &num, err, sizeof err), -1);
	assert_int_equal(action_period_parse("1mm", &type, &num, err, sizeof err), -1);
	assert_int_equal(action_period_parse("m", &type, &num, err, sizeof err), -1);
}

static void
kind_names(void **state)
{
	enum action_kind k;

	(void)state;
	for (int i = 0; i < ACTION_NKINDS; i++) {
		assert_int_equal(action_kind_parse(action_kind_name((enum action_kind)i), &k), 0);
		assert_int_equal(k, i);
	}
	assert_string_equal(action_kind_name(ACTION_ON_DEMAND_OFF), "on-demand-off");
	assert_int_equal(action_kind_parse("refund", &k), -1);
}

struct answer {
	int calls;
	bool got_plan;
	char error[256];
};

static void
on_plan(struct action_plan *plan, const char *error, void *ud)
{
	struct answer *a = ud;

	a->calls++;
	a->got_plan = plan != NULL;
	snprintf(a->error, sizeof a->error, "%s", error != NULL ? error : "");
	action_plan_free(plan);
}

/* Prepares args with no bss client at all: only refusals can answer. */
static struct answer
refusal(const struct action_args *args, bool read_only)
{
	uv_loop_t loop;
	struct actions_config cfg = { &loop, NULL, NULL, "p", "https://e", read_only, false };
	struct actions *a;
	struct answer ans = { 0 };

	uv_loop_init(&loop);
	a = actions_new(&cfg);
	actions_prepare(a, args, on_plan, &ans);
	/* Never inside the call that started it. */
	assert_int_equal(ans.calls, 0);
	uv_run(&loop, UV_RUN_DEFAULT);
	actions_free(a);
	uv_run(&loop, UV_RUN_DEFAULT);
	assert_int_equal(uv_loop_close(&loop), 0);
	return ans;
}

static void
refusals(void **state)
{
	const char *one[] = { "CS1" }, *two[] = { "r1", "r1" }, *orders[] = { "CS1", "CS2" };
	struct action_args args = { ACTION_PAY, one, 1, NULL, 0, NULL, 0, 0, false };
	struct answer a;

	(void)state;
	a = refusal(&args, true);
	assert_int_equal(a.calls, 1);
	assert_false(a.got_plan);
	assert_non_null(strstr(a.error, "read-only"));

	args.ids = orders;
	args.nids = 2;
	a = refusal(&args, false);
	assert_non_null(strstr(a.error, "one order at a time"));

	args.kind = ACTION_RENEW;
	args.ids = one;
	args.nids = 1;
	args.period_type = 2;
	args.period_num = 12;
	a = refusal(&args, false);
	assert_non_null(strstr(a.error, "1 to 11 months"));

	args.kind = ACTION_UNSUBSCRIBE;
	args.ids = two;
	args.nids = 2;
	a = refusal(&args, false);
	assert_non_null(strstr(a.error, "twice"));

	args.nids = 0;
	a = refusal(&args, false);
	assert_non_null(strstr(a.error, "no resource"));
}

/* actions_free() answers a pending refusal at once, with its own callback. */
static void
free_while_pending(void **state)
{
	const char *one[] = { "CS1" };
	struct action_args args = { ACTION_CANCEL, one, 1, NULL, 0, NULL, 0, 0, false };
	uv_loop_t loop;
	struct actions_config cfg = { &loop, NULL, NULL, "p", "https://e", true, false };
	struct actions *a;
	struct answer ans = { 0 };

	(void)state;
	uv_loop_init(&loop);
	a = actions_new(&cfg);
	actions_prepare(a, &args, on_plan, &ans);
	actions_free(a);
	assert_int_equal(ans.calls, 1);
	uv_run(&loop, UV_RUN_DEFAULT);
	assert_int_equal(ans.calls, 1);
	assert_int_equal(uv_loop_close(&loop), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(periods),
		cmocka_unit_test(kind_names),
		cmocka_unit_test(refusals),
		cmocka_unit_test(free_while_pending),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
