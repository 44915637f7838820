#include "app/export.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/atomicfile.h"
#include "util/buf.h"
#include "util/xalloc.h"

enum fmt_output
export_format_of(const char *path)
{
	size_t n = strlen(path);

	return n >= 5 && strcasecmp(path + n - 5, ".json") == 0 ? FMT_JSON : FMT_CSV;
}

int
export_write(const struct fmt_table *t, const char *path, char *out, size_t outlen, char *err,
    size_t errlen)
{
	const char *home = getenv("HOME");
	struct buf b = BUF_INIT(0);
	char *full;
	int rc;

	while (*path == ' ')
		path++;
	if (*path == '\0') {
		snprintf(err, errlen, "no file name");
		return -1;
	}
	if (strncmp(path, "~/", 2) == 0) {
		if (home == NULL || *home == '\0') {
			snprintf(err, errlen, "%s: HOME is not set", path);
			return -1;
		}
		full = xasprintf("%s/%s", home, path + 2);
	} else {
		full = xstrdup(path);
	}
	fmt_render(t, export_format_of(full), &b);
	rc = atomicfile_write(full, buf_cstr(&b), b.len, 0644, err, errlen);
	if (rc == 0)
		snprintf(out, outlen, "%s", full);
	buf_free(&b);
	free(full);
	return rc;
}

char *
export_column_name(const char *title)
{
	char *s = xstrdup(title);
	size_t n = 0;
	bool gap = false;

	for (const char *p = title; *p != '\0'; p++) {
		unsigned char c = (unsigned char)*p;

		if (isalnum(c) || c >= 0x80) {
			if (gap && n > 0)
				s[n++] = '_';
			s[n++] = (char)(c < 0x80 ? tolower(c) : c);
			gap = false;
		} else {
			gap = true;
		}
	}
	s[n] = '\0';
	if (n == 0) {
		free(s);
		s = xstrdup("column");
	}
	return s;
}
