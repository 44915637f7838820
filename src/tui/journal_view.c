/*
 * The journal screen (J, :journal): every action the journal holds, newest
 * first, with its outcome; Enter shows one action in full (the request, the
 * answer, per-target failures). It re-reads the file whenever it changed,
 * so an action finishing while it is open shows up at once.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tui/draw.h"
#include "tui/screens.h"
#include "tui/ui.h"
#include "util/xalloc.h"

#define NCOLS 8
#define DETAIL_MAX 64

struct jview {
	const struct journal *j;
	struct journal_log *log;
	char error[512];
	struct table *t;
	struct timespec mtime;   /* of the file when last read */
	off_t size;
};

/* Row r of the table is the r-th newest entry. */
static const struct journal_entry *
entry(const struct jview *jv, size_t r)
{
	return &jv->log->entries[jv->log->nentries - 1 - r];
}

static size_t
jv_count(void *ud)
{
	struct jview *jv = ud;

	return jv->log != NULL ? jv->log->nentries : 0;
}

static const char *
local_time(time_t t, char *buf, size_t n)
{
	struct tm tm;

	if (localtime_r(&t, &tm) == NULL || strftime(buf, n, "%Y-%m-%d %H:%M:%S", &tm) == 0)
		snprintf(buf, n, "%lld", (long long)t);
	return buf;
}

static const char *
joined(char *const *v, size_t n, char *buf, size_t size)
{
	size_t pos = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n && pos + 1 < size; i++) {
		int w = snprintf(buf + pos, size - pos, "%s%s", i ? "," : "", v[i]);

		if (w < 0)
			break;
		pos += (size_t)w < size - pos ? (size_t)w : size - pos - 1;
	}
	return buf;
}

static const char *
result_text(const struct journal_entry *e)
{
	return e->outcome != NULL ? journal_result_name(e->outcome->result) : "no outcome";
}

static const char *
jv_cell(void *ud, size_t row, size_t col, char *buf, size_t n)
{
	const struct journal_entry *e = entry(ud, row);
	const struct journal_record *in = e->intent, *out = e->outcome;
	char m[MONEY_BUFSZ];

	switch (col) {
	case 0: return local_time(in != NULL ? in->time : out->time, buf, n);
	case 1: return in != NULL ? in->action : "?";
	case 2: return in != NULL ? joined(in->targets, in->ntargets, buf, n) : "";
	case 3:
		if (in == NULL || !in->has_amount)
			return "";
		snprintf(buf, n, "%s %s", money_format_grouped(in->amount, 2, m, sizeof m),
		    in->currency != NULL ? in->currency : "");
		return buf;
	case 4: return result_text(e);
	case 5: return out != NULL ? journal_how_name(out->how) : "";
	case 6:
		if (out == NULL)
			return "";
		if (out->detail != NULL || out->error_msg != NULL)
			return out->detail != NULL ? out->detail : out->error_msg;
		if (out->nfailures == 0)
			return "";
		snprintf(buf, n, "%zu failed: %s: %s", out->nfailures, out->failures[0].id,
		    out->failures[0].error_msg != NULL ? out->failures[0].error_msg : "");
		return buf;
	default: return in != NULL && in->profile != NULL ? in->profile : "";
	}
}

static enum theme_elem
jv_style(void *ud, size_t row, size_t col)
{
	const struct journal_entry *e = entry(ud, row);

	if (col == 3)
		return TH_MONEY;
	if (col != 4)
		return TH_NORMAL;
	if (e->outcome == NULL)
		return TH_WARN;
	switch (e->outcome->result) {
	case JOURNAL_OK: return TH_OK;
	case JOURNAL_FAILED: return TH_ERROR;
	default: return TH_WARN;
	}
}

static const struct table_source jv_source = { jv_count, jv_cell, NULL, jv_style, NULL, NULL };

static const struct table_column jv_cols[NCOLS] = {
	{ "Time", 19, 10, WTEXT_LEFT }, { "Action", 13, 6, WTEXT_LEFT },
	{ "Targets", 24, 10, WTEXT_LEFT }, { "Amount", 14, 0, WTEXT_RIGHT },
	{ "Result", 10, 6, WTEXT_LEFT }, { "How", 9, 0, WTEXT_LEFT },
	{ "Detail", 40, 10, WTEXT_LEFT }, { "Profile", 10, 0, WTEXT_LEFT },
};

/* Reads the file again when it changed since the last read (or when forced). */
static void
jv_load(struct jview *jv, bool force)
{
	struct stat st;
	struct journal_log *log = NULL;

	if (stat(journal_path(jv->j), &st) == 0) {
		if (!force && jv->log != NULL && st.st_size == jv->size &&
		    st.st_mtim.tv_sec == jv->mtime.tv_sec && st.st_mtim.tv_nsec == jv->mtime.tv_nsec)
			return;
		jv->mtime = st.st_mtim;
		jv->size = st.st_size;
	}
	if (journal_read(jv->j, &log, jv->error, sizeof jv->error) != 0)
		return;	/* the last good read stays, with the error over it */
	jv->error[0] = '\0';
	journal_log_free(jv->log);
	jv->log = log;
	table_reload(jv->t);
}

static void
jv_open(struct view *v)
{
	jv_load(v->priv, false);
}

static void
jv_draw(struct view *v, WINDOW *w)
{
	struct jview *jv = v->priv;
	int maxy = getmaxy(w), maxx = getmaxx(w);
	char title[160];
	WINDOW *sub;

	jv_load(jv, false);
	snprintf(title, sizeof title, "Journal (%zu)", table_rows(jv->t));
	draw_text(w, 0, 1, 16, title, TH_PANE_TITLE, WTEXT_LEFT);
	if (jv->error[0] != '\0')
		draw_text(w, 0, 18, maxx - 19, jv->error, TH_ERROR, WTEXT_LEFT);
	else if (jv->log != NULL && jv->log->nproblems > 0)
	{
		char msg[600];

		snprintf(msg, sizeof msg, "%zu unreadable line%s in %s", jv->log->nproblems,
		    jv->log->nproblems == 1 ? "" : "s", journal_path(jv->j));
		draw_text(w, 0, 18, maxx - 19, msg, TH_WARN, WTEXT_LEFT);
	}
	else
		draw_text(w, 0, 18, maxx - 19, journal_path(jv->j), TH_DIM, WTEXT_LEFT);
	if (maxy < 3)
		return;
	sub = derwin(w, maxy - 1, maxx, 1, 0);
	if (sub == NULL)
		return;
	table_draw(jv->t, sub, true);
	delwin(sub);
}

static void
add_line(char **lines, size_t *n, const char *fmt, ...) BSS_PRINTF(3, 4);

static void
add_line(char **lines, size_t *n, const char *fmt, ...)
{
	va_list ap;

	if (*n == DETAIL_MAX)
		return;
	va_start(ap, fmt);
	lines[(*n)++] = xvasprintf(fmt, ap);
	va_end(ap);
}

/* Enter: the whole action, as the detail view's "key\tvalue" lines. */
static void
jv_detail(struct view *v)
{
	struct jview *jv = v->priv;
	const struct journal_entry *e;
	const struct journal_record *in, *out;
	char *lines[DETAIL_MAX], buf[1024], t[64], title[96];
	size_t row, n = 0;

	if (!table_cursor_row(jv->t, &row))
		return;
	e = entry(jv, row);
	in = e->intent;
	out = e->outcome;
	if (in != NULL) {
		add_line(lines, &n, "Time\t%s", local_time(in->time, t, sizeof t));
		add_line(lines, &n, "Action\t%s", in->action);
		add_line(lines, &n, "Targets\t%s", joined(in->targets, in->ntargets, buf, sizeof buf));
		add_line(lines, &n, "Amount\t%s", jv_cell(jv, row, 3, buf, sizeof buf));
		add_line(lines, &n, "Profile\t%s", in->profile != NULL ? in->profile : "");
		add_line(lines, &n, "Endpoint\t%s", in->endpoint != NULL ? in->endpoint : "");
		add_line(lines, &n, "Request\t%s %s", in->method != NULL ? in->method : "",
		    in->path != NULL ? in->path : "");
		if (in->body != NULL)
			add_line(lines, &n, "Body\t%s", in->body);
	}
	add_line(lines, &n, "Result\t%s", result_text(e));
	if (out != NULL) {
		add_line(lines, &n, "How\t%s", journal_how_name(out->how));
		add_line(lines, &n, "Recorded\t%s", local_time(out->time, t, sizeof t));
		if (out->request_id != NULL)
			add_line(lines, &n, "Request id\t%s", out->request_id);
		if (out->error_code != NULL || out->error_msg != NULL)
			add_line(lines, &n, "Error\t%s %s", out->error_code != NULL ? out->error_code : "",
			    out->error_msg != NULL ? out->error_msg : "");
		if (out->detail != NULL)
			add_line(lines, &n, "Detail\t%s", out->detail);
		if (out->norder_ids > 0)
			add_line(lines, &n, "Orders\t%s", joined(out->order_ids, out->norder_ids, buf, sizeof buf));
		for (size_t i = 0; i < out->nfailures; i++)
			add_line(lines, &n, "Failed\t%s: %s %s", out->failures[i].id,
			    out->failures[i].error_code != NULL ? out->failures[i].error_code : "",
			    out->failures[i].error_msg != NULL ? out->failures[i].error_msg : "");
	}
	snprintf(title, sizeof title, "Journal: %s", in != NULL ? in->id : out->id);
	ui_push(v->ui, detail_view_new(v->ui, v->store, title, (const char *const *)lines, n,
	    STORE_DETAIL_NONE, NULL, 0));
	for (size_t i = 0; i < n; i++)
		free(lines[i]);
}

static bool
jv_key(struct view *v, enum cmd c)
{
	struct jview *jv = v->priv;

	switch (c) {
	case CMD_ENTER:
		jv_detail(v);
		return true;
	case CMD_REFRESH:
		jv_load(jv, true);
		return true;
	default:
		return table_command(jv->t, c);
	}
}

static void
jv_select(struct view *v, int y, int x)
{
	struct jview *jv = v->priv;
	size_t pos;

	(void)x;
	if (table_hit(jv->t, y - 1, &pos))
		table_set_cursor(jv->t, pos);
}

static void
jv_close(struct view *v)
{
	struct jview *jv = v->priv;

	table_free(jv->t);
	journal_log_free(jv->log);
	free(jv);
	free(v);
}

const struct view_ops journal_view_ops = {
	"Journal", jv_open, jv_draw, jv_key, jv_select, jv_close,
};

struct view *
journal_view_new(struct ui *ui, struct store *store, const struct journal *j)
{
	struct view *v = xcalloc(1, sizeof *v);
	struct jview *jv = xcalloc(1, sizeof *jv);

	jv->j = j;
	jv->t = table_new(&jv_source, jv, jv_cols, NCOLS);
	v->ops = &journal_view_ops;
	v->ui = ui;
	v->store = store;
	v->priv = jv;
	return v;
}
