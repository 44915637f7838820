/*
 * The theme parser (tui/theme.h): any text either parses or leaves the
 * built-in theme untouched (a theme half applied is worse than none), with
 * "FILE:LINE: ..." in the message; every colour it yields brings down to a
 * colour the terminal has.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzzlib.h"

#include "tui/theme.h"

static const int depths[] = { 8, 16, 256 };

/* Field by field: the bytes after the name's NUL are not part of the theme. */
static int
same_theme(const struct theme *a, const struct theme *b)
{
	if (strcmp(a->name, b->name) != 0)
		return 0;
	for (int e = 0; e < TH_COUNT; e++) {
		if (a->st[e].fg != b->st[e].fg || a->st[e].bg != b->st[e].bg ||
		    a->st[e].attrs != b->st[e].attrs)
			return 0;
	}
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct theme t, builtin;
	char err[512] = "", *text = fz_cstr(data, size);

	theme_builtin(&builtin);
	theme_builtin(&t);
	if (theme_parse(&t, text, "fuzz.theme", err, sizeof(err)) != 0) {
		FZ_CHECK(strncmp(err, "fuzz.theme:", 11) == 0);
		FZ_CHECK(same_theme(&t, &builtin));
	}
	for (int e = 0; e < TH_COUNT; e++) {
		for (size_t d = 0; d < sizeof(depths) / sizeof(depths[0]); d++) {
			int32_t fg = theme_downgrade(t.st[e].fg, depths[d]);
			int32_t bg = theme_downgrade(t.st[e].bg, depths[d]);

			FZ_CHECK(fg >= THEME_DEFAULT && fg < depths[d]);
			FZ_CHECK(bg >= THEME_DEFAULT && bg < depths[d]);
		}
	}
	free(text);
	return 0;
}
