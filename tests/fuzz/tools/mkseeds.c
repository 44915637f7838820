/*
 * mkseeds: writes seed inputs in the forms the fuzz targets read, from the
 * project's own tables and fixtures, so the seeds follow the code:
 *
 *   mkseeds OUTDIR FIXTURES_DIR VECTORS_JSON
 *
 *   OUTDIR/model/    "Op\n<body>": a skeleton of every operation's answer
 *                    (every field model_wire_walk knows, typed sample
 *                    values) and every fixture under the operation it is
 *                    named after (under every operation when it names none)
 *   OUTDIR/sign/     every signing vector's request, re-signed with the
 *                    fuzz credentials, in fuzz_sign's text form
 *   OUTDIR/journal/  a journal of every record shape journal_append writes
 *   OUTDIR/keymap/   the default bindings as "KEY = COMMAND" lines
 *   OUTDIR/sim/      a request per simulator route in fuzz_sim's form, with
 *                    ids the seeded world holds
 *   OUTDIR/simhttp/  those requests signed and on the wire, and admin requests
 *   OUTDIR/simstate/ the seeded world's --state snapshot
 *   OUTDIR/faults/   fault specs of every kind and form
 */
#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzzlib.h"

#include "api/model.h"
#include "api/signvec.h"
#include "app/journal.h"
#include "sim/sim.h"
#include "tui/keymap.h"
#include "util/buf.h"
#include "util/readfile.h"
#include "util/xalloc.h"

static const char *outdir;

static const char *
out_path(const char *sub, const char *name)
{
	static char path[4096];

	snprintf(path, sizeof(path), "%s/%s", outdir, sub);
	if (mkdir(path, 0755) != 0 && errno != EEXIST)
		die("mkseeds: %s: %s", path, strerror(errno));
	snprintf(path, sizeof(path), "%s/%s/%s", outdir, sub, name);
	return path;
}

static void
write_seed(const char *sub, const char *name, const char *head, const void *body, size_t n)
{
	const char *path = out_path(sub, name);
	FILE *fp = fopen(path, "w");

	if (fp == NULL || fputs(head, fp) == EOF || fwrite(body, 1, n, fp) != n || fclose(fp) != 0)
		die("mkseeds: %s: %s", path, strerror(errno));
}

/* --- model: skeletons from the parser's own field tables ----------------------- */

/* The object (or array element object) at a dotted path, created on the way. */
static cJSON *
node_at(cJSON *root, const char *path)
{
	char *copy = xstrdup(path), *save = NULL;
	cJSON *cur = root;

	for (char *seg = strtok_r(copy, ".", &save); seg != NULL; seg = strtok_r(NULL, ".", &save)) {
		cJSON *child = cJSON_GetObjectItemCaseSensitive(cur, seg);

		if (child == NULL)
			die("mkseeds: model_wire_walk gave a path before its parent");
		if (cJSON_IsArray(child)) {
			if (cJSON_GetArraySize(child) == 0)
				cJSON_AddItemToArray(child, cJSON_CreateObject());
			child = cJSON_GetArrayItem(child, 0);
		}
		cur = child;
	}
	free(copy);
	return cur;
}

static cJSON *
sample(const char *name, const char *type)
{
	if (strcmp(type, "integer") == 0)
		return cJSON_CreateNumber(1);
	if (strcmp(type, "number") == 0)
		return cJSON_CreateNumber(12.5);
	if (strcmp(type, "boolean") == 0)
		return cJSON_CreateTrue();
	if (strcmp(type, "object") == 0)
		return cJSON_CreateObject();
	/* The walk does not say what an array holds: it gets an object once fields turn up below it. */
	if (strcmp(type, "array") == 0)
		return cJSON_CreateArray();
	if (strstr(name, "time") != NULL)
		return cJSON_CreateString("2024-03-15T08:15:30Z");
	/* Some strings carry integers or decimals ("is_frozen": "0"): a digit suits them all. */
	return cJSON_CreateString("1");
}

static void
add_field(const char *path, const char *type, void *arg)
{
	const char *dot = strrchr(path, '.');
	cJSON *parent;

	if (dot == NULL) {
		parent = arg;
	} else {
		char *ppath = xstrndup(path, (size_t)(dot - path));

		parent = node_at(arg, ppath);
		free(ppath);
	}
	if (cJSON_IsObject(parent))
		cJSON_AddItemToObject(parent, dot != NULL ? dot + 1 : path,
		    sample(dot != NULL ? dot + 1 : path, type));
}

static void
model_skeletons(void)
{
	for (int op = 0; op < MODEL_OP_COUNT; op++) {
		cJSON *root = cJSON_CreateObject();
		char head[128], *text;
		struct model *m;
		struct bss_error *err;

		model_wire_walk((enum model_op)op, add_field, root);
		text = cJSON_PrintUnformatted(root);
		/* The walk and the parser read one table: a skeleton it refuses is a bug there. */
		if (model_parse((enum model_op)op, text, strlen(text), &m, &err) != 0) {
			fprintf(stderr, "mkseeds: warning: the %s skeleton does not parse: %s\n",
			    model_op_name((enum model_op)op), err->message);
			bss_error_free(err);
		} else {
			model_free(m);
		}
		snprintf(head, sizeof(head), "%s\n", model_op_name((enum model_op)op));
		write_seed("model", model_op_name((enum model_op)op), head, text, strlen(text));
		free(text);
		cJSON_Delete(root);
	}
}

static void
model_fixtures(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (d == NULL)
		die("mkseeds: %s: %s", dir, strerror(errno));
	while ((e = readdir(d)) != NULL) {
		struct buf b = BUF_INIT(0);
		char path[4096], head[128], name[600];
		size_t oplen;
		int named = -1;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (readfile_all(path, 1 << 20, &b) != 0)
			continue;
		oplen = strcspn(e->d_name, "._");
		for (int op = 0; op < MODEL_OP_COUNT; op++) {
			const char *opname = model_op_name((enum model_op)op);

			if (strlen(opname) == oplen && strncmp(opname, e->d_name, oplen) == 0)
				named = op;
		}
		for (int op = 0; op < MODEL_OP_COUNT; op++) {
			if (named >= 0 && op != named)
				continue;
			snprintf(head, sizeof(head), "%s\n", model_op_name((enum model_op)op));
			snprintf(name, sizeof(name), "fixture-%s-%s", model_op_name((enum model_op)op),
			    e->d_name);
			write_seed("model", name, head, b.data, b.len);
		}
		buf_free(&b);
	}
	closedir(d);
}

/* --- sign: the vectors' requests, signed with the fuzz credentials ------------- */

static void
sign_seed(const struct signvec_case *c)
{
	struct sign_input in;
	struct sign_output out = { 0 };
	struct sign_url u = { 0 };
	struct buf b = BUF_INIT(0);
	char err[512];

	/* The path and query go on the wire as the vector's URL writes them. */
	if (c->url == NULL || sign_url_parse(c->url, &u, err, sizeof(err)) != 0)
		return;
	signvec_input(c, &in);
	in.ak = FZ_SIGN_AK;
	in.sk = FZ_SIGN_SK;
	in.sdk_date = FZ_SIGN_DATE;
	if (sign_request(&in, &out, err, sizeof(err)) != 0)
		die("mkseeds: %s: %s", c->name, err);
	buf_printf(&b, "%s\n%s\n%s\n", c->method, u.raw_path, u.raw_query);
	for (size_t i = 0; i < out.nheaders; i++)
		buf_printf(&b, "%s:%s\n", out.headers[i].name, out.headers[i].value);
	buf_putc(&b, '\n');
	write_seed("sign", c->name, buf_cstr(&b), c->body, c->body_len);
	buf_free(&b);
	sign_url_free(&u);
	sign_output_free(&out);
}

static void
sign_seeds(const char *vectors)
{
	struct signvec_file f;
	char err[512];

	if (signvec_load(vectors, &f, err, sizeof(err)) != 0)
		die("mkseeds: %s: %s", vectors, err);
	for (size_t i = 0; i < f.ncases; i++)
		sign_seed(&f.cases[i]);
	signvec_free(&f);
}

/* --- journal: every record shape ------------------------------------------------ */

static void
journal_seed(void)
{
	static char *targets[] = { "res-1", "res-2" }, *orders[] = { "CS24031508150001" };
	static struct journal_kv before[] = { { "expire_time", "2024-04-15T00:00:00Z" } };
	static struct journal_failure failures[] = { { "res-2", "CBC.99003012", "not found" } };
	struct journal_record intent = {
		.type = JOURNAL_INTENT, .id = "seed-1", .time = 1710490530,
		.profile = "default", .endpoint = "https://bss.myhuaweicloud.com",
		.action = "renew", .targets = targets, .ntargets = 2,
		.has_amount = true, .amount = 1234567890123LL, .currency = "CNY",
		.method = "POST", .path = "/v2/orders/subscriptions/resources/renew",
		.body = "{\"resource_ids\":[\"res-1\",\"res-2\"],\"period_type\":2,\"sk\":\"x\"}",
		.before = before, .nbefore = 1,
	};
	struct journal_record outcome = {
		.type = JOURNAL_OUTCOME, .id = "seed-1", .time = 1710490531,
		.result = JOURNAL_PARTIAL, .how = JOURNAL_HOW_REREAD, .request_id = "req-1",
		.error_code = "CBC.99003012", .error_msg = "not found", .detail = "one renewed",
		.order_ids = orders, .norder_ids = 1, .failures = failures, .nfailures = 1,
	};
	const char *path = out_path("journal", "seed-intent-outcome");
	struct journal *j;
	char err[512];

	unlink(path);
	j = journal_open(path, err, sizeof(err));
	if (j == NULL || journal_append(j, &intent, err, sizeof(err)) != 0 ||
	    journal_append(j, &outcome, err, sizeof(err)) != 0)
		die("mkseeds: %s: %s", path, err);
	journal_close(j);
}

/* --- keymap: the default bindings ---------------------------------------------- */

static void
keymap_seed(void)
{
	struct buf b = BUF_INIT(0);

	for (int c = CMD_NONE + 1; c < CMD_COUNT; c++) {
		const struct cmd_info *ci = cmd_info((enum cmd)c);
		char *keys = xstrdup(ci->keys), *save = NULL;

		for (char *k = strtok_r(keys, " ", &save); k != NULL; k = strtok_r(NULL, " ", &save))
			buf_printf(&b, "%s = %s\n", k, ci->name);
		free(keys);
	}
	write_seed("keymap", "defaults", "", b.data, b.len);
	buf_free(&b);
}

/* --- sim: one request per route, against the seeded world --------------------------- */

/*
 * %O is a pending order, %D a completed one, %R a resource, %F a package's
 * free resource, %P the resource's project; the rows follow bss-api.md's
 * request parameters.
 */
static const struct sim_seed {
	const char *op, *query, *id, *body;
} sim_seeds[] = {
	{ "ListServiceTypes", "limit=10&offset=0&service_type_name=ECS", "", "" },
	{ "ListResourceTypes", "limit=5&offset=1", "", "" },
	{ "ListServiceResources", "service_type_code=hws.service.type.ec2&limit=10", "", "" },
	{ "ListUsageTypes", "resource_type_code=hws.resource.type.vm&limit=10", "", "" },
	{ "ListMeasureUnits", "", "", "" },
	{ "ListConversions", "measure_type=1", "", "" },
	{ "ListOnDemandResourceRatings", "", "", "{\"project_id\":\"%P\",\"inquiry_precision\":1,"
	  "\"product_infos\":[{\"id\":\"1\",\"cloud_service_type\":\"hws.service.type.ec2\","
	  "\"resource_type\":\"hws.resource.type.vm\",\"resource_spec\":\"s6.small.1.linux\","
	  "\"region\":\"cn-north-4\",\"usage_factor\":\"Duration\",\"usage_value\":1,"
	  "\"usage_measure_id\":4,\"subscription_num\":1}]}" },
	{ "ListRateOnPeriodDetail", "", "", "{\"project_id\":\"%P\",\"product_infos\":[{\"id\":"
	  "\"1\",\"cloud_service_type\":\"hws.service.type.ec2\",\"resource_type\":"
	  "\"hws.resource.type.vm\",\"resource_spec\":\"s6.small.1.linux\",\"region\":"
	  "\"cn-north-4\",\"period_type\":2,\"period_num\":1,\"subscription_num\":1}]}" },
	{ "ShowCustomerAccountBalances", "", "", "" },
	{ "ListSubCustomerCoupons", "status=2&limit=10&offset=0", "", "" },
	{ "ListCustomerOrders", "status=6&limit=10&order_by=-createTime", "", "" },
	{ "ShowCustomerOrderDetails", "limit=10", "%D", "" },
	{ "ListOrderCouponsByOrderId", "order_id=%O", "", "" },
	{ "ListOrderDiscounts", "order_id=%O", "", "" },
	{ "PayOrders", "", "", "{\"order_id\":\"%O\",\"use_coupon\":\"NO\",\"use_discount\":\"NO\"}" },
	{ "CancelCustomerOrder", "", "", "{\"order_id\":\"%O\"}" },
	{ "ShowRefundOrderDetails", "order_id=%D", "", "" },
	{ "ListPayPerUseCustomerResources", "", "", "{\"resource_ids\":[\"%R\"],"
	  "\"only_main_resource\":1,\"status_list\":[2,5],\"offset\":0,\"limit\":10}" },
	{ "RenewalResources", "", "", "{\"resource_ids\":[\"%R\"],\"period_type\":2,"
	  "\"period_num\":1,\"is_auto_pay\":1}" },
	{ "CancelResourcesSubscription", "", "", "{\"resource_ids\":[\"%R\"],"
	  "\"unsubscribe_type\":1,\"unsubscribe_reason_type\":5}" },
	{ "AutoRenewalResources", "", "%R", "{\"auto_renew_times\":2}" },
	{ "CancelAutoRenewalResources", "", "%R", "" },
	{ "UpdatePeriodToOnDemand", "", "", "{\"operation\":\"SET_UP\",\"resource_ids\":[\"%R\"]}" },
	{ "ListFreeResourceInfos", "", "", "{\"status\":1,\"offset\":0,\"limit\":10}" },
	{ "ListFreeResourceUsages", "", "", "{\"free_resource_ids\":[\"%F\"]}" },
	{ "ListFreeResourcesUsageRecords", "free_resource_id=%F&deduct_time_begin="
	  "2024-02-01&deduct_time_end=2024-03-01&limit=10", "", "" },
	{ "ShowCustomerMonthlySum", "bill_cycle=2024-02&limit=10", "", "" },
	{ "ListCustomerselfResourceRecordDetails", "", "", "{\"cycle\":\"2024-02\","
	  "\"include_zero_record\":true,\"statistic_type\":3,\"limit\":10}" },
	{ "ListCustomerselfResourceRecords", "cycle=2024-02&statistic_type=1&limit=10", "", "" },
	{ "ListCosts", "", "", "{\"time_condition\":{\"time_measure_id\":1,\"begin_time\":"
	  "\"2024-01-01\",\"end_time\":\"2024-02-29\"},\"groupby\":[{\"type\":\"dimension\","
	  "\"key\":\"CLOUD_SERVICE_TYPE\"}],\"cost_type\":\"ORIGINAL_COST\",\"amount_type\":"
	  "\"PAYMENT_AMOUNT\",\"limit\":10}" },
};

/* The first id under key in the dump's array (whose status is `status`, when >= 0). */
static const char *
dump_id(const cJSON *dump, const char *array, const char *key, int status)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(dump, array)) {
		const cJSON *st = cJSON_GetObjectItemCaseSensitive(it, "status");

		if (status < 0 || (cJSON_IsNumber(st) && st->valueint == status))
			return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, key));
	}
	die("mkseeds: the seeded world has no %s with %s", array, key);
}

/* The project of the first resource, as ListPayPerUseCustomerResources shows it. */
static const char *
first_project(struct sim_state *st)
{
	static char project[80];
	struct sim_request req = { .method = "POST", .body = "{\"limit\":1}", .body_len = 11,
		.content_type = "application/json", .now = FZ_SIGN_NOW };
	struct sim_response resp = { 0 };
	cJSON *root, *data;
	const char *id;

	for (const struct sim_route *r = sim_routes; r->method != NULL; r++) {
		if (strcmp(r->operation, "ListPayPerUseCustomerResources") == 0)
			r->fn(st, &req, &resp);
	}
	root = cJSON_Parse(resp.body != NULL ? resp.body : "");
	data = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(root, "data"), 0);
	id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(data, "project_id"));
	snprintf(project, sizeof(project), "%s", id != NULL ? id : "");
	if (project[0] == '\0')
		die("mkseeds: no project id in %s", resp.body != NULL ? resp.body : "(no body)");
	cJSON_Delete(root);
	free(resp.body);
	return project;
}

/* Copies s into b with the placeholders replaced. */
static void
expand(struct buf *b, const char *s, const char *const ids[5])
{
	static const char marks[] = "ODRFP";

	for (; *s != '\0'; s++) {
		const char *m = s[0] == '%' && s[1] != '\0' ? strchr(marks, s[1]) : NULL;

		if (m != NULL) {
			buf_puts(b, ids[m - marks]);
			s++;
		} else {
			buf_putc(b, *s);
		}
	}
}

/*
 * The same request on the wire for fuzz_simhttp: signed with the fuzz
 * credentials at FZ_SIGN_DATE, as the client sends it.
 */
static void
simhttp_seed(const char *op, const char *query, const char *id, const char *body)
{
	const struct sim_route *r = sim_routes;
	struct sign_kv q[16], hdr = { "Content-Type", "application/json" };
	char *qcopy = xstrdup(query), *save = NULL, err[512], name[128];
	struct sign_input in = { .host = "127.0.0.1", .headers = &hdr, .nheaders = 1,
		.body = body, .body_len = strlen(body), .sdk_date = FZ_SIGN_DATE,
		.ak = FZ_SIGN_AK, .sk = FZ_SIGN_SK };
	struct sign_output out = { 0 };
	struct buf path = BUF_INIT(0), b = BUF_INIT(0);
	const char *brace;

	while (r->operation != NULL && strcmp(r->operation, op) != 0)
		r++;
	if (r->operation == NULL)
		die("mkseeds: no route for %s", op);
	brace = strstr(r->path, "{id}");
	if (brace != NULL)
		buf_printf(&path, "%.*s%s", (int)(brace - r->path), r->path, id);
	else
		buf_puts(&path, r->path);
	for (char *kv = strtok_r(qcopy, "&", &save); kv != NULL && in.nquery < 16;
	    kv = strtok_r(NULL, "&", &save)) {
		char *eq = strchr(kv, '=');

		if (eq != NULL)
			*eq = '\0';
		q[in.nquery++] = (struct sign_kv){ kv, eq != NULL ? eq + 1 : "" };
	}
	in.method = r->method;
	in.path = buf_cstr(&path);
	in.query = q;
	if (sign_request(&in, &out, err, sizeof(err)) != 0)
		die("mkseeds: %s: %s", op, err);
	buf_printf(&b, "%s %s%s%s HTTP/1.1\r\n", r->method, buf_cstr(&path), *query ? "?" : "", query);
	for (size_t i = 0; i < out.nheaders; i++)
		buf_printf(&b, "%s: %s\r\n", out.headers[i].name, out.headers[i].value);
	buf_printf(&b, "Content-Length: %zu\r\nConnection: close\r\n\r\n%s", strlen(body), body);
	snprintf(name, sizeof(name), "%s", op);
	write_seed("simhttp", name, "", b.data, b.len);
	sign_output_free(&out);
	buf_free(&path);
	buf_free(&b);
	free(qcopy);
}

static void
simhttp_admin_seeds(void)
{
	static const char *const reqs[] = {
		"GET /__sim/state",
		"GET /__sim/stats",
		"POST /__sim/faults\r\nContent-Length: 22\r\n\r\nlatency=1ms,error5xx=1",
		"POST /__sim/clock\r\nContent-Length: 14\r\n\r\n{\"advance\":60}",
		"DELETE /__sim/faults",
	};
	char name[32];

	for (size_t i = 0; i < sizeof(reqs) / sizeof(reqs[0]); i++) {
		const char *rest = strstr(reqs[i], "\r\n");
		struct buf b = BUF_INIT(0);

		/* The request line, the admin token, then the request's own headers and body. */
		buf_printf(&b, "%.*s HTTP/1.1\r\nAuthorization: Bearer fuzz-admin-token\r\n%s",
		    rest != NULL ? (int)(rest - reqs[i]) : (int)strlen(reqs[i]), reqs[i],
		    rest != NULL ? rest + 2 : "\r\n");
		snprintf(name, sizeof(name), "admin-%zu", i);
		write_seed("simhttp", name, "", b.data, b.len);
		buf_free(&b);
	}
}

static void
sim_seed_files(void)
{
	struct sim_state *st = sim_state_new(42, SIM_SCALE_DEFAULT, FZ_SIGN_NOW);
	char *text = sim_state_dump(st);
	cJSON *dump = cJSON_Parse(text), *pkgs;
	const char *ids[5];
	char err[512];

	ids[0] = dump_id(dump, "orders", "order_id", 6);
	ids[1] = dump_id(dump, "orders", "order_id", 5);
	ids[2] = dump_id(dump, "resources", "resource_id", 2);
	pkgs = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(dump, "packages"), 0);
	ids[3] = dump_id(pkgs, "free_resources", "free_resource_id", -1);
	ids[4] = first_project(st);
	for (size_t i = 0; i < sizeof(sim_seeds) / sizeof(sim_seeds[0]); i++) {
		const struct sim_seed *s = &sim_seeds[i];
		struct buf b = BUF_INIT(0), q = BUF_INIT(0), id = BUF_INIT(0), body = BUF_INIT(0);

		expand(&q, s->query, ids);
		expand(&id, s->id, ids);
		expand(&body, s->body, ids);
		buf_printf(&b, "%s\n%s\n%s\n%s\nen-us\n%s", s->op, buf_cstr(&q), buf_cstr(&id),
		    body.len > 0 ? "application/json" : "", buf_cstr(&body));
		write_seed("sim", s->op, "", b.data, b.len);
		simhttp_seed(s->op, buf_cstr(&q), buf_cstr(&id), buf_cstr(&body));
		buf_free(&b);
		buf_free(&q);
		buf_free(&id);
		buf_free(&body);
	}
	simhttp_admin_seeds();
	if (sim_state_save(st, out_path("simstate", "seeded-world"), err, sizeof(err)) != 0)
		die("mkseeds: %s", err);
	cJSON_Delete(dump);
	free(text);
	sim_state_free(st);
}

static void
fault_seeds(void)
{
	static const char *const specs[] = {
		"latency=50ms,jitter=10ms",
		"error5xx=0.1,throttle=5%,reset",
		"hang@/v2/orders#3,lost_response=0.5",
		"truncate,malformed=1,slow=0.2@/v3,huge#1,endless=10%",
		"latency=2s@/v2/bills,jitter=500us",
		"none",
	};
	char name[16];

	for (size_t i = 0; i < sizeof(specs) / sizeof(specs[0]); i++) {
		snprintf(name, sizeof(name), "spec-%zu", i);
		write_seed("faults", name, specs[i], "", 0);
	}
}

int
main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: mkseeds OUTDIR FIXTURES_DIR VECTORS_JSON\n");
		return 2;
	}
	outdir = argv[1];
	model_skeletons();
	model_fixtures(argv[2]);
	sign_seeds(argv[3]);
	journal_seed();
	keymap_seed();
	sim_seed_files();
	fault_seeds();
	return 0;
}
