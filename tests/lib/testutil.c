#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>

#include "util/xalloc.h"

char *
tu_read_file(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *data;
	long n;

	if (fp == NULL || fseek(fp, 0, SEEK_END) != 0 || (n = ftell(fp)) < 0 ||
	    fseek(fp, 0, SEEK_SET) != 0) {
		fprintf(stderr, "cannot read %s\n", path);
		abort();
	}
	data = xmalloc((size_t)n + 1);
	if (fread(data, 1, (size_t)n, fp) != (size_t)n) {
		fprintf(stderr, "short read on %s\n", path);
		abort();
	}
	fclose(fp);
	data[n] = '\0';
	if (len)
		*len = (size_t)n;
	return data;
}

char *
tu_fixture(const char *name, size_t *len)
{
	const char *dir = getenv("FIXTURES");
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", dir ? dir : "tests/fixtures", name);
	return tu_read_file(path, len);
}

const char *
tu_shared_path(const char *name)
{
	static char path[4096];
	const char *dir = getenv("SHARED");

	snprintf(path, sizeof(path), "%s/%s", dir ? dir : "../shared", name);
	return path;
}
