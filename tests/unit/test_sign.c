/* api/sign: the shared vectors byte for byte, and the verifier bsssim relies on. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "api/sign.h"
#include "api/signvec.h"
#include "lib/testutil.h"
#include "util/timeutil.h"

#define MAX_SKEW 900

static struct signvec_file vf;

static int
load_vectors(void **state)
{
	char err[512];

	(void)state;
	if (signvec_load(tu_shared_path("vectors/signing.json"), &vf, err, sizeof(err)) != 0) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	return 0;
}

static int
free_vectors(void **state)
{
	(void)state;
	signvec_free(&vf);
	return 0;
}

static const struct signvec_case *
vcase(const char *name)
{
	for (size_t i = 0; i < vf.ncases; i++)
		if (strcmp(vf.cases[i].name, name) == 0)
			return &vf.cases[i];
	fail_msg("no vector named %s", name);
	return NULL;
}

/* Every expected field of every case, through the same checker `debug sign --vectors` uses. */
static void
vectors_every_field(void **state)
{
	char msg[4096];
	size_t checked = 0;

	(void)state;
	assert_int_equal(vf.ncases, 27);
	for (size_t i = 0; i < vf.ncases; i++) {
		const struct signvec_case *c = &vf.cases[i];
		const struct signvec_expected *x = &c->expected;

		/* The loader must hand every field over, or the check would prove nothing. */
		assert_non_null(x->canonical_uri);
		assert_non_null(x->canonical_query_string);
		assert_non_null(x->canonical_headers);
		assert_non_null(x->signed_headers);
		assert_non_null(x->payload_hash);
		assert_non_null(x->canonical_request);
		assert_non_null(x->canonical_request_sha256);
		assert_non_null(x->string_to_sign);
		assert_non_null(x->signature);
		assert_non_null(x->authorization);
		assert_true(x->has_added_headers && x->added_headers.n >= 2);
		assert_true(x->has_final_headers && x->final_headers.n >= 3);
		if (signvec_check(c, msg, sizeof(msg)) != 0)
			fail_msg("%s: %s", c->name, msg);
		checked++;
	}
	assert_int_equal(checked, 27);
}

/* The checker names the field that differs and never shows the case's secrets. */
static void
vectors_checker_reports_field(void **state)
{
	struct signvec_case c = *vcase("bss_monthly_sum_full");
	struct sign_kv final[16];
	char msg[4096];

	(void)state;
	c.expected.signature = "0000";
	assert_int_equal(signvec_check(&c, msg, sizeof(msg)), -1);
	assert_non_null(strstr(msg, "field signature differs: expected \"0000\" got \""));

	c = *vcase("bss_monthly_sum_full");
	c.expected.canonical_headers = "x";
	assert_int_equal(signvec_check(&c, msg, sizeof(msg)), -1);
	assert_non_null(strstr(msg, "field canonical_headers differs"));
	assert_non_null(strstr(msg, "x-security-token:[REDACTED]\\n"));
	assert_null(strstr(msg, c.security_token));

	c = *vcase("bss_monthly_sum_full");
	assert_true(c.expected.final_headers.n <= 16);
	memcpy(final, c.expected.final_headers.v, c.expected.final_headers.n * sizeof(*final));
	final[2].value = "fr_FR";
	c.expected.final_headers.v = final;
	assert_int_equal(signvec_check(&c, msg, sizeof(msg)), -1);
	assert_string_equal(msg, "field final_headers[2] differs: expected \"X-Language: fr_FR\" "
	    "got \"X-Language: en_US\"");

	c = *vcase("bss_monthly_sum_full");
	c.method = "get";
	assert_int_equal(signvec_check(&c, msg, sizeof(msg)), -1);
	assert_non_null(strstr(msg, "signer refused the input"));
}

/* Independent of the loader: the worked example of signing.md, spelled out. */
static void
balances_example_literal(void **state)
{
	const struct sign_kv hdr[] = { { "Content-Type", "application/json" } };
	struct sign_input in = {
		.method = "GET", .host = "bss.myhuaweicloud.com",
		.path = "/v2/accounts/customer-accounts/balances",
		.headers = hdr, .nheaders = 1, .sdk_date = "20240315T081530Z",
		.ak = "HPUAEXAMPLE7ZQ2AKSK1", .sk = "Wq3nF8pV2sKd9LmZx7RtYb4HcJe6GuNa1SoPiE0x",
	};
	struct sign_output o;
	char err[128];

	(void)state;
	assert_int_equal(sign_request(&in, &o, err, sizeof(err)), 0);
	assert_string_equal(o.canonical_request,
	    "GET\n/v2/accounts/customer-accounts/balances/\n\n"
	    "content-type:application/json\nhost:bss.myhuaweicloud.com\n"
	    "x-sdk-date:20240315T081530Z\n\ncontent-type;host;x-sdk-date\n"
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	assert_string_equal(o.canonical_request_sha256,
	    "57605c9295476a4a11e94c484e83508e334f3300719e92dc3673ace41554b781");
	assert_string_equal(o.signature,
	    "11e561983f45a898dd35497c58b02a68f67bc1852dad44e8e3a2a91180eb9760");
	assert_string_equal(o.authorization,
	    "SDK-HMAC-SHA256 Access=HPUAEXAMPLE7ZQ2AKSK1, SignedHeaders=content-type;host;"
	    "x-sdk-date, Signature=11e561983f45a898dd35497c58b02a68f67bc1852dad44e8e3a2a91180eb9760");
	assert_int_equal(o.nheaders, 4);
	assert_string_equal(o.headers[3].name, "Authorization");
	sign_output_free(&o);
}

/* --- verification from the URL alone ------------------------------------------- */

struct wire {
	struct sign_url url;
	struct sign_kv hdr[16];
	size_t nhdr;
	struct sign_received rx;
	long long now;
};

static const char *
lookup_case_sk(const char *ak, void *ud)
{
	const struct signvec_case *c = ud;

	return strcmp(ak, c->ak) == 0 ? c->sk : NULL;
}

/* A request as bsssim receives it: the case's url and final_headers. */
static void
wire_from_case(struct wire *w, const struct signvec_case *c)
{
	char err[256];
	time_t t;

	memset(w, 0, sizeof(*w));
	if (sign_url_parse(c->url, &w->url, err, sizeof(err)) != 0)
		fail_msg("%s: %s", c->name, err);
	assert_true(c->expected.final_headers.n <= 16);
	for (size_t i = 0; i < c->expected.final_headers.n; i++)
		w->hdr[w->nhdr++] = c->expected.final_headers.v[i];
	w->rx.method = c->method;
	w->rx.raw_path = w->url.raw_path;
	w->rx.raw_query = w->url.raw_query;
	w->rx.headers = w->hdr;
	w->rx.nheaders = w->nhdr;
	w->rx.body = c->body;
	w->rx.body_len = c->body_len;
	assert_int_equal(time_parse_sdk(c->sdk_date, &t), 0);
	w->now = (long long)t;
}

static enum sign_verify_result
wire_verify(struct wire *w, const struct signvec_case *c, char *err, size_t errlen)
{
	return sign_verify(&w->rx, w->now, MAX_SKEW, lookup_case_sk, (void *)c, err, errlen);
}

static void
set_header(struct wire *w, const char *name, const char *value)
{
	for (size_t i = 0; i < w->nhdr; i++)
		if (strcasecmp(w->hdr[i].name, name) == 0) {
			w->hdr[i].value = value;
			return;
		}
	fail_msg("no header %s", name);
}

/* Every case: parse the url, decode, sign from it, and verify what would be received. */
static void
url_sign_and_verify_every_case(void **state)
{
	char err[256];

	(void)state;
	for (size_t i = 0; i < vf.ncases; i++) {
		const struct signvec_case *c = &vf.cases[i];
		struct sign_input in;
		struct sign_output o;
		struct wire w;

		wire_from_case(&w, c);
		/* Sign from the parsed url only; the case's own path/query are not used. */
		signvec_input(c, &in);
		in.host = w.url.host;
		in.path = w.url.path;
		in.query = w.url.query;
		in.nquery = w.url.nquery;
		assert_int_equal(sign_request(&in, &o, err, sizeof(err)), 0);
		assert_string_equal(o.canonical_uri, c->expected.canonical_uri);
		assert_string_equal(o.canonical_query, c->expected.canonical_query_string);
		assert_string_equal(o.signature, c->expected.signature);
		sign_output_free(&o);

		err[0] = 'x';
		if (wire_verify(&w, c, err, sizeof(err)) != SIGN_OK)
			fail_msg("%s: verify: %s", c->name, err);
		assert_string_equal(err, "");
		sign_url_free(&w.url);
	}
}

static void
verify_tampering_is_a_mismatch(void **state)
{
	const struct signvec_case *post = vcase("post_json_non_ascii");
	const struct signvec_case *get = vcase("bss_monthly_sum_full");
	char err[256], body[4096];
	struct wire w;

	(void)state;
	/* Body: one byte changed. */
	wire_from_case(&w, post);
	assert_true(post->body_len < sizeof(body));
	memcpy(body, post->body, post->body_len);
	body[post->body_len - 2] ^= 1;
	w.rx.body = body;
	assert_int_equal(wire_verify(&w, post, err, sizeof(err)), SIGN_MISMATCH);
	assert_string_equal(err, "Incorrect IAM authentication information: verify aksk signature fail");
	sign_url_free(&w.url);

	/* Query value, query order (fine), path. */
	wire_from_case(&w, get);
	w.rx.raw_query = "bill_cycle=2024-03&service_type_code=hws.service.type.ec2&"
	    "enterprise_project_id=0&method=oneself&offset=0&limit=1000";
	assert_int_equal(wire_verify(&w, get, err, sizeof(err)), SIGN_MISMATCH);
	w.rx.raw_query = "limit=1000&offset=0&method=oneself&enterprise_project_id=0&"
	    "service_type_code=hws.service.type.ec2&bill_cycle=2024-02";
	assert_int_equal(wire_verify(&w, get, err, sizeof(err)), SIGN_OK);
	w.rx.raw_query = w.url.raw_query;
	w.rx.raw_path = "/v2/bills/customer-bills/monthly-sums";
	assert_int_equal(wire_verify(&w, get, err, sizeof(err)), SIGN_MISMATCH);
	w.rx.raw_path = w.url.raw_path;

	/* A signed header's value; an unsigned extra header does not matter. */
	set_header(&w, "X-Language", "zh_CN");
	assert_int_equal(wire_verify(&w, get, err, sizeof(err)), SIGN_MISMATCH);
	set_header(&w, "X-Language", "en_US");
	w.hdr[w.nhdr++] = (struct sign_kv){ "User-Agent", "curl/8" };
	w.rx.nheaders = w.nhdr;
	assert_int_equal(wire_verify(&w, get, err, sizeof(err)), SIGN_OK);

	/* The signature: last digit changed, upper-cased, shortened. */
	{
		const char *auth = get->expected.authorization;
		size_t n = strlen(auth);
		char bad[512];

		snprintf(bad, sizeof(bad), "%s", auth);
		bad[n - 1] = bad[n - 1] == '0' ? '1' : '0';
		set_header(&w, "Authorization", bad);
		assert_int_equal(wire_verify(&w, get, err, sizeof(err)), SIGN_MISMATCH);
		bad[n - 1] = '\0';
		assert_int_equal(wire_verify(&w, get, err, sizeof(err)), SIGN_MISMATCH);
		snprintf(bad, sizeof(bad), "%.*sF%s", (int)(n - 64), auth, auth + n - 63);
		assert_int_equal(wire_verify(&w, get, err, sizeof(err)), SIGN_MISMATCH);
	}
	sign_url_free(&w.url);
}

static void
verify_clock_skew(void **state)
{
	const struct signvec_case *c = vcase("bss_balances_get");
	char err[256];
	struct wire w;
	long long signed_at;

	(void)state;
	wire_from_case(&w, c);
	signed_at = w.now;
	w.now = signed_at + 16 * 60;
	assert_int_equal(wire_verify(&w, c, err, sizeof(err)), SIGN_EXPIRED);
	assert_string_equal(err, "Incorrect IAM authentication information: signature expired");
	w.now = signed_at - 16 * 60;
	assert_int_equal(wire_verify(&w, c, err, sizeof(err)), SIGN_EXPIRED);
	w.now = signed_at + 14 * 60;
	assert_int_equal(wire_verify(&w, c, err, sizeof(err)), SIGN_OK);
	w.now = signed_at - MAX_SKEW;
	assert_int_equal(wire_verify(&w, c, err, sizeof(err)), SIGN_OK);

	w.now = signed_at;
	set_header(&w, "X-Sdk-Date", "2024-03-15T08:15:30Z");
	assert_int_equal(wire_verify(&w, c, err, sizeof(err)), SIGN_BAD_DATE);
	sign_url_free(&w.url);
}

static const char *
lookup_none(const char *ak, void *ud)
{
	(void)ak;
	(void)ud;
	return NULL;
}

static void
verify_unknown_ak_missing_and_malformed(void **state)
{
	const struct signvec_case *c = vcase("bss_monthly_sum_full");
	char err[256];
	struct wire w;

	(void)state;
	wire_from_case(&w, c);
	assert_int_equal(sign_verify(&w.rx, w.now, MAX_SKEW, lookup_none, NULL, err, sizeof(err)),
	    SIGN_UNKNOWN_AK);
	assert_string_equal(err, "Incorrect IAM authentication information: Get secretKey "
	    "failed,ak:HSTAEXAMPLETEMPAK001,err:ak not exist");

	/* A header listed in SignedHeaders is not on the request. */
	for (size_t i = 0; i < w.nhdr; i++)
		if (strcmp(w.hdr[i].name, "X-Domain-Id") == 0)
			w.hdr[i].name = "X-Domain-Idx";
	assert_int_equal(wire_verify(&w, c, err, sizeof(err)), SIGN_MISSING_HEADER);
	assert_non_null(strstr(err, "x-domain-id"));
	for (size_t i = 0; i < w.nhdr; i++)
		if (strcmp(w.hdr[i].name, "X-Domain-Idx") == 0)
			w.hdr[i].name = "X-Domain-Id";
	assert_int_equal(wire_verify(&w, c, err, sizeof(err)), SIGN_OK);

	set_header(&w, "Authorization", "SDK-HMAC-SHA1 Access=a, SignedHeaders=host, Signature=00");
	assert_int_equal(wire_verify(&w, c, err, sizeof(err)), SIGN_MALFORMED);
	set_header(&w, "Authorization", "SDK-HMAC-SHA256 Access=HSTAEXAMPLETEMPAK001");
	assert_int_equal(wire_verify(&w, c, err, sizeof(err)), SIGN_MALFORMED);
	set_header(&w, "Authorization", "SDK-HMAC-SHA256 Signature=00, Access=a, SignedHeaders=x");
	assert_int_equal(wire_verify(&w, c, err, sizeof(err)), SIGN_MALFORMED);
	/* Signing the date is what keeps a captured request from being replayed later. */
	set_header(&w, "Authorization", "SDK-HMAC-SHA256 Access=HSTAEXAMPLETEMPAK001, "
	    "SignedHeaders=host, Signature=00");
	assert_int_equal(wire_verify(&w, c, err, sizeof(err)), SIGN_MALFORMED);

	w.rx.nheaders = 0;
	assert_int_equal(wire_verify(&w, c, err, sizeof(err)), SIGN_MISSING);
	sign_url_free(&w.url);
}

/* No verdict message may carry the SK (nor the security token). */
static void
verify_messages_hold_no_secret(void **state)
{
	const struct signvec_case *c = vcase("bss_monthly_sum_full");
	const char *auths[] = {
		"SDK-HMAC-SHA256 Access=HSTAEXAMPLETEMPAK001, SignedHeaders=content-type;host;"
		"x-domain-id;x-language;x-sdk-date;x-security-token, Signature=00",
		"garbage",
		"SDK-HMAC-SHA256 Access=HSTAEXAMPLETEMPAK001, SignedHeaders=nope;x-sdk-date, "
		"Signature=00",
	};
	char err[512];
	struct wire w;

	(void)state;
	wire_from_case(&w, c);
	for (size_t i = 0; i < sizeof(auths) / sizeof(auths[0]); i++) {
		set_header(&w, "Authorization", auths[i]);
		for (long long skew = 0; skew <= 3600; skew += 3600) {
			w.now += skew;
			assert_int_not_equal(wire_verify(&w, c, err, sizeof(err)), SIGN_OK);
			assert_null(strstr(err, c->sk));
			assert_null(strstr(err, c->security_token));
			assert_non_null(strstr(err, "Incorrect IAM authentication information: "));
			w.now -= skew;
		}
	}
	sign_url_free(&w.url);
}

static char *
hmac_hex(const char *key, const char *msg)
{
	unsigned char md[32];
	unsigned int len = 0;
	char *hex = malloc(65);

	HMAC(EVP_sha256(), key, (int)strlen(key), (const unsigned char *)msg, strlen(msg), md, &len);
	for (unsigned i = 0; i < len; i++)
		sprintf(hex + 2 * i, "%02x", md[i]);
	return hex;
}

/*
 * The Go SDK may sign without host. The signature is computed here by hand,
 * from signing.md, so the verifier is checked against more than itself.
 * Header names arrive in any case.
 */
static void
verify_go_style_without_host(void **state)
{
	const char *sk = "go-secret-key-0123456789";
	const char *cr = "GET\n/v2/orders/customer-orders/\nlimit=10&offset=0\n"
	    "user-agent:huaweicloud-usdk-go/3.0\nx-domain-id:dom-1\n"
	    "x-sdk-date:20240315T081530Z\n\nuser-agent;x-domain-id;x-sdk-date\n"
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
	unsigned char md[32];
	char crhex[65], sts[128], auth[256];
	struct sign_kv hdr[5];
	struct sign_received rx = { 0 };
	struct signvec_case who = { .ak = "GOAK", .sk = sk };
	char *sig;
	char err[256];
	time_t now;

	(void)state;
	EVP_Digest(cr, strlen(cr), md, NULL, EVP_sha256(), NULL);
	for (int i = 0; i < 32; i++)
		sprintf(crhex + 2 * i, "%02x", md[i]);
	snprintf(sts, sizeof(sts), "SDK-HMAC-SHA256\n20240315T081530Z\n%s", crhex);
	sig = hmac_hex(sk, sts);
	snprintf(auth, sizeof(auth), "SDK-HMAC-SHA256 Access=GOAK, "
	    "SignedHeaders=user-agent;x-domain-id;x-sdk-date, Signature=%s", sig);
	hdr[0] = (struct sign_kv){ "USER-AGENT", "huaweicloud-usdk-go/3.0" };
	hdr[1] = (struct sign_kv){ "x-domain-id", " dom-1 " };
	hdr[2] = (struct sign_kv){ "x-SDK-date", "20240315T081530Z" };
	hdr[3] = (struct sign_kv){ "Host", "anything.example:1234" };
	hdr[4] = (struct sign_kv){ "authorization", auth };
	rx.method = "GET";
	rx.raw_path = "/v2/orders/customer-orders";
	rx.raw_query = "offset=0&limit=10";
	rx.headers = hdr;
	rx.nheaders = 5;
	assert_int_equal(time_parse_sdk("20240315T081530Z", &now), 0);
	assert_int_equal(sign_verify(&rx, now, MAX_SKEW, lookup_case_sk, &who, err, sizeof(err)),
	    SIGN_OK);
	/* Then the same request with the signed user agent changed. */
	hdr[0].value = "huaweicloud-usdk-go/3.1";
	assert_int_equal(sign_verify(&rx, now, MAX_SKEW, lookup_case_sk, &who, err, sizeof(err)),
	    SIGN_MISMATCH);
	free(sig);
}

#define BIG_NH 20
#define BIG_NQ 40

/* Appends printf output to the string in buf (size bytes in all). */
static void
catf(char *buf, size_t size, const char *fmt, ...)
{
	size_t len = strlen(buf);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf + len, size - len, fmt, ap);
	va_end(ap);
}

/*
 * More headers and query pairs than the signer keeps on its stack, a long
 * upper-case host and a long token: the canonical request and signature
 * are spelled out here from signing.md, and bsssim's verifier accepts what
 * goes on the wire.
 */
static void
request_larger_than_scratch(void **state)
{
	static char names[BIG_NH][8], values[BIG_NH][8], qnames[BIG_NQ][8];
	struct sign_kv hdr[BIG_NH], q[BIG_NQ], rxh[BIG_NH + 8];
	char host[200], lhost[200], token[400], creq[16384], sh[1024], sts[128], crhex[65], qraw[2048] = "";
	unsigned char md[32];
	struct sign_input in = {
		.method = "POST", .path = "/v2/a b/c", .query = q, .nquery = BIG_NQ,
		.headers = hdr, .nheaders = BIG_NH, .body = "{\"a\":1}", .body_len = 7,
		.sdk_date = "20240315T081530Z", .ak = "BIGAK", .sk = "big-secret",
		.domain_id = "dom-1", .security_token = token,
	};
	struct signvec_case who = { .ak = "BIGAK", .sk = "big-secret" };
	struct sign_received rx = { 0 };
	struct sign_output o;
	char err[256], *sig;
	time_t now;

	(void)state;
	memset(host, 'A', 150);
	strcpy(host + 150, ".EXAMPLE:8443");
	in.host = host;
	memset(token, 't', 300);
	token[300] = '\0';
	/* Given in reverse order, so both lists need sorting. */
	for (int i = 0; i < BIG_NH; i++) {
		snprintf(names[i], sizeof(names[i]), "X-H%02d", BIG_NH - 1 - i);
		snprintf(values[i], sizeof(values[i]), "val %02d", BIG_NH - 1 - i);
		hdr[i] = (struct sign_kv){ names[i], values[i] };
	}
	for (int i = 0; i < BIG_NQ; i++) {
		snprintf(qnames[i], sizeof(qnames[i]), "q%02d", BIG_NQ - 1 - i);
		q[i] = (struct sign_kv){ qnames[i], "v \xc3\xa9+" };
	}

	strcpy(creq, "POST\n/v2/a%20b/c/\n");
	for (int i = 0; i < BIG_NQ; i++) {
		catf(creq, sizeof(creq), "%sq%02d=v%%20%%C3%%A9%%2B", i > 0 ? "&" : "", i);
		catf(qraw, sizeof(qraw), "%sq%02d=v%%20%%C3%%A9%%2B", i > 0 ? "&" : "", i);
	}
	/* The host lower-cased, its port kept. */
	memset(lhost, 'a', 150);
	strcpy(lhost + 150, ".example:8443");
	catf(creq, sizeof(creq), "\nhost:%s\nx-domain-id:dom-1\n", lhost);
	strcpy(sh, "host;x-domain-id");
	for (int i = 0; i < BIG_NH; i++) {
		catf(creq, sizeof(creq), "x-h%02d:val %02d\n", i, i);
		catf(sh, sizeof(sh), ";x-h%02d", i);
	}
	strcat(sh, ";x-sdk-date;x-security-token");
	catf(creq, sizeof(creq), "x-sdk-date:20240315T081530Z\nx-security-token:%s\n\n%s\n"
	    "015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862", token, sh);
	EVP_Digest(creq, strlen(creq), md, NULL, EVP_sha256(), NULL);
	for (int i = 0; i < 32; i++)
		sprintf(crhex + 2 * i, "%02x", md[i]);
	snprintf(sts, sizeof(sts), "SDK-HMAC-SHA256\n20240315T081530Z\n%s", crhex);
	sig = hmac_hex("big-secret", sts);

	assert_int_equal(sign_request(&in, &o, err, sizeof(err)), 0);
	assert_string_equal(o.canonical_request, creq);
	assert_string_equal(o.signed_headers, sh);
	assert_string_equal(o.string_to_sign, sts);
	assert_string_equal(o.signature, sig);
	/* Token, domain id, the caller's 20, date, host, Authorization. */
	assert_int_equal(o.nheaders, BIG_NH + 5);
	assert_string_equal(o.headers[0].name, "X-Security-Token");
	assert_string_equal(o.headers[0].value, token);
	assert_string_equal(o.headers[2].name, "X-H19");
	assert_string_equal(o.headers[BIG_NH + 4].name, "Authorization");
	assert_string_equal(o.headers[BIG_NH + 4].value, o.authorization);
	assert_int_equal(o.nadded, 5);
	assert_string_equal(o.added[3].name, "host");
	assert_string_equal(o.added[3].value, lhost);

	for (size_t i = 0; i < o.nheaders; i++)
		rxh[i] = (struct sign_kv){ o.headers[i].name, o.headers[i].value };
	rx.method = "POST";
	rx.raw_path = "/v2/a%20b/c";
	rx.raw_query = qraw;
	rx.headers = rxh;
	rx.nheaders = o.nheaders;
	rx.body = in.body;
	rx.body_len = in.body_len;
	assert_int_equal(time_parse_sdk("20240315T081530Z", &now), 0);
	assert_int_equal(sign_verify(&rx, now, MAX_SKEW, lookup_case_sk, &who, err, sizeof(err)),
	    SIGN_OK);
	sign_output_free(&o);
	free(sig);
}

/* --- pieces ---------------------------------------------------------------------- */

static void
encode_table(void **state)
{
	static const struct {
		const char *in, *out;
	} t[] = {
		{ " ", "%20" }, { "+", "%2B" }, { "/", "%2F" }, { "%", "%25" }, { "~", "~" },
		{ "-_.", "-_." }, { "!", "%21" }, { "*", "%2A" }, { "'", "%27" },
		{ "()", "%28%29" }, { ":;=&?#@,$", "%3A%3B%3D%26%3F%23%40%2C%24" },
		{ "[]\"", "%5B%5D%22" }, { "中", "%E4%B8%AD" }, { "é", "%C3%A9" },
		{ "😀", "%F0%9F%98%80" }, { "%20encoded", "%2520encoded" },
		{ "AZaz09", "AZaz09" },
	};
	size_t n;

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char *e = sign_encode(t[i].in, strlen(t[i].in));
		char *d = sign_decode(e, strlen(e), &n);

		assert_string_equal(e, t[i].out);
		assert_int_equal(n, strlen(t[i].in));
		assert_memory_equal(d, t[i].in, n);
		free(e);
		free(d);
	}
	assert_null(sign_decode("%zz", 3, &n));
	assert_null(sign_decode("ab%2", 4, &n));
	assert_null(sign_decode("%", 1, &n));
	{
		char *d = sign_decode("a+b%00c", 7, &n);

		assert_int_equal(n, 5);
		assert_memory_equal(d, "a+b\0c", 5);
		free(d);
	}
}

static void
request_rejects_bad_input(void **state)
{
	const struct sign_kv dup[] = { { "X-A", "1" }, { "x-a", "2" } };
	const struct sign_kv crlf[] = { { "X-A", "1\r\nX-Evil: 1" } };
	const struct sign_kv auth[] = { { "authorization", "x" } };
	struct sign_input in = {
		.method = "GET", .host = "h", .path = "/", .ak = "ak", .sk = "sk",
		.sdk_date = "20240315T081530Z",
	};
	struct sign_output o;
	char err[128];

	(void)state;
	in.method = "get";
	assert_int_equal(sign_request(&in, &o, err, sizeof(err)), -1);
	in.method = "GET";
	in.sdk_date = "2024-03-15";
	assert_int_equal(sign_request(&in, &o, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "X-Sdk-Date"));
	in.sdk_date = "20240315T081530Z";
	in.headers = dup;
	in.nheaders = 2;
	assert_int_equal(sign_request(&in, &o, err, sizeof(err)), -1);
	in.headers = crlf;
	in.nheaders = 1;
	assert_int_equal(sign_request(&in, &o, err, sizeof(err)), -1);
	in.headers = auth;
	assert_int_equal(sign_request(&in, &o, err, sizeof(err)), -1);
	in.nheaders = 0;
	{
		const struct sign_kv q[] = { { "a", NULL } };

		in.query = q;
		in.nquery = 1;
		assert_int_equal(sign_request(&in, &o, err, sizeof(err)), -1);
		in.nquery = 0;
	}
	/* An empty token or domain id is no token: no empty header is signed. */
	in.security_token = "";
	in.domain_id = "";
	assert_int_equal(sign_request(&in, &o, err, sizeof(err)), 0);
	assert_string_equal(o.signed_headers, "host;x-sdk-date");
	sign_output_free(&o);
	in.sk = "";
	assert_int_equal(sign_request(&in, &o, err, sizeof(err)), -1);
	in.sk = "sk";
	in.host = NULL;
	assert_int_equal(sign_request(&in, &o, err, sizeof(err)), -1);
	in.host = "h";
	assert_int_equal(sign_request(&in, &o, err, sizeof(err)), 0);
	sign_output_free(&o);
	sign_output_free(&o);
}

/* A caller-set X-Sdk-Date is used as is; NULL sdk_date reads the (pinned) clock. */
static void
request_date_sources(void **state)
{
	const struct sign_kv hdr[] = { { "x-sdk-date", "20200101T000000Z" } };
	struct sign_input in = {
		.method = "GET", .host = "H.Example:8443", .path = "", .ak = "ak", .sk = "sk",
		.headers = hdr, .nheaders = 1,
	};
	struct sign_output o;
	char err[128];

	(void)state;
	assert_int_equal(sign_request(&in, &o, err, sizeof(err)), 0);
	assert_string_equal(o.sdk_date, "20200101T000000Z");
	assert_string_equal(o.canonical_uri, "/");
	assert_string_equal(o.canonical_headers, "host:h.example:8443\nx-sdk-date:20200101T000000Z\n");
	assert_int_equal(o.nadded, 2); /* host and Authorization */
	sign_output_free(&o);

	setenv("BSSDASH_TEST_NOW", "1710490530", 1); /* 2024-03-15T08:15:30Z */
	in.nheaders = 0;
	assert_int_equal(sign_request(&in, &o, err, sizeof(err)), 0);
	assert_string_equal(o.sdk_date, "20240315T081530Z");
	sign_output_free(&o);
	unsetenv("BSSDASH_TEST_NOW");
}

static void
url_parse(void **state)
{
	struct sign_url u;
	char err[256];

	(void)state;
	assert_int_equal(sign_url_parse("http://127.0.0.1:8080?a=1&&b&c=%E4%B8%AD#frag", &u, err,
	    sizeof(err)), 0);
	assert_string_equal(u.scheme, "http");
	assert_string_equal(u.host, "127.0.0.1:8080");
	assert_string_equal(u.raw_path, "/");
	assert_string_equal(u.raw_query, "a=1&&b&c=%E4%B8%AD");
	assert_int_equal(u.nquery, 3);
	assert_string_equal(u.query[1].name, "b");
	assert_string_equal(u.query[1].value, "");
	assert_string_equal(u.query[2].value, "中");
	sign_url_free(&u);

	assert_int_equal(sign_url_parse("https://h/a%2Fb", &u, err, sizeof(err)), -1);
	assert_string_equal(err, "https://h/a%2Fb: an encoded '/' (%2F) in the path cannot be signed");
	assert_int_equal(sign_url_parse("https://h/a%2", &u, err, sizeof(err)), -1);
	assert_string_equal(err, "https://h/a%2: bad percent-encoding in the path");
	assert_int_equal(sign_url_parse("https://h/a?x=%00", &u, err, sizeof(err)), -1);
	assert_int_equal(sign_url_parse("h/a", &u, err, sizeof(err)), -1);
	assert_int_equal(sign_url_parse("https://user@h/a", &u, err, sizeof(err)), -1);
	assert_int_equal(sign_url_parse("https:///a", &u, err, sizeof(err)), -1);
	sign_url_free(&u);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(vectors_every_field),
		cmocka_unit_test(vectors_checker_reports_field),
		cmocka_unit_test(balances_example_literal),
		cmocka_unit_test(url_sign_and_verify_every_case),
		cmocka_unit_test(verify_tampering_is_a_mismatch),
		cmocka_unit_test(verify_clock_skew),
		cmocka_unit_test(verify_unknown_ak_missing_and_malformed),
		cmocka_unit_test(verify_messages_hold_no_secret),
		cmocka_unit_test(verify_go_style_without_host),
		cmocka_unit_test(request_larger_than_scratch),
		cmocka_unit_test(encode_table),
		cmocka_unit_test(request_rejects_bad_input),
		cmocka_unit_test(request_date_sources),
		cmocka_unit_test(url_parse),
	};

	return cmocka_run_group_tests(tests, load_vectors, free_vectors);
}
