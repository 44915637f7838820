/*
 * keymap: the table of commands and the keys bound to them.
 *
 * The command table below is the one source for key handling, the `?` help
 * screen, the `:` prompt's completion and the README's key list
 * (keymap_markdown; tests/unit/test_keymap.c checks the README matches).
 * Screens never look at raw keys except in text entry: they receive an
 * enum cmd. Keys are rebound from the config's [keys] section, one
 * `KEY = COMMAND` pair per line (keymap_bind).
 */
#ifndef BSS_TUI_KEYMAP_H
#define BSS_TUI_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

enum cmd {
	CMD_NONE = 0,
	CMD_UP, CMD_DOWN, CMD_LEFT, CMD_RIGHT,
	CMD_PAGE_UP, CMD_PAGE_DOWN, CMD_FIRST, CMD_LAST,
	CMD_NEXT_PANE, CMD_PREV_PANE,
	CMD_SCREEN_1, CMD_SCREEN_2, CMD_SCREEN_3, CMD_SCREEN_4, CMD_SCREEN_5,
	CMD_SCREEN_6, CMD_SCREEN_7, CMD_SCREEN_8, CMD_SCREEN_9,
	CMD_PRICE, CMD_USAGE,
	CMD_ENTER, CMD_BACK,
	CMD_FILTER, CMD_SORT, CMD_SORT_REVERSE, CMD_MARK, CMD_EXPORT,
	CMD_PAY, CMD_CANCEL_ORDER, CMD_RENEW, CMD_UNSUBSCRIBE, CMD_AUTORENEW, CMD_ON_EXPIRY,
	CMD_JOURNAL,
	CMD_REFRESH, CMD_PAUSE, CMD_GROUP, CMD_GRANULARITY, CMD_RANGE, CMD_EARLIER, CMD_LATER,
	CMD_PROMPT, CMD_NEXT_THEME, CMD_PROFILE,
	CMD_HELP, CMD_REDRAW, CMD_SUSPEND, CMD_QUIT,
	CMD_COUNT
};

/*
 * A key: a Unicode code point, or KEYMAP_FN | an ncurses KEY_* code.
 * Enter is always '\r' and Backspace 0x7f (keymap_key_from_input folds the
 * variants terminals send).
 */
typedef uint32_t keymap_key;
#define KEYMAP_FN 0x80000000u
#define KEYMAP_NAME_MAX 16

struct cmd_info {
	const char *name;   /* "page-down": what [keys] and `:` use */
	const char *group;  /* heading in help */
	const char *help;   /* one line */
	const char *keys;   /* default bindings, space-separated key names */
};

/* Static table, indexed by enum cmd (CMD_NONE's entry has name NULL). */
const struct cmd_info *cmd_info(enum cmd c);
/* CMD_NONE when unknown. */
enum cmd cmd_by_name(const char *name);

/* "j", "C-z", "S-Tab", "PgDn", "F5", "Space", "好": 0, or -1 when unknown. */
int keymap_key_parse(const char *name, keymap_key *out);
/* The display name keymap_key_parse accepts back. */
const char *keymap_key_name(keymap_key k, char buf[KEYMAP_NAME_MAX]);
/* From get_wch: ret is OK or KEY_CODE_YES, ch the value it stored. */
keymap_key keymap_key_from_input(int ret, uint32_t ch);

struct keymap;
/* A keymap holding the default bindings. */
struct keymap *keymap_new(void);
void keymap_free(struct keymap *km);
/*
 * Binds key (by name) to command (by name; "none" unbinds the key),
 * replacing the key's previous binding. 0, or -1 with a message in err.
 */
int keymap_bind(struct keymap *km, const char *key, const char *command, char *err, size_t errlen);
enum cmd keymap_lookup(const struct keymap *km, keymap_key k);
/* The keys bound to c, as "j, Down" (empty when none). */
const char *keymap_keys_for(const struct keymap *km, enum cmd c, char *buf, size_t n);
/* The key list as a Markdown table (the README's "Keys" section). */
void keymap_markdown(const struct keymap *km, struct buf *out);

#endif
