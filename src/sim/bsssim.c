/* bsssim: placeholder main until the simulator lands (issue 3). */
#include <stdio.h>

int
main(void)
{
	fputs("bsssim: not built yet\n", stderr);
	return 2;
}
