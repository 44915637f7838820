#include "util/wtext.h"

#include <langinfo.h>
#include <string.h>
#include <wchar.h>

#include "util/utf8.h"

#define ELLIPSIS_UTF8 "\xe2\x80\xa6"

bool
wtext_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);

	return strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0;
}

/*
 * Decodes one character at s (n bytes left): its byte length, the bytes to
 * draw (a pointer into s, or "?") and their columns. Invalid and
 * non-printable input is one '?' column, consuming one byte.
 */
struct glyph {
	size_t len;
	const char *bytes;
	size_t nbytes;
	int cols;
};

static struct glyph
next_glyph(const char *s, size_t n)
{
	struct glyph g = { 1, "?", 1, 1 };
	uint32_t cp;
	size_t r;
	int w;

	if ((unsigned char)*s < 0x80) {
		if ((unsigned char)*s >= 0x20 && *s != 0x7f) {
			g.bytes = s;
		}
		return g;
	}
	/* The text is UTF-8 whatever the locale; only a UTF-8 terminal can show it. */
	if (!wtext_utf8())
		return g;
	r = utf8_decode(s, n, &cp);
	if (cp == UTF8_INVALID)
		return g;
	w = wcwidth((wchar_t)cp);
	if (w < 0)
		return g;
	g.len = r;
	g.cols = w;
	g.bytes = s;
	g.nbytes = r;
	return g;
}

int
wtext_width(const char *s)
{
	size_t n = strlen(s);
	int cols = 0;

	while (n > 0) {
		struct glyph g = next_glyph(s, n);

		cols += g.cols;
		s += g.len;
		n -= g.len;
	}
	return cols;
}

/* Appends bytes if they fit with room for the NUL; false when not. */
static bool
put(char *out, size_t outsz, size_t *pos, const char *p, size_t n)
{
	if (*pos + n + 1 > outsz)
		return false;
	memcpy(out + *pos, p, n);
	*pos += n;
	out[*pos] = '\0';
	return true;
}

static int
put_spaces(char *out, size_t outsz, size_t *pos, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (!put(out, outsz, pos, " ", 1))
			break;
	return i;
}

/* Copies at most width columns of s; sets *cut when s did not fit. */
static int
copy_cols(const char *s, int width, char *out, size_t outsz, size_t *pos, bool *cut)
{
	const char *ell = wtext_utf8() ? ELLIPSIS_UTF8 : "~";
	size_t n = strlen(s);
	int cols = 0;

	*cut = wtext_width(s) > width;
	if (*cut && width > 0)
		width--;	/* the last column is the ellipsis */
	while (n > 0) {
		struct glyph g = next_glyph(s, n);

		if (cols + g.cols > width)
			break;
		if (!put(out, outsz, pos, g.bytes, g.nbytes))
			return cols;
		cols += g.cols;
		s += g.len;
		n -= g.len;
	}
	if (*cut) {
		/* A wide character that did not fit leaves a gap before the ellipsis. */
		cols += put_spaces(out, outsz, pos, width - cols);
		if (put(out, outsz, pos, ell, strlen(ell)))
			cols++;
	}
	return cols;
}

int
wtext_trunc(const char *s, int width, char *out, size_t outsz)
{
	size_t pos = 0;
	bool cut;

	if (outsz == 0)
		return 0;
	out[0] = '\0';
	if (width <= 0)
		return 0;
	return copy_cols(s, width, out, outsz, &pos, &cut);
}

size_t
wtext_prefix(const char *s, int width)
{
	size_t n = strlen(s), pos = 0;
	int cols = 0;

	while (pos < n) {
		struct glyph g = next_glyph(s + pos, n - pos);

		if (cols + g.cols > width && pos > 0)
			break;
		cols += g.cols;
		pos += g.len;
	}
	return pos;
}

int
wtext_fit(const char *s, int width, enum wtext_align align, char *out, size_t outsz)
{
	size_t pos = 0;
	int w, pad, cols = 0;
	bool cut;

	if (outsz == 0)
		return 0;
	out[0] = '\0';
	if (width <= 0)
		return 0;
	w = wtext_width(s);
	pad = w < width ? width - w : 0;
	if (align == WTEXT_RIGHT)
		cols += put_spaces(out, outsz, &pos, pad);
	else if (align == WTEXT_CENTER)
		cols += put_spaces(out, outsz, &pos, pad / 2);
	cols += copy_cols(s, width - cols, out, outsz, &pos, &cut);
	cols += put_spaces(out, outsz, &pos, width - cols);
	return cols;
}
