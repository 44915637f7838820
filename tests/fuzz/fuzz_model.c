/*
 * Every operation's response parser (api/model.h). An input is
 *
 *     OperationName\n<response body>
 *
 * (e.g. "ListCustomerOrders\n{...}"): tools/mkseeds writes the fixtures and
 * a skeleton of every operation in that form. Beyond "no crash": a failure
 * is a typed error with a message, a success answers the operation asked,
 * and the views of the main screens hold no NULL string and no array
 * shorter than its count (every element is read).
 */
#include <stdlib.h>
#include <string.h>

#include "fuzzlib.h"

#include "api/model.h"

static void
check_order(const struct model_order *o, int depth)
{
	fz_touch(o->order_id);
	fz_touch(o->customer_id);
	fz_touch(o->service_type_name);
	fz_touch(o->create_time);
	fz_touch(o->currency);
	fz_touch(o->user_name);
	for (size_t i = 0; i < o->amount_info.n_discounts; i++)
		fz_touch(o->amount_info.discounts[i].discount_type);
	for (size_t i = 0; i < o->n_enterprise_projects; i++)
		fz_touch(o->enterprise_projects[i].name);
	FZ_CHECK(depth < 64);
	for (size_t i = 0; i < o->n_sub_order_infos; i++)
		check_order(&o->sub_order_infos[i], depth + 1);
}

static void
check_coupons(const struct model_coupon *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		fz_touch(c[i].coupon_id);
		fz_touch(c[i].expire_time);
		fz_touch(c[i].plan_name);
		fz_touch(c[i].currency);
		for (size_t j = 0; j < c[i].n_use_limits; j++)
			fz_touch(c[i].use_limits[j].limit_key);
	}
}

static void
check_failures(const struct bss_item_failure *f, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		fz_touch(f[i].id);
		fz_touch(f[i].error_code);
		fz_touch(f[i].error_msg);
	}
}

/* The views the dashboard's panes and the batch actions read. */
static void
check_views(const struct model *m)
{
	const struct model_balances *b = model_balances(m);
	const struct model_coupons *c = model_coupons(m);
	const struct model_orders *o = model_orders(m);
	const struct model_resources *r = model_resources(m);
	const struct model_packages *p = model_packages(m);
	const struct model_resource_orders *ro = model_renewal(m) != NULL ? model_renewal(m) :
	    model_unsubscribe(m);

	for (size_t i = 0; b != NULL && i < b->n_account_balances; i++)
		fz_touch(b->account_balances[i].currency);
	if (c != NULL)
		check_coupons(c->user_coupons, c->n_user_coupons);
	for (size_t i = 0; o != NULL && i < o->n_order_infos; i++)
		check_order(&o->order_infos[i], 0);
	for (size_t i = 0; r != NULL && i < r->n_data; i++) {
		fz_touch(r->data[i].resource_id);
		fz_touch(r->data[i].resource_name);
		fz_touch(r->data[i].expire_time);
		if (r->data[i].has_enterprise_project)
			fz_touch(r->data[i].enterprise_project.name);
	}
	for (size_t i = 0; p != NULL && i < p->n_free_resource_packages; i++) {
		fz_touch(p->free_resource_packages[i].product_name);
		fz_touch(p->free_resource_packages[i].expire_time);
	}
	if (ro != NULL) {
		for (size_t i = 0; i < ro->n_order_ids; i++)
			fz_touch(ro->order_ids[i]);
		check_failures(ro->fail_resource_infos, ro->n_fail_resource_infos);
	}
	if (model_to_on_demand(m) != NULL)
		check_failures(model_to_on_demand(m)->error_details,
		    model_to_on_demand(m)->n_error_details);
}

static void
check_error(const struct bss_error *e)
{
	/* An error_code in the body is typed by its code: throttling and auth have kinds of their own. */
	FZ_CHECK(e->kind == BSS_ERR_PARSE || e->kind == BSS_ERR_API ||
	    e->kind == BSS_ERR_RATE_LIMITED || e->kind == BSS_ERR_AUTH);
	FZ_CHECK(fz_touch(e->message) > 0);
	fz_touch(e->code);
	fz_touch(e->server_message);
	fz_touch(e->request_id);
	fz_touch(e->detail);
	check_failures(e->items, e->n_items);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	char *name;
	int op;
	size_t off;
	struct model *m = NULL, *pages[2];
	struct bss_error *err = NULL;

	if (nl == NULL)
		return 0;
	off = (size_t)(nl - data) + 1;
	name = fz_cstr(data, off - 1);
	op = model_op_by_name(name);
	free(name);
	if (op < 0)
		return 0;
	/* An exact-size copy, so ASan sees any read past the body's end. */
	char *body = malloc(size > off ? size - off : 1);
	memcpy(body, data + off, size - off);
	if (model_parse((enum model_op)op, body, size - off, &m, &err) != 0) {
		FZ_CHECK(m == NULL && err != NULL);
		check_error(err);
		bss_error_free(err);
		free(body);
		return 0;
	}
	FZ_CHECK(m != NULL && err == NULL && model_op_of(m) == (enum model_op)op);
	FZ_CHECK(!model_op_has_body((enum model_op)op) || model_view(m, (enum model_op)op) != NULL);
	check_views(m);
	if (model_op_is_paged((enum model_op)op)) {
		size_t items = model_items(m);

		FZ_CHECK(model_parse((enum model_op)op, body, size - off, &pages[1], &err) == 0);
		pages[0] = m;
		m = model_join(pages, 2);
		FZ_CHECK(model_items(m) == 2 * items);
		check_views(m);
	}
	model_free(m);
	free(body);
	return 0;
}
