/*
 * auth: the gateway's AK/SK check for bsssim (signing.md, "Verifying a request").
 *
 * Holds the accepted credentials (copied; SKs and tokens are wiped on free)
 * and turns sign_verify()'s verdict, plus the temporary-credential rule,
 * into the error_msg of the gateway's 401 APIGW.0301 answer.
 */
#ifndef BSS_SIM_AUTH_H
#define BSS_SIM_AUTH_H

#include <stddef.h>

#include "api/sign.h"

#define AUTH_MAX_SKEW 900   /* X-Sdk-Date may be 15 minutes off */
#define AUTH_ERROR_CODE "APIGW.0301"

struct sim_cred {
	const char *ak;
	const char *sk;
	const char *token;   /* non-NULL: a temporary AK, X-Security-Token must match */
};

struct auth;

struct auth *auth_new(const struct sim_cred *creds, size_t ncreds);
void auth_free(struct auth *a);

/*
 * 0 when the request is signed by a known AK (and carries that AK's
 * security token, if it has one); otherwise -1 with the gateway's error_msg
 * in msg (never an SK or a token).
 */
int auth_check(const struct auth *a, const struct sign_received *req, long long now,
    char *msg, size_t msglen);

/* The value of the first header called name (any case) among n, or NULL. */
const char *auth_header(const struct sign_kv *headers, size_t n, const char *name);

#endif
