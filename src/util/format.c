#include "util/format.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/jsonw.h"
#include "util/utf8.h"
#include "util/xalloc.h"

struct cell {
	bool set;
	char *text;      /* FMT_TEXT */
	int64_t num;     /* FMT_INT, FMT_MONEY (money_t), FMT_BOOL */
};

struct fmt_table {
	const struct fmt_col *cols;
	size_t ncols;
	bool *hidden;          /* per column */
	struct cell *cells;   /* nrows * ncols */
	size_t nrows, caprows;
};

static const char *const output_names[] = {
	[FMT_TABLE] = "table",
	[FMT_JSON] = "json",
	[FMT_CSV] = "csv",
	[FMT_MARKDOWN] = "markdown",
};

int
fmt_output_parse(const char *name, enum fmt_output *out)
{
	for (size_t i = 0; i < sizeof output_names / sizeof output_names[0]; i++) {
		if (strcmp(name, output_names[i]) == 0) {
			*out = (enum fmt_output)i;
			return 0;
		}
	}
	return -1;
}

struct fmt_table *
fmt_table_new(const struct fmt_col *cols, size_t ncols)
{
	struct fmt_table *t = xcalloc(1, sizeof *t);

	t->cols = cols;
	t->ncols = ncols;
	t->hidden = xcalloc(ncols, sizeof *t->hidden);
	return t;
}

void
fmt_hide(struct fmt_table *t, size_t col)
{
	if (col < t->ncols)
		t->hidden[col] = true;
}

void
fmt_table_free(struct fmt_table *t)
{
	if (t == NULL)
		return;
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i].text);
	free(t->cells);
	free(t->hidden);
	free(t);
}

size_t
fmt_table_rows(const struct fmt_table *t)
{
	return t->nrows;
}

void
fmt_row(struct fmt_table *t)
{
	if (t->nrows == t->caprows) {
		t->caprows = t->caprows ? t->caprows * 2 : 16;
		t->cells = xreallocarray(t->cells, t->caprows * t->ncols, sizeof *t->cells);
	}
	memset(&t->cells[t->nrows * t->ncols], 0, t->ncols * sizeof *t->cells);
	t->nrows++;
}

/* The cell of the last row; a wrong column or a missing row is a bug. */
static struct cell *
cell_at(struct fmt_table *t, size_t col, enum fmt_type type)
{
	struct cell *c;

	if (t->nrows == 0 || col >= t->ncols || t->cols[col].type != type)
		die("fmt: bad cell %zu", col);
	c = &t->cells[(t->nrows - 1) * t->ncols + col];
	free(c->text);
	c->text = NULL;
	c->set = true;
	return c;
}

void
fmt_text(struct fmt_table *t, size_t col, const char *s)
{
	struct cell *c = cell_at(t, col, FMT_TEXT);

	c->set = s != NULL;
	c->text = s != NULL ? xstrdup(s) : NULL;
}

void
fmt_int(struct fmt_table *t, size_t col, int64_t v)
{
	cell_at(t, col, FMT_INT)->num = v;
}

void
fmt_money(struct fmt_table *t, size_t col, money_t m)
{
	cell_at(t, col, FMT_MONEY)->num = m;
}

void
fmt_bool(struct fmt_table *t, size_t col, bool v)
{
	cell_at(t, col, FMT_BOOL)->num = v;
}

void
fmt_sanitize(struct buf *out, const char *s)
{
	size_t n = strlen(s);

	for (size_t i = 0; i < n; ) {
		uint32_t cp;
		size_t len = utf8_decode(s + i, n - i, &cp);

		/* C0, DEL and C1 controls would let a name move the cursor. */
		if (cp == UTF8_INVALID || cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
			buf_puts(out, "\xEF\xBF\xBD");
		else
			buf_append(out, s + i, len);
		i += len;
	}
}

void
fmt_pad(struct buf *out, const char *s, size_t width, bool right)
{
	size_t w = utf8_width(s);
	size_t pad = w < width ? width - w : 0;

	if (!right)
		buf_puts(out, s);
	for (size_t i = 0; i < pad; i++)
		buf_putc(out, ' ');
	if (right)
		buf_puts(out, s);
}

/* Money for people: the currency's 2 places, more when the value has them. */
static const char *
money_human(money_t m, char *buf, size_t n)
{
	int decimals = MONEY_DECIMALS;
	money_t frac = m % MONEY_SCALE;

	while (decimals > 2 && frac % 10 == 0) {
		frac /= 10;
		decimals--;
	}
	return money_format_grouped(m, decimals, buf, n);
}

/*
 * The cell as text for table, CSV and markdown: human (table, markdown) or
 * exact (CSV). NULL for an unset cell. Returns buf or the cell's own text.
 */
static const char *
cell_text(const struct fmt_col *col, const struct cell *c, bool human, char *buf, size_t n)
{
	if (!c->set)
		return NULL;
	switch (col->type) {
	case FMT_TEXT:
		return c->text;
	case FMT_INT:
		snprintf(buf, n, "%" PRId64, c->num);
		return buf;
	case FMT_MONEY:
		return human ? money_human(c->num, buf, n) : money_format_plain(c->num, buf, n);
	case FMT_BOOL:
		return c->num ? (human ? "yes" : "true") : (human ? "no" : "false");
	}
	return NULL;
}

static bool
right_aligned(const struct fmt_col *col)
{
	return col->type == FMT_INT || col->type == FMT_MONEY;
}

/* Every cell's display text for table/markdown, sanitized: rows+1 (header) by ncols. */
static char **
human_cells(const struct fmt_table *t, bool markdown)
{
	size_t n = (t->nrows + 1) * t->ncols;
	char **v = xcalloc(n, sizeof *v);

	for (size_t i = 0; i < n; i++) {
		size_t c = i % t->ncols;
		char tmp[MONEY_BUFSZ];
		const char *s = i < t->ncols ? t->cols[c].title :
		    cell_text(&t->cols[c], &t->cells[i - t->ncols], true, tmp, sizeof tmp);
		struct buf b = BUF_INIT(0), clean = BUF_INIT(0);

		if (s == NULL)
			s = markdown ? "" : "-";
		for (const char *p = s; *p != '\0'; p++) {
			/* Markdown: '|' would end the cell, a newline the row. */
			if (markdown && *p == '|')
				buf_puts(&b, "\\|");
			else if (markdown && (*p == '\n' || *p == '\r'))
				buf_putc(&b, ' ');
			else
				buf_putc(&b, *p);
		}
		fmt_sanitize(&clean, buf_cstr(&b));
		v[i] = xstrdup(buf_cstr(&clean));
		buf_free(&clean);
		buf_free(&b);
	}
	return v;
}

/* One past the last column that is shown. */
static size_t
last_visible(const struct fmt_table *t)
{
	size_t n = t->ncols;

	while (n > 0 && t->hidden[n - 1])
		n--;
	return n;
}

static void
render_aligned(const struct fmt_table *t, bool markdown, struct buf *out)
{
	char **v = human_cells(t, markdown);
	size_t *width = xcalloc(t->ncols, sizeof *width);
	size_t n = (t->nrows + 1) * t->ncols;

	for (size_t i = 0; i < n; i++) {
		size_t w = utf8_width(v[i]);
		if (w > width[i % t->ncols])
			width[i % t->ncols] = w;
	}
	if (markdown)
		for (size_t c = 0; c < t->ncols; c++)
			if (width[c] < 3)
				width[c] = 3;
	for (size_t r = 0; r <= t->nrows; r++) {
		bool first = true;

		if (markdown)
			buf_puts(out, "| ");
		for (size_t c = 0; c < t->ncols; c++) {
			bool last = c + 1 == last_visible(t);
			const char *s = v[r * t->ncols + c];
			bool right = right_aligned(&t->cols[c]);

			if (t->hidden[c])
				continue;
			if (!first)
				buf_puts(out, markdown ? " | " : "  ");
			first = false;
			/* No trailing blanks after the last column of a text table. */
			if (last && !markdown && !right)
				buf_puts(out, s);
			else
				fmt_pad(out, s, width[c], right);
		}
		buf_puts(out, markdown ? " |\n" : "\n");
		if (markdown && r == 0) {
			buf_putc(out, '|');
			for (size_t c = 0; c < t->ncols; c++) {
				if (t->hidden[c])
					continue;
				buf_putc(out, ' ');
				for (size_t k = 0; k + 1 < width[c]; k++)
					buf_putc(out, '-');
				buf_putc(out, right_aligned(&t->cols[c]) ? ':' : '-');
				buf_puts(out, " |");
			}
			buf_putc(out, '\n');
		}
	}
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
	free(width);
}

static void
json_row(struct jsonw *w, const struct fmt_table *t, size_t r)
{
	jsonw_object_begin(w);
	for (size_t c = 0; c < t->ncols; c++) {
		const struct cell *cell = &t->cells[r * t->ncols + c];

		if (t->hidden[c])
			continue;
		jsonw_key(w, t->cols[c].name);
		if (!cell->set)
			jsonw_null(w);
		else if (t->cols[c].type == FMT_TEXT)
			jsonw_string(w, cell->text);
		else if (t->cols[c].type == FMT_INT)
			jsonw_int(w, cell->num);
		else if (t->cols[c].type == FMT_MONEY)
			jsonw_money(w, cell->num);
		else
			jsonw_bool(w, cell->num != 0);
	}
	jsonw_object_end(w);
}

/* The rows as an array, or the first row alone as an object. */
static void
json_table(struct jsonw *w, const struct fmt_table *t, bool single)
{
	if (single) {
		if (t->nrows > 0)
			json_row(w, t, 0);
		else
			jsonw_null(w);
		return;
	}
	jsonw_array_begin(w);
	for (size_t r = 0; r < t->nrows; r++)
		json_row(w, t, r);
	jsonw_array_end(w);
}

static void
render_json(const struct fmt_table *t, struct buf *out)
{
	struct jsonw w;

	jsonw_init(&w, out, true);
	json_table(&w, t, false);
	jsonw_finish(&w);
}

static void
csv_field(struct buf *out, const char *s)
{
	if (s == NULL)
		return;
	if (strpbrk(s, ",\"\r\n") == NULL) {
		buf_puts(out, s);
		return;
	}
	buf_putc(out, '"');
	for (const char *p = s; *p != '\0'; p++) {
		if (*p == '"')
			buf_putc(out, '"');
		buf_putc(out, *p);
	}
	buf_putc(out, '"');
}

/* Row r of the table (SIZE_MAX: the header) as one CSV record. */
static void
csv_record(const struct fmt_table *t, size_t r, struct buf *out)
{
	bool first = true;

	for (size_t c = 0; c < t->ncols; c++) {
		char tmp[MONEY_BUFSZ];

		if (t->hidden[c])
			continue;
		if (!first)
			buf_putc(out, ',');
		first = false;
		csv_field(out, r == SIZE_MAX ? t->cols[c].name :
		    cell_text(&t->cols[c], &t->cells[r * t->ncols + c], false, tmp, sizeof tmp));
	}
	buf_puts(out, "\r\n");
}

static void
render_csv(const struct fmt_table *t, struct buf *out)
{
	csv_record(t, SIZE_MAX, out);
	for (size_t r = 0; r < t->nrows; r++)
		csv_record(t, r, out);
}

void
fmt_render(const struct fmt_table *t, enum fmt_output o, struct buf *out)
{
	switch (o) {
	case FMT_TABLE:
		render_aligned(t, false, out);
		break;
	case FMT_MARKDOWN:
		render_aligned(t, true, out);
		break;
	case FMT_JSON:
		render_json(t, out);
		break;
	case FMT_CSV:
		render_csv(t, out);
		break;
	}
}

void
fmt_render_sections(const struct fmt_section *s, size_t n, enum fmt_output o, struct buf *out)
{
	struct jsonw w;

	switch (o) {
	case FMT_JSON:
		jsonw_init(&w, out, true);
		jsonw_object_begin(&w);
		for (size_t i = 0; i < n; i++) {
			jsonw_key(&w, s[i].name);
			json_table(&w, s[i].table, s[i].single);
		}
		jsonw_object_end(&w);
		jsonw_finish(&w);
		break;
	case FMT_CSV:
		if (n > 0)
			render_csv(s[n - 1].table, out);
		break;
	default:
		for (size_t i = 0; i < n; i++) {
			if (i > 0)
				buf_putc(out, '\n');
			buf_printf(out, o == FMT_MARKDOWN ? "### %s\n\n" : "%s:\n", s[i].name);
			fmt_render(s[i].table, o, out);
		}
		break;
	}
}
