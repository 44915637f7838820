/*
 * fetchall: times the dashboard's fetch of every yearly/monthly resource
 * (ListPayPerUseCustomerResources walked with bss_fetch_all(), as
 * src/app/store_bss.c does for the subscriptions view) through the real
 * client stack: api/bss on api/http (curl multi on libuv, the per-API rate
 * limiter, retries). --concurrency 1 is "page after page".
 *
 * usage: fetchall --url URL --ak AK --sk SK [--concurrency N] [--limit N]
 *                 [--only-main 0|1] [--log FILE]
 * Output ("key=value"): records, pages, seconds, requests, attempts,
 * status_429 (the client's http stats), error (when the fetch failed).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>
#include <uv.h>

#include "api/bss.h"
#include "api/http.h"
#include "util/log.h"
#include "util/xalloc.h"

struct run {
	double start, end;
	size_t records;
	char *error;
};

static double
mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
on_done(struct model *m, struct bss_error *err, void *ud)
{
	struct run *r = ud;

	r->end = mono();
	if (m != NULL)
		r->records = model_items(m);
	else
		r->error = xstrdup(err->message);
	model_free(m);
	bss_error_free(err);
}

int
main(int argc, char **argv)
{
	struct http_config cfg = { 0 };
	struct bss_list_pay_per_use_customer_resources_params p = { 0 };
	struct http_stats st;
	struct run r = { 0 };
	struct http_client *http;
	struct bss_client *bss;
	unsigned concurrency = 2;
	int limit = 500;
	uv_loop_t loop;
	char err[512];

	p.only_main_resource = BSS_INT(1);
	for (int i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--url") == 0)
			cfg.endpoint = argv[i + 1];
		else if (strcmp(argv[i], "--ak") == 0)
			cfg.ak = argv[i + 1];
		else if (strcmp(argv[i], "--sk") == 0)
			cfg.sk = argv[i + 1];
		else if (strcmp(argv[i], "--concurrency") == 0)
			concurrency = (unsigned)atoi(argv[i + 1]);
		else if (strcmp(argv[i], "--limit") == 0)
			limit = atoi(argv[i + 1]);
		else if (strcmp(argv[i], "--only-main") == 0)
			p.only_main_resource = BSS_INT(atoi(argv[i + 1]));
		else if (strcmp(argv[i], "--log") == 0) {
			if (log_open(argv[i + 1]) != 0)
				die("fetchall: cannot open the log %s", argv[i + 1]);
		}
		else
			cfg.endpoint = NULL;
	}
	if (argc % 2 == 0 || cfg.endpoint == NULL || concurrency == 0) {
		fputs("usage: fetchall --url URL --ak AK --sk SK [--concurrency N] [--limit N] "
		    "[--only-main 0|1] [--log FILE]\n", stderr);
		return 2;
	}
	p.limit = BSS_INT(limit);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	uv_loop_init(&loop);
	http = http_client_new(&loop, &cfg, err, sizeof(err));
	if (http == NULL)
		die("fetchall: %s", err);
	bss = bss_client_new(&loop, http, BSS_LANG_DEFAULT);
	r.start = mono();
	bss_fetch_all(bss, MODEL_OP_LIST_PAY_PER_USE_CUSTOMER_RESOURCES, &p, concurrency, on_done, &r);
	uv_run(&loop, UV_RUN_DEFAULT);
	http_get_stats(http, &st);
	printf("records=%zu\npages=%zu\nseconds=%.3f\nrequests=%llu\nattempts=%llu\nstatus_429=%llu\n",
	    r.records, (r.records + (size_t)limit - 1) / (size_t)limit, r.end - r.start,
	    (unsigned long long)st.requests, (unsigned long long)st.attempts,
	    (unsigned long long)st.status_429);
	if (r.error != NULL)
		printf("error=%s\n", r.error);
	bss_client_free(bss);
	http_client_free(http);
	uv_run(&loop, UV_RUN_DEFAULT);
	uv_loop_close(&loop);
	curl_global_cleanup();
	free(r.error);
	return r.error != NULL;
}
