/*
 * bssdash: entry point. Parses global options, then runs the dashboard or
 * one of the subcommands from the table below.
 */
#include <stdio.h>
#include <string.h>

#include "util/xalloc.h"

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{ NULL, NULL, NULL },
};

static void
usage(FILE *fp)
{
	fputs("usage: bssdash [OPTIONS] [COMMAND [ARGS]]\n"
	      "\n"
	      "A terminal dashboard for Huawei Cloud's BSS (billing) API.\n"
	      "\n"
	      "Options:\n"
	      "  -h, --help       show this help and exit\n"
	      "  -V, --version    show the version and exit\n", fp);
	if (commands[0].name != NULL) {
		fputs("\nCommands:\n", fp);
		for (const struct command *c = commands; c->name != NULL; c++)
			fprintf(fp, "  %-16s %s\n", c->name, c->summary);
	}
}

int
main(int argc, char **argv)
{
	if (argc > 1 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
		usage(stdout);
		return 0;
	}
	if (argc > 1 && (strcmp(argv[1], "-V") == 0 || strcmp(argv[1], "--version") == 0)) {
		printf("bssdash %s\n", BSSDASH_VERSION);
		return 0;
	}
	for (const struct command *c = commands; argc > 1 && c->name != NULL; c++)
		if (strcmp(argv[1], c->name) == 0)
			return c->run(argc - 1, argv + 1);
	usage(stderr);
	return 2;
}
