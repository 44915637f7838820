/*
 * The config file parser (app/config.h), fed whole files. Beyond "no
 * crash": every profile resolves or is refused with a message, a resolved
 * endpoint is normalised, and no message or warning ever repeats a secret
 * value the file set.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "fuzzlib.h"

#include "app/config.h"
#include "util/xalloc.h"

/* Secret values shorter than this could appear in a message by coincidence. */
#define SECRET_MIN 8

static const char *const env_vars[] = {
	"HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK", "HUAWEICLOUD_SDK_SECURITY_TOKEN",
	"HUAWEICLOUD_SDK_DOMAIN_ID", "BSSDASH_ENDPOINT",
};

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* The file alone decides: the fuzzer's environment must not. */
	for (size_t i = 0; i < sizeof(env_vars) / sizeof(env_vars[0]); i++)
		unsetenv(env_vars[i]);
	return 0;
}

static size_t
occurrences(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++)
		n++;
	return n;
}

/*
 * Collects the values of sk / security_token lines, as the parser would
 * read them. A value found elsewhere in the file too (a key named like it,
 * "security_token = security_token") may rightly appear in a message: skipped.
 */
static size_t
secret_values(char *text, char **out, size_t max)
{
	const char *orig = xstrdup(text);
	size_t n = 0;
	char *line;

	while (n < max && (line = fz_next_line(&text)) != NULL) {
		char *eq = strchr(line, '='), *k = line, *v, *e;

		if (eq == NULL)
			continue;
		*eq = '\0';
		while (*k == ' ' || *k == '\t')
			k++;
		for (e = eq; e > k && (e[-1] == ' ' || e[-1] == '\t');)
			*--e = '\0';
		if (strcmp(k, "sk") != 0 && strcmp(k, "security_token") != 0)
			continue;
		for (v = eq + 1; *v == ' ' || *v == '\t'; v++)
			;
		for (e = v + strlen(v); e > v && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r');)
			*--e = '\0';
		if (e - v >= 2 && v[0] == '"' && e[-1] == '"') {
			*--e = '\0';
			v++;
		}
		if (strlen(v) >= SECRET_MIN && occurrences(orig, v) == 1)
			out[n++] = v;
	}
	free((char *)orig);
	return n;
}

static void
check_no_secret(const char *msg, char **secrets, size_t nsecrets)
{
	for (size_t i = 0; i < nsecrets; i++)
		FZ_CHECK(strstr(msg, secrets[i]) == NULL);
}

static void
check_profile(struct config *c, const char *name, char **secrets, size_t nsecrets)
{
	const struct config_profile *p;
	char err[512] = "";

	p = config_use_profile(c, name, err, sizeof(err));
	if (p == NULL) {
		FZ_CHECK(err[0] != '\0');
		check_no_secret(err, secrets, nsecrets);
		return;
	}
	fz_touch(p->name);
	fz_touch(p->ak);
	fz_touch(p->sk);
	fz_touch(p->security_token);
	fz_touch(p->domain_id);
	fz_touch(p->ca_file);
	FZ_CHECK(strncmp(p->endpoint, "https://", 8) == 0 || strncmp(p->endpoint, "http://", 7) == 0);
	FZ_CHECK(p->endpoint[strlen(p->endpoint) - 1] != '/');
	FZ_CHECK(p->site != OPTIONS_SITE_UNSET);
	if (config_need_credentials(c, p, err, sizeof(err)) != 0)
		check_no_secret(err, secrets, nsecrets);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct options o = { 0 };
	struct config *c;
	char err[512] = "", *text = fz_cstr(data, size), *secrets[16];
	size_t nsecrets = secret_values(text, secrets, sizeof(secrets) / sizeof(secrets[0]));

	o.config_path = fz_write_file(data, size);
	c = config_load(&o, err, sizeof(err));
	if (c == NULL) {
		FZ_CHECK(err[0] != '\0');
		check_no_secret(err, secrets, nsecrets);
		free(text);
		return 0;
	}
	for (size_t i = 0; i < config_warning_count(c); i++)
		check_no_secret(config_warning(c, i), secrets, nsecrets);
	check_profile(c, NULL, secrets, nsecrets);
	for (size_t i = 0; i < config_profile_count(c); i++)
		check_profile(c, config_profile_name(c, i), secrets, nsecrets);
	fz_touch(config_active_name(c));
	fz_touch(config_ui(c)->theme);
	for (size_t i = 0; i < config_binding_count(c); i++) {
		fz_touch(config_binding(c, i)->key);
		fz_touch(config_binding(c, i)->command);
	}
	config_free(c);
	free(text);
	return 0;
}
