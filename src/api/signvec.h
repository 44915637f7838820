/*
 * signvec: signing test vectors (the format of ../shared/vectors/signing.json).
 *
 * Loads a vectors file into typed cases and checks one case against
 * sign_request(), naming the first field that differs. Used by the signer's
 * unit test and by `bssdash debug sign --vectors`, so any vectors file of
 * that format can be checked by users as well as by us.
 */
#ifndef BSS_API_SIGNVEC_H
#define BSS_API_SIGNVEC_H

#include <stddef.h>

#include "api/sign.h"

/* Largest vectors file read (the shipped one is ~60 KB). */
#define SIGNVEC_MAX_FILE (16u * 1024 * 1024)

struct signvec_pairs {
	struct sign_kv *v;             /* strings owned by the signvec_file */
	size_t n;
};

/* Expected outputs. A field absent from the file is NULL (pairs: n == 0 and
 * present == 0) and is not checked; at least one is present in every case. */
struct signvec_expected {
	const char *canonical_uri;
	const char *canonical_query_string;
	const char *canonical_headers;
	const char *signed_headers;
	const char *payload_hash;
	const char *canonical_request;
	const char *canonical_request_sha256;
	const char *string_to_sign;
	const char *signature;
	const char *authorization;
	struct signvec_pairs added_headers;
	struct signvec_pairs final_headers;
	int has_added_headers;
	int has_final_headers;
};

struct signvec_case {
	const char *name;
	const char *ak;
	const char *sk;
	const char *security_token;    /* NULL = none */
	const char *domain_id;         /* NULL = none */
	const char *method;
	const char *url;               /* NULL when the file has none */
	const char *host;
	const char *path;
	struct signvec_pairs query;
	struct signvec_pairs headers;
	const char *body;              /* "" = none */
	size_t body_len;
	const char *sdk_date;
	struct signvec_expected expected;
};

/* Every string of every case is owned by the file and dies with signvec_free(). */
struct signvec_file {
	struct signvec_case *cases;
	size_t ncases;
	void *priv;
};

/*
 * 0, or -1 with a one-line message in err ("FILE: ..."): unreadable file,
 * not JSON, or a case missing an input field.
 */
int signvec_load(const char *path, struct signvec_file *out, char *err, size_t errlen);
void signvec_free(struct signvec_file *f);

/* The sign_input for a case (pointers into c). */
void signvec_input(const struct signvec_case *c, struct sign_input *in);

/*
 * Signs the case and compares every expected field. 0 when all match; -1
 * with "field X differs: expected ... got ..." (control characters escaped,
 * the case's SK and security token shown as [REDACTED]) or the signer's error.
 */
int signvec_check(const struct signvec_case *c, char *msg, size_t msglen);

#endif
