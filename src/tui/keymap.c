#include "tui/keymap.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/utf8.h"
#include "util/xalloc.h"

static const struct cmd_info cmds[CMD_COUNT] = {
	[CMD_UP] = { "up", "Move", "move up one row", "Up k" },
	[CMD_DOWN] = { "down", "Move", "move down one row", "Down j" },
	[CMD_LEFT] = { "left", "Move", "previous pane / scroll columns left", "Left h" },
	[CMD_RIGHT] = { "right", "Move", "next pane / scroll columns right", "Right l" },
	[CMD_PAGE_UP] = { "page-up", "Move", "one page up", "PgUp C-b" },
	[CMD_PAGE_DOWN] = { "page-down", "Move", "one page down", "PgDn C-f" },
	[CMD_FIRST] = { "first", "Move", "first row", "g Home" },
	[CMD_LAST] = { "last", "Move", "last row", "G End" },
	[CMD_NEXT_PANE] = { "next-pane", "Move", "next pane or screen", "Tab" },
	[CMD_PREV_PANE] = { "prev-pane", "Move", "previous pane or screen", "S-Tab" },
	[CMD_SCREEN_1] = { "screen-1", "Screens", "overview of all panes", "1" },
	[CMD_SCREEN_2] = { "screen-2", "Screens", "balance", "2" },
	[CMD_SCREEN_3] = { "screen-3", "Screens", "coupons", "3" },
	[CMD_SCREEN_4] = { "screen-4", "Screens", "pending orders", "4" },
	[CMD_SCREEN_5] = { "screen-5", "Screens", "expiring subscriptions", "5" },
	[CMD_SCREEN_6] = { "screen-6", "Screens", "resource packages", "6" },
	[CMD_SCREEN_7] = { "screen-7", "Screens", "bills: 13 months, drill down to the records", "7" },
	[CMD_SCREEN_8] = { "screen-8", "Screens", "costs by day or month, with jumps flagged", "8" },
	[CMD_SCREEN_9] = { "screen-9", "Screens", "products: services, resource and usage types, units",
		"9" },
	[CMD_PRICE] = { "price", "Screens", "price calculator: pay-per-use and yearly/monthly", "$" },
	[CMD_USAGE] = { "usage", "Screens", "resource package usage over a window", "U" },
	[CMD_ENTER] = { "open", "Screens", "open the pane or the row's details", "Enter" },
	[CMD_BACK] = { "back", "Screens", "close details, leave a prompt, back to the overview", "Esc" },
	[CMD_FILTER] = { "filter", "Tables", "filter rows as you type (Esc clears)", "/" },
	[CMD_SORT] = { "sort", "Tables", "sort by the next column", "s" },
	[CMD_SORT_REVERSE] = { "sort-reverse", "Tables", "reverse the sort order", "S" },
	[CMD_MARK] = { "mark", "Tables", "mark or unmark the row (for batch actions)", "Space" },
	[CMD_EXPORT] = { "export", "Tables", "write every row to a CSV or JSON file you name", "x" },
	[CMD_PAY] = { "pay", "Actions", "pay the order, or each marked one (y pays)", "p" },
	[CMD_CANCEL_ORDER] = { "cancel-order", "Actions", "cancel the order, or each marked one", "c" },
	[CMD_RENEW] = { "renew", "Actions", "renew the subscription or the marked ones", "r" },
	[CMD_UNSUBSCRIBE] = { "unsubscribe", "Actions", "unsubscribe (type the name to confirm)", "u" },
	[CMD_AUTORENEW] = { "auto-renew", "Actions", "turn auto-renew on or off", "a" },
	[CMD_ON_EXPIRY] = { "on-expiry", "Actions", "pay-per-use at expiry on or off", "e" },
	[CMD_JOURNAL] = { "journal", "Actions", "past actions and their outcomes", "J" },
	[CMD_REFRESH] = { "refresh", "Data", "refresh the screen's data now", "R" },
	[CMD_PAUSE] = { "pause", "Data", "pause or resume automatic refresh", "z" },
	[CMD_GROUP] = { "group", "Data", "group by the next dimension (service, billing mode...)",
		"v" },
	[CMD_GRANULARITY] = { "granularity", "Data", "switch between days and months", "d" },
	[CMD_RANGE] = { "range", "Data", "type the time window (30d, 6m, 2024-01..2024-06)", "w" },
	[CMD_EARLIER] = { "earlier", "Data", "move the window (or month) back", "[" },
	[CMD_LATER] = { "later", "Data", "move the window (or month) forward", "]" },
	[CMD_PROMPT] = { "prompt", "Program", "command prompt (Tab completes)", ":" },
	[CMD_NEXT_THEME] = { "next-theme", "Program", "switch to the next theme", "t" },
	[CMD_PROFILE] = { "profile", "Program", "switch to the next profile", "P" },
	[CMD_HELP] = { "help", "Program", "this help", "? F1" },
	[CMD_REDRAW] = { "redraw", "Program", "redraw the whole screen", "C-l" },
	[CMD_SUSPEND] = { "suspend", "Program", "suspend to the shell (fg resumes)", "C-z" },
	[CMD_QUIT] = { "quit", "Program", "quit (asks first while an action is in flight)", "q C-c" },
};

const struct cmd_info *
cmd_info(enum cmd c)
{
	return &cmds[(unsigned)c < CMD_COUNT ? c : CMD_NONE];
}

enum cmd
cmd_by_name(const char *name)
{
	for (int c = 1; c < CMD_COUNT; c++)
		if (strcmp(cmds[c].name, name) == 0)
			return (enum cmd)c;
	return CMD_NONE;
}

/* Named keys; the first name of a key is the one displayed. */
static const struct {
	const char *name;
	keymap_key key;
} named[] = {
	{ "Enter", '\r' }, { "Esc", 27 }, { "Tab", '\t' }, { "Space", ' ' },
	{ "Backspace", 0x7f },
	{ "S-Tab", KEYMAP_FN | KEY_BTAB },
	{ "Up", KEYMAP_FN | KEY_UP }, { "Down", KEYMAP_FN | KEY_DOWN },
	{ "Left", KEYMAP_FN | KEY_LEFT }, { "Right", KEYMAP_FN | KEY_RIGHT },
	{ "PgUp", KEYMAP_FN | KEY_PPAGE }, { "PgDn", KEYMAP_FN | KEY_NPAGE },
	{ "Home", KEYMAP_FN | KEY_HOME }, { "End", KEYMAP_FN | KEY_END },
	{ "Insert", KEYMAP_FN | KEY_IC }, { "Delete", KEYMAP_FN | KEY_DC },
	{ "PageUp", KEYMAP_FN | KEY_PPAGE }, { "PageDown", KEYMAP_FN | KEY_NPAGE },
	{ "Return", '\r' }, { "Escape", 27 },
};

/* One UTF-8 printable character filling all of s; -1 otherwise. */
static int
utf8_single(const char *s, keymap_key *out)
{
	size_t n = strlen(s);
	uint32_t cp;

	if (n == 0 || utf8_decode(s, n, &cp) != n || cp == UTF8_INVALID || cp < 0x20 || cp == 0x7f)
		return -1;
	*out = cp;
	return 0;
}

int
keymap_key_parse(const char *name, keymap_key *out)
{
	int f;
	char extra;

	for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
		if (strcasecmp(name, named[i].name) == 0) {
			*out = named[i].key;
			return 0;
		}
	if ((name[0] == 'C' || name[0] == 'c') && name[1] == '-' && name[2] != '\0' &&
	    name[3] == '\0') {
		char c = name[2];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c < 'a' || c > 'z')
			return -1;
		*out = (keymap_key)(c - 'a' + 1);
		return 0;
	}
	if ((name[0] == 'F' || name[0] == 'f') &&
	    sscanf(name + 1, "%d%c", &f, &extra) == 1 && f >= 1 && f <= 12) {
		*out = KEYMAP_FN | (keymap_key)KEY_F(f);
		return 0;
	}
	return utf8_single(name, out);
}

const char *
keymap_key_name(keymap_key k, char buf[KEYMAP_NAME_MAX])
{
	for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
		if (named[i].key == k)
			return named[i].name;
	if (k >= 1 && k <= 26) {
		snprintf(buf, KEYMAP_NAME_MAX, "C-%c", (char)('a' + k - 1));
	} else if ((k & KEYMAP_FN) && (k & ~KEYMAP_FN) >= (keymap_key)KEY_F(1) &&
	    (k & ~KEYMAP_FN) <= (keymap_key)KEY_F(12)) {
		snprintf(buf, KEYMAP_NAME_MAX, "F%u", (unsigned)((k & ~KEYMAP_FN) - KEY_F0));
	} else if (k & KEYMAP_FN) {
		snprintf(buf, KEYMAP_NAME_MAX, "key-%u", (unsigned)(k & ~KEYMAP_FN));
	} else {
		char u[4];
		size_t len = utf8_encode(k, u);

		snprintf(buf, KEYMAP_NAME_MAX, "%.*s", (int)len, u);
	}
	return buf;
}

keymap_key
keymap_key_from_input(int ret, uint32_t ch)
{
	if (ret == KEY_CODE_YES) {
		if (ch == KEY_ENTER)
			return '\r';
		if (ch == KEY_BACKSPACE)
			return 0x7f;
		return KEYMAP_FN | ch;
	}
	if (ch == '\n')
		return '\r';
	return ch;
}

struct binding {
	keymap_key key;
	enum cmd cmd;
};

struct keymap {
	struct binding *b;  /* in binding order: help lists keys as bound */
	size_t n, cap;
};

static void
set_binding(struct keymap *km, keymap_key k, enum cmd c)
{
	for (size_t i = 0; i < km->n; i++)
		if (km->b[i].key == k) {
			memmove(&km->b[i], &km->b[i + 1], (km->n - i - 1) * sizeof km->b[0]);
			km->n--;
			break;
		}
	if (c == CMD_NONE)
		return;
	if (km->n == km->cap) {
		km->cap = km->cap ? km->cap * 2 : 64;
		km->b = xreallocarray(km->b, km->cap, sizeof km->b[0]);
	}
	km->b[km->n].key = k;
	km->b[km->n].cmd = c;
	km->n++;
}

struct keymap *
keymap_new(void)
{
	struct keymap *km = xcalloc(1, sizeof *km);

	for (int c = 1; c < CMD_COUNT; c++) {
		char names[64], *save = NULL;

		snprintf(names, sizeof names, "%s", cmds[c].keys);
		for (char *t = strtok_r(names, " ", &save); t != NULL; t = strtok_r(NULL, " ", &save)) {
			keymap_key k;

			if (keymap_key_parse(t, &k) != 0)
				die("keymap: bad default key \"%s\"", t);
			set_binding(km, k, (enum cmd)c);
		}
	}
	return km;
}

void
keymap_free(struct keymap *km)
{
	if (km == NULL)
		return;
	free(km->b);
	free(km);
}

int
keymap_bind(struct keymap *km, const char *key, const char *command, char *err, size_t errlen)
{
	keymap_key k;
	enum cmd c = CMD_NONE;

	if (keymap_key_parse(key, &k) != 0) {
		snprintf(err, errlen, "unknown key \"%s\" (examples: j, C-x, S-Tab, PgDn, F5, Space)",
		    key);
		return -1;
	}
	if (strcmp(command, "none") != 0) {
		c = cmd_by_name(command);
		if (c == CMD_NONE) {
			snprintf(err, errlen, "unknown command \"%s\" (see the help screen, ?)", command);
			return -1;
		}
	}
	set_binding(km, k, c);
	return 0;
}

enum cmd
keymap_lookup(const struct keymap *km, keymap_key k)
{
	for (size_t i = 0; i < km->n; i++)
		if (km->b[i].key == k)
			return km->b[i].cmd;
	return CMD_NONE;
}

const char *
keymap_keys_for(const struct keymap *km, enum cmd c, char *buf, size_t n)
{
	size_t pos = 0;

	if (n == 0)
		return buf;
	buf[0] = '\0';
	for (size_t i = 0; i < km->n; i++) {
		char name[KEYMAP_NAME_MAX];
		int w;

		if (km->b[i].cmd != c)
			continue;
		w = snprintf(buf + pos, n - pos, "%s%s", pos ? ", " : "",
		    keymap_key_name(km->b[i].key, name));
		if (w < 0 || (size_t)w >= n - pos)
			break;
		pos += (size_t)w;
	}
	return buf;
}

void
keymap_markdown(const struct keymap *km, struct buf *out)
{
	const char *group = NULL;

	for (int c = 1; c < CMD_COUNT; c++) {
		char keys[128];

		if (group == NULL || strcmp(group, cmds[c].group) != 0) {
			group = cmds[c].group;
			buf_printf(out, "%s**%s**\n\n| Keys | Command | What it does |\n| --- | --- | --- |\n",
			    c > 1 ? "\n" : "", group);
		}
		keymap_keys_for(km, (enum cmd)c, keys, sizeof keys);
		buf_printf(out, "| %s | `%s` | %s |\n", keys, cmds[c].name, cmds[c].help);
	}
}
