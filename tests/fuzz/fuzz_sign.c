/*
 * The signer and verifier (api/sign.h), on requests as text:
 *
 *     METHOD
 *     RAW_PATH (or a whole URL)
 *     RAW_QUERY
 *     Name: value          (headers, any number; "@token: T" and
 *     @domain: D            "@domain: D" set credentials instead)
 *     <empty line>
 *     body bytes
 *
 * 1. sign_verify() on the request as received: a result, a message that
 *    never holds the SK.
 * 2. Round trip: the same parts, percent-decoded, signed with sign_request()
 *    and put on the wire as signing.md says must verify as SIGN_OK.
 * 3. sign_url_parse() on the path line; sign_decode(sign_encode(x)) == x.
 * 4. bsssim's gateway check (sim/auth.h) on the received request, with a
 *    permanent and a temporary AK: it accepts only what sign_verify does,
 *    and its 401 message never holds an SK or a token.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fuzzlib.h"

#include "api/sign.h"
#include "sim/auth.h"
#include "util/buf.h"
#include "util/xalloc.h"

#define AK FZ_SIGN_AK
#define SK FZ_SIGN_SK
#define DATE FZ_SIGN_DATE
#define NOW FZ_SIGN_NOW
#define TEMP_AK "FUZZTEMPAKEXAMPLE0002"
#define TEMP_SK "FuzzTemporarySecret-also-never-leaks-3Zk"
#define TEMP_TOKEN "FuzzSecurityToken-never-leaks-Qp7Hx2Lw9"
#define MAX_HEADERS 24
#define MAX_QUERY 24

/* Set when the input itself holds a secret: then it may rightly appear in outputs. */
static bool sk_in_input;
static struct auth *gateway;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const struct sim_cred creds[] = {
		{ AK, SK, NULL },
		{ TEMP_AK, TEMP_SK, TEMP_TOKEN },
	};

	(void)argc;
	(void)argv;
	gateway = auth_new(creds, 2);
	return 0;
}

struct request {
	char *method, *raw_path, *raw_query;
	struct sign_kv headers[MAX_HEADERS];
	size_t nheaders;
	const char *token, *domain;
	const void *body;
	size_t body_len;
};

static const char *
lookup(const char *ak, void *ud)
{
	(void)ud;
	return strcmp(ak, AK) == 0 ? SK : NULL;
}

/* Splits the text part (a writable copy) into r; the body stays in data. */
static void
parse_request(char *text, const uint8_t *data, size_t size, struct request *r)
{
	char *p = text, *line;
	size_t i = 0;

	memset(r, 0, sizeof(*r));
	while ((line = fz_next_line(&p)) != NULL) {
		char *colon;

		if (i < 3) {
			*(i == 0 ? &r->method : i == 1 ? &r->raw_path : &r->raw_query) = line;
			i++;
			continue;
		}
		if (*line == '\0')
			break;
		colon = strchr(line, ':');
		if (colon == NULL)
			continue;
		*colon = '\0';
		if (strcmp(line, "@token") == 0)
			r->token = colon + 1;
		else if (strcmp(line, "@domain") == 0)
			r->domain = colon + 1;
		else if (r->nheaders < MAX_HEADERS)
			r->headers[r->nheaders++] = (struct sign_kv){ line, colon + 1 };
	}
	if (r->method == NULL)
		r->method = "";
	if (r->raw_path == NULL)
		r->raw_path = "";
	if (r->raw_query == NULL)
		r->raw_query = "";
	/* The body is what follows the text part's end in the original bytes. */
	if (p != NULL && (size_t)(p - text) < size) {
		r->body = data + (p - text);
		r->body_len = size - (size_t)(p - text);
	}
}

static bool
has_header(const struct request *r, const char *name)
{
	for (size_t i = 0; i < r->nheaders; i++) {
		if (strcasecmp(r->headers[i].name, name) == 0)
			return true;
	}
	return false;
}

/* Two caller headers whose names differ only in case: signing.md forbids sending them. */
static bool
has_duplicate_header(const struct request *r)
{
	for (size_t i = 0; i < r->nheaders; i++) {
		for (size_t j = i + 1; j < r->nheaders; j++) {
			if (strcasecmp(r->headers[i].name, r->headers[j].name) == 0)
				return true;
		}
	}
	return false;
}

static void
verify_received(const struct request *r)
{
	struct sign_received rec = {
		.method = r->method, .raw_path = r->raw_path, .raw_query = r->raw_query,
		.headers = r->headers, .nheaders = r->nheaders,
		.body = r->body, .body_len = r->body_len,
	};
	char err[512] = "";
	enum sign_verify_result res = sign_verify(&rec, NOW, 900, lookup, NULL, err, sizeof(err));

	FZ_CHECK(res >= SIGN_OK && res <= SIGN_MISMATCH);
	FZ_CHECK((res == SIGN_OK) == (err[0] == '\0'));
	FZ_CHECK(sk_in_input || strstr(err, SK) == NULL);
	err[0] = '\0';
	if (auth_check(gateway, &rec, NOW, err, sizeof(err)) == 0) {
		/* The permanent AK's verdict is sign_verify's; the temporary one's needs its token too. */
		FZ_CHECK(res == SIGN_OK || strstr(auth_header(r->headers, r->nheaders,
		    "Authorization"), TEMP_AK) != NULL);
	} else {
		FZ_CHECK(err[0] != '\0');
		FZ_CHECK(sk_in_input || (strstr(err, SK) == NULL && strstr(err, TEMP_SK) == NULL &&
		    strstr(err, TEMP_TOKEN) == NULL));
	}
}

/* Appends enc(s) to b. */
static void
put_encoded(struct buf *b, const char *s, size_t n)
{
	char *e = sign_encode(s, n);

	buf_puts(b, e);
	free(e);
}

/* Percent-decodes n bytes into a C string; NULL on a bad escape or a decoded NUL. */
static char *
decode_text(const char *s, size_t n)
{
	size_t dn;
	char *d = sign_decode(s, n, &dn);

	if (d != NULL && strlen(d) != dn) {
		free(d);
		d = NULL;
	}
	return d;
}

/* Decodes the raw query into pairs (strings owned by store); -1 when it does not decode. */
static int
decode_query(const char *raw, struct sign_kv *q, size_t *nq, char **store)
{
	const char *item = raw;

	for (*nq = 0; *item != '\0' && *nq < MAX_QUERY; item += item[0] == '&') {
		size_t len = strcspn(item, "&");
		const char *eq = memchr(item, '=', len);
		size_t nlen = eq != NULL ? (size_t)(eq - item) : len;

		store[2 * *nq] = decode_text(item, nlen);
		store[2 * *nq + 1] = eq != NULL ? decode_text(eq + 1, len - nlen - 1) : xstrdup("");
		q[*nq] = (struct sign_kv){ store[2 * *nq], store[2 * *nq + 1] };
		(*nq)++;
		if (q[*nq - 1].name == NULL || q[*nq - 1].value == NULL)
			return -1;
		item += len;
	}
	return 0;
}

/* The wire form signing.md sends: each decoded segment and each pair encoded. */
static void
wire_form(const char *path, const struct sign_kv *q, size_t nq, struct buf *wpath,
    struct buf *wquery)
{
	for (const char *s = path; *s != '\0';) {
		size_t n = strcspn(++s, "/");

		buf_putc(wpath, '/');
		put_encoded(wpath, s, n);
		s += n;
	}
	for (size_t i = 0; i < nq; i++) {
		if (i > 0)
			buf_putc(wquery, '&');
		put_encoded(wquery, q[i].name, strlen(q[i].name));
		buf_putc(wquery, '=');
		put_encoded(wquery, q[i].value, strlen(q[i].value));
	}
}

static void
verify_signed(const struct request *r, const struct sign_output *out, const char *path,
    const struct sign_kv *q, size_t nq)
{
	struct buf wpath = BUF_INIT(0), wquery = BUF_INIT(0);
	struct sign_kv *hdrs = xcalloc(out->nheaders + 1, sizeof(*hdrs));
	struct sign_received rec = {
		.method = r->method, .headers = hdrs, .nheaders = out->nheaders,
		.body = r->body, .body_len = r->body_len,
	};
	enum sign_verify_result res;
	char err[512] = "";

	wire_form(path, q, nq, &wpath, &wquery);
	rec.raw_path = buf_cstr(&wpath);
	rec.raw_query = buf_cstr(&wquery);
	for (size_t i = 0; i < out->nheaders; i++)
		hdrs[i] = (struct sign_kv){ out->headers[i].name, out->headers[i].value };
	res = sign_verify(&rec, NOW, 900, lookup, NULL, err, sizeof(err));
	/* A caller's own X-Sdk-Date may be malformed or far from now; nothing else may fail. */
	if (has_header(r, "X-Sdk-Date"))
		FZ_CHECK(res == SIGN_OK || res == SIGN_BAD_DATE || res == SIGN_EXPIRED);
	else
		FZ_CHECK(res == SIGN_OK);
	free(hdrs);
	buf_free(&wpath);
	buf_free(&wquery);
}

/*
 * Nothing the signer shows may depend on the SK but the signature itself:
 * signed again with another SK, the canonical request and the string to
 * sign are the same bytes. (Searching them for the SK would not do: the
 * input can spell it, e.g. as "%FF" + "uzzSecretKey...".)
 */
static void
check_sk_independent(const struct sign_input *in, const struct sign_output *out)
{
	struct sign_input alt = *in;
	struct sign_output o2 = { 0 };
	char err[512];

	alt.sk = TEMP_SK;
	FZ_CHECK(sign_request(&alt, &o2, err, sizeof(err)) == 0);
	FZ_CHECK(strcmp(out->canonical_request, o2.canonical_request) == 0);
	FZ_CHECK(strcmp(out->string_to_sign, o2.string_to_sign) == 0);
	FZ_CHECK(strcmp(out->signed_headers, o2.signed_headers) == 0);
	sign_output_free(&o2);
}

static void
round_trip(const struct request *r)
{
	struct sign_kv q[MAX_QUERY];
	char *store[2 * MAX_QUERY] = { 0 }, *path, err[512] = "";
	size_t nq = 0;
	struct sign_output out = { 0 };
	struct sign_input in = {
		.method = r->method, .host = "bss.myhuaweicloud.com",
		.headers = r->headers, .nheaders = r->nheaders,
		.body = r->body, .body_len = r->body_len, .sdk_date = DATE,
		.ak = AK, .sk = SK, .security_token = r->token, .domain_id = r->domain,
	};

	if (has_header(r, "Authorization") || has_duplicate_header(r))
		return;
	path = decode_text(r->raw_path, strlen(r->raw_path));
	if (path != NULL && path[0] == '/' && decode_query(r->raw_query, q, &nq, store) == 0) {
		in.path = path;
		in.query = q;
		in.nquery = nq;
		if (sign_request(&in, &out, err, sizeof(err)) == 0) {
			check_sk_independent(&in, &out);
			verify_signed(r, &out, path, q, nq);
		} else {
			FZ_CHECK(err[0] != '\0' && (sk_in_input || strstr(err, SK) == NULL));
		}
	}
	sign_output_free(&out);
	for (size_t i = 0; i < 2 * MAX_QUERY; i++)
		free(store[i]);
	free(path);
}

static void
url_and_encoding(const struct request *r)
{
	struct sign_url u;
	char err[512] = "", *enc, *dec;
	size_t n;

	if (sign_url_parse(r->raw_path, &u, err, sizeof(err)) == 0) {
		fz_touch(u.scheme);
		fz_touch(u.host);
		fz_touch(u.raw_path);
		fz_touch(u.raw_query);
		fz_touch(u.path);
		for (size_t i = 0; i < u.nquery; i++) {
			fz_touch(u.query[i].name);
			fz_touch(u.query[i].value);
		}
		sign_url_free(&u);
	} else {
		FZ_CHECK(err[0] != '\0');
	}
	enc = sign_encode(r->body != NULL ? r->body : "", r->body_len);
	dec = sign_decode(enc, strlen(enc), &n);
	FZ_CHECK(dec != NULL && n == r->body_len && memcmp(dec, r->body != NULL ? r->body : "", n) == 0);
	free(enc);
	free(dec);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fz_cstr(data, size);
	struct request r;

	sk_in_input = memmem(data, size, SK, strlen(SK)) != NULL ||
	    memmem(data, size, TEMP_SK, strlen(TEMP_SK)) != NULL ||
	    memmem(data, size, TEMP_TOKEN, strlen(TEMP_TOKEN)) != NULL;
	parse_request(text, data, size, &r);
	verify_received(&r);
	round_trip(&r);
	url_and_encoding(&r);
	free(text);
	return 0;
}
