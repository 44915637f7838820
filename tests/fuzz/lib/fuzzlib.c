#include "fuzzlib.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/xalloc.h"

/* Scratch files handed out so far, removed at exit. */
static char scratch[4][320];
static size_t nscratch;

void
fz_fail(const char *cond, const char *file, int line)
{
	fprintf(stderr, "fuzz property broken: %s (%s:%d)\n", cond, file, line);
	abort();
}

char *
fz_cstr(const uint8_t *data, size_t n)
{
	char *s = xmalloc(n + 1);

	if (n > 0)
		memcpy(s, data, n);
	s[n] = '\0';
	return s;
}

static void
scratch_cleanup(void)
{
	for (size_t i = 0; i < nscratch; i++)
		unlink(scratch[i]);
}

const char *
fz_scratch_path(const char *suffix)
{
	const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
	char path[320];

	snprintf(path, sizeof(path), "%s/bssfuzz-%ld.%s", base, (long)getpid(), suffix);
	for (size_t i = 0; i < nscratch; i++) {
		if (strcmp(scratch[i], path) == 0)
			return scratch[i];
	}
	FZ_CHECK(nscratch < sizeof(scratch) / sizeof(scratch[0]));
	if (nscratch == 0)
		atexit(scratch_cleanup);
	memcpy(scratch[nscratch], path, sizeof(path));
	return scratch[nscratch++];
}

const char *
fz_write_file(const uint8_t *data, size_t n)
{
	const char *path = fz_scratch_path("in");

	fz_write_path(path, data, n);
	return path;
}

void
fz_write_path(const char *path, const uint8_t *data, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

	FZ_CHECK(fd >= 0);
	for (size_t off = 0; off < n;) {
		ssize_t w = write(fd, data + off, n - off);

		FZ_CHECK(w > 0);
		off += (size_t)w;
	}
	close(fd);
}

char *
fz_next_line(char **p)
{
	char *line = *p, *nl;

	if (line == NULL || *line == '\0')
		return NULL;
	nl = strchr(line, '\n');
	if (nl != NULL) {
		*nl = '\0';
		*p = nl + 1;
	} else {
		*p = line + strlen(line);
	}
	return line;
}

size_t
fz_touch(const char *s)
{
	FZ_CHECK(s != NULL);
	return strlen(s);
}
