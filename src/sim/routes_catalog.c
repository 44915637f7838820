/* Product catalog and rating operations: bss-api.md 6.1-6.8. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sim/routes.h"
#include "util/moneymul.h"

static bool
contains_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay != '\0'; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return true;
	return n == 0;
}

RT_HANDLER(rt_list_service_types)
{
	enum cat_lang lang = cat_lang_of(req->x_language);
	const char *name = sim_query_get(req, "service_type_name");
	long offset, limit;
	struct rt_page pg;

	(void)st;
	if (rt_query_page(req, resp, 1000, 2147483647L, &offset, &limit) != 0)
		return;
	if (name != NULL && (strlen(name) < 1 || strlen(name) > 128)) {
		sim_error(resp, 400, RT_BAD, "Invalid parameter: service_type_name must have 1 to 128 "
		    "characters");
		return;
	}
	rt_page_begin(&pg, offset, limit, "service_types");
	for (size_t i = 0; i < cat_nservices; i++) {
		const struct cat_service *s = &cat_services[i];
		cJSON *o;
		if ((name != NULL && !contains_ci(rt_service_name((int)i, lang), name)) ||
		    !rt_page_take(&pg))
			continue;
		o = cJSON_CreateObject();
		rt_str(o, "service_type_name", rt_service_name((int)i, lang));
		rt_str(o, "service_type_code", s->code);
		rt_str(o, "abbreviation", s->abbr);
		cJSON_AddItemToArray(pg.items, o);
	}
	rt_page_send(&pg, "total_count", resp);
}

RT_HANDLER(rt_list_resource_types)
{
	enum cat_lang lang = cat_lang_of(req->x_language);
	long offset, limit;
	struct rt_page pg;

	(void)st;
	if (rt_query_page(req, resp, 1000, 2147483647L, &offset, &limit) != 0)
		return;
	rt_page_begin(&pg, offset, limit, "resource_types");
	for (size_t i = 0; i < cat_nrtypes; i++) {
		const struct cat_rtype *t = &cat_rtypes[i];
		cJSON *o;
		if (!rt_page_take(&pg))
			continue;
		o = cJSON_CreateObject();
		rt_str(o, "resource_type_code", t->code);
		rt_str(o, "resource_type_name", rt_rtype_name((int)i, lang));
		rt_str(o, "resource_type_desc", t->desc_en);
		rt_str(o, "service_type_code", cat_services[t->service].code);
		cJSON_AddItemToArray(pg.items, o);
	}
	rt_page_send(&pg, "total_count", resp);
}

RT_HANDLER(rt_list_service_resources)
{
	enum cat_lang lang = cat_lang_of(req->x_language);
	const char *code;
	long offset, limit;
	int service;
	struct rt_page pg;

	(void)st;
	if (rt_query_required(req, resp, "service_type_code", &code) != 0 ||
	    rt_query_page(req, resp, 100, 2147483647L, &offset, &limit) != 0)
		return;
	service = cat_service_find(code);
	rt_page_begin(&pg, offset, limit, "infos");
	for (size_t i = 0; service >= 0 && i < cat_nrtypes; i++) {
		const struct cat_rtype *t = &cat_rtypes[i];
		cJSON *o, *b;
		if (t->service != service || !rt_page_take(&pg))
			continue;
		o = cJSON_CreateObject();
		b = cJSON_AddObjectToObject(o, "basic_info");
		rt_str(b, "resource_type_code", t->code);
		rt_str(b, "product_owner_service", cat_services[t->service].code);
		rt_str(b, "name", rt_rtype_name((int)i, lang));
		rt_str(b, "description", t->desc_en);
		cJSON_AddItemToArray(pg.items, o);
	}
	rt_page_send(&pg, "total_count", resp);
}

RT_HANDLER(rt_list_usage_types)
{
	enum cat_lang lang = cat_lang_of(req->x_language);
	/* Absent: no filter; "" is a filter too (bss-api.md 6.4), and matches nothing. */
	const char *rtype = sim_query_get(req, "resource_type_code");
	long offset, limit;
	struct rt_page pg;

	(void)st;
	if (rt_query_page(req, resp, 100, 2147483647L, &offset, &limit) != 0)
		return;
	rt_page_begin(&pg, offset, limit, "usage_types");
	for (size_t i = 0; i < cat_nusage_types; i++) {
		const struct cat_usage_type *u = &cat_usage_types[i];
		int service = cat_rtypes[u->rtype].service;
		cJSON *o;
		if ((rtype != NULL && !rt_eq(rtype, cat_rtypes[u->rtype].code)) || !rt_page_take(&pg))
			continue;
		o = cJSON_CreateObject();
		rt_str(o, "code", u->code);
		rt_str(o, "name", cat_pick(lang, u->name_zh, u->name_en));
		rt_str(o, "resource_type_code", cat_rtypes[u->rtype].code);
		rt_str(o, "service_type_code", cat_services[service].code);
		rt_str(o, "resource_type_name", rt_rtype_name(u->rtype, lang));
		rt_str(o, "service_type_name", rt_service_name(service, lang));
		cJSON_AddItemToArray(pg.items, o);
	}
	rt_page_send(&pg, "total_count", resp);
}

RT_HANDLER(rt_list_measure_units)
{
	enum cat_lang lang = cat_lang_of(req->x_language);
	cJSON *root = cJSON_CreateObject();
	cJSON *arr = cJSON_AddArrayToObject(root, "measure_units");

	(void)st;
	for (size_t i = 0; i < cat_nmeasures; i++) {
		const struct cat_measure *m = &cat_measures[i];
		cJSON *o = cJSON_CreateObject();
		rt_int(o, "measure_id", m->id);
		rt_str(o, "measure_name", cat_pick(lang, m->name_zh, m->name_en));
		rt_str(o, "abbreviation", m->abbr);
		rt_int(o, "measure_type", m->type);
		cJSON_AddItemToArray(arr, o);
	}
	rt_send(resp, 200, root);
}

RT_HANDLER(rt_list_conversions)
{
	long type;
	cJSON *root, *arr;

	(void)st;
	/* Absent: no filter; "" is refused (bss-api.md 6.6). */
	if (rt_query_int(req, resp, "measure_type", 0, 2147483647L, -1, &type) != 0)
		return;
	root = cJSON_CreateObject();
	arr = cJSON_AddArrayToObject(root, "conversions");
	for (size_t i = 0; i < cat_nconversions; i++) {
		const struct cat_conversion *c = &cat_conversions[i];
		cJSON *o;
		if (type >= 0 && c->measure_type != type)
			continue;
		o = cJSON_CreateObject();
		rt_int(o, "measure_id", c->measure_id);
		rt_int(o, "ref_measure_id", c->ref_measure_id);
		rt_int(o, "conversion_ratio", (long)c->ratio);
		rt_int(o, "measure_type", c->measure_type);
		cJSON_AddItemToArray(arr, o);
	}
	rt_send(resp, 200, root);
}

/* ------------------------------------------------------------------ ratings */

/* What both rating requests carry for one product, checked. */
struct product {
	const char *id;
	int spec, region;
	long size;                     /* linear specs */
	char product_id[32];
};

static bool
known_project(const struct sim_state *st, const char *project)
{
	for (size_t i = 0; i < cat_nregions && i < 8; i++)
		if (strcmp(st->project_ids[i], project) == 0)
			return true;
	return false;
}

static int
check_product(const cJSON *p, struct sim_response *resp, struct product *out, char mode)
{
	const char *service, *rtype, *spec, *region, *az;
	long size_measure;
	int s, t;

	if (!cJSON_IsObject(p)) {
		sim_error(resp, 400, RT_BAD, "Invalid parameter: product_infos must hold objects");
		return -1;
	}
	if (rt_json_str_req(p, resp, "id", 64, &out->id) != 0 ||
	    rt_json_str_req(p, resp, "cloud_service_type", 400, &service) != 0 ||
	    rt_json_str_req(p, resp, "resource_type", 400, &rtype) != 0 ||
	    rt_json_str_req(p, resp, "resource_spec", 400, &spec) != 0 ||
	    rt_json_str_req(p, resp, "region", 64, &region) != 0 ||
	    rt_json_str(p, resp, "available_zone", 64, &az) != 0 ||
	    rt_json_int(p, resp, "resource_size", 1, 214783647L, 0, &out->size) != 0 ||
	    rt_json_int(p, resp, "size_measure_id", 0, 214783647L, 0, &size_measure) != 0)
		return -1;
	s = cat_service_find(service);
	t = cat_rtype_find(rtype);
	out->spec = t >= 0 && cat_rtypes[t].service == s ? cat_spec_find_in(t, spec) : -1;
	out->region = cat_region_find(region);
	if (out->spec < 0 || out->region < 0 ||
	    (mode == 'P' && cat_specs[out->spec].monthly == 0) ||
	    (mode == 'D' && cat_specs[out->spec].usage_price == 0)) {
		sim_error(resp, 400, "CBC.99006006", "Product not found: %s / %s / %s in %s", service,
		    rtype, spec, region);
		return -1;
	}
	if (cat_specs[out->spec].size_measure_id != 0 &&
	    (out->size == 0 || size_measure != cat_specs[out->spec].size_measure_id)) {
		sim_error(resp, 400, RT_BAD, "Invalid parameter: %s is priced by size; send resource_size "
		    "and size_measure_id %d", spec, cat_specs[out->spec].size_measure_id);
		return -1;
	}
	if (cat_specs[out->spec].size_measure_id == 0)
		out->size = 1;
	cat_product_id(out->spec, mode, out->product_id);
	return 0;
}

/* The request's project_id and product_infos, each product checked (ids unique). */
static const cJSON *
rating_products(const struct sim_state *st, const cJSON *body, struct sim_response *resp)
{
	const char *project;
	const cJSON *infos = cJSON_GetObjectItemCaseSensitive(body, "product_infos");
	int n;

	if (rt_json_str_req(body, resp, "project_id", 64, &project) != 0)
		return NULL;
	if (!cJSON_IsArray(infos) || (n = cJSON_GetArraySize(infos)) < 1 || n > 100) {
		sim_error(resp, 400, RT_BAD, "Invalid parameter: product_infos must list 1 to 100 "
		    "products");
		return NULL;
	}
	for (int i = 0; i < n; i++) {
		const cJSON *a = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(infos, i), "id");
		for (int j = 0; j < i && cJSON_IsString(a); j++) {
			const cJSON *b = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(infos, j), "id");
			if (cJSON_IsString(b) && strcmp(a->valuestring, b->valuestring) == 0) {
				sim_error(resp, 400, "CBC.30050012", "Duplicate product id %s", a->valuestring);
				return NULL;
			}
		}
	}
	if (!known_project(st, project)) {
		sim_error(resp, 400, "CBC.99006073", "Project %s does not exist", project);
		return NULL;
	}
	return infos;
}

/*
 * Usage quantity converted to the usage type's own unit (hours, GB, 10,000
 * times): 0, -1 when the unit does not apply, -2 when the result overflows.
 */
static int
usage_in_base_unit(money_t value, long measure, int base, money_t *out)
{
	static const struct { int measure, base; long mul, div; } units[] = {
		{ 4, 4, 1, 1 }, { 5, 4, 24, 1 }, { 21, 4, 1, 60 }, { 22, 4, 1, 3600 },
		{ 10, 10, 1, 1 }, { 12, 10, 1024, 1 }, { 11, 10, 1, 1024 },
		{ 31, 31, 1, 1 }, { 30, 31, 1, 10000 },
	};

	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (units[i].measure == measure && units[i].base == base) {
			if (money_mul_int(value, units[i].mul, out) != 0)
				return -2;
			*out /= units[i].div;
			return 0;
		}
	}
	return -1;
}

RT_HANDLER(rt_rate_on_demand)
{
	cJSON *body = rt_body(req, resp, false), *root = NULL, *arr;
	const cJSON *infos, *p;
	long precision;
	money_t total = 0;

	if (body == NULL)
		return;
	if (rt_json_int(body, resp, "inquiry_precision", 0, 1, 0, &precision) != 0 ||
	    (infos = rating_products(st, body, resp)) == NULL)
		goto out;
	root = cJSON_CreateObject();
	arr = cJSON_AddArrayToObject(root, "product_rating_results");
	cJSON_ArrayForEach(p, infos) {
		struct product pr;
		const char *factor;
		const cJSON *value = cJSON_GetObjectItemCaseSensitive(p, "usage_value");
		long measure, num;
		int conv;
		money_t qty, base, unit, amount;
		const struct cat_spec *s;
		cJSON *o;

		if (check_product(p, resp, &pr, 'D') != 0 ||
		    rt_json_str_req(p, resp, "usage_factor", 400, &factor) != 0 ||
		    rt_json_int(p, resp, "usage_measure_id", 0, 9999, -1, &measure) != 0 ||
		    rt_json_int(p, resp, "subscription_num", 1, 10000, 0, &num) != 0)
			goto out;
		if (!cJSON_IsNumber(value) || money_from_double(value->valuedouble, &qty) != 0 || qty < 0 ||
		    measure < 0 || num == 0) {
			sim_error(resp, 400, RT_BAD, "Invalid parameter: usage_value, usage_measure_id and "
			    "subscription_num are required");
			goto out;
		}
		s = &cat_specs[pr.spec];
		if (!rt_eq(factor, cat_usage_types[s->usage_type].code)) {
			sim_error(resp, 400, "CBC.99006006", "Product not found: %s is not metered by %s",
			    s->code, factor);
			goto out;
		}
		conv = usage_in_base_unit(qty, measure, cat_usage_types[s->usage_type].measure_id, &base);
		if (conv == -1) {
			sim_error(resp, 400, "CBC.99006050", "Usage unit %ld does not apply to %s", measure,
			    factor);
			goto out;
		}
		if (conv != 0 || money_mul_int(s->usage_price, (long long)pr.size * num, &unit) != 0 ||
		    money_mul(unit, base, &amount) != 0 || money_add(total, amount, &total) != 0) {
			sim_error(resp, 400, "CBC.99006055", "The price exceeds the maximum amount");
			goto out;
		}
		amount = money_round(amount, precision ? 8 : 6);
		o = cJSON_CreateObject();
		rt_str(o, "id", pr.id);
		rt_str(o, "product_id", pr.product_id);
		rt_money(o, "amount", amount);
		rt_money(o, "discount_amount", 0);
		rt_money(o, "official_website_amount", amount);
		rt_int(o, "measure_id", 1);
		cJSON_AddArrayToObject(o, "discount_rating_results");
		cJSON_AddItemToArray(arr, o);
	}
	total = money_round(total, precision ? 8 : 6);
	rt_money(root, "amount", total);
	rt_money(root, "discount_amount", 0);
	rt_money(root, "official_website_amount", total);
	rt_int(root, "measure_id", 1);
	rt_str(root, "currency", st_currency(st));
	rt_send(resp, 200, root);
	root = NULL;
out:
	cJSON_Delete(root);
	cJSON_Delete(body);
}

/* The account's commercial discount on new yearly/monthly subscriptions. */
#define PERIOD_DISCOUNT_PCT 5
#define PERIOD_DISCOUNT_ID "DIS-605-COMMERCIAL"

static int
period_price(const struct product *pr, long type, long num, long count, money_t *out)
{
	const struct cat_spec *s = &cat_specs[pr->spec];
	money_t unit;

	switch (type) {
	case 0: unit = money_round(s->monthly / 30, 2); break;          /* day */
	case 2: unit = s->monthly; break;                               /* month */
	case 3: unit = s->monthly * 10; break;                          /* year: 10 months */
	case 4: unit = s->hourly; break;                                /* hour */
	default: return -1;
	}
	if (unit == 0 || money_mul_int(unit, (long long)pr->size * count, &unit) != 0 ||
	    money_mul_int(unit, num, out) != 0)
		return -1;
	*out = money_round(*out, 2);
	return 0;
}

RT_HANDLER(rt_rate_period)
{
	cJSON *body = rt_body(req, resp, false), *root = NULL, *list, *disc, *dlist, *result;
	const cJSON *infos, *p;
	money_t official = 0, cut = 0;

	if (body == NULL)
		return;
	if ((infos = rating_products(st, body, resp)) == NULL)
		goto out;
	root = cJSON_CreateObject();
	result = cJSON_AddObjectToObject(root, "official_website_rating_result");
	list = cJSON_AddArrayToObject(result, "product_rating_results");
	disc = cJSON_CreateObject();
	cJSON_AddItemToArray(cJSON_AddArrayToObject(root, "optional_discount_rating_results"), disc);
	dlist = cJSON_AddArrayToObject(disc, "product_rating_results");
	cJSON_ArrayForEach(p, infos) {
		struct product pr;
		long type, num, count;
		const char *mode;
		money_t price, off;
		cJSON *o;

		if (check_product(p, resp, &pr, 'P') != 0 ||
		    rt_json_int(p, resp, "period_type", 0, 4, -1, &type) != 0 ||
		    rt_json_int(p, resp, "period_num", 1, 214783647L, 0, &num) != 0 ||
		    rt_json_int(p, resp, "subscription_num", 1, 10000, 0, &count) != 0)
			goto out;
		/* CloudPond installments are CN-only; the international site has no such field. */
		mode = NULL;
		if (st->site == SIM_SITE_CN &&
		    rt_json_str(p, resp, "fee_installment_mode", 64, &mode) != 0)
			goto out;
		if (type < 0 || num == 0 || count == 0 || type == 1) {
			sim_error(resp, 400, RT_BAD, "Invalid parameter: period_type (0, 2, 3 or 4), "
			    "period_num and subscription_num are required");
			goto out;
		}
		if (mode != NULL && !rt_eq(mode, "HALF_PAY") && !rt_eq(mode, "ZERO_PAY") &&
		    !rt_eq(mode, "NA")) {
			sim_error(resp, 400, RT_BAD, "Invalid parameter: fee_installment_mode");
			goto out;
		}
		if (period_price(&pr, type, num, count, &price) != 0 ||
		    money_add(official, price, &official) != 0) {
			sim_error(resp, 400, "CBC.99006055", "The price exceeds the maximum amount");
			goto out;
		}
		off = money_round(price / 100 * PERIOD_DISCOUNT_PCT, 2);
		cut += off;
		o = cJSON_CreateObject();
		rt_str(o, "id", pr.id);
		rt_str(o, "product_id", pr.product_id);
		rt_money(o, "official_website_amount", price);
		rt_int(o, "measure_id", 1);
		cJSON_AddItemToArray(list, o);
		o = cJSON_CreateObject();
		rt_str(o, "id", pr.id);
		rt_str(o, "product_id", pr.product_id);
		rt_money(o, "amount", price - off);
		rt_money(o, "official_website_amount", price);
		rt_money(o, "discount_amount", off);
		rt_int(o, "measure_id", 1);
		cJSON_AddItemToArray(dlist, o);
	}
	rt_money(result, "official_website_amount", official);
	rt_int(result, "measure_id", 1);
	rt_str(disc, "discount_id", PERIOD_DISCOUNT_ID);
	rt_money(disc, "amount", official - cut);
	rt_money(disc, "official_website_amount", official);
	rt_money(disc, "discount_amount", cut);
	rt_int(disc, "measure_id", 1);
	rt_int(disc, "discount_type", 605);
	rt_str(disc, "discount_name", cat_pick(cat_lang_of(req->x_language), "商务折扣", "Commercial discount"));
	rt_int(disc, "best_offer", 1);
	rt_str(root, "currency", st_currency(st));
	rt_send(resp, 200, root);
	root = NULL;
out:
	cJSON_Delete(root);
	cJSON_Delete(body);
}
