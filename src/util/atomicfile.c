#include "util/atomicfile.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/xalloc.h"

/* A rename is durable once the directory holding it is synced. */
static void
sync_dir(const char *path)
{
	char *copy = xstrdup(path);
	int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(copy);
}

int
atomicfile_write(const char *path, const void *data, size_t len, mode_t mode, char *err,
    size_t errlen)
{
	char *tmp = xasprintf("%s.XXXXXX", path);
	int fd = mkostemp(tmp, O_CLOEXEC), saved;
	FILE *f;
	mode_t mask;

	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		free(tmp);
		return -1;
	}
	/* mkostemp makes 0600; the file should get what any new file would. */
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, mode & ~mask) != 0 || (f = fdopen(fd, "w")) == NULL) {
		saved = errno;
		close(fd);
		goto fail;
	}
	if (fwrite(data, 1, len, f) != len || fflush(f) != 0 || fsync(fd) != 0) {
		saved = errno;
		fclose(f);
		goto fail;
	}
	if (fclose(f) != 0 || rename(tmp, path) != 0) {
		saved = errno;
		goto fail;
	}
	sync_dir(path);
	free(tmp);
	return 0;
fail:
	unlink(tmp);
	snprintf(err, errlen, "%s: %s", path, strerror(saved));
	free(tmp);
	return -1;
}
