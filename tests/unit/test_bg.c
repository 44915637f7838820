/* tui/bg: slices run on idle loop turns until done, cancel, and the loop ends idle. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <uv.h>

#include "tui/bg.h"

struct counter {
	int left, ran;
};

static bool
count_down(void *ud)
{
	struct counter *c = ud;

	c->ran++;
	return --c->left > 0;
}

static void
slices_until_done_then_the_loop_sleeps(void **state)
{
	uv_loop_t loop;
	struct counter a = { 3, 0 }, b = { 5, 0 }, gone = { 4, 0 };

	(void)state;
	assert_int_equal(uv_loop_init(&loop), 0);
	bg_add(count_down, &a);	/* before the start: kept, not run */
	assert_int_equal(a.ran, 0);
	bg_start(&loop);
	bg_add(count_down, &b);
	bg_add(count_down, &b);	/* already pending: once */
	bg_add(count_down, &gone);
	bg_cancel(&gone);
	/* The loop returns once nothing is pending: the idle handle stopped itself. */
	uv_run(&loop, UV_RUN_DEFAULT);
	assert_int_equal(a.ran, 3);
	assert_int_equal(b.ran, 5);
	assert_int_equal(gone.ran, 0);
	bg_stop();
	uv_run(&loop, UV_RUN_DEFAULT);
	assert_int_equal(uv_loop_close(&loop), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(slices_until_done_then_the_loop_sleeps),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
