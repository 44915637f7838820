/*
 * sim/server: bsssim's core over real loopback HTTP (libcurl), in-process:
 * signature checking over several header sets, every authentication failure,
 * the rate limit, routing, the admin API, every fault kind, the fault spec
 * parser, state save/load and the embedded demo server.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "api/sign.h"
#include "sim/embed.h"
#include "sim/faults.h"
#include "sim/ratelimit.h"
#include "sim/server.h"
#include "sim/sim.h"
#include "util/buf.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#define AK "AKTESTAKTESTAKTEST01"
#define SK "sk-test-secret-0123456789abcdefghijklmn"
#define TEMP_AK "AKTEMPAKTEMPAKTEMP01"
#define TEMP_SK "sk-temp-secret-abcdefghijklmnopqrstuvwx"
#define TEMP_TOKEN "security-token-for-the-temporary-ak"
#define ADMIN "admin-token-for-tests"
#define SEED 7

#define BALANCES "/v2/accounts/customer-accounts/balances"
#define CANCEL "/v2/orders/customer-orders/cancel"
#define MEASURES "/v2/bases/measurements"

static const struct sim_cred creds[] = {
	{ AK, SK, NULL },
	{ TEMP_AK, TEMP_SK, TEMP_TOKEN },
};

/* The server most tests share: no rate limit, so only the tests about it trip it. */
static struct sim_server *shared;

/* --- starting servers -------------------------------------------------------- */

static struct sim_server *
start_server(unsigned rate_limit, const char *faults)
{
	struct sim_server_opts o = { 0 };
	struct sim_server *srv = NULL;
	char err[512];

	o.creds = creds;
	o.ncreds = 2;
	o.admin_token = ADMIN;
	o.seed = SEED;
	o.rate_limit = rate_limit;
	o.faults = faults;
	o.state = sim_state_new(SEED, SIM_SCALE_DEFAULT, time_now());
	if (sim_server_start(&o, &srv, err, sizeof(err)) != 0) {
		fprintf(stderr, "sim_server_start: %s\n", err);
		sim_state_free(o.state);
		return NULL;
	}
	return srv;
}

static int
group_setup(void **state)
{
	(void)state;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	shared = start_server(0, NULL);
	return shared != NULL ? 0 : -1;
}

static int
group_teardown(void **state)
{
	(void)state;
	sim_server_free(shared);
	curl_global_cleanup();
	return 0;
}

/* --- one HTTP exchange --------------------------------------------------------- */

struct call {
	const char *method;          /* default GET */
	const char *path;            /* plain ASCII path */
	const struct sign_kv *query; /* decoded pairs */
	size_t nquery;
	const char *body;
	const char *ak, *sk;         /* default AK/SK */
	const char *token;           /* X-Security-Token (signed) */
	const char *domain_id;
	const char *language;        /* X-Language (signed) */
	const char *sdk_date;        /* NULL: now */
	bool no_auth;                /* send no Authorization at all */
	const char *authorization;   /* send this Authorization instead of signing */
	const char *const *extra;    /* more raw header lines, NULL-terminated */
	long timeout_ms;             /* default 10 s */
	size_t body_cap;             /* stop reading after this many bytes (default 4 MiB) */
};

struct reply {
	CURLcode rc;
	long status;
	struct buf body;
	char request_id[64];
	char content_type[128];
	char retry_after[16];
	curl_off_t content_length;
	double seconds;
};

static size_t
on_body(char *p, size_t size, size_t n, void *ud)
{
	struct reply *r = ud;

	if (buf_append(&r->body, p, size * n) != 0)
		return 0;
	return size * n;
}

static void
copy_header(const char *line, size_t len, const char *name, char *out, size_t outlen)
{
	size_t nlen = strlen(name), vlen;

	if (len <= nlen + 1 || strncasecmp(line, name, nlen) != 0 || line[nlen] != ':')
		return;
	line += nlen + 1;
	len -= nlen + 1;
	while (len > 0 && *line == ' ') {
		line++;
		len--;
	}
	for (vlen = len; vlen > 0 && (line[vlen - 1] == '\r' || line[vlen - 1] == '\n'); vlen--)
		;
	snprintf(out, outlen, "%.*s", (int)vlen, line);
}

static size_t
on_header(char *p, size_t size, size_t n, void *ud)
{
	struct reply *r = ud;

	copy_header(p, size * n, "X-Request-Id", r->request_id, sizeof(r->request_id));
	copy_header(p, size * n, "Content-Type", r->content_type, sizeof(r->content_type));
	copy_header(p, size * n, "Retry-After", r->retry_after, sizeof(r->retry_after));
	return size * n;
}

/* "127.0.0.1:PORT" of a server URL. */
static const char *
host_of(struct sim_server *srv)
{
	return strstr(sim_server_url(srv), "://") + 3;
}

static char *
raw_query(const struct call *c)
{
	struct buf b = BUF_INIT(0);

	for (size_t i = 0; i < c->nquery; i++) {
		char *n = sign_encode(c->query[i].name, strlen(c->query[i].name));
		char *v = sign_encode(c->query[i].value, strlen(c->query[i].value));

		buf_printf(&b, "%s%s=%s", i ? "&" : "", n, v);
		free(n);
		free(v);
	}
	return buf_steal(&b, NULL);
}

static void
do_call(struct sim_server *srv, const struct call *c, struct reply *r)
{
	struct sign_kv hdrs[4];
	size_t nh = 0;
	struct sign_input in = { 0 };
	struct sign_output out = { 0 };
	struct curl_slist *list = NULL;
	char line[1024], err[256], *query = raw_query(c), *url;
	const char *method = c->method != NULL ? c->method : "GET";
	CURL *h = curl_easy_init();

	memset(r, 0, sizeof(*r));
	buf_init(&r->body, c->body_cap ? c->body_cap : 4u << 20);
	hdrs[nh++] = (struct sign_kv){ "Content-Type", "application/json" };
	if (c->language != NULL)
		hdrs[nh++] = (struct sign_kv){ "X-Language", c->language };
	if (!c->no_auth && c->authorization == NULL) {
		in.method = method;
		in.host = host_of(srv);
		in.path = c->path;
		in.query = c->query;
		in.nquery = c->nquery;
		in.headers = hdrs;
		in.nheaders = nh;
		in.body = c->body;
		in.body_len = c->body != NULL ? strlen(c->body) : 0;
		in.sdk_date = c->sdk_date;
		in.ak = c->ak != NULL ? c->ak : AK;
		in.sk = c->sk != NULL ? c->sk : SK;
		in.security_token = c->token;
		in.domain_id = c->domain_id;
		assert_int_equal(sign_request(&in, &out, err, sizeof(err)), 0);
		for (size_t i = 0; i < out.nheaders; i++) {
			snprintf(line, sizeof(line), "%s: %s", out.headers[i].name, out.headers[i].value);
			list = curl_slist_append(list, line);
		}
	} else {
		for (size_t i = 0; i < nh; i++) {
			snprintf(line, sizeof(line), "%s: %s", hdrs[i].name, hdrs[i].value);
			list = curl_slist_append(list, line);
		}
		if (c->authorization != NULL) {
			snprintf(line, sizeof(line), "Authorization: %s", c->authorization);
			list = curl_slist_append(list, line);
		}
	}
	for (size_t i = 0; c->extra != NULL && c->extra[i] != NULL; i++)
		list = curl_slist_append(list, c->extra[i]);
	url = xasprintf("%s%s%s%s", sim_server_url(srv), c->path, *query ? "?" : "", query);
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, list);
	if (c->body != NULL)
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, c->body);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(h, CURLOPT_HEADERDATA, r);
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, c->timeout_ms ? c->timeout_ms : 10000L);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	r->rc = curl_easy_perform(h);
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r->status);
	curl_easy_getinfo(h, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &r->content_length);
	curl_easy_getinfo(h, CURLINFO_TOTAL_TIME, &r->seconds);
	curl_easy_cleanup(h);
	curl_slist_free_all(list);
	sign_output_free(&out);
	free(url);
	free(query);
}

static void
reply_free(struct reply *r)
{
	buf_free(&r->body);
}

/* The reply's body as JSON (fails the test when it is not). */
static cJSON *
json_of(const struct reply *r)
{
	cJSON *j = cJSON_ParseWithLength(r->body.data ? r->body.data : "", r->body.len);

	if (j == NULL)
		fail_msg("not JSON (HTTP %ld): %.200s", r->status, buf_cstr(&r->body));
	return j;
}

static const char *
jstr(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static double
jnum(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

	return cJSON_IsNumber(v) ? v->valuedouble : -1;
}

/* A signed GET of the balance: the request every server answers 200. */
static void
get_balance(struct sim_server *srv, struct reply *r)
{
	struct call c = { .path = BALANCES };

	do_call(srv, &c, r);
}

/* --- the admin API ----------------------------------------------------------------- */

static void
admin(struct sim_server *srv, const char *method, const char *path, const char *body,
    const char *token, struct reply *r)
{
	char line[256];
	const char *extra[] = { line, NULL };
	struct call c = { .method = method, .path = path, .body = body, .no_auth = true,
	    .extra = token != NULL ? extra : NULL };

	snprintf(line, sizeof(line), "Authorization: Bearer %s", token != NULL ? token : "");
	do_call(srv, &c, r);
}

static cJSON *
admin_json(struct sim_server *srv, const char *path)
{
	struct reply r;
	cJSON *j;

	admin(srv, "GET", path, NULL, ADMIN, &r);
	assert_int_equal(r.status, 200);
	j = json_of(&r);
	reply_free(&r);
	return j;
}

static void
set_faults(struct sim_server *srv, const char *spec)
{
	struct reply r;
	char *body = xasprintf("{\"spec\":\"%s\"}", spec);

	admin(srv, "POST", "/__sim/faults", body, ADMIN, &r);
	if (r.status != 200)
		fail_msg("POST /__sim/faults %s: HTTP %ld %s", spec, r.status, buf_cstr(&r.body));
	reply_free(&r);
	free(body);
}

static int
clear_faults(void **state)
{
	char err[64];

	(void)state;
	return sim_server_set_faults(shared, "", err, sizeof(err));
}

static long
fault_count(struct sim_server *srv, const char *kind)
{
	cJSON *s = admin_json(srv, "/__sim/stats");
	long n = (long)jnum(cJSON_GetObjectItemCaseSensitive(s, "faults"), kind);

	cJSON_Delete(s);
	return n;
}

/* --- authentication ----------------------------------------------------------------- */

static void
assert_ok_json(const struct reply *r)
{
	cJSON *j;

	if (r->rc != CURLE_OK || r->status != 200)
		fail_msg("expected 200: curl %d, HTTP %ld %.300s", r->rc, r->status,
		    buf_cstr(&r->body));
	assert_string_equal(r->content_type, "application/json;charset=UTF-8");
	assert_int_equal(strlen(r->request_id), 32);
	j = json_of(r);
	assert_null(jstr(j, "error_code"));
	cJSON_Delete(j);
}

static void
sign_node_style_accepted(void **state)
{
	struct reply r;

	(void)state;
	get_balance(shared, &r);
	assert_ok_json(&r);
	reply_free(&r);
}

static void
sign_with_query_body_and_language(void **state)
{
	static const struct sign_kv q[] = { { "limit", "5" }, { "offset", "0" } };
	struct call c = { .path = MEASURES, .query = q, .nquery = 2, .language = "en_US" };
	struct call post = { .method = "PUT", .path = CANCEL, .body = "{\"order_id\":\"NOPE\"}" };
	struct reply r;

	(void)state;
	do_call(shared, &c, &r);
	assert_ok_json(&r);
	reply_free(&r);
	/* A signed body reaches the handler: an unknown order is a business error, not 401. */
	do_call(shared, &post, &r);
	assert_int_equal(r.status, 400);
	reply_free(&r);
}

/* The SK-keyed HMAC over a canonical request built here, independently of sign.c. */
static char *
manual_authorization(const char *method, const char *canonical_uri,
    const char *signed_headers, const char *canonical_headers, const char *body,
    const char *date)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen;
	char hex[2 * EVP_MAX_MD_SIZE + 1], payload[65], crhash[65];
	char *cr, *sts, *auth;

	EVP_Digest(body, strlen(body), md, &mdlen, EVP_sha256(), NULL);
	for (unsigned i = 0; i < mdlen; i++)
		sprintf(payload + 2 * i, "%02x", md[i]);
	cr = xasprintf("%s\n%s\n\n%s\n%s\n%s", method, canonical_uri, canonical_headers,
	    signed_headers, payload);
	EVP_Digest(cr, strlen(cr), md, &mdlen, EVP_sha256(), NULL);
	for (unsigned i = 0; i < mdlen; i++)
		sprintf(crhash + 2 * i, "%02x", md[i]);
	sts = xasprintf("SDK-HMAC-SHA256\n%s\n%s", date, crhash);
	HMAC(EVP_sha256(), SK, (int)strlen(SK), (unsigned char *)sts, strlen(sts), md, &mdlen);
	for (unsigned i = 0; i < mdlen; i++)
		sprintf(hex + 2 * i, "%02x", md[i]);
	auth = xasprintf("SDK-HMAC-SHA256 Access=%s, SignedHeaders=%s, Signature=%s", AK,
	    signed_headers, hex);
	free(cr);
	free(sts);
	return auth;
}

static void
sign_go_style_without_host(void **state)
{
	char date[TIME_SDK_BUFSZ], canon[256], hdate[64];
	const char *extra[] = { "User-Agent: huaweicloud-usdk-go/3.0", "X-Domain-Id: dom1",
	    hdate, NULL };
	struct call c = { .method = "PUT", .path = CANCEL, .body = "{\"order_id\":\"NOPE\"}",
	    .extra = extra };
	struct reply r;

	(void)state;
	time_format_sdk(time_now(), date);
	snprintf(hdate, sizeof(hdate), "X-Sdk-Date: %s", date);
	snprintf(canon, sizeof(canon), "user-agent:huaweicloud-usdk-go/3.0\nx-domain-id:dom1\n"
	    "x-sdk-date:%s\n", date);
	c.authorization = manual_authorization("PUT", CANCEL "/",
	    "user-agent;x-domain-id;x-sdk-date", canon, c.body, date);
	do_call(shared, &c, &r);
	/* Past the gateway: the handler's business error, not a 401. */
	assert_int_equal(r.status, 400);
	reply_free(&r);
	free((char *)c.authorization);
}

static void
sign_host_and_date_only(void **state)
{
	char date[TIME_SDK_BUFSZ], canon[256], hdate[64];
	const char *extra[] = { hdate, NULL };
	struct call c = { .path = BALANCES, .extra = extra };
	struct reply r;

	(void)state;
	time_format_sdk(time_now(), date);
	snprintf(hdate, sizeof(hdate), "X-Sdk-Date: %s", date);
	snprintf(canon, sizeof(canon), "host:%s\nx-sdk-date:%s\n", host_of(shared), date);
	c.authorization = manual_authorization("GET", BALANCES "/", "host;x-sdk-date", canon,
	    "", date);
	do_call(shared, &c, &r);
	assert_ok_json(&r);
	reply_free(&r);
	free((char *)c.authorization);
}

static void
sign_token_and_domain_id(void **state)
{
	struct call c = { .path = BALANCES, .ak = TEMP_AK, .sk = TEMP_SK, .token = TEMP_TOKEN,
	    .domain_id = "0123456789abcdef", .language = "zh_CN" };
	struct reply r;

	(void)state;
	do_call(shared, &c, &r);
	assert_ok_json(&r);
	reply_free(&r);
}

/* 401 APIGW.0301 with msg containing want; the request id in the body and header. */
static void
assert_auth_failure(const struct reply *r, const char *want)
{
	cJSON *j;

	assert_int_equal(r->status, 401);
	assert_string_equal(r->content_type, "application/json;charset=UTF-8");
	j = json_of(r);
	assert_string_equal(jstr(j, "error_code"), "APIGW.0301");
	assert_non_null(jstr(j, "error_msg"));
	if (strstr(jstr(j, "error_msg"), want) == NULL)
		fail_msg("error_msg '%s' lacks '%s'", jstr(j, "error_msg"), want);
	assert_non_null(strstr(jstr(j, "error_msg"), "Incorrect IAM authentication information"));
	assert_string_equal(jstr(j, "request_id"), r->request_id);
	/* The secrets never come back. */
	assert_null(strstr(buf_cstr(&r->body), SK));
	assert_null(strstr(buf_cstr(&r->body), TEMP_SK));
	assert_null(strstr(buf_cstr(&r->body), TEMP_TOKEN));
	cJSON_Delete(j);
}

static void
expect_auth_failure(const struct call *c, const char *want)
{
	struct reply r;

	do_call(shared, c, &r);
	assert_auth_failure(&r, want);
	reply_free(&r);
}

static void
auth_missing_authorization(void **state)
{
	struct call c = { .path = BALANCES, .no_auth = true };

	(void)state;
	expect_auth_failure(&c, "Authorization");
}

static void
auth_wrong_signature(void **state)
{
	struct call c = { .path = BALANCES, .sk = "not-the-secret-key-0123456789abcdefghij" };

	(void)state;
	expect_auth_failure(&c, "verify aksk signature fail");
}

static void
auth_unknown_ak(void **state)
{
	struct call c = { .path = BALANCES, .ak = "AKNOBODYAKNOBODY0000" };

	(void)state;
	expect_auth_failure(&c, "Get secretKey failed,ak:AKNOBODYAKNOBODY0000,err:ak not exist");
}

static void
auth_stale_and_future_date(void **state)
{
	char stale[TIME_SDK_BUFSZ], future[TIME_SDK_BUFSZ], fine[TIME_SDK_BUFSZ];
	struct call c = { .path = BALANCES, .sdk_date = stale };
	struct reply r;

	(void)state;
	time_format_sdk(time_now() - 16 * 60, stale);
	time_format_sdk(time_now() + 16 * 60, future);
	time_format_sdk(time_now() - 14 * 60, fine);
	expect_auth_failure(&c, "signature expired");
	c.sdk_date = future;
	expect_auth_failure(&c, "signature expired");
	c.sdk_date = fine;
	do_call(shared, &c, &r);
	assert_ok_json(&r);
	reply_free(&r);
}

static void
auth_tampered_request(void **state)
{
	static const struct sign_kv q5[] = { { "limit", "5" } }, q6[] = { { "limit", "6" } };
	struct sign_kv h[] = { { "Content-Type", "application/json" } };
	struct sign_input in = { .method = "GET", .path = MEASURES, .query = q5, .nquery = 1,
	    .headers = h, .nheaders = 1, .ak = AK, .sk = SK };
	struct sign_output out = { 0 };
	char err[128], date[64];
	const char *extra[] = { date, NULL };
	struct call c = { .path = MEASURES, .query = q6, .nquery = 1, .extra = extra };

	(void)state;
	/* Signed for limit=5, sent with limit=6: the query is part of the signature. */
	in.host = host_of(shared);
	assert_int_equal(sign_request(&in, &out, err, sizeof(err)), 0);
	snprintf(date, sizeof(date), "X-Sdk-Date: %s", out.sdk_date);
	c.authorization = out.authorization;
	expect_auth_failure(&c, "verify aksk signature fail");
	sign_output_free(&out);
}

static void
auth_temporary_ak_needs_token(void **state)
{
	struct call c = { .path = BALANCES, .ak = TEMP_AK, .sk = TEMP_SK };

	(void)state;
	expect_auth_failure(&c, "X-Security-Token");
	c.token = "a-wrong-token";
	expect_auth_failure(&c, "security token");
}

/* --- routing and limits ---------------------------------------------------------------- */

static void
unknown_path_is_404(void **state)
{
	struct call c = { .path = "/v2/no/such/api" };
	struct call wrong_method = { .method = "DELETE", .path = BALANCES };
	struct call typo_fixed = { .method = "POST", .path = "/v2/orders/subscriptions/resources/query",
	    .body = "{}" };
	struct call *calls[] = { &c, &wrong_method, &typo_fixed };
	struct reply r;

	(void)state;
	for (size_t i = 0; i < 3; i++) {
		cJSON *j;

		do_call(shared, calls[i], &r);
		assert_int_equal(r.status, 404);
		j = json_of(&r);
		assert_string_equal(jstr(j, "error_code"), "APIGW.0101");
		assert_string_equal(jstr(j, "error_msg"),
		    "The API does not exist or has not been published in the environment");
		assert_string_equal(jstr(j, "request_id"), r.request_id);
		cJSON_Delete(j);
		reply_free(&r);
	}
}

static void
path_id_routes(void **state)
{
	struct call c = { .method = "POST", .body = "{}" };
	struct reply r;
	cJSON *j;

	(void)state;
	/* An unknown resource id reaches AutoRenewalResources (documented 400 CBC.99003012)... */
	c.path = "/v2/orders/subscriptions/resources/autorenew/no-such-resource";
	do_call(shared, &c, &r);
	assert_int_equal(r.status, 400);
	j = json_of(&r);
	assert_string_equal(jstr(j, "error_code"), "CBC.99003012");
	cJSON_Delete(j);
	reply_free(&r);
	/* ...but an empty id or an extra segment is no API at all. */
	c.path = "/v2/orders/subscriptions/resources/autorenew/";
	do_call(shared, &c, &r);
	assert_int_equal(r.status, 404);
	reply_free(&r);
	c.path = "/v2/orders/subscriptions/resources/autorenew/a/b";
	do_call(shared, &c, &r);
	assert_int_equal(r.status, 404);
	reply_free(&r);
}

static void
body_over_cap_is_413(void **state)
{
	size_t n = SIM_BODY_MAX + 10;
	char *big = xmalloc(n + 1);
	struct call c = { .method = "POST", .path = "/v2/orders/suscriptions/resources/query" };
	struct reply r;
	cJSON *j;

	(void)state;
	memset(big, ' ', n);
	big[0] = '{';
	big[n - 1] = '}';
	big[n] = '\0';
	c.body = big;
	do_call(shared, &c, &r);
	assert_int_equal(r.status, 413);
	j = json_of(&r);
	assert_string_equal(jstr(j, "error_code"), "CBC.0100");
	cJSON_Delete(j);
	reply_free(&r);
	free(big);
}

static void
query_helpers(void **state)
{
	struct sim_param p[] = { { "a", "1" }, { "b", "" }, { "a", "2" } };
	struct sim_request req = { .query = p, .nquery = 3 };
	struct sim_response resp = { 0, NULL };
	cJSON *j;

	(void)state;
	assert_string_equal(sim_query_get(&req, "a"), "1");
	assert_string_equal(sim_query_get(&req, "b"), "");
	assert_null(sim_query_get(&req, "c"));
	assert_true(sim_query_has(&req, "b"));
	assert_false(sim_query_has(&req, "A"));
	sim_error(&resp, 400, "CBC.0100", "Invalid parameter: %s \"%d\"", "limit", 0);
	assert_int_equal(resp.status, 400);
	j = cJSON_Parse(resp.body);
	assert_string_equal(jstr(j, "error_code"), "CBC.0100");
	assert_string_equal(jstr(j, "error_msg"), "Invalid parameter: limit \"0\"");
	cJSON_Delete(j);
	free(resp.body);
}

static void
rate_limit_throttles_the_eleventh(void **state)
{
	struct sim_server *srv = start_server(10, NULL);
	struct reply r;
	cJSON *j;
	int ok = 0;

	(void)state;
	assert_non_null(srv);
	for (int i = 0; i < 10; i++) {
		get_balance(srv, &r);
		ok += r.status == 200;
		reply_free(&r);
	}
	assert_int_equal(ok, 10);
	get_balance(srv, &r);
	assert_int_equal(r.status, 429);
	assert_string_equal(r.retry_after, "1");
	j = json_of(&r);
	assert_string_equal(jstr(j, "error_code"), "CBC.0250");
	assert_non_null(jstr(j, "error_msg"));
	cJSON_Delete(j);
	reply_free(&r);
	{
		/* The limit is per API: another one still answers. */
		struct call c = { .path = MEASURES };

		do_call(srv, &c, &r);
		assert_int_equal(r.status, 200);
		reply_free(&r);
	}
	j = admin_json(srv, "/__sim/stats");
	assert_true(jnum(j, "throttled") == 1);
	assert_true(jnum(j, "rate_limited") == 1);
	assert_true(jnum(j, "rate_limit") == 10);
	cJSON_Delete(j);
	/* A second later the window has moved on. */
	usleep(1100 * 1000);
	get_balance(srv, &r);
	assert_int_equal(r.status, 200);
	reply_free(&r);
	sim_server_free(srv);
}

static void
rate_limit_zero_is_off(void **state)
{
	struct reply r;
	int ok = 0;

	(void)state;
	for (int i = 0; i < 30; i++) {
		get_balance(shared, &r);
		ok += r.status == 200;
		reply_free(&r);
	}
	assert_int_equal(ok, 30);
}

static void
ratelimit_sliding_window(void **state)
{
	struct ratelimit *rl = ratelimit_new(2, 3);

	(void)state;
	assert_true(ratelimit_allow(rl, 0, 1000));
	assert_true(ratelimit_allow(rl, 0, 1400));
	assert_true(ratelimit_allow(rl, 0, 1800));
	assert_false(ratelimit_allow(rl, 0, 1999));   /* 3 in (999, 1999] */
	assert_true(ratelimit_allow(rl, 1, 1999));    /* keys are separate */
	assert_true(ratelimit_allow(rl, 0, 2000));    /* the one at 1000 left */
	assert_false(ratelimit_allow(rl, 0, 2300));
	assert_true(ratelimit_allow(rl, 0, 2400));
	ratelimit_free(rl);
}

/* --- admin ------------------------------------------------------------------------------ */

static void
admin_needs_bearer_token(void **state)
{
	struct reply r;
	cJSON *j;

	(void)state;
	admin(shared, "GET", "/__sim/state", NULL, NULL, &r);
	assert_int_equal(r.status, 401);
	j = json_of(&r);
	assert_non_null(jstr(j, "error_code"));
	cJSON_Delete(j);
	reply_free(&r);
	admin(shared, "GET", "/__sim/state", NULL, "wrong-token", &r);
	assert_int_equal(r.status, 401);
	reply_free(&r);
	/* A valid AK/SK signature is no admin credential either. */
	{
		struct call c = { .path = "/__sim/state" };

		do_call(shared, &c, &r);
		assert_int_equal(r.status, 401);
		reply_free(&r);
	}
	admin(shared, "GET", "/__sim/state", NULL, ADMIN, &r);
	assert_int_equal(r.status, 200);
	j = json_of(&r);
	assert_true(cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(j, "mutations")));
	assert_true(cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(j, "orders")));
	cJSON_Delete(j);
	reply_free(&r);
	admin(shared, "GET", "/__sim/nothing", NULL, ADMIN, &r);
	assert_int_equal(r.status, 404);
	reply_free(&r);
}

static void
admin_faults_endpoint(void **state)
{
	struct reply r;
	cJSON *j;

	(void)state;
	admin(shared, "POST", "/__sim/faults", "latency=5ms, error5xx=0.5@/v2/orders#2", ADMIN, &r);
	assert_int_equal(r.status, 200);
	j = json_of(&r);
	assert_string_equal(jstr(j, "spec"), "latency=5ms,error5xx=0.5@/v2/orders#2");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(j, "rules")), 2);
	cJSON_Delete(j);
	reply_free(&r);
	admin(shared, "POST", "/__sim/faults", "{\"spec\":\"reset=2\"}", ADMIN, &r);
	assert_int_equal(r.status, 400);
	j = json_of(&r);
	assert_non_null(strstr(jstr(j, "error_msg"), "probability"));
	cJSON_Delete(j);
	reply_free(&r);
	/* A bad spec leaves the active one alone. */
	j = admin_json(shared, "/__sim/faults");
	assert_string_equal(jstr(j, "spec"), "latency=5ms,error5xx=0.5@/v2/orders#2");
	cJSON_Delete(j);
	admin(shared, "DELETE", "/__sim/faults", NULL, ADMIN, &r);
	assert_int_equal(r.status, 200);
	reply_free(&r);
	j = admin_json(shared, "/__sim/faults");
	assert_string_equal(jstr(j, "spec"), "");
	cJSON_Delete(j);
}

static void
admin_clock(void **state)
{
	struct reply r;
	cJSON *j;
	time_t before = sim_server_now(shared);

	(void)state;
	admin(shared, "POST", "/__sim/clock", "{\"advance\":86400}", ADMIN, &r);
	assert_int_equal(r.status, 200);
	reply_free(&r);
	j = admin_json(shared, "/__sim/clock");
	assert_true(jnum(j, "unix") >= (double)before + 86400);
	assert_true(jnum(j, "offset") >= 86399 && jnum(j, "offset") <= 86401);
	cJSON_Delete(j);
	admin(shared, "POST", "/__sim/clock", "{\"now\":\"bad\"}", ADMIN, &r);
	assert_int_equal(r.status, 400);
	reply_free(&r);
	sim_server_set_now(shared, time_now());
	/* The business clock never moves the signature window: requests still pass. */
	get_balance(shared, &r);
	assert_int_equal(r.status, 200);
	reply_free(&r);
}

/* --- faults over the wire --------------------------------------------------------------- */

static void
fault_error5xx(void **state)
{
	struct reply r;
	cJSON *j;

	(void)state;
	set_faults(shared, "error5xx=1#1");
	get_balance(shared, &r);
	assert_true(r.status >= 500 && r.status <= 503);
	j = json_of(&r);
	assert_string_equal(jstr(j, "error_code"), "CBC.0999");
	cJSON_Delete(j);
	reply_free(&r);
	/* #1: spent after one request. */
	get_balance(shared, &r);
	assert_int_equal(r.status, 200);
	reply_free(&r);
	assert_int_equal(fault_count(shared, "error5xx"), 1);
}

static void
fault_throttle(void **state)
{
	struct reply r;
	cJSON *j;

	(void)state;
	set_faults(shared, "throttle");
	get_balance(shared, &r);
	assert_int_equal(r.status, 429);
	assert_string_equal(r.retry_after, "1");
	j = json_of(&r);
	assert_string_equal(jstr(j, "error_code"), "CBC.0250");
	cJSON_Delete(j);
	reply_free(&r);
}

static void
fault_reset(void **state)
{
	struct reply r;

	(void)state;
	set_faults(shared, "reset");
	get_balance(shared, &r);
	/* A reset, not a clean close: "Connection reset by peer". */
	assert_int_equal(r.rc, CURLE_RECV_ERROR);
	reply_free(&r);
	assert_int_equal(fault_count(shared, "reset"), 1);
}

/* The id of an order in status 6 (pending payment), from /__sim/state. */
static char *
pending_order(struct sim_server *srv)
{
	cJSON *s = admin_json(srv, "/__sim/state"), *o;
	char *id = NULL;

	cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(s, "orders")) {
		if (jnum(o, "status") == 6 && jstr(o, "order_id") != NULL) {
			id = xstrdup(jstr(o, "order_id"));
			break;
		}
	}
	cJSON_Delete(s);
	assert_non_null(id);
	return id;
}

/* In a /__sim/state document: order id's status and the CancelCustomerOrder count. */
static void
status_and_cancels(const char *state_json, const char *id, int *status, int *cancels)
{
	cJSON *s = cJSON_Parse(state_json), *o;

	assert_non_null(s);
	*status = -1;
	cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(s, "orders"))
		if (jstr(o, "order_id") != NULL && strcmp(jstr(o, "order_id"), id) == 0)
			*status = (int)jnum(o, "status");
	*cancels = (int)jnum(cJSON_GetObjectItemCaseSensitive(s, "mutations"),
	    "CancelCustomerOrder");
	cJSON_Delete(s);
}

/* Cancels a pending-payment order of srv; its id goes to *id (heap). */
static void
cancel_pending(struct sim_server *srv, char **id, struct reply *r)
{
	char *body;

	*id = pending_order(srv);
	body = xasprintf("{\"order_id\":\"%s\"}", *id);
	{
		struct call c = { .method = "PUT", .path = CANCEL, .body = body };

		do_call(srv, &c, r);
	}
	free(body);
}

/*
 * Cancels an order with fault on the cancel API: the client sees curl error
 * want_rc, and the state then says the order has want_status and
 * CancelCustomerOrder was applied want_cancels times.
 */
static void
cancel_under_fault(const char *fault, CURLcode want_rc, int want_status, int want_cancels)
{
	char *spec = xasprintf("%s@%s", fault, CANCEL), *id;
	struct sim_server *srv = start_server(0, spec);
	struct reply r;
	int status, cancels;

	assert_non_null(srv);
	cancel_pending(srv, &id, &r);
	assert_int_equal(r.rc, want_rc);
	reply_free(&r);
	admin(srv, "GET", "/__sim/state", NULL, ADMIN, &r);
	status_and_cancels(buf_cstr(&r.body), id, &status, &cancels);
	reply_free(&r);
	assert_int_equal(status, want_status);
	assert_int_equal(cancels, want_cancels);
	/* Only the prefix is faulted: reads answer. */
	get_balance(srv, &r);
	assert_int_equal(r.status, 200);
	reply_free(&r);
	free(id);
	free(spec);
	sim_server_free(srv);
}

static void
fault_lost_response_applies_the_effect(void **state)
{
	(void)state;
	cancel_under_fault("lost_response", CURLE_GOT_NOTHING, 4, 1);
}

static void
fault_reset_has_no_effect(void **state)
{
	(void)state;
	cancel_under_fault("reset", CURLE_RECV_ERROR, 6, 0);
}

static void
fault_truncate_and_malformed(void **state)
{
	struct reply good, r;
	static const char *const specs[] = { "truncate", "malformed" };

	(void)state;
	get_balance(shared, &good);
	assert_ok_json(&good);
	for (size_t i = 0; i < 2; i++) {
		set_faults(shared, specs[i]);
		get_balance(shared, &r);
		assert_int_equal(r.rc, CURLE_OK);
		assert_int_equal(r.status, 200);
		assert_true(r.body.len > 0);
		assert_null(cJSON_ParseWithLength(r.body.data, r.body.len));
		if (i == 0) {
			assert_int_equal(r.body.len, good.body.len / 2);
			assert_memory_equal(r.body.data, good.body.data, r.body.len);
		}
		reply_free(&r);
		assert_int_equal(fault_count(shared, specs[i]), 1);
	}
	reply_free(&good);
}

static void
fault_slow_dribbles(void **state)
{
	struct reply good, r;

	(void)state;
	get_balance(shared, &good);
	set_faults(shared, "slow");
	get_balance(shared, &r);
	assert_int_equal(r.status, 200);
	assert_true(r.seconds >= 1.5);
	/* The body is whole: only slow. */
	assert_int_equal(r.body.len, good.body.len);
	assert_memory_equal(r.body.data, good.body.data, r.body.len);
	reply_free(&r);
	reply_free(&good);
}

static void
fault_latency_delays(void **state)
{
	struct reply r;

	(void)state;
	set_faults(shared, "latency=400ms,jitter=50ms");
	get_balance(shared, &r);
	assert_int_equal(r.status, 200);
	assert_true(r.seconds >= 0.35);
	reply_free(&r);
	set_faults(shared, "latency=400ms@/v2/orders");
	get_balance(shared, &r);
	assert_int_equal(r.status, 200);
	assert_true(r.seconds < 0.35);
	reply_free(&r);
}

static void
fault_huge_and_endless(void **state)
{
	struct call c = { .path = BALANCES, .body_cap = 2u << 20 };
	struct reply r;

	(void)state;
	set_faults(shared, "huge");
	do_call(shared, &c, &r);
	/* The client stops at its cap: the body would have been 200 MB. */
	assert_int_equal(r.rc, CURLE_WRITE_ERROR);
	assert_int_equal(r.content_length, 200ll * 1024 * 1024);
	assert_memory_equal(r.body.data, "{\"padding\":\"xxx", 15);
	reply_free(&r);
	set_faults(shared, "endless");
	do_call(shared, &c, &r);
	assert_int_equal(r.rc, CURLE_WRITE_ERROR);
	assert_int_equal(r.content_length, -1);
	assert_true(r.body.len >= 1u << 20);
	reply_free(&r);
}

static void *
hanging_call(void *arg)
{
	struct reply *r = arg;
	struct call c = { .path = MEASURES, .timeout_ms = 1500 };

	do_call(shared, &c, r);
	return NULL;
}

static void
fault_hang_blocks_only_its_connection(void **state)
{
	struct reply hung, r;
	pthread_t t;

	(void)state;
	set_faults(shared, "hang@" MEASURES);
	pthread_create(&t, NULL, hanging_call, &hung);
	usleep(200 * 1000);
	get_balance(shared, &r);
	assert_int_equal(r.status, 200);
	assert_true(r.seconds < 1.0);
	reply_free(&r);
	pthread_join(t, NULL);
	assert_int_equal(hung.rc, CURLE_OPERATION_TIMEDOUT);
	reply_free(&hung);
}

struct held_call {
	struct sim_server *srv;
	struct reply r;
};

static void *
held_call(void *arg)
{
	struct held_call *h = arg;
	struct call c = { .path = BALANCES, .timeout_ms = 8000 };

	do_call(h->srv, &c, &h->r);
	return NULL;
}

static void
stop_releases_hung_and_slow_answers(void **state)
{
	static const char *const specs[] = { "hang", "slow", "latency=60s" };

	(void)state;
	for (size_t i = 0; i < 3; i++) {
		struct held_call h = { start_server(0, specs[i]), { 0 } };
		pthread_t t;
		uint64_t t0;

		assert_non_null(h.srv);
		pthread_create(&t, NULL, held_call, &h);
		usleep(300 * 1000);
		t0 = time_mono_ms();
		sim_server_free(h.srv);
		/* Stopping does not wait for the client to give up. */
		assert_true(time_mono_ms() - t0 < 2000);
		pthread_join(t, NULL);
		assert_int_not_equal(h.r.rc, CURLE_OK);
		assert_int_not_equal(h.r.rc, CURLE_OPERATION_TIMEDOUT);
		reply_free(&h.r);
	}
}

/* --- the fault spec parser and dice ------------------------------------------------------ */

static void
faults_parse_good(void **state)
{
	struct faults *f = faults_new(1);
	char err[512], *s;

	(void)state;
	assert_int_equal(faults_set(f, "latency=50ms,jitter=10ms,error5xx=0.1,throttle=0.05,"
	    "reset=0.02,truncate=0.01,malformed=0.01,slow=0.01,hang=0.001,lost_response=0.2",
	    err, sizeof(err)), 0);
	s = faults_spec(f);
	assert_string_equal(s, "latency=50ms,jitter=10ms,error5xx=0.1,throttle=0.05,reset=0.02,"
	    "truncate=0.01,malformed=0.01,slow=0.01,hang=0.001,lost_response=0.2");
	free(s);
	assert_int_equal(faults_set(f, " latency=1.5s@/v2/bills , huge#2, endless=25%@/v4 ,"
	    "jitter=250us", err, sizeof(err)), 0);
	s = faults_spec(f);
	assert_string_equal(s, "latency=1500ms@/v2/bills,huge=1#2,endless=0.25@/v4,jitter=1ms");
	free(s);
	assert_int_equal(faults_set(f, "none", err, sizeof(err)), 0);
	s = faults_spec(f);
	assert_string_equal(s, "");
	free(s);
	faults_free(f);
}

static void
faults_parse_bad(void **state)
{
	static const struct {
		const char *spec, *want;
	} cases[] = {
		{ "explode=1", "unknown kind 'explode'" },
		{ "error5xx=1.5", "error5xx needs a probability between 0 and 1" },
		{ "reset=-0.1", "reset needs a probability" },
		{ "throttle=often", "got 'often'" },
		{ "latency", "latency needs a duration like 50ms" },
		{ "latency=fast", "got 'fast'" },
		{ "jitter=10min", "got '10min'" },
		{ "latency=601s", "at most 600s" },
		{ "error5xx=1@v2/orders", "must start with '/'" },
		{ "error5xx=1#0", "positive integer, got '0'" },
		{ "error5xx=1#x", "got 'x'" },
		{ "latency=5ms,,bogus", "unknown kind 'bogus'" },
	};
	struct faults *f = faults_new(1);
	char err[512], *s;

	(void)state;
	assert_int_equal(faults_set(f, "reset=0.5", err, sizeof(err)), 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		err[0] = '\0';
		assert_int_equal(faults_set(f, cases[i].spec, err, sizeof(err)), -1);
		if (strstr(err, cases[i].want) == NULL || strncmp(err, "faults: ", 8) != 0)
			fail_msg("spec '%s': message '%s' lacks '%s'", cases[i].spec, err,
			    cases[i].want);
	}
	/* The failed specs changed nothing. */
	s = faults_spec(f);
	assert_string_equal(s, "reset=0.5");
	free(s);
	faults_free(f);
}

static void
faults_dice_are_seeded(void **state)
{
	struct faults *a = faults_new(42), *b = faults_new(42), *c = faults_new(43);
	struct fault_plan pa, pb, pc;
	char err[256];
	int same_c = 0, resets = 0, errors = 0;

	(void)state;
	faults_set(a, "reset=0.25,error5xx=0.25,jitter=20ms", err, sizeof(err));
	faults_set(b, "reset=0.25,error5xx=0.25,jitter=20ms", err, sizeof(err));
	faults_set(c, "reset=0.25,error5xx=0.25,jitter=20ms", err, sizeof(err));
	for (int i = 0; i < 4000; i++) {
		faults_draw(a, "/v2/x", &pa);
		faults_draw(b, "/v2/x", &pb);
		faults_draw(c, "/v2/x", &pc);
		assert_int_equal(pa.outcome, pb.outcome);
		assert_int_equal(pa.delay_ms, pb.delay_ms);
		assert_true(pa.delay_ms <= 20);
		same_c += pa.outcome == pc.outcome && pa.delay_ms == pc.delay_ms;
		resets += pa.outcome == FAULT_RESET;
		errors += pa.outcome == FAULT_ERROR5XX;
	}
	/* Another seed, other dice; and the probabilities add up in spec order. */
	assert_true(same_c < 3000);
	assert_in_range(resets, 850, 1150);
	assert_in_range(errors, 850, 1150);
	faults_free(a);
	faults_free(b);
	faults_free(c);
}

static void
faults_prefix_and_count(void **state)
{
	struct faults *f = faults_new(1);
	struct fault_plan p;
	char err[256];

	(void)state;
	faults_set(f, "latency=30ms@/v2/bills,latency=5ms,error5xx=1@/v2/orders#2,throttle",
	    err, sizeof(err));
	faults_draw(f, "/v2/bills/customer-bills/monthly-sum", &p);
	assert_int_equal(p.delay_ms, 30);
	assert_int_equal(p.outcome, FAULT_THROTTLE);
	faults_draw(f, "/v2/orders/customer-orders", &p);
	assert_int_equal(p.delay_ms, 5);
	assert_int_equal(p.outcome, FAULT_ERROR5XX);
	faults_draw(f, "/v2/orders/customer-orders", &p);
	assert_int_equal(p.outcome, FAULT_ERROR5XX);
	/* #2 spent: the next matching rule takes over. */
	faults_draw(f, "/v2/orders/customer-orders", &p);
	assert_int_equal(p.outcome, FAULT_THROTTLE);
	faults_free(f);
}

/* --- state, embed ------------------------------------------------------------------------- */

static void
state_save_load_round_trip(void **state)
{
	struct sim_server *srv = start_server(0, NULL);
	char path[] = "/tmp/test_sim_server_XXXXXX", err[256], *id, *before, *after;
	struct sim_state *loaded;
	struct reply r;
	int fd, status, cancels;

	(void)state;
	assert_non_null(srv);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	cancel_pending(srv, &id, &r);
	assert_int_equal(r.status, 204);
	reply_free(&r);
	assert_int_equal(sim_server_save_state(srv, path, err, sizeof(err)), 0);
	before = sim_server_state_json(srv);
	loaded = sim_state_load(path, err, sizeof(err));
	if (loaded == NULL)
		fail_msg("sim_state_load: %s", err);
	after = sim_state_dump(loaded);
	assert_string_equal(before, after);
	/* The cancelled order stays cancelled after the round trip. */
	status_and_cancels(after, id, &status, &cancels);
	assert_int_equal(status, 4);
	assert_int_equal(cancels, 1);
	sim_state_free(loaded);
	unlink(path);
	free(before);
	free(after);
	free(id);
	sim_server_free(srv);
}

static void
embed_demo_server(void **state)
{
	struct sim_embed e, e2;
	struct sim_embed_opts o = { 0 };
	char err[256];
	struct reply r;

	(void)state;
	assert_int_equal(sim_embed_start(&e, &o, err, sizeof(err)), 0);
	assert_int_equal(sim_embed_start(&e2, &o, err, sizeof(err)), 0);
	assert_int_equal(strncmp(e.base_url, "http://127.0.0.1:", 17), 0);
	assert_int_equal(strlen(e.ak), SIM_EMBED_AK_LEN);
	assert_int_equal(strlen(e.sk), SIM_EMBED_SK_LEN);
	/* Throwaway keys: every start draws new ones. */
	assert_string_not_equal(e.sk, e2.sk);
	assert_string_not_equal(e.admin_token, e2.admin_token);
	{
		struct call c = { .path = BALANCES, .ak = e.ak, .sk = e.sk };

		do_call(e.server, &c, &r);
		assert_ok_json(&r);
		reply_free(&r);
		/* The other instance's keys are not accepted here. */
		c.ak = e2.ak;
		c.sk = e2.sk;
		do_call(e.server, &c, &r);
		assert_int_equal(r.status, 401);
		reply_free(&r);
	}
	sim_embed_stop(&e);
	sim_embed_stop(&e2);
	assert_null(e.server);
	assert_int_equal(e.sk[0], '\0');
}

static void
start_refuses_bad_options(void **state)
{
	struct sim_server_opts o = { 0 };
	struct sim_server *srv = (struct sim_server *)&o;
	char err[256];

	(void)state;
	o.creds = creds;
	o.ncreds = 1;
	o.admin_token = ADMIN;
	o.state = sim_state_new(SEED, SIM_SCALE_DEFAULT, time_now());
	o.host = "192.0.2.1";
	assert_int_equal(sim_server_start(&o, &srv, err, sizeof(err)), -1);
	assert_null(srv);
	assert_non_null(strstr(err, "not a loopback address"));
	o.host = NULL;
	o.faults = "latency=soon";
	assert_int_equal(sim_server_start(&o, &srv, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "latency needs a duration"));
	o.faults = NULL;
	o.admin_token = NULL;
	assert_int_equal(sim_server_start(&o, &srv, err, sizeof(err)), -1);
	o.admin_token = ADMIN;
	o.host = "::1";
	if (sim_server_start(&o, &srv, err, sizeof(err)) == 0) {
		assert_int_equal(strncmp(sim_server_url(srv), "http://[::1]:", 13), 0);
		/* The server owns the state now. */
		sim_server_free(srv);
	} else {
		sim_state_free(o.state);   /* no IPv6 on this machine */
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sign_node_style_accepted),
		cmocka_unit_test(sign_with_query_body_and_language),
		cmocka_unit_test(sign_go_style_without_host),
		cmocka_unit_test(sign_host_and_date_only),
		cmocka_unit_test(sign_token_and_domain_id),
		cmocka_unit_test(auth_missing_authorization),
		cmocka_unit_test(auth_wrong_signature),
		cmocka_unit_test(auth_unknown_ak),
		cmocka_unit_test(auth_stale_and_future_date),
		cmocka_unit_test(auth_tampered_request),
		cmocka_unit_test(auth_temporary_ak_needs_token),
		cmocka_unit_test(unknown_path_is_404),
		cmocka_unit_test(path_id_routes),
		cmocka_unit_test(body_over_cap_is_413),
		cmocka_unit_test(query_helpers),
		cmocka_unit_test(rate_limit_throttles_the_eleventh),
		cmocka_unit_test(rate_limit_zero_is_off),
		cmocka_unit_test(ratelimit_sliding_window),
		cmocka_unit_test(admin_needs_bearer_token),
		cmocka_unit_test_teardown(admin_faults_endpoint, clear_faults),
		cmocka_unit_test(admin_clock),
		cmocka_unit_test_teardown(fault_error5xx, clear_faults),
		cmocka_unit_test_teardown(fault_throttle, clear_faults),
		cmocka_unit_test_teardown(fault_reset, clear_faults),
		cmocka_unit_test(fault_lost_response_applies_the_effect),
		cmocka_unit_test(fault_reset_has_no_effect),
		cmocka_unit_test_teardown(fault_truncate_and_malformed, clear_faults),
		cmocka_unit_test_teardown(fault_slow_dribbles, clear_faults),
		cmocka_unit_test_teardown(fault_latency_delays, clear_faults),
		cmocka_unit_test_teardown(fault_huge_and_endless, clear_faults),
		cmocka_unit_test_teardown(fault_hang_blocks_only_its_connection, clear_faults),
		cmocka_unit_test(stop_releases_hung_and_slow_answers),
		cmocka_unit_test(faults_parse_good),
		cmocka_unit_test(faults_parse_bad),
		cmocka_unit_test(faults_dice_are_seeded),
		cmocka_unit_test(faults_prefix_and_count),
		cmocka_unit_test(state_save_load_round_trip),
		cmocka_unit_test(embed_demo_server),
		cmocka_unit_test(start_refuses_bad_options),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
