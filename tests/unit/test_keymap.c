/* tui/keymap: key names, default bindings, rebinding, and the README key list. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/testutil.h"
#include "tui/keymap.h"

static keymap_key
K(const char *name)
{
	keymap_key k = 0;

	if (keymap_key_parse(name, &k) != 0)
		fail_msg("key \"%s\" did not parse", name);
	return k;
}

static void
key_names_round_trip(void **state)
{
	static const char *const names[] = {
		"j", "G", "/", "?", ":", "Enter", "Esc", "Tab", "S-Tab", "Space", "Up", "PgDn",
		"Home", "C-z", "C-l", "F1", "F12", "Backspace", "Delete", "é", "好",
	};
	char buf[KEYMAP_NAME_MAX];
	keymap_key k;

	(void)state;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		assert_string_equal(keymap_key_name(K(names[i]), buf), names[i]);
	assert_int_equal(K("C-Z"), 26);
	assert_int_equal(K("pgdn"), K("PageDown"));
	assert_int_equal(K("好"), 0x597d);
	assert_int_equal(keymap_key_parse("", &k), -1);
	assert_int_equal(keymap_key_parse("jj", &k), -1);
	assert_int_equal(keymap_key_parse("C-1", &k), -1);
	assert_int_equal(keymap_key_parse("F13", &k), -1);
	assert_int_equal(keymap_key_parse("\xff", &k), -1);
	/* Terminals send Enter and Backspace several ways: all fold to one key. */
	assert_int_equal(keymap_key_from_input(OK, '\n'), '\r');
	assert_int_equal(keymap_key_from_input(KEY_CODE_YES, KEY_ENTER), '\r');
	assert_int_equal(keymap_key_from_input(KEY_CODE_YES, KEY_BACKSPACE), 0x7f);
	assert_int_equal(keymap_key_from_input(KEY_CODE_YES, KEY_DOWN), K("Down"));
}

static void
defaults_follow_the_issue(void **state)
{
	struct keymap *km = keymap_new();
	char buf[128];

	(void)state;
	assert_int_equal(keymap_lookup(km, K("j")), CMD_DOWN);
	assert_int_equal(keymap_lookup(km, K("Down")), CMD_DOWN);
	assert_int_equal(keymap_lookup(km, K("k")), CMD_UP);
	assert_int_equal(keymap_lookup(km, K("h")), CMD_LEFT);
	assert_int_equal(keymap_lookup(km, K("l")), CMD_RIGHT);
	assert_int_equal(keymap_lookup(km, K("PgUp")), CMD_PAGE_UP);
	assert_int_equal(keymap_lookup(km, K("PgDn")), CMD_PAGE_DOWN);
	assert_int_equal(keymap_lookup(km, K("g")), CMD_FIRST);
	assert_int_equal(keymap_lookup(km, K("G")), CMD_LAST);
	assert_int_equal(keymap_lookup(km, K("Tab")), CMD_NEXT_PANE);
	assert_int_equal(keymap_lookup(km, K("S-Tab")), CMD_PREV_PANE);
	assert_int_equal(keymap_lookup(km, K("1")), CMD_SCREEN_1);
	assert_int_equal(keymap_lookup(km, K("9")), CMD_SCREEN_9);
	assert_int_equal(keymap_lookup(km, K("Enter")), CMD_ENTER);
	assert_int_equal(keymap_lookup(km, K("Esc")), CMD_BACK);
	assert_int_equal(keymap_lookup(km, K("/")), CMD_FILTER);
	assert_int_equal(keymap_lookup(km, K("s")), CMD_SORT);
	assert_int_equal(keymap_lookup(km, K("S")), CMD_SORT_REVERSE);
	assert_int_equal(keymap_lookup(km, K("R")), CMD_REFRESH);
	assert_int_equal(keymap_lookup(km, K(":")), CMD_PROMPT);
	assert_int_equal(keymap_lookup(km, K("t")), CMD_NEXT_THEME);
	assert_int_equal(keymap_lookup(km, K("P")), CMD_PROFILE);
	assert_int_equal(keymap_lookup(km, K("z")), CMD_PAUSE);
	assert_int_equal(keymap_lookup(km, K("Space")), CMD_MARK);
	assert_int_equal(keymap_lookup(km, K("?")), CMD_HELP);
	assert_int_equal(keymap_lookup(km, K("q")), CMD_QUIT);
	assert_int_equal(keymap_lookup(km, K("C-z")), CMD_SUSPEND);
	assert_int_equal(keymap_lookup(km, K("x")), CMD_EXPORT);
	assert_int_equal(keymap_lookup(km, K("X")), CMD_NONE);
	assert_string_equal(keymap_keys_for(km, CMD_DOWN, buf, sizeof buf), "Down, j");
	/* Every command has a name, help and at least one default key. */
	for (int c = 1; c < CMD_COUNT; c++) {
		assert_non_null(cmd_info((enum cmd)c)->name);
		assert_true(strlen(cmd_info((enum cmd)c)->help) > 3);
		assert_int_equal(cmd_by_name(cmd_info((enum cmd)c)->name), c);
		assert_true(strlen(keymap_keys_for(km, (enum cmd)c, buf, sizeof buf)) > 0);
	}
	keymap_free(km);
}

static void
rebinding(void **state)
{
	struct keymap *km = keymap_new();
	char err[160], buf[128];

	(void)state;
	assert_int_equal(keymap_bind(km, "x", "quit", err, sizeof err), 0);
	assert_int_equal(keymap_lookup(km, K("x")), CMD_QUIT);
	/* Rebinding a bound key replaces its binding. */
	assert_int_equal(keymap_bind(km, "j", "up", err, sizeof err), 0);
	assert_int_equal(keymap_lookup(km, K("j")), CMD_UP);
	assert_string_equal(keymap_keys_for(km, CMD_DOWN, buf, sizeof buf), "Down");
	assert_int_equal(keymap_bind(km, "q", "none", err, sizeof err), 0);
	assert_int_equal(keymap_lookup(km, K("q")), CMD_NONE);
	assert_string_equal(keymap_keys_for(km, CMD_QUIT, buf, sizeof buf), "C-c, x");

	assert_int_equal(keymap_bind(km, "Hyper-x", "quit", err, sizeof err), -1);
	assert_non_null(strstr(err, "unknown key \"Hyper-x\""));
	assert_int_equal(keymap_bind(km, "y", "explode", err, sizeof err), -1);
	assert_non_null(strstr(err, "unknown command \"explode\""));
	assert_int_equal(keymap_lookup(km, K("y")), CMD_NONE);
	keymap_free(km);
}

/* The README's key list is the table's Markdown, between the two markers. */
static void
readme_lists_the_keys(void **state)
{
	static const char begin[] = "<!-- keys:begin (generated from src/tui/keymap.c) -->\n";
	static const char end[] = "<!-- keys:end -->";
	struct keymap *km = keymap_new();
	struct buf md = BUF_INIT(0);
	char *readme = tu_read_file("README.md", NULL);
	char *a = strstr(readme, begin), *b;

	(void)state;
	keymap_markdown(km, &md);
	assert_non_null(strstr(buf_cstr(&md), "| Down, j | `down` | move down one row |"));
	if (a == NULL || (b = strstr(a, end)) == NULL)
		fail_msg("README.md lacks the key list markers");
	a += strlen(begin);
	if ((size_t)(b - a) != md.len || memcmp(a, buf_cstr(&md), md.len) != 0) {
		FILE *fp = fopen("build/keys.md", "w");

		if (fp != NULL) {
			fputs(buf_cstr(&md), fp);
			fclose(fp);
		}
		fail_msg("README.md's key list is out of date: paste build/keys.md between the markers");
	}
	buf_free(&md);
	free(readme);
	keymap_free(km);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(key_names_round_trip),
		cmocka_unit_test(defaults_follow_the_issue),
		cmocka_unit_test(rebinding),
		cmocka_unit_test(readme_lists_the_keys),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
