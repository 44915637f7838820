/*
 * sign: SDK-HMAC-SHA256 request signing and verification (../shared/signing.md).
 *
 * Pure functions: no I/O, no clock unless sdk_date is NULL, no global state.
 * The client signs with sign_request(); bsssim verifies with sign_verify().
 * Inputs are borrowed for the duration of the call. Every string and header
 * array of a struct sign_output lives in one heap block that the struct owns
 * (one allocation per signature: bench/notes.md); never free them one by one.
 */
#ifndef BSS_API_SIGN_H
#define BSS_API_SIGN_H

#include <stddef.h>

struct sign_kv {
	const char *name;
	const char *value;
};

struct sign_input {
	const char *method;            /* "GET", "POST", ... as sent */
	const char *host;              /* authority as written in the URL: "host[:port]" */
	const char *path;              /* decoded text, e.g. "/v2/资源" */
	const struct sign_kv *query;   /* decoded (name, value) pairs, caller order */
	size_t nquery;
	const struct sign_kv *headers; /* headers the caller sets before signing */
	size_t nheaders;
	const void *body;              /* exact bytes sent; NULL with body_len 0 = none */
	size_t body_len;
	const char *sdk_date;          /* YYYYMMDDTHHMMSSZ; NULL = now (time_now()) */
	const char *ak;
	const char *sk;
	const char *security_token;    /* NULL or "" = none */
	const char *domain_id;         /* NULL or "" = none */
};

struct sign_header {
	char *name;
	char *value;
};

struct sign_output {
	char *canonical_uri;
	char *canonical_query;
	char *canonical_headers;       /* ends with "\n" */
	char *signed_headers;
	char *payload_hash;
	char *canonical_request;
	char *canonical_request_sha256;
	char *string_to_sign;
	char *signature;
	char *authorization;           /* the full header value */
	char *sdk_date;
	/* Every header to put on the wire, caller's and added, Authorization last. */
	struct sign_header *headers;
	size_t nheaders;
	/* The pairs signing added (X-Sdk-Date, host, Authorization, ...), in the SDK's spelling. */
	struct sign_header *added;
	size_t nadded;
	/* The block everything above points into; sign_output_free() wipes and frees it. */
	void *store;
	size_t store_size;
};

/* 0, or -1 with a message in err (bad method, date or header). */
int sign_request(const struct sign_input *in, struct sign_output *out, char *err, size_t errlen);
/* Wipes the signature material, then frees. Safe on a zeroed struct. */
void sign_output_free(struct sign_output *out);

/* RFC 3986 encoding as signing.md's enc(): heap string. */
char *sign_encode(const char *s, size_t n);
/* Percent-decodes n bytes (no '+' to space). NULL on a bad escape. */
char *sign_decode(const char *s, size_t n, size_t *outlen);

/*
 * A URL split and decoded for signing (`bssdash debug sign`, tests): scheme,
 * authority, raw and decoded path, raw query and its decoded pairs in URL
 * order. Everything is owned by the struct; sign_url_free() releases it.
 * An encoded '/' (%2F) in the path and %00 anywhere are refused: the
 * decoded-text model of signing.md cannot represent them faithfully.
 */
struct sign_url {
	char *scheme;
	char *host;                    /* "host[:port]" as written */
	char *raw_path;                /* as written; "/" when the URL has none */
	char *raw_query;               /* as written, without '?'; "" when none */
	char *path;                    /* decoded text */
	struct sign_kv *query;         /* decoded pairs; strings point into qstore */
	size_t nquery;
	char *qstore;
};

/* 0, or -1 with a message in err. out is zeroed first. */
int sign_url_parse(const char *url, struct sign_url *out, char *err, size_t errlen);
void sign_url_free(struct sign_url *u);

/* Verification, as the gateway (and bsssim) does it. */
enum sign_verify_result {
	SIGN_OK = 0,
	SIGN_MISSING,        /* no Authorization header */
	SIGN_MALFORMED,      /* not SDK-HMAC-SHA256 Access=.., SignedHeaders=.., Signature=.. */
	SIGN_UNKNOWN_AK,
	SIGN_BAD_DATE,       /* X-Sdk-Date missing or not YYYYMMDDTHHMMSSZ */
	SIGN_EXPIRED,        /* X-Sdk-Date more than max_skew seconds off */
	SIGN_MISSING_HEADER, /* a header listed in SignedHeaders is absent */
	SIGN_MISMATCH,
};

struct sign_received {
	const char *method;
	const char *raw_path;          /* as received, still percent-encoded */
	const char *raw_query;         /* as received, without '?'; NULL or "" = none */
	/* Received headers; names compared case-insensitively. */
	const struct sign_kv *headers;
	size_t nheaders;
	const void *body;
	size_t body_len;
};

/* Looks up the SK for an AK; returns NULL when unknown. */
typedef const char *(*sign_sk_lookup)(const char *ak, void *ud);

/*
 * Checks the request's signature at instant now (unix seconds), allowing
 * max_skew seconds of clock difference (the gateway allows 900). On failure
 * writes into err the whole error_msg the gateway would send with
 * APIGW.0301 and HTTP 401, e.g. "Incorrect IAM authentication information:
 * verify aksk signature fail"; it never contains the SK. SignedHeaders must
 * list x-sdk-date; host need not be listed (the Go SDK omits it at times).
 */
enum sign_verify_result sign_verify(const struct sign_received *req, long long now,
    long max_skew, sign_sk_lookup lookup, void *ud, char *err, size_t errlen);

#endif
