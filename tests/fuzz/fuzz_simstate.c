/*
 * bsssim's --state snapshot reader (sim_state_load). Its contract: every
 * count, index and string is checked before the world is used, so a
 * damaged file is refused, not trusted. A world it accepts is therefore
 * used here as the server would: dumped (/__sim/state) and read by every
 * route that only reads, each answer parsed by the client.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzzlib.h"

#include "api/model.h"
#include "sim/sim.h"

static void
read_everything(struct sim_state *st)
{
	char *dump = sim_state_dump(st);

	FZ_CHECK(fz_touch(dump) > 0);
	free(dump);
	for (const struct sim_route *r = sim_routes; r->method != NULL; r++) {
		struct sim_request req = {
			.method = r->method, .path = r->path, .body = "{}", .body_len = 2,
			.content_type = "application/json", .now = FZ_SIGN_NOW,
		};
		struct sim_response resp = { 0 };

		if (r->mutating || strstr(r->path, "{id}") != NULL)
			continue;
		r->fn(st, &req, &resp);
		FZ_CHECK(resp.status >= 200 && resp.status <= 599);
		free(resp.body);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[512] = "";
	struct sim_state *st = sim_state_load(fz_write_file(data, size), err, sizeof(err));

	if (st == NULL) {
		FZ_CHECK(err[0] != '\0');
		return 0;
	}
	read_everything(st);
	sim_state_free(st);
	return 0;
}
