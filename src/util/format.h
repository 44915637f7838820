/*
 * format: a table of typed cells written as an aligned text table, JSON, CSV
 * or markdown.
 *
 * Every `get` builds one fmt_table and hands it here, so the four outputs
 * always carry the same columns; the dashboard's export (`x`) writes its
 * tables through it too, which is why it lives in util/ and not in cli/. A column's `name` is its stable JSON/CSV
 * field name (documented in bssdash(1)); its `title` is what a person reads.
 *
 *   table     columns aligned by display width (Chinese takes two cells),
 *             numbers right-aligned, money with the currency's 2 places,
 *             control characters shown as U+FFFD so network text cannot
 *             drive the terminal
 *   json      an array of objects, one per row; money as exact JSON numbers,
 *             integers as numbers, absent values as null
 *   csv       RFC 4180: header line, CRLF line ends, fields quoted when they
 *             hold a comma, quote, CR or LF; money as exact decimals
 *   markdown  a GitHub table; '|' escaped, line breaks as spaces
 */
#ifndef BSS_UTIL_FORMAT_H
#define BSS_UTIL_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"
#include "util/money.h"

enum fmt_output {
	FMT_TABLE,
	FMT_JSON,
	FMT_CSV,
	FMT_MARKDOWN,
};

enum fmt_type {
	FMT_TEXT,
	FMT_INT,
	FMT_MONEY,
	FMT_BOOL,
};

struct fmt_col {
	const char *name;    /* JSON key and CSV header: stable */
	const char *title;   /* table and markdown header */
	enum fmt_type type;
};

struct fmt_table;

/* 0 and *out set, or -1 for an unknown name ("table", "json", "csv", "markdown"). */
int fmt_output_parse(const char *name, enum fmt_output *out);

/* cols must outlive the table (static tables of columns are the rule). */
struct fmt_table *fmt_table_new(const struct fmt_col *cols, size_t ncols);
void fmt_table_free(struct fmt_table *t);
size_t fmt_table_rows(const struct fmt_table *t);
/* Leaves a column out of every rendering (its cells may still be set). */
void fmt_hide(struct fmt_table *t, size_t col);

/*
 * Starts a new row; its cells are null until set. The setters address a
 * cell of the last row by column index; strings are copied.
 */
void fmt_row(struct fmt_table *t);
void fmt_text(struct fmt_table *t, size_t col, const char *s);   /* NULL: null */
void fmt_int(struct fmt_table *t, size_t col, int64_t v);
void fmt_money(struct fmt_table *t, size_t col, money_t m);
void fmt_bool(struct fmt_table *t, size_t col, bool v);

/* Appends the rendering to out, which must have no cap (output is ours, not the network's). */
void fmt_render(const struct fmt_table *t, enum fmt_output o, struct buf *out);

/*
 * Several named tables as one document: a JSON object whose members are
 * the tables (a `single` table as its first row's object), the tables one
 * after another under their names for table and markdown, and the last
 * table alone for CSV (which has no sections).
 */
struct fmt_section {
	const char *name;
	const struct fmt_table *table;
	bool single;
};

void fmt_render_sections(const struct fmt_section *s, size_t n, enum fmt_output o,
    struct buf *out);

/* Appends s with control characters and invalid UTF-8 replaced by U+FFFD. */
void fmt_sanitize(struct buf *out, const char *s);
/* Appends s padded with spaces to `width` display cells, on the left or right. */
void fmt_pad(struct buf *out, const char *s, size_t width, bool right);

#endif
