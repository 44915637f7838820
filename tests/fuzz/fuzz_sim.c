/*
 * bsssim's request validation: every route handler of sim_routes[], called
 * as the server core calls it, with a fuzzed query, path id, content type
 * and body. An input is
 *
 *     OperationName\n query (a=1&b=2, decoded as the core decodes it)\n
 *     path id\n Content-Type\n X-Language\n body bytes
 *
 * (tools/mkseeds writes one per operation, with ids the seeded world holds).
 * Properties: a status from 200 to 599; an error answer is the BSS error
 * body the client's error parser reads; a success answer is what the
 * client's model parser accepts for that operation (the simulator and the
 * client read one sheet, bss-api.md: a disagreement is a bug on one side).
 *
 * The world is seeded once and built again after every write that
 * succeeded, so each input runs against the same world.
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzzlib.h"

#include "api/errors.h"
#include "api/model.h"
#include "api/sign.h"
#include "sim/sim.h"

#define SEED 42
#define MAX_PARAMS 32

static struct sim_state *world;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	world = sim_state_new(SEED, SIM_SCALE_DEFAULT, FZ_SIGN_NOW);
	return 0;
}

static const struct sim_route *
route_named(const char *name)
{
	for (const struct sim_route *r = sim_routes; r->method != NULL; r++) {
		if (strcmp(r->operation, name) == 0)
			return r;
	}
	return NULL;
}

/*
 * Splits and percent-decodes the query as the core does (empty items
 * skipped); -1 when a pair does not decode, which the core answers itself.
 */
static int
parse_query(const char *raw, struct sim_param *out, size_t *n)
{
	for (*n = 0; *raw != '\0' && *n < MAX_PARAMS; raw += *raw == '&') {
		size_t len = strcspn(raw, "&"), nlen, dn, vn;
		const char *eq = memchr(raw, '=', len);

		nlen = eq != NULL ? (size_t)(eq - raw) : len;
		if (len > 0) {
			out[*n].name = sign_decode(raw, nlen, &dn);
			out[*n].value = eq != NULL ? sign_decode(eq + 1, len - nlen - 1, &vn) :
			    strdup("");
			(*n)++;
			if (out[*n - 1].name == NULL || out[*n - 1].value == NULL)
				return -1;
		}
		raw += len;
	}
	return 0;
}

static char *
next_field(char **p)
{
	char *line = fz_next_line(p);

	return line != NULL ? line : "";
}

static void
check_answer(const struct sim_route *r, const struct sim_response *resp)
{
	int op = model_op_by_name(r->operation);

	FZ_CHECK(resp->status >= 200 && resp->status <= 599);
	FZ_CHECK(op >= 0);
	if (resp->status >= 400) {
		struct bss_error *e;

		FZ_CHECK(resp->body != NULL);
		e = bss_error_from_response(resp->status, resp->body, strlen(resp->body), NULL);
		FZ_CHECK(e != NULL && e->code[0] != '\0' && e->server_message[0] != '\0');
		bss_error_free(e);
	} else if (resp->body != NULL) {
		struct model *m = NULL;
		struct bss_error *e = NULL;

		if (model_parse((enum model_op)op, resp->body, strlen(resp->body), &m, &e) != 0) {
			fprintf(stderr, "%s answered %d with a body the client refuses: %s\n%.2000s\n",
			    r->operation, resp->status, e->message, resp->body);
			FZ_CHECK(!"the client parses the simulator's answer");
		}
		model_free(m);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fz_cstr(data, size), *p = text, *name, *query, *id, *ctype, *lang;
	struct sim_param params[MAX_PARAMS];
	struct sim_request req = { .now = FZ_SIGN_NOW };
	struct sim_response resp = { 0 };
	const struct sim_route *r;
	size_t body_off;

	name = next_field(&p);
	query = next_field(&p);
	id = next_field(&p);
	ctype = next_field(&p);
	lang = next_field(&p);
	r = route_named(name);
	req.path_id = r != NULL && strstr(r->path, "{id}") != NULL ? id : NULL;
	/* What the core would not route or would answer itself never reaches a handler. */
	if (r == NULL || (req.path_id != NULL && (*id == '\0' || strchr(id, '/') != NULL)) ||
	    parse_query(query, params, &req.nquery) != 0)
		goto out;
	body_off = (size_t)(p - text);
	req.method = r->method;
	req.path = r->path;
	req.query = params;
	/* The core hands over a NUL-terminated copy of the body bytes ("" when none). */
	req.body_len = size > body_off ? size - body_off : 0;
	req.body = fz_cstr(data + body_off, req.body_len);
	req.content_type = *ctype != '\0' ? ctype : NULL;
	req.x_language = *lang != '\0' ? lang : NULL;

	r->fn(world, &req, &resp);
	check_answer(r, &resp);
	if (r->mutating && resp.status < 300) {
		sim_state_free(world);
		world = sim_state_new(SEED, SIM_SCALE_DEFAULT, FZ_SIGN_NOW);
	}
	free(resp.body);
out:
	free((char *)req.body);
	for (size_t i = 0; i < req.nquery; i++) {
		free(params[i].name);
		free(params[i].value);
	}
	free(text);
	return 0;
}
