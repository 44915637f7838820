#include "cli/debug.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api/sign.h"
#include "api/signvec.h"
#include "app/config.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/readfile.h"
#include "util/xalloc.h"

/* The gateway's AK/SK body limit: a larger body could not be sent anyway. */
#define DEBUG_MAX_BODY (12u * 1024 * 1024)
#define DEBUG_MAX_HEADERS 64

static const char usage_text[] =
    "usage: bssdash debug sign --vectors FILE\n"
    "       bssdash debug sign METHOD URL [--body FILE] [--header 'K: V']... "
    "[--date YYYYMMDDTHHMMSSZ]\n"
    "URL may be a path (/v2/...) on the configured endpoint.\n";

static int
usage_error(const char *msg)
{
	if (msg != NULL)
		fprintf(stderr, "bssdash: %s\n", msg);
	fputs(usage_text, stderr);
	return 2;
}

static int
check_vectors(const char *path)
{
	struct signvec_file f;
	char err[512], msg[8192];
	size_t passed = 0, failed = 0;

	if (signvec_load(path, &f, err, sizeof(err)) != 0) {
		fprintf(stderr, "bssdash: %s\n", err);
		return 2;
	}
	for (size_t i = 0; i < f.ncases; i++) {
		if (signvec_check(&f.cases[i], msg, sizeof(msg)) == 0) {
			printf("ok %s\n", f.cases[i].name);
			passed++;
		} else {
			printf("FAIL %s: %s\n", f.cases[i].name, msg);
			failed++;
		}
	}
	printf("%zu passed, %zu failed\n", passed, failed);
	signvec_free(&f);
	return failed > 0 ? 1 : 0;
}

/* Secrets never reach the screen; the Authorization header holds none. */
static bool
hidden(const char *name, size_t len)
{
	char n[64];

	if (len >= sizeof(n))
		return false;
	memcpy(n, name, len);
	n[len] = '\0';
	return strcasecmp(n, "authorization") != 0 && log_is_secret_header(n);
}

/* Prints the canonical request with the values of secret header lines hidden. */
static void
print_canonical(const char *cr)
{
	for (const char *line = cr; line != NULL;) {
		const char *nl = strchr(line, '\n'), *colon;
		size_t len = nl != NULL ? (size_t)(nl - line) : strlen(line);

		colon = memchr(line, ':', len);
		if (colon != NULL && hidden(line, (size_t)(colon - line)))
			printf("%.*s:[REDACTED]\n", (int)(colon - line), line);
		else
			printf("%.*s\n", (int)len, line);
		line = nl != NULL ? nl + 1 : NULL;
	}
}

/* "K: V" -> kv pointing into s (modified). */
static int
split_header(char *s, struct sign_kv *kv)
{
	char *colon = strchr(s, ':'), *v, *e;

	if (colon == NULL || colon == s)
		return -1;
	*colon = '\0';
	for (e = colon; e > s && (e[-1] == ' ' || e[-1] == '\t'); e--)
		e[-1] = '\0';
	for (v = colon + 1; *v == ' ' || *v == '\t'; v++)
		;
	kv->name = s;
	kv->value = v;
	return *s != '\0' ? 0 : -1;
}

struct sign_args {
	const char *method;
	const char *url;
	const char *body_path;
	const char *date;
	struct sign_kv headers[DEBUG_MAX_HEADERS];
	size_t nheaders;
};

static int
parse_sign_args(int argc, char **argv, struct sign_args *a)
{
	int pos = 0;

	memset(a, 0, sizeof(*a));
	for (int i = 0; i < argc; i++) {
		const char *opt = argv[i];

		if (strcmp(opt, "--body") == 0 || strcmp(opt, "--header") == 0 ||
		    strcmp(opt, "--date") == 0) {
			if (i + 1 >= argc) {
				fprintf(stderr, "bssdash: %s needs a value\n", opt);
				return -1;
			}
			if (strcmp(opt, "--body") == 0) {
				a->body_path = argv[++i];
			} else if (strcmp(opt, "--date") == 0) {
				a->date = argv[++i];
			} else if (a->nheaders == DEBUG_MAX_HEADERS ||
			    split_header(argv[++i], &a->headers[a->nheaders++]) != 0) {
				fprintf(stderr, "bssdash: --header wants 'Name: value' (at most %d)\n",
				    DEBUG_MAX_HEADERS);
				return -1;
			}
		} else if (opt[0] == '-' && opt[1] == '-') {
			fprintf(stderr, "bssdash: debug sign: unknown option %s\n", opt);
			return -1;
		} else if (pos == 0) {
			a->method = opt;
			pos++;
		} else if (pos == 1) {
			a->url = opt;
			pos++;
		} else {
			fprintf(stderr, "bssdash: debug sign: unexpected argument %s\n", opt);
			return -1;
		}
	}
	if (pos != 2) {
		fprintf(stderr, "bssdash: debug sign needs METHOD and URL\n");
		return -1;
	}
	return 0;
}

static bool
has_header(const struct sign_args *a, const char *name)
{
	for (size_t i = 0; i < a->nheaders; i++)
		if (strcasecmp(a->headers[i].name, name) == 0)
			return true;
	return false;
}

static void
print_result(const struct sign_url *u, const struct sign_output *o, const char *method)
{
	printf("# Request\n%s %s://%s%s%s%s\n\n", method, u->scheme, u->host, u->raw_path,
	    *u->raw_query ? "?" : "", u->raw_query);
	printf("# Canonical request\n");
	print_canonical(o->canonical_request);
	printf("\n# String to sign\n%s\n\n# Headers to send\n", o->string_to_sign);
	for (size_t i = 0; i < o->nheaders; i++) {
		const struct sign_header *h = &o->headers[i];

		printf("%s: %s\n", h->name, hidden(h->name, strlen(h->name)) ? "[REDACTED]" : h->value);
	}
}

/* Signs with the configured profile; the URL from the command line. */
static int
sign_one(const struct options *opt, struct sign_args *a)
{
	struct config *c;
	const struct config_profile *p;
	struct sign_url u;
	struct sign_input in = { 0 };
	struct sign_output o;
	struct buf body = BUF_INIT(0);
	char err[512], *url = NULL;
	int rc = 1;

	c = config_load(opt, err, sizeof(err));
	if (c == NULL) {
		fprintf(stderr, "bssdash: %s\n", err);
		return 1;
	}
	for (size_t i = 0; i < config_warning_count(c); i++)
		fprintf(stderr, "bssdash: warning: %s\n", config_warning(c, i));
	p = config_use_profile(c, NULL, err, sizeof(err));
	if (p == NULL || config_need_credentials(c, p, err, sizeof(err)) != 0) {
		fprintf(stderr, "bssdash: %s\n", err);
		goto out;
	}
	url = a->url[0] == '/' ? xasprintf("%s%s", p->endpoint, a->url) : xstrdup(a->url);
	if (sign_url_parse(url, &u, err, sizeof(err)) != 0) {
		fprintf(stderr, "bssdash: %s\n", err);
		rc = 2;
		goto out;
	}
	if (a->body_path != NULL && readfile_all(a->body_path, DEBUG_MAX_BODY, &body) != 0) {
		fprintf(stderr, "bssdash: %s: %s\n", a->body_path, strerror(errno));
		rc = 2;
		goto out_url;
	}
	/* What the client sends on every BSS call, unless the user says otherwise. */
	if (!has_header(a, "Content-Type"))
		a->headers[a->nheaders++] = (struct sign_kv){ "Content-Type", "application/json" };
	in.method = a->method;
	in.host = u.host;
	in.path = u.path;
	in.query = u.query;
	in.nquery = u.nquery;
	in.headers = a->headers;
	in.nheaders = a->nheaders;
	in.body = body.data;
	in.body_len = body.len;
	in.sdk_date = a->date;
	in.ak = p->ak;
	in.sk = p->sk;
	in.security_token = p->security_token;
	in.domain_id = p->domain_id;
	if (sign_request(&in, &o, err, sizeof(err)) != 0) {
		fprintf(stderr, "bssdash: %s\n", err);
		rc = 2;
		goto out_body;
	}
	print_result(&u, &o, a->method);
	sign_output_free(&o);
	rc = 0;
out_body:
	buf_free(&body);
out_url:
	sign_url_free(&u);
out:
	free(url);
	config_free(c);
	return rc;
}

int
debug_main(const struct options *o, int argc, char **argv)
{
	struct sign_args a;

	if (argc < 2 || strcmp(argv[1], "sign") != 0)
		return usage_error(argc < 2 ? NULL : "unknown debug command");
	if (argc >= 3 && (strcmp(argv[2], "-h") == 0 || strcmp(argv[2], "--help") == 0)) {
		fputs(usage_text, stdout);
		return 0;
	}
	if (argc >= 3 && strcmp(argv[2], "--vectors") == 0) {
		if (argc != 4)
			return usage_error("--vectors takes one FILE");
		return check_vectors(argv[3]);
	}
	if (parse_sign_args(argc - 2, argv + 2, &a) != 0)
		return usage_error(NULL);
	if (a.nheaders == DEBUG_MAX_HEADERS && !has_header(&a, "Content-Type"))
		return usage_error("too many headers");
	return sign_one(o, &a);
}
