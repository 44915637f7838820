/*
 * bsssim's fault specs (sim/faults.h), as --faults and /__sim/faults take
 * them. A spec that is accepted reads back (faults_spec) as a spec that is
 * accepted again and reads back the same; its JSON is an object; drawing
 * plans from it gives known kinds. A refused spec leaves the rules alone.
 */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "fuzzlib.h"

#include "sim/faults.h"

static const char *const paths[] = { "/v2/orders/customer-orders", "/v3/orders/customer-orders/pay", "/" };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct faults *f = faults_new(7);
	char err[512] = "", *spec = fz_cstr(data, size), *back, *again, *json;
	cJSON *parsed;

	FZ_CHECK(faults_set(f, "latency=5ms,reset=0.5@/v2#2", err, sizeof(err)) == 0);
	back = faults_spec(f);
	if (faults_set(f, spec, err, sizeof(err)) != 0) {
		FZ_CHECK(err[0] != '\0');
		again = faults_spec(f);
		FZ_CHECK(strcmp(back, again) == 0);
		free(again);
	} else {
		free(back);
		back = faults_spec(f);
		FZ_CHECK(faults_set(f, back, err, sizeof(err)) == 0);
		again = faults_spec(f);
		FZ_CHECK(strcmp(back, again) == 0);
		free(again);
	}
	json = faults_json(f);
	parsed = cJSON_Parse(json);
	FZ_CHECK(cJSON_IsObject(parsed));
	cJSON_Delete(parsed);
	for (int i = 0; i < 8; i++) {
		struct fault_plan plan;

		faults_draw(f, paths[i % 3], &plan);
		FZ_CHECK(plan.outcome >= FAULT_NONE && plan.outcome < FAULT_NKINDS);
		fz_touch(faults_kind_name(plan.outcome));
	}
	free(json);
	free(back);
	free(spec);
	faults_free(f);
	return 0;
}
