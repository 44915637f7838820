/*
 * theme: colours and attributes for every element the dashboard draws.
 *
 * A theme is a text file, one element per line:
 *
 *     # comment
 *     element = FG BG [ATTR...]
 *
 * FG and BG are `default`, one of the eight names (black red green yellow
 * blue magenta cyan white), `bright-NAME`, `colorN` (0-255) or `#rrggbb`;
 * ATTRs are bold dim underline reverse italic blink standout. Elements a
 * file leaves out keep the built-in fallback. Colours are brought down to
 * what the terminal has (truecolor, 256, 16 or 8 colours); with NO_COLOR
 * set, or on a terminal without colour, only the attributes are used, plus
 * each element's own mono attributes (a selected row is still reversed).
 *
 * Parsing is pure (theme_parse); theme_apply() is the only part that
 * talks to curses.
 */
#ifndef BSS_TUI_THEME_H
#define BSS_TUI_THEME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum theme_elem {
	TH_NORMAL,
	TH_TITLE,          /* top bar */
	TH_TAB,            /* screen tabs in the top bar */
	TH_TAB_ACTIVE,
	TH_BORDER,
	TH_PANE_TITLE,
	TH_PANE_FOCUS,     /* the focused pane's border and title */
	TH_HEADER,         /* table column titles */
	TH_SELECTED,       /* the cursor row */
	TH_MARKED,
	TH_DIM,            /* labels, secondary text */
	TH_MONEY,
	TH_OK,
	TH_WARN,           /* soon: expiring within 30 days, package 80% used */
	TH_URGENT,         /* now: within 7 days, exhausted, balance alert */
	TH_ERROR,
	TH_STALE,
	TH_LOADING,
	TH_BAR_FILL,
	TH_BAR_EMPTY,
	TH_SPARK,
	TH_STATUS,         /* status bar */
	TH_STATUS_ERROR,
	TH_READONLY,
	TH_PROMPT,
	TH_DIALOG,
	TH_HELP_KEY,
	TH_COUNT
};

/* A colour: THEME_DEFAULT, an index 0-255, or THEME_RGB | 0xrrggbb. */
#define THEME_DEFAULT (-1)
#define THEME_RGB 0x1000000

enum {
	THEME_A_BOLD = 1 << 0,
	THEME_A_DIM = 1 << 1,
	THEME_A_UNDERLINE = 1 << 2,
	THEME_A_REVERSE = 1 << 3,
	THEME_A_ITALIC = 1 << 4,
	THEME_A_BLINK = 1 << 5,
	THEME_A_STANDOUT = 1 << 6,
};

struct theme_style {
	int32_t fg, bg;
	unsigned attrs;     /* THEME_A_* */
};

struct theme {
	char name[64];
	struct theme_style st[TH_COUNT];
};

/* Element names as written in files ("pane-title"); NULL past the end. */
const char *theme_elem_name(enum theme_elem e);
/* The built-in fallback, used when no file can be read. */
void theme_builtin(struct theme *t);
/*
 * Parses text (a file's contents) over t, which should hold the fallback.
 * 0, or -1 with "FILE:LINE: what is wrong" in err; t is then the fallback
 * again (a theme half applied is worse than none).
 */
int theme_parse(struct theme *t, const char *text, const char *file, char *err, size_t errlen);
/*
 * Finds NAME.theme in $XDG_CONFIG_HOME/bssdash/themes (or ~/.config/...),
 * then $BSSDASH_THEMES, then the themes/ directories beside the program
 * (../share/bssdash/themes from the binary, and ./themes), and parses it.
 * NAME may also be a path to a file. 0, or -1 with the reason in err and
 * t left as the built-in fallback.
 */
int theme_load(struct theme *t, const char *name, char *err, size_t errlen);
/*
 * Names of the available themes, sorted, without duplicates: heap array of
 * heap strings, NULL-terminated; free with theme_list_free().
 */
char **theme_list(void);
void theme_list_free(char **list);

/*
 * The nearest colour a terminal with ncolors colours can show (8, 16, 256,
 * or >= 2^24 for direct colour, which keeps THEME_RGB values as they are).
 */
int32_t theme_downgrade(int32_t color, int ncolors);

/* Curses side: sets up colour pairs (or mono when colours are off). */
void theme_apply(const struct theme *t);
/* The curses attributes (with colour pair) to draw element e with. */
unsigned long theme_attr(enum theme_elem e);
/* Whether theme_apply found colours usable (false with NO_COLOR). */
bool theme_has_color(void);

#endif
