#include "sim/admin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "util/ctcmp.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

bool
admin_owns(const char *path)
{
	size_t n = strlen(ADMIN_PREFIX);

	return strncmp(path, ADMIN_PREFIX, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

static bool
bearer_ok(const char *authorization, const char *token)
{
	const char *p;

	if (authorization == NULL || strncasecmp(authorization, "Bearer ", 7) != 0)
		return false;
	p = authorization + 7;
	return ctcmp_str_equal(p + strspn(p, " "), token);
}

static void
fail(struct sim_response *resp, int status, const char *code, const char *msg)
{
	sim_error(resp, status, code, "%s", msg);
}

/* A spec sent as {"spec":"..."}, or as the body text itself. NULL = bad JSON. */
static char *
faults_spec_of(const struct admin_request *req)
{
	const char *p = req->body + strspn(req->body, " \t\r\n");
	cJSON *root, *spec;
	char *out = NULL;

	if (*p != '{')
		return xstrdup(req->body);
	root = cJSON_ParseWithLength(req->body, req->body_len);
	spec = cJSON_GetObjectItemCaseSensitive(root, "spec");
	if (cJSON_IsString(spec))
		out = xstrdup(spec->valuestring);
	cJSON_Delete(root);
	return out;
}

static void
faults_endpoint(struct sim_server *srv, const struct admin_request *req,
    struct sim_response *resp)
{
	char err[512], *spec;

	if (strcmp(req->method, "DELETE") == 0) {
		sim_server_set_faults(srv, "", err, sizeof(err));
	} else if (strcmp(req->method, "POST") == 0) {
		spec = faults_spec_of(req);
		if (spec == NULL) {
			fail(resp, 400, "SIM.0400", "send {\"spec\":\"...\"} or the spec as text");
			return;
		}
		if (sim_server_set_faults(srv, spec, err, sizeof(err)) != 0) {
			free(spec);
			fail(resp, 400, "SIM.0400", err);
			return;
		}
		free(spec);
	} else if (strcmp(req->method, "GET") != 0) {
		fail(resp, 405, "SIM.0405", "use GET, POST or DELETE on /__sim/faults");
		return;
	}
	resp->status = 200;
	resp->body = sim_server_faults_json(srv);
}

static char *
clock_json(struct sim_server *srv)
{
	char iso[TIME_ISO_BUFSZ];
	time_t now = sim_server_now(srv);

	return xasprintf("{\"now\":\"%s\",\"unix\":%lld,\"offset\":%lld}",
	    time_format_iso(now, iso), (long long)now, (long long)(now - time_now()));
}

/* 0 with the new clock in *out, or -1 when the body says nothing usable. */
static int
clock_target(struct sim_server *srv, const struct admin_request *req, time_t *out)
{
	cJSON *root = cJSON_ParseWithLength(req->body, req->body_len);
	cJSON *now = cJSON_GetObjectItemCaseSensitive(root, "now");
	cJSON *adv = cJSON_GetObjectItemCaseSensitive(root, "advance");
	int rc = 0;

	if (cJSON_IsNumber(now))
		*out = (time_t)now->valuedouble;
	else if (cJSON_IsString(now))
		rc = time_parse_iso(now->valuestring, out);
	else if (cJSON_IsNumber(adv))
		*out = sim_server_now(srv) + (time_t)adv->valuedouble;
	else
		rc = -1;
	cJSON_Delete(root);
	return rc;
}

static void
clock_endpoint(struct sim_server *srv, const struct admin_request *req,
    struct sim_response *resp)
{
	time_t t;

	if (strcmp(req->method, "POST") == 0) {
		if (clock_target(srv, req, &t) != 0) {
			fail(resp, 400, "SIM.0400", "send {\"now\":<unix seconds> or "
			    "\"yyyy-MM-ddTHH:mm:ssZ\"} or {\"advance\":<seconds>}");
			return;
		}
		sim_server_set_now(srv, t);
	} else if (strcmp(req->method, "GET") != 0) {
		fail(resp, 405, "SIM.0405", "use GET or POST on /__sim/clock");
		return;
	}
	resp->status = 200;
	resp->body = clock_json(srv);
}

/* A read-only endpoint: GET answers with the JSON that fn builds. */
static void
read_endpoint(struct sim_server *srv, const struct admin_request *req,
    struct sim_response *resp, char *(*fn)(struct sim_server *))
{
	if (strcmp(req->method, "GET") != 0) {
		fail(resp, 405, "SIM.0405", "this admin endpoint is read-only: use GET");
		return;
	}
	resp->status = 200;
	resp->body = fn(srv);
}

void
admin_handle(struct sim_server *srv, const char *admin_token,
    const struct admin_request *req, struct sim_response *resp)
{
	const char *sub = req->path + strlen(ADMIN_PREFIX);

	if (!bearer_ok(req->authorization, admin_token)) {
		fail(resp, 401, "SIM.0401",
		    "admin endpoints need \"Authorization: Bearer <admin token>\"");
		return;
	}
	if (strcmp(sub, "/state") == 0)
		read_endpoint(srv, req, resp, sim_server_state_json);
	else if (strcmp(sub, "/stats") == 0)
		read_endpoint(srv, req, resp, sim_server_stats_json);
	else if (strcmp(sub, "/faults") == 0)
		faults_endpoint(srv, req, resp);
	else if (strcmp(sub, "/clock") == 0)
		clock_endpoint(srv, req, resp);
	else
		fail(resp, 404, "SIM.0404", "no such admin endpoint: try /__sim/state, "
		    "/__sim/stats, /__sim/faults or /__sim/clock");
}
