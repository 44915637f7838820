/*
 * Command-line option parsing (app/options.h): NUL-separated arguments.
 * Either a message, or the index of the command within argv.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzzlib.h"

#include "app/options.h"

#define MAX_ARGS 32

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fz_cstr(data, size), *argv[MAX_ARGS + 1], err[512] = "";
	int argc = 1, cmd;
	struct options o;
	size_t off = 0;

	argv[0] = "bssdash";
	/* fz_cstr stopped at the first NUL: walk the original bytes instead. */
	memcpy(text, data, size);
	while (off < size && argc < MAX_ARGS) {
		argv[argc++] = text + off;
		off += strlen(text + off) + 1;
	}
	argv[argc] = NULL;
	cmd = options_parse(argc, argv, &o, err, sizeof(err));
	if (cmd < 0) {
		FZ_CHECK(err[0] != '\0');
	} else {
		FZ_CHECK(cmd >= 1 && cmd <= argc);
		if (o.site != OPTIONS_SITE_UNSET)
			fz_touch(options_site_endpoint(o.site));
	}
	free(text);
	return 0;
}
