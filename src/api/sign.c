/*
 * sign: SDK-HMAC-SHA256 as ../shared/signing.md describes it.
 *
 * Signing and verifying share the second half of the work (canonical request,
 * string to sign, HMAC): sign_compute() does it from the six canonical parts,
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

/* --- one buffer per signature ---------------------------------------------------- */

/*
 * A signature's texts all go into one buffer sized up front for the worst
 * case (struct buf has no reserve call, so its fields are set here): one
 * malloc and one wipe per signature instead of ~35 (bench/notes.md). Texts
 * are recorded as offsets while it fills; a text copied from the buffer into
 * itself needs the room checked first (buf_append_own(), sign_compute()).
 */
static void
buf_sized(struct buf *b, size_t size)
{
	b->data = xmalloc(size);
	b->data[0] = '\0';
	b->len = 0;
	b->cap = size;
	b->limit = 0;
}

/*
 * buf_append() with the room check inline: in a buffer sized up front the
 * check always passes, and the call per appended piece (often one byte) was
 * a sixth of a signature. Like buf_append(), it keeps the data NUL-terminated.
 */
static inline void
out_append(struct buf *b, const void *p, size_t n)
{
	if (b->cap - b->len <= n) {
		buf_append(b, p, n);
		return;
	}
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

static inline void
out_putc(struct buf *b, char c)
{
	out_append(b, &c, 1);
}

static inline void
out_puts(struct buf *b, const char *s)
{
	out_append(b, s, strlen(s));
}

/* Buffers that held a security token or a signature are wiped before they are freed. */
static void
buf_wipe_free(struct buf *b)
{
	if (b->data != NULL)
		explicit_bzero(b->data, b->cap);
	buf_free(b);
}

/* Scratch room for n items: the caller's small array when it fits (every BSS call), else the heap. */
static void *
scratch(void *small, size_t smallsize, size_t n, size_t size)
{
	return n <= smallsize / size ? small : xreallocarray(NULL, n, size);
}

static void
scratch_free(void *p, const void *small)
{
	if (p != small)
		free(p);
}

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

/* Writes the n bytes at p as lower-case hex and a NUL into out (2n + 1 bytes). */
static void
hex_lower(const unsigned char *p, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 15];
	}
	out[n * 2] = '\0';
}

#define HEX_LEN (2 * SHA256_LEN)
/* The payload hash of every body-less request (most BSS calls): no need to compute it. */
#define EMPTY_SHA256 "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

/* One context serves every digest of a signature or a verification. */
static EVP_MD_CTX *
md_ctx_new(void)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();

	if (ctx == NULL)
		die("sign: out of memory in libcrypto");
	return ctx;
}

/* Appends the hex SHA-256 of the n bytes at p to b (p may point into b: b has room, see sign_compute). */
static void
sha256_hex_append(struct buf *b, EVP_MD_CTX *ctx, const void *p, size_t n)
{
	unsigned char md[SHA256_LEN];
	char hex[HEX_LEN + 1];
	const void *part = p != NULL ? p : "";

	sha256_parts(ctx, &part, &n, 1, md);
	hex_lower(md, sizeof(md), hex);
	out_append(b, hex, HEX_LEN);
}

/* HMAC-SHA256 (RFC 2104) on the fetched digest, key = the SK's bytes; hex into out. */
static void
hmac_sha256_hex(EVP_MD_CTX *ctx, const char *key, const char *msg, size_t msglen,
    char out[HEX_LEN + 1])
{
	unsigned char k[SHA256_BLOCK] = { 0 }, pad[SHA256_BLOCK], md[SHA256_LEN];
	size_t klen = strlen(key);
	const void *parts[2] = { pad, NULL };
	size_t lens[2] = { sizeof(pad), 0 };

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
	hex_lower(md, sizeof(md), out);
	OPENSSL_cleanse(k, sizeof(k));
	OPENSSL_cleanse(pad, sizeof(pad));
	OPENSSL_cleanse(md, sizeof(md));
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

			out_append(b, s + i - run, run);
			out_append(b, e, sizeof(e));
			run = 0;
		}
	}
	out_append(b, s + n - run, run);
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

/* The URI that began at offset start of b ends in '/'. */
static void
finish_uri(struct buf *b, size_t start)
{
	if (b->len == start || buf_cstr(b)[b->len - 1] != '/')
		out_putc(b, '/');
}

/* From decoded text: every byte but the '/' separators is encoded. */
static void
canon_uri_text(struct buf *b, const char *path)
{
	size_t start = b->len;

	enc_append(b, path, strlen(path), true);
	finish_uri(b, start);
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
		out_putc(&b, '/');
		seg += n + 1;
	}
	finish_uri(&b, 0);
	return buf_steal(&b, NULL);
}

static int
kv_cmp(const void *a, const void *b)
{
	const struct sign_kv *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c != 0 ? c : strcmp(x->value, y->value);
}

#define SCRATCH_N 16

/* Appends the pairs sorted by unencoded bytes, name then value (signing.md), each side encoded. */
static void
canon_query(struct buf *b, const struct sign_kv *in, size_t n)
{
	struct sign_kv small[SCRATCH_N], *q = scratch(small, sizeof(small), n, sizeof(*q));

	if (n == 0)
		return;
	memcpy(q, in, n * sizeof(*q));
	qsort(q, n, sizeof(*q), kv_cmp);
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			out_putc(b, '&');
		enc_append(b, q[i].name, strlen(q[i].name), false);
		out_putc(b, '=');
		enc_append(b, q[i].value, strlen(q[i].value), false);
	}
	scratch_free(q, small);
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

/*
 * ASCII lower case, whatever the locale: header names are tokens and hosts
 * are ASCII, and tolower() costs a locale table lookup per byte.
 */
static char
ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Appends the n bytes of name lower-cased. */
static void
lower_append(struct buf *b, const char *name, size_t n)
{
	char *lower;

	out_append(b, name, n);
	lower = b->data + b->len - n;
	for (size_t i = 0; i < n; i++)
		lower[i] = ascii_lower(lower[i]);
}

/* Appends the canonical header line "name:value\n" (name lower-cased, value trimmed). */
static void
canon_header(struct buf *ch, const char *name, const char *value)
{
	const char *v = skip_ws(value);

	lower_append(ch, name, strlen(name));
	out_putc(ch, ':');
	out_append(ch, v, trimmed_len(v));
	out_putc(ch, '\n');
}

/* Appends name, lower-cased, to the SignedHeaders list that began at offset start of sh. */
static void
signed_name(struct buf *sh, size_t start, const char *name)
{
	if (sh->len > start)
		out_putc(sh, ';');
	lower_append(sh, name, strlen(name));
}

/* The six parts of the canonical request, in its order. */
enum { P_METHOD, P_URI, P_QUERY, P_HEADERS, P_SIGNED, P_PAYLOAD, NPARTS };

/* Where a signature's texts sit in its buffer, as offsets of NUL-terminated strings. */
struct texts {
	size_t part[NPARTS], len[NPARTS];
	size_t creq, creq_sha, sts, sig;
};

static void
part_begin(struct texts *t, int i, const struct buf *b)
{
	t->part[i] = b->len;
}

static void
part_end(struct texts *t, int i, struct buf *b)
{
	t->len[i] = b->len - t->part[i];
	out_putc(b, '\0');
}

/* What sign_compute() appends besides the canonical request's copy of the parts. */
#define COMPUTE_ROOM (NPARTS + 3 * (HEX_LEN + 1) + sizeof(ALGORITHM) + TIME_SDK_BUFSZ + 2)

/*
 * From the six parts in b: the canonical request, its hash, the string to
 * sign and the signature, appended to b. Signing and verifying share it, so
 * the client and bsssim cannot drift apart.
 */
static void
sign_compute(struct buf *b, struct texts *t, EVP_MD_CTX *ctx, const char *date, const char *sk)
{
	size_t need = COMPUTE_ROOM + strlen(date), n;
	char sig[HEX_LEN + 1];

	for (int i = 0; i < NPARTS; i++)
		need += t->len[i];
	/* The parts are copied from b into b: b must not move meanwhile. */
	if (b->cap - b->len <= need)
		die("sign: signature buffer too small");
	t->creq = b->len;
	for (int i = 0; i < NPARTS; i++) {
		if (i > 0)
			out_putc(b, '\n');
		out_append(b, b->data + t->part[i], t->len[i]);
	}
	n = b->len - t->creq;
	out_putc(b, '\0');
	t->creq_sha = b->len;
	sha256_hex_append(b, ctx, b->data + t->creq, n);
	out_putc(b, '\0');
	t->sts = b->len;
	out_puts(b, ALGORITHM "\n");
	out_puts(b, date);
	out_putc(b, '\n');
	out_append(b, b->data + t->creq_sha, HEX_LEN);
	n = b->len - t->sts;
	out_putc(b, '\0');
	t->sig = b->len;
	hmac_sha256_hex(ctx, sk, b->data + t->sts, n, sig);
	out_append(b, sig, HEX_LEN);
	out_putc(b, '\0');
	OPENSSL_cleanse(sig, sizeof(sig));
}

/* --- signing ------------------------------------------------------------------- */

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

/* A header of the request being signed, borrowed; where its copy sits in the buffer. */
struct whdr {
	const char *name, *value;
	bool added;                    /* supplied by the signer */
	bool unsigned_ctype;           /* a multipart content type: sent, never signed */
	size_t noff, voff;
};

struct wlist {
	struct whdr *v;
	size_t n;
	const char *content_sha;       /* the X-Sdk-Content-Sha256 value going out, or NULL */
};

/* The caller's headers the signer acts on (NULL when absent), found in one pass. */
struct known {
	const struct sign_kv *ctype, *date, *host, *token, *domain, *content_sha;
};

/* Names are compared only with the known name of their length: strcasecmp was 6% of a signature. */
static void
known_headers(const struct sign_kv *h, size_t n, struct known *k)
{
	memset(k, 0, sizeof(*k));
	for (size_t i = 0; i < n; i++) {
		const struct sign_kv **slot = NULL;
		const char *want = NULL;

		switch (strlen(h[i].name)) {
		case 4: slot = &k->host; want = "host"; break;
		case 10: slot = &k->date; want = HDR_DATE; break;
		case 11: slot = &k->domain; want = "X-Domain-Id"; break;
		case 12: slot = &k->ctype; want = "content-type"; break;
		case 16: slot = &k->token; want = "X-Security-Token"; break;
		case 20: slot = &k->content_sha; want = HDR_CONTENT_SHA; break;
		}
		/* check_input() refused names given twice. */
		if (slot != NULL && strcasecmp(h[i].name, want) == 0)
			*slot = &h[i];
	}
}

/* At most this many headers are added to the caller's before Authorization. */
#define WIRE_ADDED 5

static void
wpush(struct wlist *l, const char *name, const char *value, bool added)
{
	l->v[l->n++] = (struct whdr){ .name = name, .value = value, .added = added };
}

static int
whdr_cmp(const void *a, const void *b)
{
	const struct whdr *x = *(const struct whdr *const *)a;
	const struct whdr *y = *(const struct whdr *const *)b;

	return strcasecmp(x->name, y->name);
}

/* Canonical headers and signed headers over every header but a multipart content type. */
static void
canon_headers_for_signing(struct buf *b, struct texts *t, const struct wlist *l)
{
	const struct whdr *small[SCRATCH_N];
	const struct whdr **sorted = scratch(small, sizeof(small), l->n, sizeof(*sorted));
	size_t n = 0;

	for (size_t i = 0; i < l->n; i++) {
		if (l->v[i].unsigned_ctype)
			continue;
		sorted[n++] = &l->v[i];
	}
	/* Names are tokens (ASCII): case-folded strcasecmp is the bytewise order of the lower-cased names. */
	qsort(sorted, n, sizeof(*sorted), whdr_cmp);
	part_begin(t, P_HEADERS, b);
	for (size_t i = 0; i < n; i++)
		canon_header(b, sorted[i]->name, sorted[i]->value);
	part_end(t, P_HEADERS, b);
	part_begin(t, P_SIGNED, b);
	for (size_t i = 0; i < n; i++)
		signed_name(b, t->part[P_SIGNED], sorted[i]->name);
	part_end(t, P_SIGNED, b);
	scratch_free(sorted, small);
}

/* Appends the n bytes at offset off of b to b itself; b must not move meanwhile. */
static void
buf_append_own(struct buf *b, size_t off, size_t n)
{
	if (b->cap - b->len <= n)
		die("sign: signature buffer too small");
	out_append(b, b->data + off, n);
}

/* Appends s and its NUL; returns where it starts. */
static size_t
put_str(struct buf *b, const char *s)
{
	size_t off = b->len;

	out_puts(b, s);
	out_putc(b, '\0');
	return off;
}

/* The headers on the wire in the SDK's order (the vectors' final_headers show it), signer's marked. */
static void
wire_headers(const struct sign_input *in, const struct known *k, const char *date,
    const char *host, struct wlist *w)
{
	const struct sign_kv *h = in->headers;
	const char *ctype = k->ctype != NULL ? k->ctype->value : NULL;

	if (set(in->security_token) && k->token == NULL)
		wpush(w, "X-Security-Token", in->security_token, true);
	if (set(in->domain_id) && k->domain == NULL)
		wpush(w, "X-Domain-Id", in->domain_id, true);
	if (k->content_sha != NULL) {
		w->content_sha = k->content_sha->value;
	} else if (ctype != NULL && strcasecmp(ctype, "application/json") != 0) {
		wpush(w, HDR_CONTENT_SHA, UNSIGNED_PAYLOAD, true);
		w->content_sha = UNSIGNED_PAYLOAD;
	}
	for (size_t i = 0; i < in->nheaders; i++)
		if (&h[i] != k->ctype)
			wpush(w, h[i].name, h[i].value, false);
	if (ctype != NULL) {
		wpush(w, "content-type", ctype, false);
		w->v[w->n - 1].unsigned_ctype = strstr(ctype, "multipart/form-data") != NULL;
	}
	if (k->date == NULL)
		wpush(w, HDR_DATE, date, true);
	if (host != NULL)
		wpush(w, "host", host, true);
}

/* The worst case of everything sign_request() puts in its buffer after the header arrays. */
static size_t
text_bound(const struct sign_input *in, const struct wlist *w, const char *date)
{
	size_t hsum = 0, parts;

	for (size_t i = 0; i < w->n; i++)
		hsum += strlen(w->v[i].name) + strlen(w->v[i].value) + 3;
	/* Each part and its NUL: encoding triples a byte at most. */
	parts = strlen(in->method) + 1 + 3 * (in->path != NULL ? strlen(in->path) : 0) + 2 +
	    2 * hsum + HEX_LEN + 1;
	for (size_t i = 0; i < in->nquery; i++)
		parts += 3 * (strlen(in->query[i].name) + strlen(in->query[i].value)) + 2;
	/* The parts, their copy in the canonical request, the rest of sign_compute(), the
	 * Authorization value (which repeats the signed headers), the date and the wire copies. */
	return 2 * parts + COMPUTE_ROOM + strlen(date) + sizeof(ALGORITHM " Access=, SignedHeaders=, "
	    "Signature=") + strlen(in->ak) + hsum + HEX_LEN + 1 + TIME_SDK_BUFSZ + hsum +
	    sizeof("Authorization");
}

/* Points the output's strings and header arrays into its buffer, now that it is complete. */
static void
output_from(struct sign_output *out, struct buf *b, const struct texts *t,
    const struct wlist *w, size_t auth, size_t date)
{
	struct sign_header *hdrs = (struct sign_header *)(void *)b->data;
	char *d = b->data;

	out->store = d;
	out->store_size = b->cap;
	out->canonical_uri = d + t->part[P_URI];
	out->canonical_query = d + t->part[P_QUERY];
	out->canonical_headers = d + t->part[P_HEADERS];
	out->signed_headers = d + t->part[P_SIGNED];
	out->payload_hash = d + t->part[P_PAYLOAD];
	out->canonical_request = d + t->creq;
	out->canonical_request_sha256 = d + t->creq_sha;
	out->string_to_sign = d + t->sts;
	out->signature = d + t->sig;
	out->authorization = d + auth;
	out->sdk_date = d + date;
	/* The added list holds copies of the wire list's pointers: one set of strings. */
	out->headers = hdrs;
	out->added = hdrs + w->n + 1;
	for (size_t i = 0; i <= w->n; i++) {
		hdrs[i].name = d + w->v[i].noff;
		hdrs[i].value = d + w->v[i].voff;
		if (w->v[i].added)
			out->added[out->nadded++] = hdrs[i];
	}
	out->nheaders = w->n + 1;
}

int
sign_request(const struct sign_input *in, struct sign_output *out, char *err, size_t errlen)
{
	struct whdr wsmall[SCRATCH_N];
	struct wlist w = { NULL, 0, NULL };
	struct known k;
	char hsmall[128], *host = NULL, datebuf[TIME_SDK_BUFSZ];
	const char *date, *v;
	size_t region, bound, auth, dateoff;
	struct texts t;
	struct buf b;
	EVP_MD_CTX *ctx;
	time_t tm;

	memset(out, 0, sizeof(*out));
	if (check_input(in, err, errlen) != 0)
		return -1;
	known_headers(in->headers, in->nheaders, &k);
	date = k.date != NULL ? k.date->value : in->sdk_date;
	/* A date of our own making needs no check (mktime() is a tenth of a signature). */
	if (date == NULL) {
		date = time_format_sdk(time_now(), datebuf);
	} else if (time_parse_sdk(date, &tm) != 0) {
		str_seterr(err, errlen, "bad X-Sdk-Date '%s' (expected YYYYMMDDTHHMMSSZ)", date);
		return -1;
	}
	if (k.host == NULL) {
		size_t n = strlen(in->host);

		/* signing.md: host lower-case, port kept as written. */
		host = scratch(hsmall, sizeof(hsmall), n + 1, 1);
		for (size_t i = 0; i <= n; i++)
			host[i] = ascii_lower(in->host[i]);
	}
	/* One more slot: Authorization ends the wire list. */
	w.v = scratch(wsmall, sizeof(wsmall), in->nheaders + WIRE_ADDED + 1, sizeof(*w.v));
	wire_headers(in, &k, date, host, &w);

	/* The wire and added header arrays first, then every text. */
	region = (w.n + 1 + WIRE_ADDED + 1) * sizeof(struct sign_header);
	bound = region + text_bound(in, &w, date);
	buf_sized(&b, bound);
	b.len = region;
	part_begin(&t, P_METHOD, &b);
	out_puts(&b, in->method);
	part_end(&t, P_METHOD, &b);
	part_begin(&t, P_URI, &b);
	canon_uri_text(&b, in->path != NULL ? in->path : "");
	part_end(&t, P_URI, &b);
	part_begin(&t, P_QUERY, &b);
	canon_query(&b, in->query, in->nquery);
	part_end(&t, P_QUERY, &b);
	canon_headers_for_signing(&b, &t, &w);
	ctx = md_ctx_new();
	part_begin(&t, P_PAYLOAD, &b);
	v = w.content_sha;
	if (v != NULL) {
		v = skip_ws(v);
		out_append(&b, v, trimmed_len(v));
	} else if (in->body_len == 0) {
		out_puts(&b, EMPTY_SHA256);
	} else {
		sha256_hex_append(&b, ctx, in->body, in->body_len);
	}
	part_end(&t, P_PAYLOAD, &b);
	sign_compute(&b, &t, ctx, date, in->sk);
	EVP_MD_CTX_free(ctx);

	auth = b.len;
	out_puts(&b, ALGORITHM " Access=");
	out_puts(&b, in->ak);
	out_puts(&b, ", SignedHeaders=");
	buf_append_own(&b, t.part[P_SIGNED], t.len[P_SIGNED]);
	out_puts(&b, ", Signature=");
	buf_append_own(&b, t.sig, HEX_LEN);
	out_putc(&b, '\0');
	dateoff = put_str(&b, date);
	for (size_t i = 0; i < w.n; i++) {
		w.v[i].noff = put_str(&b, w.v[i].name);
		w.v[i].voff = put_str(&b, w.v[i].value);
	}
	w.v[w.n] = (struct whdr){ .added = true, .noff = put_str(&b, "Authorization"), .voff = auth };
	/* Growing would have left an unwiped copy of the token behind: text_bound() is wrong. */
	if (b.cap != bound)
		die("sign: signature buffer too small");
	output_from(out, &b, &t, &w, auth, dateoff);
	scratch_free(w.v, wsmall);
	scratch_free(host, hsmall);
	return 0;
}

void
sign_output_free(struct sign_output *o)
{
	if (o == NULL)
		return;
	/* The block holds the security token and the signature. */
	if (o->store != NULL)
		explicit_bzero(o->store, o->store_size);
	free(o->store);
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
canon_headers_received(const struct sign_received *r, char *list, struct buf *ch,
    struct buf *sh, bool *has_date)
{
	const char *missing = NULL;
	char *save = NULL;

	*has_date = false;
	for (char *name = strtok_r(list, ";", &save); name != NULL && missing == NULL;
	    name = strtok_r(NULL, ";", &save)) {
		const char *v = received_header(r, name);

		if (v == NULL) {
			missing = name;
		} else {
			canon_header(ch, name, v);
			signed_name(sh, 0, name);
		}
		if (strcasecmp(name, "x-sdk-date") == 0)
			*has_date = true;
	}
	return missing;
}

static enum sign_verify_result
verify_parts(const struct sign_received *r, const struct auth_parts *a, const char *sk,
    const char *date, char *err, size_t errlen)
{
	struct buf ch = BUF_INIT(0), sh = BUF_INIT(0), query = BUF_INIT(0), b = BUF_INIT(0);
	enum sign_verify_result res = SIGN_MISMATCH;
	struct sign_kv *q = NULL;
	char *qstore = NULL, *uri = NULL, *list = xstrdup(a->signed_headers);
	const char *missing, *content_sha, *sig;
	struct texts t;
	EVP_MD_CTX *ctx;
	size_t nq = 0, need;
	bool has_date;

	missing = canon_headers_received(r, list, &ch, &sh, &has_date);
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
	uri = canon_uri_raw(r->raw_path != NULL && *r->raw_path ? r->raw_path : "/");
	if (uri == NULL ||
	    query_parse(r->raw_query != NULL ? r->raw_query : "", &qstore, &q, &nq) != 0) {
		str_seterr(err, errlen, AUTH_PREFIX SIG_FAIL ", bad percent-encoding in the URL");
		goto out;
	}
	canon_query(&query, q, nq);
	content_sha = received_header(r, HDR_CONTENT_SHA);
	if (content_sha != NULL)
		content_sha = skip_ws(content_sha);
	{
		const char *part[P_PAYLOAD] = { r->method, uri, buf_cstr(&query), buf_cstr(&ch),
		    buf_cstr(&sh) };

		/* The parts and their copy in the canonical request, then the rest. */
		need = 2 * ((content_sha != NULL ? trimmed_len(content_sha) : HEX_LEN) + 1) +
		    COMPUTE_ROOM + strlen(date);
		for (int i = 0; i < P_PAYLOAD; i++)
			need += 2 * (strlen(part[i]) + 1);
		buf_sized(&b, need);
		for (int i = 0; i < P_PAYLOAD; i++) {
			part_begin(&t, i, &b);
			out_puts(&b, part[i]);
			part_end(&t, i, &b);
		}
	}
	ctx = md_ctx_new();
	part_begin(&t, P_PAYLOAD, &b);
	if (content_sha != NULL)
		out_append(&b, content_sha, trimmed_len(content_sha));
	else
		sha256_hex_append(&b, ctx, r->body, r->body_len);
	part_end(&t, P_PAYLOAD, &b);
	sign_compute(&b, &t, ctx, date, sk);
	EVP_MD_CTX_free(ctx);
	sig = b.data + t.sig;
	if (strlen(a->signature) == HEX_LEN && CRYPTO_memcmp(a->signature, sig, HEX_LEN) == 0) {
		res = SIGN_OK;
	} else {
		str_seterr(err, errlen, AUTH_PREFIX SIG_FAIL);
	}
out:
	free(list);
	free(q);
	free(qstore);
	free(uri);
	buf_free(&query);
	buf_free(&sh);
	buf_wipe_free(&ch);
	buf_wipe_free(&b);
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
