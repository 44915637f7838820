/*
 * errors: one typed error for everything a BSS call can run into.
 *
 * Transport failures (network, timeout, TLS, cancel), HTTP error statuses,
 * BSS error bodies (in a 4xx/5xx, or an error_code inside a 200), bodies that
 * do not match bss-api.md, and per-item failures of the batch operations all
 * become a struct bss_error. Its `message` is what the user reads; it comes
 * from one table that maps kinds and BSS codes (bss-api.md section 4.2) to
 * sentences, so a code gets the same words everywhere.
 *
 * Ownership: every constructor returns a new error owned by the caller, freed
 * with bss_error_free(). Callers treat the struct as read-only; every string
 * member is non-NULL ("" when unknown) and lives as long as the error.
 * Nothing here ever holds a secret: server messages are kept as sent, and a
 * gateway never echoes the SK.
 */
#ifndef BSS_API_ERRORS_H
#define BSS_API_ERRORS_H

#include <stdbool.h>
#include <stddef.h>

#include "util/xalloc.h"

enum bss_err_kind {
	BSS_ERR_NETWORK,      /* DNS, connect, reset: no complete answer */
	BSS_ERR_TIMEOUT,      /* no answer in time: the server may have acted */
	BSS_ERR_TLS,          /* certificate or handshake failure */
	BSS_ERR_HTTP,         /* an error status without a BSS error body (a proxy's 502 page) */
	BSS_ERR_API,          /* the BSS API refused: `code` and `server_message` say why */
	BSS_ERR_PARSE,        /* the answer is not what bss-api.md describes */
	BSS_ERR_RATE_LIMITED, /* HTTP 429, CBC.0250, APIG.0308 */
	BSS_ERR_AUTH,         /* signature, credentials, token or permission */
	BSS_ERR_CANCELLED,    /* cancelled by us before an answer */
	BSS_ERR_TOO_LARGE,    /* the answer passed the size cap */
	BSS_ERR_INVALID,      /* not sent: the request parameters break a documented limit */
	BSS_ERR_KIND_COUNT
};

/*
 * One failed item of a batch write: `error_details[]` of
 * UpdatePeriodToOnDemand (`id`) or `fail_resource_infos[]` of
 * RenewalResources / CancelResourcesSubscription (`resource_id`); both land
 * in `id`. The same struct is used in parsed responses (model.h).
 */
struct bss_item_failure {
	const char *id;
	const char *error_code;
	const char *error_msg;
};

struct bss_error {
	enum bss_err_kind kind;
	int http_status;          /* 0 when no HTTP answer arrived */
	char *code;               /* "CBC.99005003", "APIGW.0301", or "" */
	char *server_message;     /* error_msg / message from the body, or "" */
	char *request_id;         /* X-Request-Id header or the body's request_id, or "" */
	/* Transport text, or the parse path ("user_coupons[3].face_value: expected number"). */
	char *detail;
	struct bss_item_failure *items; /* per-item failures, in the server's order */
	size_t n_items;
	char *message;            /* the sentence for the user; never empty */
	/*
	 * The request may have been acted on although this error says otherwise
	 * (timeout, connection lost mid-exchange, 5xx, unreadable 2xx): for a
	 * write, re-read the state instead of sending it again. Set from the kind
	 * by the constructors; the caller that knows better (api/bss from the
	 * HTTP layer) may overwrite it.
	 */
	bool outcome_unknown;
};

/* An error of `kind`; detail (may be NULL) is appended to the kind's sentence. */
struct bss_error *bss_error_new(enum bss_err_kind kind, const char *detail);
struct bss_error *bss_error_newf(enum bss_err_kind kind, const char *fmt, ...) BSS_PRINTF(2, 3);

/*
 * The error carried by an HTTP answer, or NULL when there is none (a 2xx
 * whose body has no error_code, or error_code "CBC.0000"). Understands
 * {"error_code","error_msg"}, {"code","message"} and {"error":{...}} bodies,
 * per-item lists inside them, and non-JSON bodies such as an HTML error page.
 * request_id (the X-Request-Id header) may be NULL; the body's wins if absent.
 */
struct bss_error *bss_error_from_response(int http_status, const char *body, size_t len,
    const char *request_id);

/*
 * The error for a 2xx batch answer in which every item failed (so no order
 * was created): kind API, code and server_message from the first item.
 * Copies the items.
 */
struct bss_error *bss_error_from_items(const struct bss_item_failure *items, size_t n,
    int http_status, const char *request_id);

/* Replaces the request id (e.g. once the response headers are known). */
void bss_error_set_request_id(struct bss_error *e, const char *request_id);

void bss_error_free(struct bss_error *e);

/* "network", "timeout", ... (for logs and the journal). */
const char *bss_error_kind_name(enum bss_err_kind kind);

/*
 * The user's sentence for a BSS/gateway code, or NULL when the table does
 * not know it. server_msg (may be NULL) picks between variants of one code
 * (an expired signature versus a wrong one).
 */
const char *bss_error_code_message(const char *code, const char *server_msg);

/* "ecs-1: The resource does not exist (CBC.99003012)"; free() the result. */
char *bss_error_item_message(const struct bss_item_failure *item);

#endif
