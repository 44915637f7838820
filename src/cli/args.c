#include "cli/args.h"

#include <stdio.h>
#include <stdlib.h>

int
cli_number(const char *opt, const char *s, long min, long max, long *out)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (end == s || *end != '\0' || v < min || v > max) {
		fprintf(stderr, "bssdash: %s takes a number from %ld to %ld\n", opt, min, max);
		return -1;
	}
	*out = v;
	return 0;
}
