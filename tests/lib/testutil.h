/* Helpers shared by the C test programs. */
#ifndef BSS_TESTS_TESTUTIL_H
#define BSS_TESTS_TESTUTIL_H

#include <stddef.h>

/* Reads a whole file (NUL-terminated); aborts the test program on error. */
char *tu_read_file(const char *path, size_t *len);
/* Reads tests/fixtures/<name> (directory from $FIXTURES, else tests/fixtures). */
char *tu_fixture(const char *name, size_t *len);
/* Path of a shared/ file ($SHARED, else ../shared): static buffer. */
const char *tu_shared_path(const char *name);

#endif
