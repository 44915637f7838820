/*
 * sign: SDK-HMAC-SHA256 as ../shared/signing.md describes it.
 *
 * Signing and verifying share the second half of the work (canonical request,
 * string to sign, HMAC): sign_compute() does it from the four canonical parts,
 * so the client and bsssim cannot drift apart.
 */
#include "api/sign.h"

#include <ctype.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "util/buf.h"
#include "util/timeutil.h"
#include "util/xalloc.h"
#include "util/strutil.h"

#define ALGORITHM "SDK-HMAC-SHA256"
#define AUTH_PREFIX "Incorrect IAM authentication information: "
#define SIG_FAIL "verify aksk signature fail"
#define UNSIGNED_PAYLOAD "UNSIGNED-PAYLOAD"
#define HDR_DATE "X-Sdk-Date"
#define HDR_CONTENT_SHA "X-Sdk-Content-Sha256"

/* --- hashing ------------------------------------------------------------- */

/*
 * SHA-256 is fetched from the provider once. EVP_sha256() makes every
 * EVP_DigestInit and HMAC() fetch it again under a lock, and with the one-shot
 * HMAC() that was a third of a signature's cost (bench/results.md). The
 * fetched object is immutable and shared; it lives until exit.
 */
static EVP_MD *sha256_md;
static pthread_once_t sha256_once = PTHREAD_ONCE_INIT;

static void
sha256_fetch(void)
{
	sha256_md = EVP_MD_fetch(NULL, "SHA256", NULL);
}

#define SHA256_LEN 32
#define SHA256_BLOCK 64

/* out = SHA-256 of the concatenated parts (ctx is reused by the caller). */
static void
sha256_parts(EVP_MD_CTX *ctx, const void *const *p, const size_t *n, size_t nparts,
    unsigned char out[SHA256_LEN])
{
	int ok;

	pthread_once(&sha256_once, sha256_fetch);
	ok = sha256_md != NULL && EVP_DigestInit_ex2(ctx, sha256_md, NULL) == 1;
	for (size_t i = 0; ok && i < nparts; i++)
		ok = EVP_DigestUpdate(ctx, p[i], n[i]) == 1;
	if (!ok || EVP_DigestFinal_ex(ctx, out, NULL) != 1)
		die("sign: SHA-256 failed in libcrypto");
}

static char *
hex_lower(const unsigned char *p, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	char *s = xmalloc(n * 2 + 1);

	for (size_t i = 0; i < n; i++) {
		s[2 * i] = digits[p[i] >> 4];
		s[2 * i + 1] = digits[p[i] & 15];
	}
	s[n * 2] = '\0';
	return s;
}

/* One context serves every digest of a signature or a verification. */
static EVP_MD_CTX *
md_ctx_new(void)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();

	if (ctx == NULL)
		die("sign: out of memory in libcrypto");
	return ctx;
}

static char *
sha256_hex(EVP_MD_CTX *ctx, const void *p, size_t n)
{
	unsigned char md[SHA256_LEN];
	const void *part = p != NULL ? p : "";

	sha256_parts(ctx, &part, &n, 1, md);
	return hex_lower(md, sizeof(md));
}

/* HMAC-SHA256 (RFC 2104) on the fetched digest, key = the SK's bytes. */
static char *
hmac_sha256_hex(EVP_MD_CTX *ctx, const char *key, const char *msg, size_t msglen)
{
	unsigned char k[SHA256_BLOCK] = { 0 }, pad[SHA256_BLOCK], md[SHA256_LEN];
	size_t klen = strlen(key);
	const void *parts[2] = { pad, NULL };
	size_t lens[2] = { sizeof(pad), 0 };
	char *hex;

	if (klen > sizeof(k)) {
		const void *kp = key;

		sha256_parts(ctx, &kp, &klen, 1, k);
	} else {
		memcpy(k, key, klen);
	}
	for (size_t i = 0; i < sizeof(pad); i++)
		pad[i] = k[i] ^ 0x36;
	parts[1] = msg;
	lens[1] = msglen;
	sha256_parts(ctx, parts, lens, 2, md);
	for (size_t i = 0; i < sizeof(pad); i++)
		pad[i] = k[i] ^ 0x5c;
	parts[1] = md;
	lens[1] = sizeof(md);
	sha256_parts(ctx, parts, lens, 2, md);
	hex = hex_lower(md, sizeof(md));
	OPENSSL_cleanse(k, sizeof(k));
	OPENSSL_cleanse(pad, sizeof(pad));
	OPENSSL_cleanse(md, sizeof(md));
	return hex;
}

#define JOIN_MAX 6

/* The n (<= JOIN_MAX) parts with sep between them, as one heap string; *len gets its length. */
static char *
join(const char *sep, const char *const *parts, size_t n, size_t *len)
{
	size_t seplen = strlen(sep), total = 0, lens[JOIN_MAX];
	char *s, *p;

	for (size_t i = 0; i < n; i++) {
		lens[i] = strlen(parts[i]);
		total += lens[i] + (i > 0 ? seplen : 0);
	}
	p = s = xmalloc(total + 1);
	for (size_t i = 0; i < n; i++) {
		if (i > 0) {
			memcpy(p, sep, seplen);
			p += seplen;
		}
		memcpy(p, parts[i], lens[i]);
		p += lens[i];
	}
	*p = '\0';
	if (len != NULL)
		*len = total;
	return s;
}

/* --- percent-encoding -------------------------------------------------------- */

static bool
unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	    c == '-' || c == '.' || c == '_' || c == '~';
}

static void
enc_append(struct buf *b, const char *s, size_t n, bool keep_slash)
{
	static const char digits[] = "0123456789ABCDEF";
	size_t run = 0;

	/* Unreserved bytes go out in runs: most of a BSS path or query needs no escape. */
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (unreserved(c) || (keep_slash && c == '/')) {
			run++;
		} else {
			char e[3] = { '%', digits[c >> 4], digits[c & 15] };

			buf_append(b, s + i - run, run);
			buf_append(b, e, sizeof(e));
			run = 0;
		}
	}
	buf_append(b, s + n - run, run);
}

char *
sign_encode(const char *s, size_t n)
{
	struct buf b = BUF_INIT(0);

	enc_append(&b, s, n, false);
	return buf_steal(&b, NULL);
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Decodes into dst (room for n bytes); returns the length or -1 on a bad escape. */
static long
decode_into(char *dst, const char *s, size_t n)
{
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] != '%') {
			dst[o++] = s[i];
			continue;
		}
		if (i + 2 >= n || hexval(s[i + 1]) < 0 || hexval(s[i + 2]) < 0)
			return -1;
		dst[o++] = (char)(hexval(s[i + 1]) << 4 | hexval(s[i + 2]));
		i += 2;
	}
	return (long)o;
}

char *
sign_decode(const char *s, size_t n, size_t *outlen)
{
	char *d = xmalloc(n + 1);
	long len = decode_into(d, s, n);

	if (len < 0) {
		free(d);
		return NULL;
	}
	d[len] = '\0';
	if (outlen != NULL)
		*outlen = (size_t)len;
	return d;
}

/* --- canonical parts ----------------------------------------------------------- */

static void
finish_uri(struct buf *b)
{
	if (b->len == 0 || buf_cstr(b)[b->len - 1] != '/')
		buf_putc(b, '/');
}

/* From decoded text: every byte but the '/' separators is encoded. */
static char *
canon_uri_text(const char *path)
{
	struct buf b = BUF_INIT(0);

	enc_append(&b, path, strlen(path), true);
	finish_uri(&b);
	return buf_steal(&b, NULL);
}

/* From the received path: decode segment by segment, then re-encode. NULL on a bad escape. */
static char *
canon_uri_raw(const char *raw)
{
	struct buf b = BUF_INIT(0);
	const char *seg = raw;

	for (;;) {
		size_t n = strcspn(seg, "/"), dn;
		char *d = sign_decode(seg, n, &dn);

		if (d == NULL) {
			buf_free(&b);
			return NULL;
		}
		enc_append(&b, d, dn, false);
		free(d);
		if (seg[n] == '\0')
			break;
		buf_putc(&b, '/');
		seg += n + 1;
	}
	finish_uri(&b);
	return buf_steal(&b, NULL);
}

static int
kv_cmp(const void *a, const void *b)
{
	const struct sign_kv *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c != 0 ? c : strcmp(x->value, y->value);
}

/* Sorted by unencoded bytes, name then value (signing.md), each side encoded. */
static char *
canon_query(const struct sign_kv *in, size_t n)
{
	struct buf b = BUF_INIT(0);
	struct sign_kv *q;

	if (n == 0)
		return xstrdup("");
	q = xreallocarray(NULL, n, sizeof(*q));
	memcpy(q, in, n * sizeof(*q));
	qsort(q, n, sizeof(*q), kv_cmp);
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			buf_putc(&b, '&');
		enc_append(&b, q[i].name, strlen(q[i].name), false);
		buf_putc(&b, '=');
		enc_append(&b, q[i].value, strlen(q[i].value), false);
	}
	free(q);
	return buf_steal(&b, NULL);
}

/*
 * Splits a raw query on '&', each item at its first '=', and decodes both
 * sides into one blob. Empty items ("a=1&&b=2") are skipped. -1 on a bad
 * escape or a %00, which no C string can carry.
 */
static int
query_parse(const char *raw, char **blob, struct sign_kv **kv, size_t *nkv)
{
	/* Each item decodes to at most its own length plus two NULs. */
	char *store = xmalloc(2 * strlen(raw) + 2);
	struct sign_kv *q = NULL;
	size_t cap = 0, n = 0, off = 0;

	for (const char *item = raw;; item++) {
		size_t ilen = strcspn(item, "&");
		const char *eq = memchr(item, '=', ilen);
		size_t nlen = eq != NULL ? (size_t)(eq - item) : ilen;
		char *name = store + off, *value;
		long dn, dv = 0;

		if (ilen > 0) {
			dn = decode_into(name, item, nlen);
			if (dn < 0 || memchr(name, '\0', (size_t)dn) != NULL)
				goto bad;
			name[dn] = '\0';
			value = name + dn + 1;
			if (eq != NULL)
				dv = decode_into(value, eq + 1, ilen - nlen - 1);
			if (dv < 0 || memchr(value, '\0', (size_t)dv) != NULL)
				goto bad;
			value[dv] = '\0';
			if (n == cap) {
				cap = cap ? cap * 2 : 8;
				q = xreallocarray(q, cap, sizeof(*q));
			}
			q[n].name = name;
			q[n].value = value;
			n++;
			off += (size_t)dn + (size_t)dv + 2;
		}
		item += ilen;
		if (*item == '\0')
			break;
	}
	*blob = store;
	*kv = q;
	*nkv = n;
	return 0;
bad:
	free(store);
	free(q);
	return -1;
}

static const char *
skip_ws(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

static size_t
trimmed_len(const char *s)
{
	size_t n = strlen(s);

	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return n;
}

/* Appends "name:value\n" (name lower-cased, value trimmed) and the name to the list. */
static void
canon_header(struct buf *ch, struct buf *sh, const char *name, const char *value)
{
	const char *v = skip_ws(value);
	size_t n = strlen(name);
	char *lower;

	if (sh->len > 0)
		buf_putc(sh, ';');
	buf_append(ch, name, n);
	lower = ch->data + ch->len - n;
	for (size_t i = 0; i < n; i++)
		lower[i] = (char)tolower((unsigned char)lower[i]);
	buf_append(sh, lower, n);
	buf_putc(ch, ':');
	buf_append(ch, v, trimmed_len(v));
	buf_putc(ch, '\n');
}

/*
 * Fills canonical_request .. signature of o from its canonical_uri,
 * canonical_query, canonical_headers, signed_headers and payload_hash.
 */
static void
sign_compute(struct sign_output *o, EVP_MD_CTX *ctx, const char *method, const char *date,
    const char *sk)
{
	const char *creq[] = { method, o->canonical_uri, o->canonical_query,
	    o->canonical_headers, o->signed_headers, o->payload_hash };
	const char *sts[3] = { ALGORITHM, date, NULL };
	size_t len;

	o->canonical_request = join("\n", creq, 6, &len);
	o->canonical_request_sha256 = sha256_hex(ctx, o->canonical_request, len);
	sts[2] = o->canonical_request_sha256;
	o->string_to_sign = join("\n", sts, 3, &len);
	o->signature = hmac_sha256_hex(ctx, sk, o->string_to_sign, len);
}

/* --- signing ------------------------------------------------------------------- */

struct hlist {
	struct sign_header *v;
	size_t n, cap;
};

static void
hlist_push(struct hlist *l, const char *name, const char *value)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->v = xreallocarray(l->v, l->cap, sizeof(*l->v));
	}
	l->v[l->n].name = xstrdup(name);
	l->v[l->n].value = xstrdup(value);
	l->n++;
}

static const char *
kv_find(const struct sign_kv *kv, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcasecmp(kv[i].name, name) == 0)
			return kv[i].value;
	return NULL;
}

static bool
is_tchar(unsigned char c)
{
	return isalnum(c) || (c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

static bool
valid_token(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++)
		if (!is_tchar((unsigned char)*s))
			return false;
	return true;
}

static bool
valid_value(const char *s)
{
	return strpbrk(s, "\r\n") == NULL;
}

static bool
set(const char *s)
{
	return s != NULL && *s != '\0';
}

static int
check_input(const struct sign_input *in, char *err, size_t errlen)
{
	if (in->method == NULL || *in->method == '\0' || strspn(in->method,
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != strlen(in->method)) {
		str_seterr(err, errlen, "bad HTTP method (expected upper-case letters)");
		return -1;
	}
	if (in->ak == NULL || *in->ak == '\0' || strpbrk(in->ak, " ,\t\r\n") != NULL) {
		str_seterr(err, errlen, "missing or malformed access key (AK)");
		return -1;
	}
	if (in->sk == NULL || *in->sk == '\0') {
		str_seterr(err, errlen, "missing secret key (SK)");
		return -1;
	}
	if ((in->security_token != NULL && !valid_value(in->security_token)) ||
	    (in->domain_id != NULL && !valid_value(in->domain_id))) {
		str_seterr(err, errlen, "security token or domain id contains a line break");
		return -1;
	}
	for (size_t i = 0; i < in->nquery; i++) {
		if (in->query[i].name == NULL || in->query[i].value == NULL) {
			str_seterr(err, errlen, "query parameter %zu has no name or value", i + 1);
			return -1;
		}
	}
	for (size_t i = 0; i < in->nheaders; i++) {
		const struct sign_kv *h = &in->headers[i];

		if (h->name == NULL || h->value == NULL || !valid_token(h->name) ||
		    !valid_value(h->value)) {
			str_seterr(err, errlen, "bad header %s", h->name ? h->name : "(null)");
			return -1;
		}
		if (strcasecmp(h->name, "Authorization") == 0) {
			str_seterr(err, errlen, "Authorization is set by the signer, not by the caller");
			return -1;
		}
		for (size_t j = 0; j < i; j++)
			if (strcasecmp(h->name, in->headers[j].name) == 0) {
				str_seterr(err, errlen, "header %s given twice", h->name);
				return -1;
			}
	}
	if (kv_find(in->headers, in->nheaders, "host") == NULL &&
	    (in->host == NULL || *in->host == '\0' || strpbrk(in->host, " \t\r\n/") != NULL)) {
		str_seterr(err, errlen, "missing or malformed host");
		return -1;
	}
	return 0;
}

static int
hdr_name_cmp(const void *a, const void *b)
{
	const struct sign_header *x = *(struct sign_header *const *)a;
	const struct sign_header *y = *(struct sign_header *const *)b;

	return strcasecmp(x->name, y->name);
}

/* Canonical headers and signed headers over every header but a multipart content type. */
static void
canon_headers_for_signing(const struct hlist *l, struct sign_output *o)
{
	struct buf ch = BUF_INIT(0), sh = BUF_INIT(0);
	const struct sign_header **sorted = xcalloc(l->n, sizeof(*sorted));
	size_t n = 0;

	for (size_t i = 0; i < l->n; i++) {
		if (strcasecmp(l->v[i].name, "content-type") == 0 &&
		    strstr(l->v[i].value, "multipart/form-data") != NULL)
			continue;
		sorted[n++] = &l->v[i];
	}
	/* Names are tokens (ASCII): case-folded strcasecmp is the bytewise order of the lower-cased names. */
	qsort(sorted, n, sizeof(*sorted), hdr_name_cmp);
	for (size_t i = 0; i < n; i++)
		canon_header(&ch, &sh, sorted[i]->name, sorted[i]->value);
	free(sorted);
	o->canonical_headers = buf_steal(&ch, NULL);
	o->signed_headers = buf_steal(&sh, NULL);
}

/* The value of a header in l, or NULL (case-insensitive). */
static const char *
hlist_find(const struct hlist *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcasecmp(l->v[i].name, name) == 0)
			return l->v[i].value;
	return NULL;
}

/* Adds a header the signer supplies to both the wire list and the added list. */
static void
add_signer_header(struct hlist *wire, struct hlist *added, const char *name, const char *value)
{
	hlist_push(wire, name, value);
	hlist_push(added, name, value);
}

int
sign_request(const struct sign_input *in, struct sign_output *out, char *err, size_t errlen)
{
	struct hlist wire = { 0 }, added = { 0 };
	const struct sign_kv *h = in->headers;
	size_t nh = in->nheaders;
	const char *ctype, *date, *v;
	const char *auth[6] = { ALGORITHM " Access=", NULL, ", SignedHeaders=", NULL,
	    ", Signature=", NULL };
	char datebuf[TIME_SDK_BUFSZ];
	EVP_MD_CTX *ctx;
	time_t t;

	memset(out, 0, sizeof(*out));
	if (check_input(in, err, errlen) != 0)
		return -1;
	date = kv_find(h, nh, HDR_DATE);
	if (date == NULL)
		date = in->sdk_date;
	/* A date of our own making needs no check (mktime() is a tenth of a signature). */
	if (date == NULL) {
		date = time_format_sdk(time_now(), datebuf);
	} else if (time_parse_sdk(date, &t) != 0) {
		str_seterr(err, errlen, "bad X-Sdk-Date '%s' (expected YYYYMMDDTHHMMSSZ)", date);
		return -1;
	}
	ctype = kv_find(h, nh, "content-type");

	/* The order the SDK builds the request in; final_headers in the vectors show it. */
	if (set(in->security_token) && kv_find(h, nh, "X-Security-Token") == NULL)
		add_signer_header(&wire, &added, "X-Security-Token", in->security_token);
	if (set(in->domain_id) && kv_find(h, nh, "X-Domain-Id") == NULL)
		add_signer_header(&wire, &added, "X-Domain-Id", in->domain_id);
	if (ctype != NULL && strcasecmp(ctype, "application/json") != 0 &&
	    kv_find(h, nh, HDR_CONTENT_SHA) == NULL)
		add_signer_header(&wire, &added, HDR_CONTENT_SHA, UNSIGNED_PAYLOAD);
	for (size_t i = 0; i < nh; i++)
		if (strcasecmp(h[i].name, "content-type") != 0)
			hlist_push(&wire, h[i].name, h[i].value);
	if (ctype != NULL)
		hlist_push(&wire, "content-type", ctype);
	if (kv_find(h, nh, HDR_DATE) == NULL)
		add_signer_header(&wire, &added, HDR_DATE, date);
	if (kv_find(h, nh, "host") == NULL) {
		char *host = xstrdup(in->host);

		/* signing.md: host lower-case, port kept as written. */
		for (char *p = host; *p != '\0'; p++)
			*p = (char)tolower((unsigned char)*p);
		add_signer_header(&wire, &added, "host", host);
		free(host);
	}

	ctx = md_ctx_new();
	out->sdk_date = xstrdup(date);
	out->canonical_uri = canon_uri_text(in->path != NULL ? in->path : "");
	out->canonical_query = canon_query(in->query, in->nquery);
	canon_headers_for_signing(&wire, out);
	v = hlist_find(&wire, HDR_CONTENT_SHA);
	if (v != NULL) {
		v = skip_ws(v);
		out->payload_hash = xstrndup(v, trimmed_len(v));
	} else {
		out->payload_hash = sha256_hex(ctx, in->body, in->body_len);
	}
	sign_compute(out, ctx, in->method, date, in->sk);
	EVP_MD_CTX_free(ctx);
	auth[1] = in->ak;
	auth[3] = out->signed_headers;
	auth[5] = out->signature;
	out->authorization = join("", auth, 6, NULL);
	add_signer_header(&wire, &added, "Authorization", out->authorization);
	out->headers = wire.v;
	out->nheaders = wire.n;
	out->added = added.v;
	out->nadded = added.n;
	return 0;
}

static void
free_headers(struct sign_header *h, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		/* Values may hold the security token. */
		xfree_secret(h[i].value);
		free(h[i].name);
	}
	free(h);
}

void
sign_output_free(struct sign_output *o)
{
	if (o == NULL)
		return;
	free(o->canonical_uri);
	free(o->canonical_query);
	xfree_secret(o->canonical_headers);
	free(o->signed_headers);
	free(o->payload_hash);
	xfree_secret(o->canonical_request);
	free(o->canonical_request_sha256);
	free(o->string_to_sign);
	xfree_secret(o->signature);
	xfree_secret(o->authorization);
	free(o->sdk_date);
	free_headers(o->headers, o->nheaders);
	free_headers(o->added, o->nadded);
	memset(o, 0, sizeof(*o));
}

/* --- URLs ------------------------------------------------------------------------ */

int
sign_url_parse(const char *url, struct sign_url *u, char *err, size_t errlen)
{
	const char *p = strstr(url, "://"), *auth, *path, *q, *end;
	size_t plen;

	memset(u, 0, sizeof(*u));
	if (p == NULL || p == url || strspn(url, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.") != (size_t)(p - url)) {
		str_seterr(err, errlen, "%s: not an absolute URL (scheme://host/path)", url);
		return -1;
	}
	auth = p + 3;
	path = auth + strcspn(auth, "/?#");
	if (path == auth || memchr(auth, '@', (size_t)(path - auth)) != NULL) {
		str_seterr(err, errlen, "%s: missing host, or user info in the URL", url);
		return -1;
	}
	end = path + strcspn(path, "#");
	q = memchr(path, '?', (size_t)(end - path));
	plen = (size_t)((q != NULL ? q : end) - path);
	u->scheme = xstrndup(url, (size_t)(p - url));
	u->host = xstrndup(auth, (size_t)(path - auth));
	u->raw_path = plen > 0 ? xstrndup(path, plen) : xstrdup("/");
	u->raw_query = q != NULL ? xstrndup(q + 1, (size_t)(end - q - 1)) : xstrdup("");
	{
		size_t dlen;

		u->path = sign_decode(u->raw_path, strlen(u->raw_path), &dlen);
		if (u->path == NULL || strlen(u->path) != dlen || strcasestr(u->raw_path, "%2F")) {
			str_seterr(err, errlen, "%s: %s", url, u->path == NULL || strlen(u->path) != dlen ?
			    "bad percent-encoding in the path" :
			    "an encoded '/' (%2F) in the path cannot be signed");
			sign_url_free(u);
			return -1;
		}
	}
	if (query_parse(u->raw_query, &u->qstore, &u->query, &u->nquery) != 0) {
		str_seterr(err, errlen, "%s: bad percent-encoding in the query", url);
		sign_url_free(u);
		return -1;
	}
	return 0;
}

void
sign_url_free(struct sign_url *u)
{
	if (u == NULL)
		return;
	free(u->scheme);
	free(u->host);
	free(u->raw_path);
	free(u->raw_query);
	free(u->path);
	free(u->query);
	free(u->qstore);
	memset(u, 0, sizeof(*u));
}

/* --- verification ---------------------------------------------------------------- */

static const char *
received_header(const struct sign_received *r, const char *name)
{
	return kv_find(r->headers, r->nheaders, name);
}

struct auth_parts {
	char *ak;
	char *signed_headers;
	char *signature;
};

/* Reads "<key>=<value>" up to the next ',' (or the end); advances *s past it. */
static char *
auth_field(const char **s, const char *key)
{
	size_t klen = strlen(key), n;
	const char *p = skip_ws(*s);
	char *v;

	if (strncmp(p, key, klen) != 0 || p[klen] != '=')
		return NULL;
	p += klen + 1;
	n = strcspn(p, ",");
	v = xstrndup(p, n);
	v[trimmed_len(v)] = '\0';
	*s = p[n] == ',' ? p + n + 1 : p + n;
	return v;
}

static int
auth_parse(const char *auth, struct auth_parts *a)
{
	const char *p = skip_ws(auth);
	size_t alen = strlen(ALGORITHM);

	memset(a, 0, sizeof(*a));
	if (strncmp(p, ALGORITHM, alen) != 0 || (p[alen] != ' ' && p[alen] != '\t'))
		return -1;
	p += alen;
	a->ak = auth_field(&p, "Access");
	a->signed_headers = a->ak ? auth_field(&p, "SignedHeaders") : NULL;
	a->signature = a->signed_headers ? auth_field(&p, "Signature") : NULL;
	if (a->signature == NULL || *skip_ws(p) != '\0' || *a->ak == '\0' ||
	    *a->signed_headers == '\0')
		return -1;
	return 0;
}

static void
auth_parts_free(struct auth_parts *a)
{
	free(a->ak);
	free(a->signed_headers);
	free(a->signature);
}

/* Copies the AK for an error message: printable ASCII only, bounded. */
static void
printable_ak(const char *ak, char *out, size_t outlen)
{
	size_t i;

	for (i = 0; ak[i] != '\0' && i + 1 < outlen; i++)
		out[i] = isprint((unsigned char)ak[i]) ? ak[i] : '?';
	out[i] = '\0';
}

/*
 * Builds the canonical headers from SignedHeaders (list, modified in place),
 * in the order given. Returns the first listed header that is missing, or NULL.
 */
static const char *
canon_headers_received(const struct sign_received *r, char *list, struct sign_output *o,
    bool *has_date)
{
	struct buf ch = BUF_INIT(0), sh = BUF_INIT(0);
	const char *missing = NULL;
	char *save = NULL;

	*has_date = false;
	for (char *name = strtok_r(list, ";", &save); name != NULL && missing == NULL;
	    name = strtok_r(NULL, ";", &save)) {
		const char *v = received_header(r, name);

		if (v == NULL)
			missing = name;
		else
			canon_header(&ch, &sh, name, v);
		if (strcasecmp(name, "x-sdk-date") == 0)
			*has_date = true;
	}
	o->canonical_headers = buf_steal(&ch, NULL);
	o->signed_headers = buf_steal(&sh, NULL);
	return missing;
}

static enum sign_verify_result
verify_parts(const struct sign_received *r, const struct auth_parts *a, const char *sk,
    const char *date, char *err, size_t errlen)
{
	struct sign_output o = { 0 };
	enum sign_verify_result res = SIGN_MISMATCH;
	struct sign_kv *q = NULL;
	char *qstore = NULL, *list = xstrdup(a->signed_headers);
	const char *missing, *content_sha;
	EVP_MD_CTX *ctx;
	size_t nq = 0;
	bool has_date;

	missing = canon_headers_received(r, list, &o, &has_date);
	if (missing != NULL) {
		str_seterr(err, errlen, AUTH_PREFIX SIG_FAIL ", signed header %.64s is missing",
		    missing);
		res = SIGN_MISSING_HEADER;
		goto out;
	}
	if (!has_date) {
		str_seterr(err, errlen, AUTH_PREFIX SIG_FAIL ", x-sdk-date is not signed");
		res = SIGN_MALFORMED;
		goto out;
	}
	o.canonical_uri = canon_uri_raw(r->raw_path != NULL && *r->raw_path ? r->raw_path : "/");
	if (o.canonical_uri == NULL ||
	    query_parse(r->raw_query != NULL ? r->raw_query : "", &qstore, &q, &nq) != 0) {
		str_seterr(err, errlen, AUTH_PREFIX SIG_FAIL ", bad percent-encoding in the URL");
		goto out;
	}
	o.canonical_query = canon_query(q, nq);
	ctx = md_ctx_new();
	content_sha = received_header(r, HDR_CONTENT_SHA);
	if (content_sha != NULL) {
		content_sha = skip_ws(content_sha);
		o.payload_hash = xstrndup(content_sha, trimmed_len(content_sha));
	} else {
		o.payload_hash = sha256_hex(ctx, r->body, r->body_len);
	}
	sign_compute(&o, ctx, r->method, date, sk);
	EVP_MD_CTX_free(ctx);
	if (strlen(a->signature) == strlen(o.signature) &&
	    CRYPTO_memcmp(a->signature, o.signature, strlen(o.signature)) == 0) {
		res = SIGN_OK;
	} else {
		str_seterr(err, errlen, AUTH_PREFIX SIG_FAIL);
	}
out:
	free(list);
	free(q);
	free(qstore);
	sign_output_free(&o);
	return res;
}

enum sign_verify_result
sign_verify(const struct sign_received *r, long long now, long max_skew, sign_sk_lookup lookup,
    void *ud, char *err, size_t errlen)
{
	const char *auth = received_header(r, "Authorization");
	const char *dv, *sk;
	struct auth_parts a;
	enum sign_verify_result res;
	char date[TIME_SDK_BUFSZ], akbuf[65];
	time_t t;

	if (err != NULL && errlen > 0)
		*err = '\0';
	if (auth == NULL) {
		str_seterr(err, errlen, AUTH_PREFIX "Authorization header is missing");
		return SIGN_MISSING;
	}
	if (auth_parse(auth, &a) != 0) {
		auth_parts_free(&a);
		str_seterr(err, errlen, AUTH_PREFIX SIG_FAIL ", malformed Authorization header "
		    "(expected " ALGORITHM " Access=..., SignedHeaders=..., Signature=...)");
		return SIGN_MALFORMED;
	}
	sk = lookup(a.ak, ud);
	if (sk == NULL) {
		printable_ak(a.ak, akbuf, sizeof(akbuf));
		str_seterr(err, errlen, AUTH_PREFIX "Get secretKey failed,ak:%s,err:ak not exist", akbuf);
		res = SIGN_UNKNOWN_AK;
		goto out;
	}
	dv = received_header(r, HDR_DATE);
	if (dv != NULL) {
		dv = skip_ws(dv);
		snprintf(date, sizeof(date), "%.*s", (int)trimmed_len(dv), dv);
	}
	if (dv == NULL || trimmed_len(dv) != TIME_SDK_BUFSZ - 1 || time_parse_sdk(date, &t) != 0) {
		str_seterr(err, errlen, AUTH_PREFIX SIG_FAIL ", X-Sdk-Date is missing or not "
		    "YYYYMMDDTHHMMSSZ");
		res = SIGN_BAD_DATE;
		goto out;
	}
	if ((long long)t > now + max_skew || (long long)t < now - max_skew) {
		str_seterr(err, errlen, AUTH_PREFIX "signature expired");
		res = SIGN_EXPIRED;
		goto out;
	}
	res = verify_parts(r, &a, sk, date, err, errlen);
out:
	auth_parts_free(&a);
	return res;
}
