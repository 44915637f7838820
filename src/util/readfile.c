#include "util/readfile.h"

#include <errno.h>
#include <stdio.h>

int
readfile_all(const char *path, size_t limit, struct buf *out)
{
	char chunk[8192];
	FILE *fp = fopen(path, "rb");
	size_t n;
	int saved;

	buf_free(out);
	buf_init(out, limit);
	if (fp == NULL)
		return -1;
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		if (buf_append(out, chunk, n) != 0) {
			fclose(fp);
			buf_free(out);
			errno = EFBIG;
			return -1;
		}
	}
	saved = ferror(fp) ? (errno ? errno : EIO) : 0;
	fclose(fp);
	if (saved != 0) {
		buf_free(out);
		errno = saved;
		return -1;
	}
	return 0;
}
