#include "api/errors.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "util/buf.h"

/* How much of a non-JSON error page is worth quoting to the user. */
#define PAGE_SNIPPET_MAX 80

static const struct {
	const char *name;
	const char *sentence;
} kind_table[BSS_ERR_KIND_COUNT] = {
	[BSS_ERR_NETWORK] = { "network", "Could not reach the BSS endpoint" },
	[BSS_ERR_TIMEOUT] = { "timeout", "The BSS endpoint did not answer in time" },
	[BSS_ERR_TLS] = { "tls", "The secure connection to the BSS endpoint failed" },
	[BSS_ERR_HTTP] = { "http", "The BSS endpoint answered with an HTTP error" },
	[BSS_ERR_API] = { "api", "The BSS API refused the request" },
	[BSS_ERR_PARSE] = { "parse", "The BSS answer could not be read" },
	[BSS_ERR_RATE_LIMITED] = { "rate-limited",
		"Too many requests: the BSS API allows 10 per second per operation; try again shortly" },
	[BSS_ERR_AUTH] = { "auth", "Authentication or permission failure" },
	[BSS_ERR_CANCELLED] = { "cancelled", "The request was cancelled" },
	[BSS_ERR_TOO_LARGE] = { "too-large", "The BSS answer was larger than allowed" },
	[BSS_ERR_INVALID] = { "invalid", "The request was not sent: invalid parameters" },
};

/*
 * BSS and gateway codes (bss-api.md 4.2, signing.md) and what they mean to
 * the user. `match`, when set, must occur in the server's message: it picks
 * the variant of a code (the gateway reports every signature failure as
 * 0301). Rows with a match come before the plain row of the same code.
 * Gateway codes are written "APIGW."; "APIG." (older spelling) maps to them.
 */
static const struct code_row {
	const char *code;
	const char *match;
	enum bss_err_kind kind;
	const char *sentence;
} code_table[] = {
	{ "APIGW.0301", "expired", BSS_ERR_AUTH,
	  "Signature expired: check that this machine's clock is right (within 15 minutes of real time)" },
	{ "APIGW.0301", "ak not exist", BSS_ERR_AUTH,
	  "Access key not recognised: check the AK in your profile" },
	{ "APIGW.0301", NULL, BSS_ERR_AUTH,
	  "Signature rejected: check the AK/SK and that this machine's clock is right" },
	{ "APIGW.0303", NULL, BSS_ERR_AUTH,
	  "Token rejected: it is invalid or has expired; sign in again or use an AK/SK" },
	{ "APIGW.0308", NULL, BSS_ERR_RATE_LIMITED,
	  "Too many requests (gateway throttling); try again shortly" },
	{ "APIGW.0101", NULL, BSS_ERR_API,
	  "The API does not exist or is not published: check the endpoint" },
	{ "CBC.0100", NULL, BSS_ERR_API, "The request has an invalid parameter" },
	{ "CBC.0101", NULL, BSS_ERR_API, "The request has an invalid parameter" },
	{ "CBC.0151", NULL, BSS_ERR_AUTH,
	  "Access denied: this account or IAM user lacks permission for this operation" },
	{ "CBC.0154", NULL, BSS_ERR_AUTH, "The token is invalid or has expired" },
	{ "CBC.0155", NULL, BSS_ERR_AUTH,
	  "Request not allowed: bad authentication information, or the account lacks API permission" },
	{ "CBC.0156", NULL, BSS_ERR_AUTH,
	  "This account does not belong to this site: use the other endpoint (--site)" },
	{ "CBC.0250", NULL, BSS_ERR_RATE_LIMITED,
	  "Rate limited by BSS (10 requests per second per operation); try again shortly" },
	{ "CBC.0999", NULL, BSS_ERR_API, "BSS reported an internal error; try again later" },
	{ "CBC.18000016", NULL, BSS_ERR_AUTH, "Insufficient permissions: contact your partner" },
	{ "CBC.18000048", NULL, BSS_ERR_API,
	  "Too many independent-accounting members: choose one member" },
	{ "CBC.3002", NULL, BSS_ERR_API, "The resource is locked" },
	{ "CBC.3006", NULL, BSS_ERR_API, "This cloud service type is not supported here" },
	{ "CBC.3016", NULL, BSS_ERR_API, "Some of the resources have expired" },
	{ "CBC.3106", NULL, BSS_ERR_API, "The order status has changed; it cannot be paid" },
	{ "CBC.3112", NULL, BSS_ERR_API, "The coupon or stored-value card was already used" },
	{ "CBC.3124", NULL, BSS_ERR_API, "The resources are already unsubscribed" },
	{ "CBC.3144", NULL, BSS_ERR_API, "The resource has an order in progress" },
	{ "CBC.3185", NULL, BSS_ERR_API, "This cloud service must be operated on as a whole" },
	{ "CBC.30050007", NULL, BSS_ERR_API,
	  "Not a primary resource: renewal pricing is only for primary resources" },
	{ "CBC.30050008", NULL, BSS_ERR_API,
	  "That period type or number is not available for the resource" },
	{ "CBC.30050009", NULL, BSS_ERR_API,
	  "The resource has expired and been deleted, or does not exist" },
	{ "CBC.30050010", NULL, BSS_ERR_API, "The resource is in an unpaid order" },
	{ "CBC.30050011", NULL, BSS_ERR_API, "The resource is being unsubscribed or changed" },
	{ "CBC.30050012", NULL, BSS_ERR_API, "Duplicate resource IDs in the request" },
	{ "CBC.30050013", NULL, BSS_ERR_API, "This product cannot be renewed" },
	{ "CBC.30000010", NULL, BSS_ERR_API, "Invalid order: it does not exist or cannot be paid" },
	{ "CBC.30000052", NULL, BSS_ERR_API, "The resource or the account is frozen" },
	{ "CBC.30000053", NULL, BSS_ERR_API, "Savings-plan resources cannot be unsubscribed" },
	{ "CBC.30000067", NULL, BSS_ERR_API,
	  "The resource was deleted or is not managed; it cannot be unsubscribed" },
	{ "CBC.30010036", NULL, BSS_ERR_API,
	  "Only primary resources can be renewed (attached ones follow them)" },
	{ "CBC.30010069", NULL, BSS_ERR_API, "That renewal period does not exist" },
	{ "CBC.30050006", NULL, BSS_ERR_API,
	  "The renewal order was created but automatic payment failed: pay it from Orders" },
	{ "CBC.99000049", NULL, BSS_ERR_API, "This resale sub-customer has no account balance" },
	{ "CBC.99000089", NULL, BSS_ERR_API,
	  "This order cannot be operated on: use the combined-transaction order ID" },
	{ "CBC.99000092", NULL, BSS_ERR_API, "The subscription period is not valid" },
	{ "CBC.99003012", NULL, BSS_ERR_API, "The resource does not exist" },
	{ "CBC.99003016", NULL, BSS_ERR_API,
	  "The resource has expired and been deleted, or does not exist" },
	{ "CBC.99003100", NULL, BSS_ERR_API,
	  "The resource is in an order waiting for payment: pay or cancel that order first" },
	{ "CBC.99003106", NULL, BSS_ERR_API, "The order status has changed; it cannot be paid" },
	{ "CBC.99003108", NULL, BSS_ERR_API, "The selected discount does not apply to this order" },
	{ "CBC.99003110", NULL, BSS_ERR_API,
	  "The payment deadline has passed: submit the order again" },
	{ "CBC.99003112", NULL, BSS_ERR_API, "The coupon or stored-value card was already used" },
	{ "CBC.99003116", NULL, BSS_ERR_API, "This coupon cannot be combined with the discount" },
	{ "CBC.99003117", NULL, BSS_ERR_API,
	  "This coupon needs a minimum discount ratio that the chosen discount does not meet" },
	{ "CBC.99003128", NULL, BSS_ERR_API,
	  "There are no renewed periods to unsubscribe (or they have started)" },
	{ "CBC.99003141", NULL, BSS_ERR_API,
	  "The service quota or capacity is insufficient, or the specification changed" },
	{ "CBC.99003144", NULL, BSS_ERR_API, "The resource has an order in progress" },
	{ "CBC.99003147", NULL, BSS_ERR_API, "Cash coupons and discount coupons cannot be combined" },
	{ "CBC.99003154", NULL, BSS_ERR_API,
	  "Purchased plus renewed duration would exceed the maximum" },
	{ "CBC.99003155", NULL, BSS_ERR_API,
	  "The enterprise project's fund quota is insufficient, or the project is unavailable" },
	{ "CBC.99003156", NULL, BSS_ERR_API,
	  "Marketplace coupons and dedicated cash coupons cannot be combined" },
	{ "CBC.99003162", NULL, BSS_ERR_API,
	  "The payment time is later than the configured effective time" },
	{ "CBC.99003185", NULL, BSS_ERR_API, "This cloud service must be operated on as a whole" },
	{ "CBC.99003198", NULL, BSS_ERR_API, "The enterprise organisation's budget is insufficient" },
	{ "CBC.99003602", NULL, BSS_ERR_API,
	  "The resource is expired or frozen: auto-renewal is not allowed" },
	{ "CBC.99003605", NULL, BSS_ERR_API, "Auto-renewal is already off for this resource" },
	{ "CBC.99003608", NULL, BSS_ERR_API,
	  "Strict-selection products cannot change to pay-per-use" },
	{ "CBC.99003609", NULL, BSS_ERR_API, "This product type cannot change to pay-per-use" },
	{ "CBC.99003610", NULL, BSS_ERR_API,
	  "Resources in the grace or retention period cannot change to pay-per-use" },
	{ "CBC.99003611", NULL, BSS_ERR_API, "On-demand packages cannot change to pay-per-use" },
	{ "CBC.99003622", NULL, BSS_ERR_API, "Solution products cannot change to pay-per-use" },
	{ "CBC.99003623", NULL, BSS_ERR_API,
	  "Another transaction is in progress for the resource" },
	{ "CBC.99003624", NULL, BSS_ERR_API, "The resource is frozen (violation)" },
	{ "CBC.99003625", NULL, BSS_ERR_API, "The resource is frozen (police)" },
	{ "CBC.99003626", NULL, BSS_ERR_API, "The account is frozen" },
	{ "CBC.99003634", NULL, BSS_ERR_API,
	  "Bundle-promotion resources must be renewed together" },
	{ "CBC.99003643", NULL, BSS_ERR_API,
	  "Cannot unsubscribe: the service has already been invoiced" },
	{ "CBC.99003647", NULL, BSS_ERR_API, "Cannot unsubscribe this package type" },
	{ "CBC.99003649", NULL, BSS_ERR_API, "Cannot unsubscribe a trial" },
	{ "CBC.99003650", NULL, BSS_ERR_API, "Cannot unsubscribe a marketplace service here" },
	{ "CBC.99003651", NULL, BSS_ERR_API,
	  "A transaction is in progress: the resource cannot be unsubscribed now" },
	{ "CBC.99003652", NULL, BSS_ERR_API, "Cannot unsubscribe a DevCloud package" },
	{ "CBC.99003654", NULL, BSS_ERR_API,
	  "Cannot unsubscribe: a bandwidth add-on package exists" },
	{ "CBC.99003656", NULL, BSS_ERR_API, "Cannot unsubscribe a frozen resource" },
	{ "CBC.99005003", NULL, BSS_ERR_API,
	  "Insufficient balance: top up the account or use a coupon" },
	{ "CBC.99005010", NULL, BSS_ERR_API, "The order's status does not allow cancellation" },
	{ "CBC.99005026", NULL, BSS_ERR_API,
	  "Not an unsubscription or downgrade order: it has no refund details" },
	{ "CBC.99006006", NULL, BSS_ERR_API,
	  "Product not found: check service type, resource type, region and specification" },
	{ "CBC.99006016", NULL, BSS_ERR_API, "Could not look up the coupon information" },
	{ "CBC.99006017", NULL, BSS_ERR_API, "Could not look up the customer information" },
	{ "CBC.99006024", NULL, BSS_ERR_API, "Could not look up the product information" },
	{ "CBC.99006066", NULL, BSS_ERR_API, "Could not look up the billing information" },
	{ "CBC.99006050", NULL, BSS_ERR_API, "Wrong usage unit" },
	{ "CBC.99006055", NULL, BSS_ERR_API, "The price exceeds the maximum amount" },
	{ "CBC.99006073", NULL, BSS_ERR_API, "The project does not exist" },
	{ "CBC.99006093", NULL, BSS_ERR_API, "The tax rate is unavailable" },
	{ "CBC.99008040", NULL, BSS_ERR_API, "Operation too frequent: wait a moment and try again" },
	{ "CBC.99008056", NULL, BSS_ERR_API, "The daily limit of new transactions is reached" },
};

static bool
code_equal(const char *table_code, const char *code)
{
	/* "APIG.0301" is the older spelling of "APIGW.0301". */
	if (strncmp(code, "APIG.", 5) == 0 && strncmp(table_code, "APIGW.", 6) == 0)
		return strcmp(table_code + 6, code + 5) == 0;
	return strcmp(table_code, code) == 0;
}

static bool
contains_nocase(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay != '\0'; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return true;
	return false;
}

static const struct code_row *
find_code(const char *code, const char *server_msg)
{
	size_t i;

	if (code == NULL || *code == '\0')
		return NULL;
	for (i = 0; i < sizeof(code_table) / sizeof(code_table[0]); i++) {
		const struct code_row *r = &code_table[i];

		if (!code_equal(r->code, code))
			continue;
		if (r->match == NULL ||
		    (server_msg != NULL && contains_nocase(server_msg, r->match)))
			return r;
	}
	return NULL;
}

const char *
bss_error_code_message(const char *code, const char *server_msg)
{
	const struct code_row *r = find_code(code, server_msg);

	return r ? r->sentence : NULL;
}

const char *
bss_error_kind_name(enum bss_err_kind kind)
{
	if ((unsigned)kind >= BSS_ERR_KIND_COUNT)
		return "unknown";
	return kind_table[kind].name;
}

static struct bss_error *
error_alloc(enum bss_err_kind kind)
{
	struct bss_error *e = xcalloc(1, sizeof(*e));

	e->kind = kind;
	e->code = xstrdup("");
	e->server_message = xstrdup("");
	e->request_id = xstrdup("");
	e->detail = xstrdup("");
	return e;
}

static void
replace(char **slot, const char *s)
{
	free(*slot);
	*slot = xstrdup(s ? s : "");
}

/* The default for outcome_unknown, from what is known at construction. */
static bool
guess_outcome_unknown(const struct bss_error *e)
{
	switch (e->kind) {
	case BSS_ERR_TIMEOUT:
	case BSS_ERR_NETWORK:
	case BSS_ERR_TOO_LARGE:
		return true;
	case BSS_ERR_HTTP:
		return e->http_status == 0 || e->http_status >= 500;
	case BSS_ERR_API:  /* CBC.0999 with a 500: the server may have gone half way */
		return e->http_status >= 500;
	case BSS_ERR_PARSE:  /* an answer we could not read: it may say "done" */
		return true;
	default:
		return false;
	}
}

/* Parameter errors: the server's message names the parameter, so it is kept. */
static bool
names_parameter(const char *code)
{
	return strcmp(code, "CBC.0100") == 0 || strcmp(code, "CBC.0101") == 0;
}

/*
 * Writes e->message from the table: the code's sentence when known, else the
 * kind's; then what the server or the transport said, and the code.
 */
static void
compose_message(struct bss_error *e)
{
	const char *known = bss_error_code_message(e->code, e->server_message);
	struct buf b = BUF_INIT(0);

	buf_puts(&b, known ? known : kind_table[e->kind].sentence);
	if (known == NULL && e->kind == BSS_ERR_HTTP && e->http_status != 0)
		buf_printf(&b, " (HTTP %d)", e->http_status);
	if ((known == NULL || names_parameter(e->code)) && *e->server_message != '\0')
		buf_printf(&b, ": %s", e->server_message);
	else if (*e->detail != '\0')
		buf_printf(&b, ": %s", e->detail);
	if (*e->code != '\0')
		buf_printf(&b, " (%s)", e->code);
	if (e->n_items > 1)
		buf_printf(&b, "; %zu items failed", e->n_items);
	free(e->message);
	e->message = buf_steal(&b, NULL);
	e->outcome_unknown = guess_outcome_unknown(e);
}

struct bss_error *
bss_error_new(enum bss_err_kind kind, const char *detail)
{
	struct bss_error *e;

	if ((unsigned)kind >= BSS_ERR_KIND_COUNT)
		kind = BSS_ERR_API;
	e = error_alloc(kind);
	replace(&e->detail, detail);
	compose_message(e);
	return e;
}

struct bss_error *
bss_error_newf(enum bss_err_kind kind, const char *fmt, ...)
{
	struct bss_error *e;
	va_list ap;
	char *detail;

	va_start(ap, fmt);
	detail = xvasprintf(fmt, ap);
	va_end(ap);
	e = bss_error_new(kind, detail);
	free(detail);
	return e;
}

void
bss_error_set_request_id(struct bss_error *e, const char *request_id)
{
	replace(&e->request_id, request_id);
}

static void
free_items(struct bss_item_failure *items, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free((char *)items[i].id);
		free((char *)items[i].error_code);
		free((char *)items[i].error_msg);
	}
	free(items);
}

void
bss_error_free(struct bss_error *e)
{
	if (e == NULL)
		return;
	free(e->code);
	free(e->server_message);
	free(e->request_id);
	free(e->detail);
	free(e->message);
	free_items(e->items, e->n_items);
	free(e);
}

static const char *
json_str(const cJSON *obj, const char *name)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, name);

	return cJSON_IsString(it) ? it->valuestring : NULL;
}

static const char *
first_str(const cJSON *obj, const char *a, const char *b)
{
	const char *s = json_str(obj, a);

	return s ? s : json_str(obj, b);
}

static void
add_item(struct bss_error *e, const char *id, const char *code, const char *msg)
{
	struct bss_item_failure *it;

	e->items = xreallocarray(e->items, e->n_items + 1, sizeof(*e->items));
	it = &e->items[e->n_items++];
	it->id = xstrdup(id ? id : "");
	it->error_code = xstrdup(code ? code : "");
	it->error_msg = xstrdup(msg ? msg : "");
}

/* error_details[] (id) and fail_resource_infos[] (resource_id), whichever is there. */
static void
collect_items(struct bss_error *e, const cJSON *body)
{
	static const char *const lists[] = { "error_details", "fail_resource_infos" };
	const cJSON *it;
	size_t i;

	for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(body, lists[i])) {
			if (!cJSON_IsObject(it))
				continue;
			add_item(e, first_str(it, "id", "resource_id"), json_str(it, "error_code"),
			    json_str(it, "error_msg"));
		}
	}
}

static enum bss_err_kind
classify(int status, const char *code, const char *server_msg)
{
	const struct code_row *r = find_code(code, server_msg);

	if (status == 429)
		return BSS_ERR_RATE_LIMITED;
	if (r != NULL)
		return r->kind;
	if (status == 401 || (code != NULL && strncmp(code, "APIG", 4) == 0 && status == 403))
		return BSS_ERR_AUTH;
	if (code != NULL && *code != '\0')
		return BSS_ERR_API;
	return BSS_ERR_HTTP;
}

/* The <title> of an HTML page, or the start of the text, made printable. */
static char *
page_snippet(const char *body, size_t len)
{
	const char *start = body, *end = body + len, *t;
	struct buf b = BUF_INIT(PAGE_SNIPPET_MAX);
	bool space = false;

	t = len ? memmem(body, len, "<title>", 7) : NULL;
	if (t != NULL) {
		const char *close;

		start = t + 7;
		close = memmem(start, (size_t)(end - start), "</title>", 8);
		if (close != NULL)
			end = close;
	}
	for (; start < end && b.len < PAGE_SNIPPET_MAX; start++) {
		unsigned char c = (unsigned char)*start;

		if (isspace(c) || c < 0x20 || c == 0x7f) {
			space = b.len > 0;
			continue;
		}
		if (space && buf_putc(&b, ' ') != 0)
			break;
		space = false;
		if (buf_putc(&b, (char)c) != 0)
			break;
	}
	return buf_steal(&b, NULL);
}

static bool
is_success_code(const char *code)
{
	return code == NULL || *code == '\0' || strcmp(code, "CBC.0000") == 0;
}

struct bss_error *
bss_error_from_response(int http_status, const char *body, size_t len, const char *request_id)
{
	bool ok_status = http_status >= 200 && http_status < 300;
	cJSON *root = len ? cJSON_ParseWithLength(body, len) : NULL;
	const cJSON *src = root;
	const char *code, *msg;
	struct bss_error *e;

	if (cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(root, "error")))
		src = cJSON_GetObjectItemCaseSensitive(root, "error");
	code = first_str(src, "error_code", "code");
	msg = first_str(src, "error_msg", "message");
	if (ok_status && is_success_code(code)) {
		cJSON_Delete(root);
		return NULL;
	}
	if (is_success_code(code))
		code = NULL;
	e = error_alloc(classify(http_status, code, msg));
	e->http_status = http_status;
	replace(&e->code, code);
	replace(&e->server_message, msg);
	replace(&e->request_id, request_id && *request_id ? request_id : json_str(root, "request_id"));
	if (cJSON_IsObject(root)) {
		collect_items(e, root);
	} else if (len > 0) {
		free(e->detail);
		e->detail = page_snippet(body, len);
	}
	cJSON_Delete(root);
	compose_message(e);
	return e;
}

struct bss_error *
bss_error_from_items(const struct bss_item_failure *items, size_t n, int http_status,
    const char *request_id)
{
	struct bss_error *e = error_alloc(BSS_ERR_API);
	size_t i;

	e->http_status = http_status;
	for (i = 0; i < n; i++)
		add_item(e, items[i].id, items[i].error_code, items[i].error_msg);
	if (n > 0) {
		replace(&e->code, items[0].error_code);
		replace(&e->server_message, items[0].error_msg);
		e->kind = classify(http_status, e->code, e->server_message);
		if (e->kind == BSS_ERR_HTTP)
			e->kind = BSS_ERR_API;
	}
	replace(&e->request_id, request_id);
	compose_message(e);
	return e;
}

char *
bss_error_item_message(const struct bss_item_failure *item)
{
	const char *known = bss_error_code_message(item->error_code, item->error_msg);
	const char *text = known ? known : item->error_msg;

	if (*item->error_code == '\0')
		return xasprintf("%s: %s", item->id, *text ? text : "failed");
	return xasprintf("%s: %s (%s)", item->id, *text ? text : "failed", item->error_code);
}
