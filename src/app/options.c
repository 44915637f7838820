#include "app/options.h"

#include <string.h>

#include "util/uintparse.h"

enum opt_kind { OPT_FLAG, OPT_STRING, OPT_SITE, OPT_SECONDS };

/* One table drives both the parser and --help. */
static const struct opt {
	const char *name;
	char short_name;               /* 0 = none */
	enum opt_kind kind;
	size_t off;                    /* field in struct options */
	const char *arg;               /* shown in --help */
	const char *help;
} opts[] = {
#define F(f) offsetof(struct options, f)
	{ "help", 'h', OPT_FLAG, F(help), NULL, "show this help and exit" },
	{ "version", 'V', OPT_FLAG, F(version), NULL, "show the version and exit" },
	{ "config", 0, OPT_STRING, F(config_path), "FILE",
	    "configuration file (default $XDG_CONFIG_HOME/bssdash/config)" },
	{ "profile", 0, OPT_STRING, F(profile), "NAME", "use [profile NAME] of the configuration" },
	{ "site", 0, OPT_SITE, F(site), "cn|intl",
	    "Chinese-mainland (default) or international endpoint" },
	{ "log", 0, OPT_STRING, F(log_path), "FILE",
	    "write a debug log of every request (secrets redacted)" },
	{ "cacert", 0, OPT_STRING, F(cacert), "FILE", "trust this PEM CA file (private CA)" },
	{ "read-only", 0, OPT_FLAG, F(read_only), NULL, "refuse every action that moves money" },
	{ "dry-run", 0, OPT_FLAG, F(dry_run), NULL, "show what actions would send; send nothing" },
	{ "theme", 0, OPT_STRING, F(theme), "NAME", "colour theme" },
	{ "timeout", 0, OPT_SECONDS, F(timeout_s), "SECONDS",
	    "one request's time budget, retries included (over BSSDASH_TIMEOUT and [ui] timeout)" },
	{ "demo", 0, OPT_FLAG, F(demo), NULL, "run against the built-in simulator" },
	{ "all-profiles", 0, OPT_FLAG, F(all_profiles), NULL, "show every profile's accounts" },
#undef F
};

#define NOPTS (sizeof(opts) / sizeof(opts[0]))

int
options_site_parse(const char *s, enum options_site *out)
{
	if (strcmp(s, "cn") == 0)
		*out = OPTIONS_SITE_CN;
	else if (strcmp(s, "intl") == 0)
		*out = OPTIONS_SITE_INTL;
	else
		return -1;
	return 0;
}

int
options_seconds_parse(const char *s, unsigned *out)
{
	return uint_parse(s, OPTIONS_TIMEOUT_MIN, OPTIONS_TIMEOUT_MAX, out);
}

const char *
options_site_endpoint(enum options_site site)
{
	return site == OPTIONS_SITE_INTL ? "https://bss-intl.myhuaweicloud.com" :
	    "https://bss.myhuaweicloud.com";
}

static const struct opt *
find_long(const char *name, size_t len)
{
	for (size_t i = 0; i < NOPTS; i++)
		if (strlen(opts[i].name) == len && strncmp(opts[i].name, name, len) == 0)
			return &opts[i];
	return NULL;
}

static const struct opt *
find_short(char c)
{
	for (size_t i = 0; i < NOPTS; i++)
		if (opts[i].short_name == c)
			return &opts[i];
	return NULL;
}

/* Stores value (NULL for a flag) into the option's field. */
static int
apply(struct options *o, const struct opt *op, const char *value, char *err, size_t errlen)
{
	void *field = (char *)o + op->off;

	switch (op->kind) {
	case OPT_FLAG:
		if (value != NULL) {
			snprintf(err, errlen, "bssdash: --%s takes no value", op->name);
			return -1;
		}
		*(bool *)field = true;
		return 0;
	case OPT_STRING:
		*(const char **)field = value;
		return 0;
	case OPT_SITE:
		if (options_site_parse(value, (enum options_site *)field) != 0) {
			snprintf(err, errlen, "bssdash: --site must be cn or intl, not '%s'", value);
			return -1;
		}
		return 0;
	case OPT_SECONDS:
		if (options_seconds_parse(value, (unsigned *)field) != 0) {
			snprintf(err, errlen, "bssdash: --%s must be %u to %u seconds, not '%.40s'",
			    op->name, OPTIONS_TIMEOUT_MIN, OPTIONS_TIMEOUT_MAX, value);
			return -1;
		}
		return 0;
	}
	return -1;
}

int
options_parse(int argc, char **argv, struct options *o, char *err, size_t errlen)
{
	int i;

	memset(o, 0, sizeof(*o));
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *value = NULL;
		const struct opt *op;

		if (strcmp(a, "--") == 0)
			return i + 1;
		if (a[0] != '-' || a[1] == '\0')
			return i;
		if (a[1] == '-') {
			const char *eq = strchr(a + 2, '=');

			op = find_long(a + 2, eq ? (size_t)(eq - a - 2) : strlen(a + 2));
			if (eq != NULL)
				value = eq + 1;
		} else {
			op = a[2] == '\0' ? find_short(a[1]) : NULL;
		}
		if (op == NULL) {
			snprintf(err, errlen, "bssdash: unknown option %s (see bssdash --help)", a);
			return -1;
		}
		if (op->kind != OPT_FLAG && value == NULL) {
			if (i + 1 >= argc) {
				snprintf(err, errlen, "bssdash: --%s needs a value (%s)", op->name,
				    op->arg);
				return -1;
			}
			value = argv[++i];
		}
		if (op->kind != OPT_FLAG && *value == '\0') {
			snprintf(err, errlen, "bssdash: --%s needs a non-empty value", op->name);
			return -1;
		}
		if (apply(o, op, value, err, errlen) != 0)
			return -1;
	}
	return i;
}

void
options_usage(FILE *fp)
{
	for (size_t i = 0; i < NOPTS; i++) {
		const struct opt *op = &opts[i];
		char left[40], sh[5] = "    ";

		if (op->short_name != 0)
			snprintf(sh, sizeof(sh), "-%c, ", op->short_name);
		snprintf(left, sizeof(left), "%s--%s%s%s", sh, op->name, op->arg ? " " : "",
		    op->arg ? op->arg : "");
		fprintf(fp, "  %-28s %s\n", left, op->help);
	}
}
