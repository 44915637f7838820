#include "util/log.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <strings.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static FILE *log_fp;

int
log_open(const char *path)
{
	int fd;

	log_close();
	fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	log_fp = fdopen(fd, "a");
	if (log_fp == NULL) {
		close(fd);
		return -1;
	}
	setvbuf(log_fp, NULL, _IOLBF, 0);
	return 0;
}

void
log_close(void)
{
	if (log_fp != NULL)
		fclose(log_fp);
	log_fp = NULL;
}

bool
log_enabled(void)
{
	return log_fp != NULL;
}

void
log_debug(const char *fmt, ...)
{
	struct timeval tv;
	struct tm tm;
	char stamp[32];
	va_list ap;

	if (log_fp == NULL)
		return;
	gettimeofday(&tv, NULL);
	gmtime_r(&tv.tv_sec, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm);
	fprintf(log_fp, "%s.%03ldZ ", stamp, (long)(tv.tv_usec / 1000));
	va_start(ap, fmt);
	vfprintf(log_fp, fmt, ap);
	va_end(ap);
	fputc('\n', log_fp);
}

bool
log_is_secret_header(const char *name)
{
	return strcasecmp(name, "authorization") == 0 ||
	    strcasecmp(name, "x-security-token") == 0 ||
	    strcasecmp(name, "x-auth-token") == 0;
}

void
log_header(const char *prefix, const char *name, const char *value)
{
	log_debug("%s%s: %s", prefix, name,
	    log_is_secret_header(name) ? "[REDACTED]" : value);
}
