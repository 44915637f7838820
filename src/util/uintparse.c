#include "util/uintparse.h"

#include <errno.h>
#include <stdlib.h>

int
ulong_parse(const char *s, unsigned long min, unsigned long max, unsigned long *out)
{
	char *end;
	unsigned long n;

	/* strtoul would take leading spaces and a sign. */
	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	n = strtoul(s, &end, 10);
	if (errno != 0 || *end != '\0' || n < min || n > max)
		return -1;
	*out = n;
	return 0;
}

int
uint_parse(const char *s, unsigned min, unsigned max, unsigned *out)
{
	unsigned long n;

	if (ulong_parse(s, min, max, &n) != 0)
		return -1;
	*out = (unsigned)n;
	return 0;
}
