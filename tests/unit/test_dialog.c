/* tui/dialog: wrapping, choices and the cursor, the text field, who decides on keys. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/dialog.h"
#include "util/utf8.h"

/* The owner: records the keys it is given and answers with keep. */
struct owner {
	keymap_key keys[16];
	enum cmd cmds[16];
	size_t nkeys;
	bool keep;
	int closed;
};

static bool
owner_key(void *ud, struct dialog *d, keymap_key k, enum cmd c)
{
	struct owner *o = ud;

	(void)d;
	if (o->nkeys < 16) {
		o->keys[o->nkeys] = k;
		o->cmds[o->nkeys++] = c;
	}
	return o->keep;
}

static void
owner_closed(void *ud, struct dialog *d)
{
	(void)d;
	((struct owner *)ud)->closed++;
}

static const struct dialog_ops ops = { owner_key, owner_closed };

static void
wraps_at_spaces_with_a_hanging_indent(void **state)
{
	struct owner o = { .keep = true };
	struct dialog *d = dialog_new("t", &ops, &o);

	(void)state;
	dialog_text(d, TH_NORMAL, "Note: the quick brown fox jumps over the lazy dog");
	dialog_text(d, TH_NORMAL, "  {\"order_id\":\"CS26112518051Q8VN\",\"use_coupon\":\"YES\"}");
	dialog_text(d, TH_NORMAL, "one\n\ntwo");
	/* 20 columns: words stay whole, later rows start 4 past the line's indent. */
	assert_int_equal(dialog_rows(d, 20), 4 + 4 + 3);
	assert_string_equal(dialog_row(d, 0), "Note: the quick ");
	assert_string_equal(dialog_row(d, 1), "    brown fox jumps ");
	assert_string_equal(dialog_row(d, 2), "    over the lazy ");
	assert_string_equal(dialog_row(d, 3), "    dog");
	/* No space to break at after the indent: the JSON breaks anywhere, no blank row. */
	assert_string_equal(dialog_row(d, 4), "  {\"order_id\":\"CS261");
	assert_string_equal(dialog_row(d, 5), "      12518051Q8VN\",");
	/* "\n" starts new lines, an empty one included. */
	assert_string_equal(dialog_row(d, 8), "one");
	assert_string_equal(dialog_row(d, 9), "");
	assert_string_equal(dialog_row(d, 10), "two");
	/* Wide characters count two columns and are never split. */
	dialog_clear(d);
	dialog_text(d, TH_NORMAL, "数据库-从库数据库");
	/* The indent is at most a third of the width. */
	assert_int_equal(dialog_rows(d, 7), 4);
	assert_string_equal(dialog_row(d, 0), "数据库-");
	assert_string_equal(dialog_row(d, 1), "  从库");
	dialog_free(d);
	assert_int_equal(o.closed, 1);
}

static void
cursor_moves_over_choices_only(void **state)
{
	struct owner o = { .keep = true };
	struct dialog *d = dialog_new("t", &ops, &o);

	(void)state;
	assert_int_equal(dialog_cursor(d), -1);
	dialog_text(d, TH_NORMAL, "Coupons:");
	dialog_choice(d, 100, TH_NORMAL, "[ ] first");
	dialog_text(d, TH_DIM, "    restriction");
	dialog_choice(d, 101, TH_NORMAL, "[ ] second");
	dialog_text(d, TH_NORMAL, "Discounts:");
	dialog_choice(d, 199, TH_NORMAL, "(*) none");
	assert_int_equal(dialog_cursor(d), 100);
	assert_true(dialog_key(d, 'j', CMD_DOWN));
	assert_int_equal(dialog_cursor(d), 101);
	assert_true(dialog_key(d, 'j', CMD_DOWN));
	assert_true(dialog_key(d, 'j', CMD_DOWN));
	assert_int_equal(dialog_cursor(d), 199);
	assert_true(dialog_key(d, 'k', CMD_UP));
	assert_int_equal(dialog_cursor(d), 101);
	/* Rebuilt content keeps the cursor on the same tag. */
	dialog_clear(d);
	dialog_choice(d, 100, TH_NORMAL, "[x] first");
	dialog_choice(d, 101, TH_NORMAL, "[x] second");
	assert_int_equal(dialog_cursor(d), 101);
	/* Cursor keys never reach the owner; the rest do, with their command. */
	assert_int_equal(o.nkeys, 0);
	assert_true(dialog_key(d, ' ', CMD_MARK));
	assert_true(dialog_key(d, 'y', CMD_NONE));
	assert_int_equal(o.nkeys, 2);
	assert_int_equal(o.keys[0], ' ');
	assert_int_equal(o.cmds[0], CMD_MARK);
	assert_int_equal(o.keys[1], 'y');
	o.keep = false;
	assert_false(dialog_key(d, 27, CMD_BACK));
	dialog_free(d);
}

static void
field_takes_the_typing(void **state)
{
	struct owner o = { .keep = true };
	struct dialog *d = dialog_new("t", &ops, &o);
	const char *name = "数据库-从库 y";

	(void)state;
	dialog_text(d, TH_NORMAL, "Unsubscribe");
	dialog_field(d, "Type the name to confirm:");
	/* Letters, j and y included, go into the field, not to the owner or the cursor. */
	for (const char *p = name; *p != '\0';) {
		uint32_t cp;

		p += utf8_decode(p, strlen(p), &cp);
		assert_true(dialog_key(d, cp, CMD_NONE));
	}
	assert_string_equal(dialog_field_text(d), name);
	assert_int_equal(o.nkeys, 0);
	/* Backspace removes one whole character; C-u all. */
	assert_true(dialog_key(d, 0x7f, CMD_NONE));
	assert_true(dialog_key(d, 0x7f, CMD_NONE));
	assert_string_equal(dialog_field_text(d), "数据库-从库");
	assert_true(dialog_key(d, 0x7f, CMD_NONE));
	assert_string_equal(dialog_field_text(d), "数据库-从");
	/* Enter and Esc are the owner's to judge. */
	assert_true(dialog_key(d, '\r', CMD_ENTER));
	assert_int_equal(o.nkeys, 1);
	assert_int_equal(o.keys[0], '\r');
	assert_true(dialog_key(d, 21, CMD_NONE));
	assert_string_equal(dialog_field_text(d), "");
	/* Without the field, letters are the owner's again. */
	dialog_field(d, NULL);
	assert_true(dialog_key(d, 'x', CMD_NONE));
	assert_int_equal(o.nkeys, 2);
	dialog_free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(wraps_at_spaces_with_a_hanging_indent),
		cmocka_unit_test(cursor_moves_over_choices_only),
		cmocka_unit_test(field_takes_the_typing),
	};

	setlocale(LC_CTYPE, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
