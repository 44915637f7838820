#include "sim/auth.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/ctcmp.h"
#include "util/xalloc.h"

struct auth {
	struct sim_cred *creds;   /* strings owned */
	size_t ncreds;
};

/* Which credential the signature check looked up (sign_verify's lookup ud). */
struct lookup_ctx {
	const struct auth *a;
	const struct sim_cred *found;
};

struct auth *
auth_new(const struct sim_cred *creds, size_t ncreds)
{
	struct auth *a = xcalloc(1, sizeof(*a));

	a->ncreds = ncreds;
	if (ncreds > 0)
		a->creds = xcalloc(ncreds, sizeof(*a->creds));
	for (size_t i = 0; i < ncreds; i++) {
		a->creds[i].ak = xstrdup(creds[i].ak);
		a->creds[i].sk = xstrdup(creds[i].sk);
		a->creds[i].token = creds[i].token != NULL ? xstrdup(creds[i].token) : NULL;
	}
	return a;
}

void
auth_free(struct auth *a)
{
	if (a == NULL)
		return;
	for (size_t i = 0; i < a->ncreds; i++) {
		free((char *)a->creds[i].ak);
		xfree_secret((char *)a->creds[i].sk);
		xfree_secret((char *)a->creds[i].token);
	}
	free(a->creds);
	free(a);
}

static const char *
lookup_sk(const char *ak, void *ud)
{
	struct lookup_ctx *ctx = ud;

	for (size_t i = 0; i < ctx->a->ncreds; i++) {
		if (strcmp(ctx->a->creds[i].ak, ak) == 0) {
			ctx->found = &ctx->a->creds[i];
			return ctx->found->sk;
		}
	}
	return NULL;
}

const char *
auth_header(const struct sign_kv *headers, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcasecmp(headers[i].name, name) == 0)
			return headers[i].value;
	return NULL;
}

int
auth_check(const struct auth *a, const struct sign_received *req, long long now,
    char *msg, size_t msglen)
{
	struct lookup_ctx ctx = { a, NULL };
	const char *token;

	if (sign_verify(req, now, AUTH_MAX_SKEW, lookup_sk, &ctx, msg, msglen) != SIGN_OK)
		return -1;
	if (ctx.found == NULL || ctx.found->token == NULL)
		return 0;
	token = auth_header(req->headers, req->nheaders, "X-Security-Token");
	if (token == NULL) {
		snprintf(msg, msglen, "Incorrect IAM authentication information: "
		    "verify aksk signature fail, the temporary AK needs X-Security-Token");
		return -1;
	}
	if (!ctcmp_str_equal(token, ctx.found->token)) {
		snprintf(msg, msglen, "Incorrect IAM authentication information: "
		    "verify aksk signature fail, the security token is invalid");
		return -1;
	}
	return 0;
}
