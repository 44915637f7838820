/*
 * Screen 9, products: the catalogue as the API describes it, one level at a
 * time: cloud service types (ListServiceTypes), a service's resource types
 * (ListServiceResources, described by ListResourceTypes), a resource type's
 * usage types (ListUsageTypes); Enter on a usage type opens the price
 * calculator for it. `v` shows the measurement units (ListMeasureUnits) and
 * their conversions (ListConversions), the table every quantity in the
 * program is converted with.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/draw.h"
#include "tui/scr.h"
#include "tui/sheet.h"
#include "tui/ui.h"
#include "util/xalloc.h"

/* Seconds between automatic reloads of what the screen shows. */
#define PRODUCTS_REFRESH_S 3600u

enum level { L_SERVICES, L_RTYPES, L_USAGE, L_UNITS, L_NLEVELS };

static const enum billing_slot level_slot[L_NLEVELS] = {
	[L_SERVICES] = BILLING_SERVICES, [L_RTYPES] = BILLING_SERVICE_RESOURCES,
	[L_USAGE] = BILLING_USAGE_TYPES, [L_UNITS] = BILLING_MEASURES,
};

static const struct sheet_column service_cols[] = {
	{ "Service", 30, 12, SHEET_TEXT }, { "Code", 28, 0, SHEET_TEXT },
	{ "Abbreviation", 12, 0, SHEET_TEXT }, { "Resource types", 14, 0, SHEET_INT },
};
static const struct sheet_column rtype_cols[] = {
	{ "Resource type", 26, 12, SHEET_TEXT }, { "Code", 32, 0, SHEET_TEXT },
	{ "Description", 40, 0, SHEET_TEXT },
};
static const struct sheet_column usage_cols[] = {
	{ "Usage type", 26, 12, SHEET_TEXT }, { "Code", 16, 0, SHEET_TEXT },
	{ "Resource type", 20, 0, SHEET_TEXT }, { "Service", 24, 0, SHEET_TEXT },
};
static const struct sheet_column unit_cols[] = {
	{ "Unit", 12, 6, SHEET_TEXT }, { "ID", 5, 0, SHEET_INT },
	{ "Abbreviation", 12, 0, SHEET_TEXT }, { "Measures", 20, 0, SHEET_TEXT },
	{ "Conversions", 40, 0, SHEET_TEXT },
};

struct products {
	struct scr_table st;
	struct sheet *sheets[L_NLEVELS];
	unsigned gen[L_NLEVELS];
	enum level level, browse;      /* browse: the catalogue level to go back to from units */
	char *service, *service_name, *rtype, *rtype_name;
	char buf[512];                 /* a cell's text made for the occasion */
};

static const struct model *
slot_model(struct view *v, enum level l)
{
	return billing_view(scr_billing(v), level_slot[l])->model;
}

/* ---- the four tables ---------------------------------------------------------------- */

static size_t
services_count(void *ud)
{
	const struct model_service_types *m = model_service_types(slot_model(ud, L_SERVICES));

	return m != NULL ? m->n_service_types : 0;
}

static void
services_value(void *ud, size_t row, size_t col, struct sheet_value *v)
{
	const struct model_service_type *s =
	    &model_service_types(slot_model(ud, L_SERVICES))->service_types[row];
	const struct model_resource_types *rt =
	    model_resource_types(billing_view(scr_billing(ud), BILLING_RESOURCE_TYPES)->model);

	switch (col) {
	case 0: v->text = s->service_type_name; break;
	case 1: v->text = s->service_type_code; break;
	case 2: v->text = s->abbreviation; break;
	default:
		v->empty = rt == NULL;
		for (size_t i = 0; rt != NULL && i < rt->n_resource_types; i++)
			v->num += strcmp(rt->resource_types[i].service_type_code, s->service_type_code) == 0;
		break;
	}
}

static size_t
rtypes_count(void *ud)
{
	const struct model_service_resources *m = model_service_resources(slot_model(ud, L_RTYPES));

	return m != NULL ? m->n_infos : 0;
}

/* The resource type's description from the full list, when the service's list has none. */
static const char *
rtype_desc(struct view *v, const struct model_resource_basic_info *bi)
{
	const struct model_resource_types *rt =
	    model_resource_types(billing_view(scr_billing(v), BILLING_RESOURCE_TYPES)->model);

	if (bi->description[0] != '\0')
		return bi->description;
	for (size_t i = 0; rt != NULL && i < rt->n_resource_types; i++)
		if (strcmp(rt->resource_types[i].resource_type_code, bi->resource_type_code) == 0)
			return rt->resource_types[i].resource_type_desc;
	return "";
}

static void
rtypes_value(void *ud, size_t row, size_t col, struct sheet_value *v)
{
	const struct model_resource_basic_info *bi =
	    &model_service_resources(slot_model(ud, L_RTYPES))->infos[row].basic_info;

	switch (col) {
	case 0: v->text = bi->name; break;
	case 1: v->text = bi->resource_type_code; break;
	default: v->text = rtype_desc(ud, bi); break;
	}
}

static size_t
usage_count(void *ud)
{
	const struct model_usage_types *m = model_usage_types(slot_model(ud, L_USAGE));

	return m != NULL ? m->n_usage_types : 0;
}

static void
usage_value(void *ud, size_t row, size_t col, struct sheet_value *v)
{
	const struct model_usage_type *u = &model_usage_types(slot_model(ud, L_USAGE))->usage_types[row];

	switch (col) {
	case 0: v->text = u->name; break;
	case 1: v->text = u->code; break;
	case 2: v->text = u->resource_type_name; break;
	default: v->text = u->service_type_name; break;
	}
}

static size_t
units_count(void *ud)
{
	const struct model_measure_units *m = model_measure_units(slot_model(ud, L_UNITS));

	return m != NULL ? m->n_measure_units : 0;
}

/* "1 TB = 1024 GB": the conversions from this unit. */
static const char *
conversions_of(struct view *v, int32_t id, char *buf, size_t n)
{
	struct billing *b = scr_billing(v);
	const struct model_conversions *cv =
	    model_conversions(billing_view(b, BILLING_CONVERSIONS)->model);
	const struct units *u = billing_units(b);
	size_t pos = 0;

	buf[0] = '\0';
	for (size_t i = 0; cv != NULL && i < cv->n_conversions && pos + 1 < n; i++) {
		const struct model_conversion *c = &cv->conversions[i];
		int w;

		if (c->measure_id != id)
			continue;
		w = snprintf(buf + pos, n - pos, "%s1 %s = %lld %s", pos ? "; " : "",
		    units_name(u, c->measure_id), (long long)c->conversion_ratio,
		    units_name(u, c->ref_measure_id));
		if (w < 0)
			break;
		pos += (size_t)w < n - pos ? (size_t)w : n - pos - 1;
	}
	return buf;
}

static void
units_value(void *ud, size_t row, size_t col, struct sheet_value *v)
{
	struct view *view = ud;
	struct products *pv = view->priv;
	const struct model_measure_unit *m =
	    &model_measure_units(slot_model(ud, L_UNITS))->measure_units[row];

	switch (col) {
	case 0: v->text = m->measure_name; break;
	case 1: v->num = m->measure_id; break;
	case 2: v->text = m->abbreviation; break;
	case 3: v->text = units_type_name(m->measure_type, pv->buf, sizeof pv->buf); break;
	default: v->text = conversions_of(view, m->measure_id, pv->buf, sizeof pv->buf); break;
	}
}

static const struct sheet_source sources[L_NLEVELS] = {
	[L_SERVICES] = { services_count, services_value },
	[L_RTYPES] = { rtypes_count, rtypes_value },
	[L_USAGE] = { usage_count, usage_value },
	[L_UNITS] = { units_count, units_value },
};

/* ---- the view ------------------------------------------------------------------------ */

static void
set_level(struct view *v, enum level l)
{
	struct products *pv = v->priv;

	pv->level = l;
	pv->st.t = sheet_table(pv->sheets[l]);
}

static void
products_open(struct view *v)
{
	billing_load_catalogue(scr_billing(v), false);
	billing_load_units(scr_billing(v));
}

static void
products_draw(struct view *v, WINDOW *w)
{
	struct products *pv = v->priv;
	const struct store_view *sv = billing_view(scr_billing(v), level_slot[pv->level]);
	char title[256];

	/* Row counts of other levels depend on other slots: reload on any of them. */
	for (int l = 0; l < L_NLEVELS; l++) {
		unsigned g = billing_view(scr_billing(v), level_slot[l])->generation +
		    billing_view(scr_billing(v), l == L_UNITS ? BILLING_CONVERSIONS :
		    BILLING_RESOURCE_TYPES)->generation;

		if (g != pv->gen[l]) {
			pv->gen[l] = g;
			table_reload(sheet_table(pv->sheets[l]));
		}
	}
	switch (pv->level) {
	case L_SERVICES:
		snprintf(title, sizeof title, "Products: cloud services (Enter: resource types, "
		    "v: units)");
		break;
	case L_RTYPES:
		snprintf(title, sizeof title, "Products > %s: resource types (Enter: usage types)",
		    pv->service_name);
		break;
	case L_USAGE:
		snprintf(title, sizeof title, "Products > %s > %s: usage types (Enter: price)",
		    pv->service_name, pv->rtype_name);
		break;
	default:
		snprintf(title, sizeof title, "Measurement units and conversions (v: products)");
		break;
	}
	pv->st.top = scr_header(w, title, sv);
	scr_draw_table(w, pv->st.top, pv->st.t, true);
}

static void
replace(char **dst, const char *s)
{
	free(*dst);
	*dst = xstrdup(s);
}

static void
products_enter(struct view *v)
{
	struct products *pv = v->priv;
	size_t row;

	if (!table_cursor_row(pv->st.t, &row))
		return;
	switch (pv->level) {
	case L_SERVICES: {
		const struct model_service_type *s =
		    &model_service_types(slot_model(v, L_SERVICES))->service_types[row];

		replace(&pv->service, s->service_type_code);
		replace(&pv->service_name, s->service_type_name[0] ? s->service_type_name :
		    s->service_type_code);
		billing_load_service_resources(scr_billing(v), pv->service, false);
		set_level(v, L_RTYPES);
		table_set_cursor(pv->st.t, 0);
		break;
	}
	case L_RTYPES: {
		const struct model_resource_basic_info *bi =
		    &model_service_resources(slot_model(v, L_RTYPES))->infos[row].basic_info;

		replace(&pv->rtype, bi->resource_type_code);
		replace(&pv->rtype_name, bi->name[0] ? bi->name : bi->resource_type_code);
		billing_load_usage_types(scr_billing(v), pv->rtype, false);
		set_level(v, L_USAGE);
		table_set_cursor(pv->st.t, 0);
		break;
	}
	case L_USAGE: {
		const struct model_usage_type *u =
		    &model_usage_types(slot_model(v, L_USAGE))->usage_types[row];

		ui_push(v->ui, price_view_new(v->ui, v->store, u->service_type_code[0] ?
		    u->service_type_code : pv->service, pv->rtype, u->code));
		break;
	}
	default:
		break;
	}
}

static void
products_refresh(struct view *v)
{
	struct products *pv = v->priv;
	struct billing *b = scr_billing(v);

	switch (pv->level) {
	case L_RTYPES: billing_load_service_resources(b, pv->service, true); break;
	case L_USAGE: billing_load_usage_types(b, pv->rtype, true); break;
	default: billing_load_catalogue(b, true); break;
	}
}

static bool
products_key(struct view *v, enum cmd c)
{
	struct products *pv = v->priv;
	static const char *const names[L_NLEVELS] = { "services", "resource-types", "usage-types",
		"units" };
	char name[64];

	switch (c) {
	case CMD_ENTER:
		products_enter(v);
		return true;
	case CMD_GROUP:
		if (pv->level == L_UNITS) {
			set_level(v, pv->browse);
		} else {
			pv->browse = pv->level;
			set_level(v, L_UNITS);
		}
		return true;
	case CMD_PRICE:
		/* The calculator for what is being browsed. */
		ui_push(v->ui, price_view_new(v->ui, v->store, pv->level >= L_RTYPES ? pv->service :
		    NULL, pv->level >= L_USAGE ? pv->rtype : NULL, NULL));
		return true;
	case CMD_REFRESH:
		products_refresh(v);
		return true;
	case CMD_BACK:
		if (scr_table_key(&pv->st, c, ""))
			return true;
		if (pv->level == L_UNITS)
			set_level(v, pv->browse);
		else if (pv->level != L_SERVICES)
			set_level(v, (enum level)(pv->level - 1));
		else
			return false;
		return true;
	default:
		snprintf(name, sizeof name, "products-%s.csv", names[pv->level]);
		return scr_table_key(&pv->st, c, name);
	}
}

static void
products_select(struct view *v, int y, int x)
{
	struct products *pv = v->priv;
	size_t pos;

	(void)x;
	if (table_hit(pv->st.t, y - pv->st.top, &pos))
		table_set_cursor(pv->st.t, pos);
}

static void
products_close(struct view *v)
{
	struct products *pv = v->priv;

	for (int l = 0; l < L_NLEVELS; l++)
		sheet_free(pv->sheets[l]);
	free(pv->service);
	free(pv->service_name);
	free(pv->rtype);
	free(pv->rtype_name);
	free(pv);
	free(v);
}

static const struct view_ops products_ops = {
	"Products", products_open, products_draw, products_key, products_select, products_close,
};

struct view *
products_view_new(struct ui *ui, struct store *store)
{
	struct view *v = xcalloc(1, sizeof *v);
	struct products *pv = xcalloc(1, sizeof *pv);
	static const struct {
		const struct sheet_column *cols;
		size_t n;
	} cols[L_NLEVELS] = {
		[L_SERVICES] = { service_cols, sizeof service_cols / sizeof service_cols[0] },
		[L_RTYPES] = { rtype_cols, sizeof rtype_cols / sizeof rtype_cols[0] },
		[L_USAGE] = { usage_cols, sizeof usage_cols / sizeof usage_cols[0] },
		[L_UNITS] = { unit_cols, sizeof unit_cols / sizeof unit_cols[0] },
	};

	v->ops = &products_ops;
	v->ui = ui;
	v->store = store;
	v->priv = pv;
	/* The catalogue changes seldom: reloading it each refresh would be waste. */
	v->auto_refresh_s = store_options(store)->refresh_interval_s > PRODUCTS_REFRESH_S ?
	    store_options(store)->refresh_interval_s : PRODUCTS_REFRESH_S;
	pv->service = xstrdup("");
	pv->service_name = xstrdup("");
	pv->rtype = xstrdup("");
	pv->rtype_name = xstrdup("");
	for (int l = 0; l < L_NLEVELS; l++)
		pv->sheets[l] = sheet_new(&sources[l], v, cols[l].cols, cols[l].n, store);
	pv->st.ui = ui;
	set_level(v, L_SERVICES);
	return v;
}
