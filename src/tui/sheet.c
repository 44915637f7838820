#include "tui/sheet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/scr.h"
#include "util/xalloc.h"

#define MAX_COLS 16

struct sheet {
	const struct sheet_source *src;
	void *ud;
	struct store *store;
	enum sheet_type types[MAX_COLS];
	struct table *t;
};

const char *
sheet_format(struct sheet *s, enum sheet_type type, const struct sheet_value *v, char *buf,
    size_t n)
{
	if (v->empty) {
		buf[0] = '\0';
		return buf;
	}
	switch (type) {
	case SHEET_MONEY:
		return money_format_grouped(v->money, 2, buf, n);
	case SHEET_INT:
		snprintf(buf, n, "%lld", v->num);
		return buf;
	case SHEET_QTY:
		/* No unit: the record has no quantity (a prepaid fee, say). */
		if (v->measure_id == 0)
			return "";
		return scr_quantity(s->store, v->money, v->measure_id, buf, n);
	case SHEET_PERCENT:
		snprintf(buf, n, "%lld.%lld%%", v->num / 10, (v->num < 0 ? -v->num : v->num) % 10);
		return buf;
	default:
		return v->text != NULL ? v->text : "";
	}
}

static void
value(struct sheet *s, size_t row, size_t col, struct sheet_value *v)
{
	memset(v, 0, sizeof *v);
	s->src->value(s->ud, row, col, v);
}

static size_t
src_count(void *ud)
{
	struct sheet *s = ud;

	return s->src->count(s->ud);
}

static const char *
src_cell(void *ud, size_t row, size_t col, char *buf, size_t n)
{
	struct sheet *s = ud;
	struct sheet_value v;

	value(s, row, col, &v);
	return sheet_format(s, s->types[col], &v, buf, n);
}

/* Empty cells sort first, as "" does among texts. */
static bool
src_key(void *ud, size_t row, size_t col, int64_t *num, const char **text, char *buf, size_t n)
{
	struct sheet *s = ud;
	struct sheet_value v;

	value(s, row, col, &v);
	switch (s->types[col]) {
	case SHEET_TEXT:
		/* The value's text lives only until the next value call. */
		snprintf(buf, n, "%s", v.empty || v.text == NULL ? "" : v.text);
		*text = buf;
		return false;
	case SHEET_INT:
	case SHEET_PERCENT:
		*num = v.empty ? INT64_MIN : (int64_t)v.num;
		return true;
	default:
		*num = v.empty ? INT64_MIN : v.money;
		return true;
	}
}

static enum theme_elem
src_style(void *ud, size_t row, size_t col)
{
	struct sheet *s = ud;
	struct sheet_value v;

	value(s, row, col, &v);
	if (v.style != TH_NORMAL)
		return v.style;
	return s->types[col] == SHEET_MONEY ? TH_MONEY : TH_NORMAL;
}

static const struct table_source sheet_source = {
	src_count, src_cell, src_key, src_style, NULL, NULL,
};

struct sheet *
sheet_new(const struct sheet_source *src, void *ud, const struct sheet_column *cols, size_t ncols,
    struct store *store)
{
	struct sheet *s = xcalloc(1, sizeof *s);
	struct table_column tc[MAX_COLS];

	if (ncols > MAX_COLS)
		die("sheet: %zu columns", ncols);
	s->src = src;
	s->ud = ud;
	s->store = store;
	for (size_t i = 0; i < ncols; i++) {
		s->types[i] = cols[i].type;
		tc[i] = (struct table_column){ cols[i].title, cols[i].width, cols[i].min,
			cols[i].type == SHEET_TEXT ? WTEXT_LEFT : WTEXT_RIGHT };
	}
	s->t = table_new(&sheet_source, s, tc, ncols);
	return s;
}

void
sheet_free(struct sheet *s)
{
	if (s == NULL)
		return;
	table_free(s->t);
	free(s);
}

struct table *
sheet_table(struct sheet *s)
{
	return s->t;
}
