/*
 * bssdash: entry point. Parses the global options, then runs the command
 * named after them from the table below (the dashboard when there is none).
 */
#include <curl/curl.h>
#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <string.h>

#include "api/curlmem.h"
#include "app/options.h"
#include "cli/cli.h"
#include "cli/debug.h"
#include "tui/dash.h"
#include "util/log.h"

/*
 * A command gets the global options and its own arguments (argv[0] is its
 * name) and returns the exit status: 0 success, 1 failure, 2 usage error.
 */
struct command {
	const char *name;
	int (*run)(const struct options *o, int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{ "dashboard", dash_main, "the live dashboard (what runs when no command is given)" },
	{ "debug", debug_main, "signing aids: debug sign --vectors FILE | debug sign METHOD URL" },
	{ "get", get_main, "get WHAT [--output table|json|csv|markdown] [filters] (get --help)" },
	{ "monitor", monitor_main, "monitor [--balance-below N] [--expiring-within D] [--once] [--exec CMD]" },
	{ "pay", act_main, "pay ORDER_ID [--coupon ID]... [--discount ID]" },
	{ "cancel", act_main, "cancel ORDER_ID (a pending-payment order)" },
	{ "renew", act_main, "renew RESOURCE_ID... --period 1m|3m|1y [--auto-pay]" },
	{ "unsubscribe", act_main, "unsubscribe RESOURCE_ID..." },
	{ "autorenew", act_main, "autorenew on|off RESOURCE_ID..." },
	{ "on-expiry", act_main, "on-expiry pay-per-use|default RESOURCE_ID..." },
	{ "journal", journal_main, "journal [--pending] [--reconcile]: past actions and outcomes" },
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static void
usage(FILE *fp)
{
	fputs("usage: bssdash [OPTIONS] [COMMAND [ARGS]]\n"
	      "\n"
	      "A terminal dashboard for Huawei Cloud's BSS (billing) API.\n"
	      "\n"
	      "Options:\n", fp);
	options_usage(fp);
	fputs("\nCommands:\n", fp);
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(fp, "  %-28s %s\n", commands[i].name, commands[i].summary);
}

int
main(int argc, char **argv)
{
	struct options o;
	char err[512], *dash_argv[] = { (char *)"dashboard", NULL }, **cargv;
	int cmd, rc, cargc;

	/*
	 * A response body may grow to max_body (8 MB) before it is refused. glibc
	 * raises its mmap threshold after the first such buffer is freed, so the
	 * next ones came from the heap and stayed resident after free: a
	 * long-running dashboard kept 4-8 MB more after any oversized answer. A
	 * fixed threshold keeps big buffers mapped, returned to the system when freed.
	 */
	mallopt(M_MMAP_THRESHOLD, 256 * 1024);
	cmd = options_parse(argc, argv, &o, err, sizeof(err));
	if (cmd < 0) {
		fprintf(stderr, "%s\n", err);
		return 2;
	}
	if (o.help) {
		usage(stdout);
		return 0;
	}
	if (o.version) {
		printf("bssdash %s\n", BSSDASH_VERSION);
		return 0;
	}
	/* No command: the dashboard. */
	if (cmd == argc) {
		cargv = dash_argv;
		cargc = 1;
	} else {
		cargv = argv + cmd;
		cargc = argc - cmd;
	}
	for (size_t i = 0; i < NCOMMANDS; i++) {
		if (strcmp(cargv[0], commands[i].name) != 0)
			continue;
		if (o.log_path != NULL && log_open(o.log_path) != 0) {
			fprintf(stderr, "bssdash: cannot open log %s: %s\n", o.log_path,
			    strerror(errno));
			return 2;
		}
		/* Once per process, before any client exists (libcurl is not thread-safe here). */
		if (curlmem_global_init() != 0) {
			fprintf(stderr, "bssdash: libcurl failed to initialise\n");
			return 1;
		}
		rc = commands[i].run(&o, cargc, cargv);
		curl_global_cleanup();
		log_close();
		return rc;
	}
	fprintf(stderr, "bssdash: unknown command '%s' (see bssdash --help)\n", cargv[0]);
	return 2;
}
