#include "tui/theme.h"

#include <curses.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/xalloc.h"
#include "util/strutil.h"

#define THEME_FILE_MAX (64 * 1024)

/* Names, the built-in fallback and the attributes used without colour. */
static const struct {
	const char *name;
	struct theme_style builtin;
	unsigned mono;
} elems[TH_COUNT] = {
	[TH_NORMAL] = { "normal", { -1, -1, 0 }, 0 },
	[TH_TITLE] = { "title", { 7, 4, THEME_A_BOLD }, THEME_A_REVERSE | THEME_A_BOLD },
	[TH_TAB] = { "tab", { 7, 4, 0 }, THEME_A_REVERSE },
	[TH_TAB_ACTIVE] = { "tab-active", { 0, 6, THEME_A_BOLD }, THEME_A_BOLD | THEME_A_UNDERLINE },
	[TH_BORDER] = { "border", { -1, -1, 0 }, 0 },
	[TH_PANE_TITLE] = { "pane-title", { -1, -1, THEME_A_BOLD }, THEME_A_BOLD },
	[TH_PANE_FOCUS] = { "pane-focus", { 6, -1, THEME_A_BOLD }, THEME_A_BOLD | THEME_A_REVERSE },
	[TH_HEADER] = { "header", { -1, -1, THEME_A_BOLD | THEME_A_UNDERLINE }, THEME_A_UNDERLINE },
	[TH_SELECTED] = { "selected", { 0, 6, 0 }, THEME_A_REVERSE },
	[TH_MARKED] = { "marked", { 3, -1, THEME_A_BOLD }, THEME_A_BOLD },
	[TH_DIM] = { "dim", { -1, -1, THEME_A_DIM }, THEME_A_DIM },
	[TH_MONEY] = { "money", { 2, -1, THEME_A_BOLD }, THEME_A_BOLD },
	[TH_OK] = { "ok", { 2, -1, 0 }, 0 },
	[TH_WARN] = { "warn", { 3, -1, 0 }, THEME_A_UNDERLINE },
	[TH_URGENT] = { "urgent", { 1, -1, THEME_A_BOLD }, THEME_A_BOLD | THEME_A_REVERSE },
	[TH_ERROR] = { "error", { 1, -1, THEME_A_BOLD }, THEME_A_BOLD },
	[TH_STALE] = { "stale", { 3, -1, THEME_A_DIM }, THEME_A_DIM },
	[TH_LOADING] = { "loading", { 6, -1, 0 }, THEME_A_DIM },
	[TH_BAR_FILL] = { "bar-fill", { 2, -1, 0 }, THEME_A_BOLD },
	[TH_BAR_EMPTY] = { "bar-empty", { -1, -1, THEME_A_DIM }, THEME_A_DIM },
	[TH_SPARK] = { "spark", { 6, -1, 0 }, 0 },
	[TH_STATUS] = { "status", { 0, 7, 0 }, THEME_A_REVERSE },
	[TH_STATUS_ERROR] = { "status-error", { 7, 1, THEME_A_BOLD }, THEME_A_BOLD },
	[TH_READONLY] = { "readonly", { 0, 3, THEME_A_BOLD }, THEME_A_BOLD | THEME_A_REVERSE },
	[TH_PROMPT] = { "prompt", { -1, -1, THEME_A_BOLD }, THEME_A_BOLD },
	[TH_DIALOG] = { "dialog", { 0, 7, 0 }, THEME_A_REVERSE },
	[TH_HELP_KEY] = { "help-key", { 6, -1, THEME_A_BOLD }, THEME_A_BOLD },
};

static const char *const color_names[8] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
};

static const struct {
	const char *name;
	unsigned bit;
} attr_names[] = {
	{ "bold", THEME_A_BOLD }, { "dim", THEME_A_DIM }, { "underline", THEME_A_UNDERLINE },
	{ "reverse", THEME_A_REVERSE }, { "italic", THEME_A_ITALIC }, { "blink", THEME_A_BLINK },
	{ "standout", THEME_A_STANDOUT },
};

const char *
theme_elem_name(enum theme_elem e)
{
	return (unsigned)e < TH_COUNT ? elems[e].name : NULL;
}

void
theme_builtin(struct theme *t)
{
	snprintf(t->name, sizeof t->name, "builtin");
	for (int e = 0; e < TH_COUNT; e++)
		t->st[e] = elems[e].builtin;
}

static int
parse_color(const char *s, int32_t *out)
{
	char *end;
	long v;

	if (strcasecmp(s, "default") == 0) {
		*out = THEME_DEFAULT;
		return 0;
	}
	for (int i = 0; i < 8; i++) {
		if (strcasecmp(s, color_names[i]) == 0) {
			*out = i;
			return 0;
		}
		if (strncasecmp(s, "bright-", 7) == 0 && strcasecmp(s + 7, color_names[i]) == 0) {
			*out = i + 8;
			return 0;
		}
	}
	if (strncasecmp(s, "color", 5) == 0 && s[5] >= '0' && s[5] <= '9') {
		errno = 0;
		v = strtol(s + 5, &end, 10);
		if (*end != '\0' || v > 255 || errno != 0)
			return -1;
		*out = (int32_t)v;
		return 0;
	}
	if (s[0] == '#' && strlen(s) == 7 && strspn(s + 1, "0123456789abcdefABCDEF") == 6) {
		*out = THEME_RGB | (int32_t)strtol(s + 1, NULL, 16);
		return 0;
	}
	return -1;
}

static int
parse_attr(const char *s, unsigned *attrs)
{
	for (size_t i = 0; i < sizeof attr_names / sizeof attr_names[0]; i++)
		if (strcasecmp(s, attr_names[i].name) == 0) {
			*attrs |= attr_names[i].bit;
			return 0;
		}
	return strcasecmp(s, "none") == 0 || strcasecmp(s, "normal") == 0 ? 0 : -1;
}

/* Parses one "element = fg bg attrs" line into t; NULL or the problem. */
static const char *
parse_line(struct theme *t, char *line, char *what, size_t whatlen)
{
	char *eq = strchr(line, '='), *save = NULL, *tok;
	struct theme_style st = { THEME_DEFAULT, THEME_DEFAULT, 0 };
	int e, ntok = 0;

	if (eq == NULL)
		return "expected `element = fg bg [attributes]`";
	*eq = '\0';
	line = str_trim(line);
	if (strcmp(line, "name") == 0) {
		snprintf(t->name, sizeof t->name, "%s", str_trim(eq + 1));
		return NULL;
	}
	for (e = 0; e < TH_COUNT; e++)
		if (strcmp(line, elems[e].name) == 0)
			break;
	if (e == TH_COUNT) {
		snprintf(what, whatlen, "unknown element \"%s\"", line);
		return what;
	}
	for (tok = strtok_r(eq + 1, " \t\r", &save); tok != NULL; tok = strtok_r(NULL, " \t\r", &save)) {
		int32_t *slot = ntok == 0 ? &st.fg : ntok == 1 ? &st.bg : NULL;

		if (slot != NULL && parse_color(tok, slot) == 0) {
			ntok++;
			continue;
		}
		if (parse_attr(tok, &st.attrs) != 0) {
			snprintf(what, whatlen, slot != NULL ?
			    "\"%s\" is not a colour (default, red, bright-red, color42, #ff8800)" :
			    "\"%s\" is not an attribute (bold dim underline reverse italic blink standout)",
			    tok);
			return what;
		}
		ntok = 2;	/* attributes end the colours */
	}
	t->st[e] = st;
	return NULL;
}

int
theme_parse(struct theme *t, const char *text, const char *file, char *err, size_t errlen)
{
	struct theme work = *t;
	const char *p = text;
	int lineno = 0;

	while (*p != '\0') {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char line[512], what[160], *s;
		const char *bad = NULL;

		lineno++;
		if (len >= sizeof line) {
			bad = "line too long";
		} else {
			memcpy(line, p, len);
			line[len] = '\0';
			s = str_trim(line);
			if (*s != '\0' && *s != '#')
				bad = parse_line(&work, s, what, sizeof what);
		}
		if (bad != NULL) {
			snprintf(err, errlen, "%s:%d: %s", file, lineno, bad);
			theme_builtin(t);
			return -1;
		}
		p += len + (nl != NULL);
	}
	*t = work;
	return 0;
}

static int
read_capped(const char *path, struct buf *b)
{
	char chunk[4096];
	ssize_t r;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	while ((r = read(fd, chunk, sizeof chunk)) > 0)
		if (buf_append(b, chunk, (size_t)r) != 0) {
			errno = EFBIG;
			r = -1;
			break;
		}
	close(fd);
	return r < 0 ? -1 : 0;
}

/* The theme directories in search order; returns how many were written. */
static int
theme_dirs(char dirs[][PATH_MAX], int max)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	const char *env = getenv("BSSDASH_THEMES");
	char exe[PATH_MAX];
	ssize_t r;
	int n = 0;

	if (xdg != NULL && *xdg == '/')
		snprintf(dirs[n++], PATH_MAX, "%s/bssdash/themes", xdg);
	else if (home != NULL && *home != '\0')
		snprintf(dirs[n++], PATH_MAX, "%s/.config/bssdash/themes", home);
	if (env != NULL && *env != '\0')
		snprintf(dirs[n++], PATH_MAX, "%s", env);
	r = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (r > 0 && n + 2 <= max) {
		char *slash;

		exe[r] = '\0';
		slash = strrchr(exe, '/');
		if (slash != NULL)
			*slash = '\0';
		snprintf(dirs[n++], PATH_MAX, "%.*s/../share/bssdash/themes", PATH_MAX - 32, exe);
		snprintf(dirs[n++], PATH_MAX, "%.*s/../themes", PATH_MAX - 32, exe);
	}
	if (n < max)
		snprintf(dirs[n++], PATH_MAX, "themes");
	return n;
}

static bool
valid_name(const char *name)
{
	return *name != '\0' && strspn(name, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.") == strlen(name) && name[0] != '.';
}

int
theme_load(struct theme *t, const char *name, char *err, size_t errlen)
{
	char dirs[6][PATH_MAX], path[PATH_MAX + 80];
	struct buf b = BUF_INIT(THEME_FILE_MAX);
	int n, rc = -1;

	theme_builtin(t);
	if (strchr(name, '/') != NULL) {
		snprintf(path, sizeof path, "%.4000s", name);
	} else if (!valid_name(name)) {
		snprintf(err, errlen, "bad theme name \"%s\"", name);
		return -1;
	} else {
		n = theme_dirs(dirs, 6);
		path[0] = '\0';
		for (int i = 0; i < n; i++) {
			snprintf(path, sizeof path, "%.4000s/%.64s.theme", dirs[i], name);
			if (access(path, R_OK) == 0)
				break;
			path[0] = '\0';
		}
		if (path[0] == '\0') {
			snprintf(err, errlen, "theme \"%s\" not found (looked in %s and %s)", name,
			    dirs[0], n > 1 ? dirs[n - 1] : "nowhere else");
			return -1;
		}
	}
	if (read_capped(path, &b) != 0) {
		snprintf(err, errlen, "%s: %s", path, errno == EFBIG ? "file too large" : strerror(errno));
	} else if (strlen(buf_cstr(&b)) != b.len) {
		snprintf(err, errlen, "%s: not a text file", path);
	} else {
		rc = theme_parse(t, buf_cstr(&b), path, err, errlen);
		if (rc == 0 && strcmp(t->name, "builtin") == 0)
			snprintf(t->name, sizeof t->name, "%s", name);
	}
	buf_free(&b);
	return rc;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **
theme_list(void)
{
	char dirs[6][PATH_MAX];
	char **list = NULL;
	size_t n = 0, cap = 0, out = 0;
	int nd = theme_dirs(dirs, 6);

	for (int i = 0; i < nd; i++) {
		DIR *d = opendir(dirs[i]);
		struct dirent *de;

		if (d == NULL)
			continue;
		while ((de = readdir(d)) != NULL) {
			size_t len = strlen(de->d_name);

			if (len <= 6 || strcmp(de->d_name + len - 6, ".theme") != 0)
				continue;
			if (n + 2 > cap) {
				cap = cap ? cap * 2 : 16;
				list = xreallocarray(list, cap, sizeof *list);
			}
			list[n++] = xstrndup(de->d_name, len - 6);
		}
		closedir(d);
	}
	if (n == 0) {
		list = xcalloc(1, sizeof *list);
		return list;
	}
	qsort(list, n, sizeof *list, cmp_str);
	for (size_t i = 0; i < n; i++) {
		if (out > 0 && strcmp(list[out - 1], list[i]) == 0)
			free(list[i]);
		else
			list[out++] = list[i];
	}
	list[out] = NULL;
	return list;
}

void
theme_list_free(char **list)
{
	if (list == NULL)
		return;
	for (char **p = list; *p != NULL; p++)
		free(*p);
	free(list);
}

/* xterm's palette for 0-15: what "red" looks like, to compare distances. */
static const uint8_t ansi_rgb[16][3] = {
	{ 0, 0, 0 }, { 205, 0, 0 }, { 0, 205, 0 }, { 205, 205, 0 }, { 0, 0, 238 },
	{ 205, 0, 205 }, { 0, 205, 205 }, { 229, 229, 229 }, { 127, 127, 127 },
	{ 255, 0, 0 }, { 0, 255, 0 }, { 255, 255, 0 }, { 92, 92, 255 }, { 255, 0, 255 },
	{ 0, 255, 255 }, { 255, 255, 255 },
};

static const uint8_t cube_steps[6] = { 0, 95, 135, 175, 215, 255 };

static void
index_rgb(int idx, int rgb[3])
{
	if (idx < 16) {
		for (int i = 0; i < 3; i++)
			rgb[i] = ansi_rgb[idx][i];
	} else if (idx < 232) {
		idx -= 16;
		rgb[0] = cube_steps[idx / 36];
		rgb[1] = cube_steps[idx / 6 % 6];
		rgb[2] = cube_steps[idx % 6];
	} else {
		rgb[0] = rgb[1] = rgb[2] = 8 + (idx - 232) * 10;
	}
}

static void
color_rgb(int32_t c, int rgb[3])
{
	if (c & THEME_RGB) {
		rgb[0] = c >> 16 & 0xff;
		rgb[1] = c >> 8 & 0xff;
		rgb[2] = c & 0xff;
	} else {
		index_rgb(c, rgb);
	}
}

/* The index among the first n (or 16-255 when from16) nearest to rgb. */
static int
nearest(const int rgb[3], int from, int to)
{
	long best = -1;
	int bi = from;

	for (int i = from; i < to; i++) {
		int o[3];
		long d = 0;

		index_rgb(i, o);
		for (int k = 0; k < 3; k++)
			d += (long)(o[k] - rgb[k]) * (o[k] - rgb[k]);
		if (best < 0 || d < best) {
			best = d;
			bi = i;
		}
	}
	return bi;
}

int32_t
theme_downgrade(int32_t color, int ncolors)
{
	int rgb[3];

	if (color == THEME_DEFAULT)
		return color;
	if (ncolors >= 0x1000000) {
		/* Direct colour: values below 8 mean the ANSI colours, above are RGB. */
		if (!(color & THEME_RGB) && color < 8)
			return color;
		color_rgb(color, rgb);
		color = rgb[0] << 16 | rgb[1] << 8 | rgb[2];
		return color < 8 ? 8 : color;
	}
	if (!(color & THEME_RGB) && color < ncolors)
		return color;
	color_rgb(color, rgb);
	if (ncolors >= 256)
		return nearest(rgb, 16, 256);
	if (!(color & THEME_RGB) && color < 16)
		return color - 8;	/* bright-X on an 8-colour terminal is X */
	return nearest(rgb, 0, ncolors >= 16 ? 16 : 8);
}

static attr_t cur_attr[TH_COUNT];
static bool have_color;

static attr_t
to_curses(unsigned a)
{
	attr_t r = A_NORMAL;

	if (a & THEME_A_BOLD)
		r |= A_BOLD;
	if (a & THEME_A_DIM)
		r |= A_DIM;
	if (a & THEME_A_UNDERLINE)
		r |= A_UNDERLINE;
	if (a & THEME_A_REVERSE)
		r |= A_REVERSE;
	if (a & THEME_A_ITALIC)
		r |= A_ITALIC;
	if (a & THEME_A_BLINK)
		r |= A_BLINK;
	if (a & THEME_A_STANDOUT)
		r |= A_STANDOUT;
	return r;
}

void
theme_apply(const struct theme *t)
{
	const char *nc = getenv("NO_COLOR");
	int ncolors;

	have_color = (nc == NULL || *nc == '\0') && has_colors();
	if (have_color && start_color() == ERR)
		have_color = false;
	if (have_color)
		use_default_colors();
	ncolors = COLORS;
	if (have_color && tigetflag("RGB") > 0 && ncolors < 0x1000000)
		ncolors = 0x1000000;
	for (int e = 0; e < TH_COUNT; e++) {
		const struct theme_style *st = &t->st[e];
		bool mono = !have_color || (st->fg == THEME_DEFAULT && st->bg == THEME_DEFAULT);

		cur_attr[e] = to_curses(st->attrs);
		if (!have_color) {
			cur_attr[e] |= to_curses(elems[e].mono);
		} else if (!mono) {
			init_extended_pair(e + 1, theme_downgrade(st->fg, ncolors),
			    theme_downgrade(st->bg, ncolors));
			cur_attr[e] |= COLOR_PAIR(e + 1);
		}
	}
}

unsigned long
theme_attr(enum theme_elem e)
{
	return (unsigned)e < TH_COUNT ? cur_attr[e] : A_NORMAL;
}

bool
theme_has_color(void)
{
	return have_color;
}
