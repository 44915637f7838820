#include "api/signvec.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "util/buf.h"
#include "util/readfile.h"
#include "util/xalloc.h"
#include "util/strutil.h"

/*
 * The cJSON tree stays alive for the life of the file: case strings point
 * into it. Only the pair arrays are ours.
 */
struct signvec_priv {
	cJSON *root;
};

/* The string member, or NULL when absent, null or not a string. */
static const char *
str_member(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* Reads [[name, value], ...]. 0, or -1 when present but not of that shape. */
static int
pairs_member(const cJSON *obj, const char *key, struct signvec_pairs *out, int *present)
{
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(obj, key);
	const cJSON *item;
	size_t i = 0;

	out->v = NULL;
	out->n = 0;
	if (present != NULL)
		*present = arr != NULL;
	if (arr == NULL)
		return present != NULL ? 0 : -1;
	if (!cJSON_IsArray(arr))
		return -1;
	out->n = (size_t)cJSON_GetArraySize(arr);
	out->v = out->n ? xcalloc(out->n, sizeof(*out->v)) : NULL;
	cJSON_ArrayForEach(item, arr) {
		const cJSON *k = cJSON_GetArrayItem(item, 0), *v = cJSON_GetArrayItem(item, 1);

		if (!cJSON_IsArray(item) || cJSON_GetArraySize(item) != 2 || !cJSON_IsString(k) ||
		    !cJSON_IsString(v))
			return -1;
		out->v[i].name = k->valuestring;
		out->v[i].value = v->valuestring;
		i++;
	}
	return 0;
}

/* An optional string: absent or null gives NULL; any other non-string is an error. */
static int
opt_str(const cJSON *obj, const char *key, const char **out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	*out = cJSON_IsString(v) ? v->valuestring : NULL;
	return v == NULL || cJSON_IsNull(v) || cJSON_IsString(v) ? 0 : -1;
}

static const char *
load_expected(const cJSON *e, struct signvec_expected *x)
{
	static const struct {
		const char *key;
		size_t off;
	} fields[] = {
#define F(f) { #f, offsetof(struct signvec_expected, f) }
		F(canonical_uri), F(canonical_query_string), F(canonical_headers),
		F(signed_headers), F(payload_hash), F(canonical_request),
		F(canonical_request_sha256), F(string_to_sign), F(signature), F(authorization),
#undef F
	};
	int any = 0;

	if (!cJSON_IsObject(e))
		return "expected";
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		const char **slot = (const char **)((char *)x + fields[i].off);

		if (opt_str(e, fields[i].key, slot) != 0)
			return fields[i].key;
		any |= *slot != NULL;
	}
	if (pairs_member(e, "added_headers", &x->added_headers, &x->has_added_headers) != 0)
		return "added_headers";
	if (pairs_member(e, "final_headers", &x->final_headers, &x->has_final_headers) != 0)
		return "final_headers";
	if (!any && !x->has_added_headers && !x->has_final_headers)
		return "expected";
	return NULL;
}

/* Returns the name of the first bad field, or NULL. */
static const char *
load_case(const cJSON *o, struct signvec_case *c)
{
	static const struct {
		const char *key;
		size_t off;
	} required[] = {
#define F(f) { #f, offsetof(struct signvec_case, f) }
		F(name), F(ak), F(sk), F(method), F(host), F(path), F(body), F(sdk_date),
#undef F
	};

	if (!cJSON_IsObject(o))
		return "case";
	for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++) {
		const char **slot = (const char **)((char *)c + required[i].off);

		*slot = str_member(o, required[i].key);
		if (*slot == NULL)
			return required[i].key;
	}
	c->body_len = strlen(c->body);
	if (opt_str(o, "security_token", &c->security_token) != 0)
		return "security_token";
	if (opt_str(o, "domain_id", &c->domain_id) != 0)
		return "domain_id";
	if (opt_str(o, "url", &c->url) != 0)
		return "url";
	if (pairs_member(o, "query", &c->query, NULL) != 0)
		return "query";
	if (pairs_member(o, "headers", &c->headers, NULL) != 0)
		return "headers";
	return load_expected(cJSON_GetObjectItemCaseSensitive(o, "expected"), &c->expected);
}

int
signvec_load(const char *path, struct signvec_file *out, char *err, size_t errlen)
{
	struct buf b = BUF_INIT(0);
	struct signvec_priv *priv;
	const cJSON *cases, *item;
	const char *bad;
	size_t i = 0;

	memset(out, 0, sizeof(*out));
	if (readfile_all(path, SIGNVEC_MAX_FILE, &b) != 0) {
		str_seterr(err, errlen, "%s: cannot read: %s", path, strerror(errno));
		return -1;
	}
	priv = xcalloc(1, sizeof(*priv));
	out->priv = priv;
	priv->root = cJSON_ParseWithLength(buf_cstr(&b), b.len);
	buf_free(&b);
	if (priv->root == NULL) {
		str_seterr(err, errlen, "%s: not valid JSON", path);
		signvec_free(out);
		return -1;
	}
	cases = cJSON_GetObjectItemCaseSensitive(priv->root, "cases");
	if (!cJSON_IsArray(cases) || cJSON_GetArraySize(cases) == 0) {
		str_seterr(err, errlen, "%s: no \"cases\" array, or it is empty", path);
		signvec_free(out);
		return -1;
	}
	out->ncases = (size_t)cJSON_GetArraySize(cases);
	out->cases = xcalloc(out->ncases, sizeof(*out->cases));
	cJSON_ArrayForEach(item, cases) {
		bad = load_case(item, &out->cases[i]);
		if (bad != NULL) {
			const char *name = str_member(item, "name");

			str_seterr(err, errlen, "%s: case %zu (%s): missing or malformed \"%s\"", path,
			    i + 1, name ? name : "unnamed", bad);
			signvec_free(out);
			return -1;
		}
		i++;
	}
	return 0;
}

static void
pairs_free(struct signvec_pairs *p)
{
	free(p->v);
}

void
signvec_free(struct signvec_file *f)
{
	struct signvec_priv *priv = f->priv;

	for (size_t i = 0; i < f->ncases; i++) {
		struct signvec_case *c = &f->cases[i];

		pairs_free(&c->query);
		pairs_free(&c->headers);
		pairs_free(&c->expected.added_headers);
		pairs_free(&c->expected.final_headers);
	}
	free(f->cases);
	if (priv != NULL)
		cJSON_Delete(priv->root);
	free(priv);
	memset(f, 0, sizeof(*f));
}

void
signvec_input(const struct signvec_case *c, struct sign_input *in)
{
	memset(in, 0, sizeof(*in));
	in->method = c->method;
	in->host = c->host;
	in->path = c->path;
	in->query = c->query.v;
	in->nquery = c->query.n;
	in->headers = c->headers.v;
	in->nheaders = c->headers.n;
	in->body = c->body;
	in->body_len = c->body_len;
	in->sdk_date = c->sdk_date;
	in->ak = c->ak;
	in->sk = c->sk;
	in->security_token = c->security_token;
	in->domain_id = c->domain_id;
}

/* Quotes s on one line: control characters escaped so a case reports on one line. */
static void
quote(struct buf *b, const char *s)
{
	buf_putc(b, '"');
	for (; *s != '\0'; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '\n')
			buf_puts(b, "\\n");
		else if (ch == '"' || ch == '\\')
			buf_printf(b, "\\%c", ch);
		else if (ch < 0x20 || ch == 0x7f)
			buf_printf(b, "\\x%02x", ch);
		else
			buf_putc(b, (char)ch);
	}
	buf_putc(b, '"');
}

/* Replaces every occurrence of secret in b with [REDACTED]. */
static void
scrub(struct buf *b, const char *secret)
{
	struct buf out = BUF_INIT(0);
	size_t n = secret != NULL ? strlen(secret) : 0;
	const char *p = buf_cstr(b), *hit;

	if (n == 0 || strstr(p, secret) == NULL)
		return;
	while ((hit = strstr(p, secret)) != NULL) {
		buf_append(&out, p, (size_t)(hit - p));
		buf_puts(&out, "[REDACTED]");
		p = hit + n;
	}
	buf_puts(&out, p);
	buf_free(b);
	*b = out;
}

/* Secrets of the case (SK, security token) never appear in the report. */
static void
report(const struct signvec_case *c, char *msg, size_t msglen, const char *field,
    const char *want, const char *got)
{
	struct buf b = BUF_INIT(0);

	buf_printf(&b, "field %s differs: expected ", field);
	quote(&b, want);
	buf_puts(&b, " got ");
	quote(&b, got);
	scrub(&b, c->sk);
	scrub(&b, c->security_token);
	snprintf(msg, msglen, "%s", buf_cstr(&b));
	buf_free(&b);
}

/* Compares pair lists in order, names and values exactly. */
static int
check_pairs(const struct signvec_case *c, const char *field, const struct signvec_pairs *want, const struct sign_header *got,
    size_t ngot, char *msg, size_t msglen)
{
	char label[64];

	for (size_t i = 0; i < want->n || i < ngot; i++) {
		const struct sign_kv *x = i < want->n ? &want->v[i] : NULL;
		const struct sign_header *y = i < ngot ? &got[i] : NULL;
		char *ws, *gs;

		if (x != NULL && y != NULL && strcmp(x->name, y->name) == 0 &&
		    strcmp(x->value, y->value) == 0)
			continue;
		snprintf(label, sizeof(label), "%s[%zu]", field, i);
		ws = x ? xasprintf("%s: %s", x->name, x->value) : xstrdup("(none)");
		gs = y ? xasprintf("%s: %s", y->name, y->value) : xstrdup("(none)");
		report(c, msg, msglen, label, ws, gs);
		free(ws);
		free(gs);
		return -1;
	}
	return 0;
}

int
signvec_check(const struct signvec_case *c, char *msg, size_t msglen)
{
	const struct signvec_expected *x = &c->expected;
	struct sign_input in;
	struct sign_output o;
	char err[256];
	int rc = 0;

	signvec_input(c, &in);
	if (sign_request(&in, &o, err, sizeof(err)) != 0) {
		snprintf(msg, msglen, "signer refused the input: %s", err);
		return -1;
	}
	const struct {
		const char *field;
		const char *want;
		const char *got;
	} fields[] = {
		{ "canonical_uri", x->canonical_uri, o.canonical_uri },
		{ "canonical_query_string", x->canonical_query_string, o.canonical_query },
		{ "canonical_headers", x->canonical_headers, o.canonical_headers },
		{ "signed_headers", x->signed_headers, o.signed_headers },
		{ "payload_hash", x->payload_hash, o.payload_hash },
		{ "canonical_request", x->canonical_request, o.canonical_request },
		{ "canonical_request_sha256", x->canonical_request_sha256,
		    o.canonical_request_sha256 },
		{ "string_to_sign", x->string_to_sign, o.string_to_sign },
		{ "signature", x->signature, o.signature },
		{ "authorization", x->authorization, o.authorization },
	};

	for (size_t i = 0; rc == 0 && i < sizeof(fields) / sizeof(fields[0]); i++) {
		if (fields[i].want != NULL && strcmp(fields[i].want, fields[i].got) != 0) {
			report(c, msg, msglen, fields[i].field, fields[i].want, fields[i].got);
			rc = -1;
		}
	}
	if (rc == 0 && x->has_added_headers)
		rc = check_pairs(c, "added_headers", &x->added_headers, o.added, o.nadded, msg, msglen);
	if (rc == 0 && x->has_final_headers)
		rc = check_pairs(c, "final_headers", &x->final_headers, o.headers, o.nheaders, msg,
		    msglen);
	sign_output_free(&o);
	return rc;
}
