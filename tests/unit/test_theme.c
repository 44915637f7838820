/* tui/theme: the file format, errors naming file:line, search, colour fallback. */
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

#include "tui/theme.h"

static void
parses_colours_and_attributes(void **state)
{
	struct theme t;
	char err[256];

	(void)state;
	theme_builtin(&t);
	assert_int_equal(theme_parse(&t,
	    "# a comment\n"
	    "name = test\n"
	    "  title = bright-red color42 bold underline \n"
	    "selected = #ff8800 default reverse\r\n"
	    "\n"
	    "urgent = yellow\n", "t.theme", err, sizeof err), 0);
	assert_string_equal(t.name, "test");
	assert_int_equal(t.st[TH_TITLE].fg, 9);
	assert_int_equal(t.st[TH_TITLE].bg, 42);
	assert_int_equal(t.st[TH_TITLE].attrs, THEME_A_BOLD | THEME_A_UNDERLINE);
	assert_int_equal(t.st[TH_SELECTED].fg, THEME_RGB | 0xff8800);
	assert_int_equal(t.st[TH_SELECTED].bg, THEME_DEFAULT);
	assert_int_equal(t.st[TH_SELECTED].attrs, THEME_A_REVERSE);
	/* A missing background is the default one. */
	assert_int_equal(t.st[TH_URGENT].fg, 3);
	assert_int_equal(t.st[TH_URGENT].bg, THEME_DEFAULT);
	/* Elements the file leaves out keep the fallback. */
	assert_int_equal(t.st[TH_MONEY].fg, 2);
}

static void
broken_file_names_line_and_falls_back(void **state)
{
	struct theme t;
	char err[256];

	(void)state;
	theme_builtin(&t);
	assert_int_equal(theme_parse(&t, "title = red blue\nheader = purple default\n",
	    "/x/bad.theme", err, sizeof err), -1);
	assert_non_null(strstr(err, "/x/bad.theme:2:"));
	assert_non_null(strstr(err, "\"purple\" is not a colour"));
	/* Nothing of the broken file sticks, not even its good first line. */
	assert_int_equal(t.st[TH_TITLE].fg, 7);
	assert_int_equal(t.st[TH_TITLE].bg, 4);

	assert_int_equal(theme_parse(&t, "\n\nnosuch = red\n", "f", err, sizeof err), -1);
	assert_string_equal(err, "f:3: unknown element \"nosuch\"");
	assert_int_equal(theme_parse(&t, "title red\n", "f", err, sizeof err), -1);
	assert_non_null(strstr(err, "f:1: expected"));
	assert_int_equal(theme_parse(&t, "title = red blue shiny\n", "f", err, sizeof err), -1);
	assert_non_null(strstr(err, "\"shiny\" is not an attribute"));
	assert_int_equal(theme_parse(&t, "title = color256\n", "f", err, sizeof err), -1);
	assert_int_equal(theme_parse(&t, "title = #12345\n", "f", err, sizeof err), -1);
}

static void
shipped_themes_parse_and_default_matches_builtin(void **state)
{
	static const char *const names[] = { "default", "dark", "light", "high-contrast", "mono" };
	struct theme t, b;
	char err[512];

	(void)state;
	setenv("BSSDASH_THEMES", "themes", 1);
	setenv("XDG_CONFIG_HOME", "/nonexistent", 1);
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (theme_load(&t, names[i], err, sizeof err) != 0)
			fail_msg("%s", err);
		assert_string_equal(t.name, names[i]);
	}
	theme_load(&t, "default", err, sizeof err);
	theme_builtin(&b);
	for (int e = 0; e < TH_COUNT; e++) {
		if (memcmp(&t.st[e], &b.st[e], sizeof b.st[e]) != 0)
			fail_msg("themes/default.theme differs from the built-in at %s",
			    theme_elem_name((enum theme_elem)e));
	}
	/* Every element of the mono theme is colourless. */
	theme_load(&t, "mono", err, sizeof err);
	for (int e = 0; e < TH_COUNT; e++) {
		assert_int_equal(t.st[e].fg, THEME_DEFAULT);
		assert_int_equal(t.st[e].bg, THEME_DEFAULT);
	}
}

static void
user_dir_wins_and_list_merges(void **state)
{
	char dir[] = "/tmp/bssdash-theme-XXXXXX", path[256], err[512];
	struct theme t;
	char **list;
	FILE *fp;
	int seen = 0;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/bssdash", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof path, "%s/bssdash/themes", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof path, "%s/bssdash/themes/default.theme", dir);
	fp = fopen(path, "w");
	fputs("name = mine\ntitle = magenta default\n", fp);
	fclose(fp);
	snprintf(path, sizeof path, "%s/bssdash/themes/broken.theme", dir);
	fp = fopen(path, "w");
	fputs("title = magenta default\ntitle = = =\n", fp);
	fclose(fp);
	setenv("XDG_CONFIG_HOME", dir, 1);
	setenv("BSSDASH_THEMES", "themes", 1);

	assert_int_equal(theme_load(&t, "default", err, sizeof err), 0);
	assert_string_equal(t.name, "mine");
	assert_int_equal(t.st[TH_TITLE].fg, 5);

	assert_int_equal(theme_load(&t, "broken", err, sizeof err), -1);
	assert_non_null(strstr(err, "broken.theme:2:"));
	assert_int_equal(t.st[TH_TITLE].fg, 7);	/* back to the fallback */

	assert_int_equal(theme_load(&t, "nosuch", err, sizeof err), -1);
	assert_non_null(strstr(err, "not found"));
	assert_int_equal(theme_load(&t, "../etc/passwd", err, sizeof err), -1);

	list = theme_list();
	for (char **p = list; *p != NULL; p++) {
		if (strcmp(*p, "default") == 0)
			seen++;
		if (strcmp(*p, "broken") == 0 || strcmp(*p, "high-contrast") == 0)
			seen += 10;
		if (p[1] != NULL)
			assert_true(strcmp(p[0], p[1]) < 0);
	}
	assert_int_equal(seen, 21);	/* default once, both others present */
	theme_list_free(list);
	snprintf(path, sizeof path, "rm -rf '%s'", dir);
	assert_int_equal(system(path), 0);
}

static void
colours_come_down_to_the_terminal(void **state)
{
	(void)state;
	assert_int_equal(theme_downgrade(THEME_DEFAULT, 8), THEME_DEFAULT);
	assert_int_equal(theme_downgrade(1, 8), 1);
	/* bright-red on 8 colours is red; kept on 16. */
	assert_int_equal(theme_downgrade(9, 8), 1);
	assert_int_equal(theme_downgrade(9, 16), 9);
	/* RGB to the xterm cube: #ff8700 is exactly index 208. */
	assert_int_equal(theme_downgrade(THEME_RGB | 0xff8700, 256), 208);
	/* A gray goes to the gray ramp: #1c1c1c is 234. */
	assert_int_equal(theme_downgrade(THEME_RGB | 0x1c1c1c, 256), 234);
	/* Near-red to the 8 colours. */
	assert_int_equal(theme_downgrade(THEME_RGB | 0xe01010, 8), 1);
	assert_int_equal(theme_downgrade(208, 8), 3);
	/* Direct colour keeps RGB, maps indexes above 7 to their RGB. */
	assert_int_equal(theme_downgrade(THEME_RGB | 0x123456, 0x1000000), 0x123456);
	assert_int_equal(theme_downgrade(208, 0x1000000), 0xff8700);
	assert_int_equal(theme_downgrade(2, 0x1000000), 2);
	/* Black as RGB must not become ANSI colour 0..7 by accident. */
	assert_int_equal(theme_downgrade(THEME_RGB | 0x000000, 0x1000000), 8);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_colours_and_attributes),
		cmocka_unit_test(broken_file_names_line_and_falls_back),
		cmocka_unit_test(shipped_themes_parse_and_default_matches_builtin),
		cmocka_unit_test(user_dir_wins_and_list_merges),
		cmocka_unit_test(colours_come_down_to_the_terminal),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
