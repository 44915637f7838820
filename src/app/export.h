/*
 * export: a screen's table written to a file the user names, as CSV or JSON
 * (util/format's writers, so the files read like `bssdash get --output`).
 *
 * The format follows the name: ".json" gives JSON, anything else CSV. A
 * leading "~/" means the home directory; a relative name is relative to the
 * directory bssdash was started in. The file is replaced atomically.
 */
#ifndef BSS_APP_EXPORT_H
#define BSS_APP_EXPORT_H

#include <stddef.h>

#include "util/format.h"

/* FMT_JSON for a name ending in ".json" (any case), else FMT_CSV. */
enum fmt_output export_format_of(const char *path);

/*
 * Writes t to path. 0 and the path written (after "~/") in out, or -1 with
 * a message in err.
 */
int export_write(const struct fmt_table *t, const char *path, char *out, size_t outlen,
    char *err, size_t errlen);

/* A column name for JSON keys and the CSV header: "Value left" -> "value_left". */
char *export_column_name(const char *title);

#endif
