#include "app/rateperiod.h"

#include <stdlib.h>

int
rateperiod_parse(const char *s, int32_t *type, int32_t *num)
{
	char *end;
	long n = strtol(s, &end, 10);

	if (end == s || n < 1 || n > 1000 || end[0] == '\0' || end[1] != '\0')
		return -1;
	switch (end[0]) {
	case 'd': *type = 0; break;
	case 'm': *type = 2; break;
	case 'y': *type = 3; break;
	case 'h': *type = 4; break;
	default: return -1;
	}
	*num = (int32_t)n;
	return 0;
}
