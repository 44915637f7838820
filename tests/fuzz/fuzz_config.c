/*
 * The config file parser (app/config.h), fed whole files. Beyond "no
 * crash": every profile resolves or is refused with a message, a resolved
 * endpoint is normalised, and no message depends on a secret: the same file
 * with every sk / security_token value changed (same length, other
 * letters) gives the very same messages and warnings. (Searching messages
 * for the values would not do: "sk = section]" is in "expected [section]".)
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "fuzzlib.h"

#include "app/config.h"
#include "util/buf.h"

#define MAX_SECRETS 16

struct span {
	size_t off, len;
};

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

/* Where the values of sk / security_token lines are, as the parser reads them. */
static size_t
secret_spans(char *text, struct span *out, size_t max)
{
	size_t n = 0;
	char *p = text, *line;

	while (n < max && (line = fz_next_line(&p)) != NULL) {
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
			e--;
		if (e - v >= 2 && v[0] == '"' && e[-1] == '"') {
			v++;
			e--;
		}
		if (e > v)
			out[n++] = (struct span){ (size_t)(v - text), (size_t)(e - v) };
	}
	return n;
}

static void
resolve(struct config *c, const char *name, struct buf *msgs)
{
	const struct config_profile *p;
	char err[512] = "";

	p = config_use_profile(c, name, err, sizeof(err));
	if (p == NULL) {
		FZ_CHECK(err[0] != '\0');
		buf_printf(msgs, "use: %s\n", err);
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
		buf_printf(msgs, "credentials: %s\n", err);
}

/* Loads the file and every profile; every message, in order, into msgs. */
static void
load(const uint8_t *data, size_t size, struct buf *msgs)
{
	struct options o = { 0 };
	struct config *c;
	char err[512] = "";

	o.config_path = fz_write_file(data, size);
	c = config_load(&o, err, sizeof(err));
	if (c == NULL) {
		FZ_CHECK(err[0] != '\0');
		buf_printf(msgs, "load: %s\n", err);
		return;
	}
	for (size_t i = 0; i < config_warning_count(c); i++)
		buf_printf(msgs, "warning: %s\n", config_warning(c, i));
	resolve(c, NULL, msgs);
	for (size_t i = 0; i < config_profile_count(c); i++)
		resolve(c, config_profile_name(c, i), msgs);
	fz_touch(config_active_name(c));
	fz_touch(config_ui(c)->theme);
	for (size_t i = 0; i < config_binding_count(c); i++) {
		fz_touch(config_binding(c, i)->key);
		fz_touch(config_binding(c, i)->command);
	}
	config_free(c);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct span spans[MAX_SECRETS];
	struct buf first = BUF_INIT(0), second = BUF_INIT(0);
	char *text = fz_cstr(data, size);
	size_t nspans = secret_spans(text, spans, MAX_SECRETS);
	uint8_t *other;

	load(data, size, &first);
	if (nspans > 0) {
		other = (uint8_t *)fz_cstr(data, size);
		for (size_t i = 0; i < nspans; i++) {
			for (size_t j = spans[i].off; j < spans[i].off + spans[i].len; j++)
				other[j] = other[j] == 'x' ? 'y' : 'x';
		}
		load(other, size, &second);
		FZ_CHECK(strcmp(buf_cstr(&first), buf_cstr(&second)) == 0);
		free(other);
	}
	buf_free(&first);
	buf_free(&second);
	free(text);
	return 0;
}
