/*
 * The error-body parser (api/errors.h): any body under any status gives
 * either no error (a 2xx without error_code) or one with a message for the
 * user, every string set, and item messages for every per-item failure.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzzlib.h"

#include "api/errors.h"

static const int statuses[] = { 200, 204, 400, 401, 403, 404, 409, 429, 500, 502, 503 };

static void
check(const struct bss_error *e, int status)
{
	FZ_CHECK(e->kind >= 0 && e->kind < BSS_ERR_KIND_COUNT);
	FZ_CHECK(fz_touch(e->message) > 0);
	FZ_CHECK(e->http_status == status);
	fz_touch(e->code);
	fz_touch(e->server_message);
	fz_touch(e->request_id);
	fz_touch(e->detail);
	fz_touch(bss_error_kind_name(e->kind));
	for (size_t i = 0; i < e->n_items; i++) {
		char *msg = bss_error_item_message(&e->items[i]);

		FZ_CHECK(fz_touch(msg) > 0);
		free(msg);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* An exact-size copy: the body need not be NUL-terminated, and ASan sees overreads. */
	char *body = malloc(size > 0 ? size : 1), *code = fz_cstr(data, size);
	const char *msg;

	if (size > 0)
		memcpy(body, data, size);
	for (size_t i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++) {
		struct bss_error *e = bss_error_from_response(statuses[i], body, size,
		    i % 2 ? "req-fuzz" : NULL);

		if (e == NULL) {
			FZ_CHECK(statuses[i] < 300);
			continue;
		}
		check(e, statuses[i]);
		bss_error_set_request_id(e, "req-2");
		FZ_CHECK(strcmp(e->request_id, "req-2") == 0);
		bss_error_free(e);
	}
	msg = bss_error_code_message(code, code);
	if (msg != NULL)
		fz_touch(msg);
	free(code);
	free(body);
	return 0;
}
