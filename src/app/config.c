#include "app/config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/uintparse.h"
#include "util/xalloc.h"
#include "util/strutil.h"

/* A config file is a few hundred bytes; anything near this is the wrong file. */
#define CONFIG_MAX_FILE (1024 * 1024)

/* A [profile NAME] as the file has it. */
struct raw_profile {
	char *name;
	char *ak;
	char *sk;
	char *security_token;
	char *domain_id;
	char *endpoint;
	char *ca_file;
	enum options_site site;        /* UNSET = not in the file */
	int read_only;                 /* -1 = not in the file */
};

/* The strings behind the current struct config_profile view. */
struct resolved {
	char *name, *ak, *sk, *security_token, *domain_id, *endpoint, *ca_file;
};

struct config {
	struct options opts;
	char *path;
	bool found;
	char *default_profile;
	struct raw_profile *profiles;
	size_t nprofiles;
	char *active;
	char *theme;
	struct config_ui ui;
	struct config_alerts alerts;
	struct config_binding *bindings;   /* key and command are heap strings */
	size_t nbindings;
	char **warnings;
	size_t nwarnings;
	struct resolved cur_store;
	struct config_profile cur;
};

enum section { SEC_TOP, SEC_PROFILE, SEC_UI, SEC_ALERTS, SEC_KEYS, SEC_UNKNOWN };

/* Parser state for one file. */
struct parser {
	struct config *c;
	const char *path;
	unsigned line;
	enum section sec;
	struct raw_profile *prof;      /* SEC_PROFILE */
	bool has_secrets;
	char *err;
	size_t errlen;
};

static void BSS_PRINTF(2, 3)
parse_error(struct parser *p, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(p->err, p->errlen, "%s:%u: %s", p->path, p->line, msg);
}

/* Takes msg (heap). */
static void
add_warning(struct config *c, char *msg)
{
	c->warnings = xreallocarray(c->warnings, c->nwarnings + 1, sizeof(*c->warnings));
	c->warnings[c->nwarnings++] = msg;
}

static void BSS_PRINTF(2, 3)
warn(struct parser *p, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	add_warning(p->c, xasprintf("%s:%u: %s", p->path, p->line, msg));
	free(msg);
}

/* --- values ------------------------------------------------------------------ */

static int
parse_bool(const char *v, bool *out)
{
	static const char *const yes[] = { "true", "yes", "on", "1" };
	static const char *const no[] = { "false", "no", "off", "0" };

	for (size_t i = 0; i < 4; i++) {
		if (strcasecmp(v, yes[i]) == 0) {
			*out = true;
			return 0;
		}
		if (strcasecmp(v, no[i]) == 0) {
			*out = false;
			return 0;
		}
	}
	return -1;
}

/* Replaces *slot, wiping the old value when it may be a secret. */
static void
set_string(char **slot, const char *v, bool secret)
{
	if (secret)
		xfree_secret(*slot);
	else
		free(*slot);
	*slot = xstrdup(v);
}

/* --- sections and keys ----------------------------------------------------------- */

enum key_kind { K_STRING, K_SECRET, K_SITE, K_BOOL };

static const struct profile_key {
	const char *name;
	enum key_kind kind;
	size_t off;
} profile_keys[] = {
#define F(f) offsetof(struct raw_profile, f)
	{ "ak", K_STRING, F(ak) },
	{ "sk", K_SECRET, F(sk) },
	{ "security_token", K_SECRET, F(security_token) },
	{ "domain_id", K_STRING, F(domain_id) },
	{ "endpoint", K_STRING, F(endpoint) },
	{ "site", K_SITE, F(site) },
	{ "ca_file", K_STRING, F(ca_file) },
	{ "read_only", K_BOOL, F(read_only) },
#undef F
};

static const struct ui_key {
	const char *name;
	size_t off;
	unsigned min, max;
	const char *unit;
} ui_keys[] = {
#define F(f) offsetof(struct config_ui, f)
	{ "refresh_balance", F(refresh_balance_s), 5, 86400, "seconds" },
	{ "refresh", F(refresh_s), 10, 86400, "seconds" },
	{ "escdelay", F(escdelay_ms), 0, 1000, "milliseconds" },
	{ "expiring_days", F(expiring_days), 1, 3650, "days" },
	{ "timeout", F(timeout_s), OPTIONS_TIMEOUT_MIN, OPTIONS_TIMEOUT_MAX, "seconds" },
#undef F
};

#define NELEMS(a) (sizeof(a) / sizeof((a)[0]))

static int
profile_set(struct parser *p, const char *key, const char *v)
{
	for (size_t i = 0; i < NELEMS(profile_keys); i++) {
		const struct profile_key *k = &profile_keys[i];
		void *field = (char *)p->prof + k->off;
		bool b;

		if (strcmp(key, k->name) != 0)
			continue;
		switch (k->kind) {
		case K_SECRET:
			if (*v != '\0')
				p->has_secrets = true;
			/* FALLTHROUGH */
		case K_STRING:
			set_string(field, v, k->kind == K_SECRET);
			return 0;
		case K_SITE:
			if (options_site_parse(v, field) != 0) {
				parse_error(p, "site must be cn or intl");
				return -1;
			}
			return 0;
		case K_BOOL:
			if (parse_bool(v, &b) != 0) {
				parse_error(p, "%s must be true or false", key);
				return -1;
			}
			*(int *)field = b;
			return 0;
		}
	}
	warn(p, "unknown key '%s' in [profile %s] (ignored)", key, p->prof->name);
	return 0;
}

static int
ui_set(struct parser *p, const char *key, const char *v)
{
	if (strcmp(key, "theme") == 0) {
		set_string(&p->c->theme, v, false);
		return 0;
	}
	for (size_t i = 0; i < NELEMS(ui_keys); i++) {
		const struct ui_key *k = &ui_keys[i];

		if (strcmp(key, k->name) != 0)
			continue;
		if (uint_parse(v, k->min, k->max, (unsigned *)((char *)&p->c->ui + k->off)) != 0) {
			parse_error(p, "%s must be a whole number of %s from %u to %u", key, k->unit,
			    k->min, k->max);
			return -1;
		}
		return 0;
	}
	warn(p, "unknown key '%s' in [ui] (ignored)", key);
	return 0;
}

static int
alerts_set(struct parser *p, const char *key, const char *v)
{
	struct config_alerts *a = &p->c->alerts;

	if (strcmp(key, "balance_below") != 0) {
		warn(p, "unknown key '%s' in [alerts] (ignored)", key);
		return 0;
	}
	if (money_parse(v, &a->balance_below) != 0 || a->balance_below < 0) {
		parse_error(p, "balance_below must be an amount such as 100.00");
		return -1;
	}
	a->has_balance_below = true;
	return 0;
}

static void
keys_add(struct parser *p, const char *key, const char *v)
{
	struct config *c = p->c;
	struct config_binding *b;

	c->bindings = xreallocarray(c->bindings, c->nbindings + 1, sizeof(*c->bindings));
	b = &c->bindings[c->nbindings++];
	b->key = xstrdup(key);
	b->command = xstrdup(v);
	b->line = p->line;
}

static struct raw_profile *
find_profile(const struct config *c, const char *name)
{
	for (size_t i = 0; i < c->nprofiles; i++)
		if (strcmp(c->profiles[i].name, name) == 0)
			return &c->profiles[i];
	return NULL;
}

static bool
valid_profile_name(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++)
		if (!isalnum((unsigned char)*s) && strchr("-_.@", *s) == NULL)
			return false;
	return true;
}

/* "[name]" with the brackets stripped and trimmed. */
static int
begin_section(struct parser *p, char *s)
{
	struct config *c = p->c;
	char *name;

	p->prof = NULL;
	if (strncmp(s, "profile", 7) == 0 && (s[7] == ' ' || s[7] == '\t' || s[7] == '\0')) {
		name = s + 7;
		while (*name == ' ' || *name == '\t')
			name++;
		if (!valid_profile_name(name)) {
			parse_error(p, "expected [profile NAME] (letters, digits, - _ . @)");
			return -1;
		}
		p->sec = SEC_PROFILE;
		p->prof = find_profile(c, name);
		if (p->prof != NULL) {
			warn(p, "[profile %s] appears twice (merged)", name);
			return 0;
		}
		c->profiles = xreallocarray(c->profiles, c->nprofiles + 1, sizeof(*c->profiles));
		p->prof = &c->profiles[c->nprofiles++];
		memset(p->prof, 0, sizeof(*p->prof));
		p->prof->name = xstrdup(name);
		p->prof->read_only = -1;
		return 0;
	}
	if (strcmp(s, "ui") == 0)
		p->sec = SEC_UI;
	else if (strcmp(s, "alerts") == 0)
		p->sec = SEC_ALERTS;
	else if (strcmp(s, "keys") == 0)
		p->sec = SEC_KEYS;
	else {
		p->sec = SEC_UNKNOWN;
		warn(p, "unknown section [%s] (ignored)", s);
	}
	return 0;
}

static int
parse_line(struct parser *p, char *line)
{
	char *s = str_trim(line), *eq, *key, *v;
	size_t n;

	if (*s == '\0' || *s == '#' || *s == ';')
		return 0;
	if (*s == '[') {
		n = strlen(s);
		if (s[n - 1] != ']') {
			parse_error(p, "expected [section]");
			return -1;
		}
		s[n - 1] = '\0';
		return begin_section(p, str_trim(s + 1));
	}
	eq = strchr(s, '=');
	if (eq == NULL || eq == s) {
		parse_error(p, "expected key = value");
		return -1;
	}
	*eq = '\0';
	key = str_trim(s);
	v = str_trim(eq + 1);
	n = strlen(v);
	if (n >= 2 && v[0] == '"' && v[n - 1] == '"') {
		v[n - 1] = '\0';
		v++;
	}
	switch (p->sec) {
	case SEC_TOP:
		if (strcmp(key, "default_profile") == 0) {
			set_string(&p->c->default_profile, v, false);
			return 0;
		}
		warn(p, "unknown key '%s' outside any section (ignored)", key);
		return 0;
	case SEC_PROFILE:
		return profile_set(p, key, v);
	case SEC_UI:
		return ui_set(p, key, v);
	case SEC_ALERTS:
		return alerts_set(p, key, v);
	case SEC_KEYS:
		keys_add(p, key, v);
		return 0;
	case SEC_UNKNOWN:
		return 0;
	}
	return 0;
}

/* --- the file --------------------------------------------------------------------- */

static char *
default_path(void)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");

	if (xdg != NULL && xdg[0] == '/')
		return xasprintf("%s/bssdash/config", xdg);
	if (home == NULL || home[0] == '\0') {
		struct passwd *pw = getpwuid(getuid());

		home = pw != NULL ? pw->pw_dir : NULL;
	}
	if (home == NULL || home[0] == '\0')
		return xstrdup("");
	return xasprintf("%s/.config/bssdash/config", home);
}

/* Reads the file into b; 1 when it does not exist, 0 on success, -1 on error. */
static int
read_config_file(const char *path, struct buf *b, mode_t *mode, char *err, size_t errlen)
{
	char chunk[4096];
	struct stat st;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 && errno == ENOENT)
		return 1;
	if (fd < 0) {
		snprintf(err, errlen, "%s: cannot read: %s", path, strerror(errno));
		return -1;
	}
	/* fstat on the open file: the mode checked is the mode of what is read. */
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: not a regular file", path);
		close(fd);
		return -1;
	}
	*mode = st.st_mode;
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || buf_append(b, chunk, (size_t)n) != 0) {
			snprintf(err, errlen, "%s: %s", path, n < 0 ? strerror(errno) :
			    "too large for a configuration file");
			explicit_bzero(chunk, sizeof(chunk));
			close(fd);
			return -1;
		}
	}
	explicit_bzero(chunk, sizeof(chunk));
	close(fd);
	return 0;
}

static int
parse_file(struct config *c, char *err, size_t errlen)
{
	struct buf b = BUF_INIT(CONFIG_MAX_FILE);
	struct parser p = { .c = c, .path = c->path, .sec = SEC_TOP, .err = err, .errlen = errlen };
	mode_t mode = 0;
	int rc;

	rc = read_config_file(c->path, &b, &mode, err, errlen);
	if (rc == 1) {
		if (c->opts.config_path == NULL)
			return 0;
		snprintf(err, errlen, "%s: cannot read: %s", c->path, strerror(ENOENT));
		return -1;
	}
	c->found = rc == 0;
	if (rc == 0 && memchr(buf_cstr(&b), '\0', b.len) != NULL) {
		snprintf(err, errlen, "%s: not a text file", c->path);
		rc = -1;
	}
	for (char *line = b.data; rc == 0 && line != NULL;) {
		char *nl = strchr(line, '\n');

		if (nl != NULL)
			*nl = '\0';
		p.line++;
		rc = parse_line(&p, line);
		line = nl != NULL ? nl + 1 : NULL;
	}
	if (b.data != NULL)
		explicit_bzero(b.data, b.cap);
	buf_free(&b);
	if (rc == 0 && p.has_secrets && (mode & (S_IRGRP | S_IROTH)) != 0) {
		snprintf(err, errlen, "%s holds secrets and is readable by others (mode %04o); "
		    "chmod 600 it", c->path, (unsigned)(mode & 07777));
		rc = -1;
	}
	return rc;
}

static int
pick_active(struct config *c, char *err, size_t errlen)
{
	const char *name = c->opts.profile;

	if (name != NULL) {
		if (find_profile(c, name) == NULL && strcmp(name, CONFIG_DEFAULT_PROFILE) != 0) {
			snprintf(err, errlen, "no [profile %s] in %s", name,
			    c->found ? c->path : "the configuration (no file found)");
			return -1;
		}
	} else if (c->default_profile != NULL && *c->default_profile != '\0') {
		name = c->default_profile;
		if (find_profile(c, name) == NULL) {
			snprintf(err, errlen, "%s: default_profile = %s, but there is no "
			    "[profile %s]", c->path, name, name);
			return -1;
		}
	} else if (find_profile(c, CONFIG_DEFAULT_PROFILE) == NULL && c->nprofiles == 1) {
		name = c->profiles[0].name;
	} else {
		name = CONFIG_DEFAULT_PROFILE;
	}
	c->active = xstrdup(name);
	return 0;
}

/*
 * The request budget over the file's [ui] timeout: BSSDASH_TIMEOUT, then
 * --timeout (checked by the option parser). The dashboard and the headless
 * commands both read the result, so one setting means the same everywhere.
 * A bad environment value is only a warning: the file's value holds.
 */
static void
apply_timeout(struct config *c)
{
	const char *env = getenv("BSSDASH_TIMEOUT");
	unsigned s;

	if (env != NULL && *env != '\0') {
		if (options_seconds_parse(env, &s) == 0)
			c->ui.timeout_s = s;
		else
			add_warning(c, xasprintf("BSSDASH_TIMEOUT=%.40s is not %u to %u seconds "
			    "(ignored)", env, OPTIONS_TIMEOUT_MIN, OPTIONS_TIMEOUT_MAX));
	}
	if (c->opts.timeout_s != 0)
		c->ui.timeout_s = c->opts.timeout_s;
}

struct config *
config_load(const struct options *o, char *err, size_t errlen)
{
	static const struct options none;
	struct config *c = xcalloc(1, sizeof(*c));

	c->opts = o != NULL ? *o : none;
	c->ui = (struct config_ui){ .refresh_balance_s = 30, .refresh_s = 300, .escdelay_ms = 25,
	    .expiring_days = 30, .timeout_s = 30 };
	c->path = c->opts.config_path != NULL ? xstrdup(c->opts.config_path) : default_path();
	if ((*c->path != '\0' && parse_file(c, err, errlen) != 0) ||
	    pick_active(c, err, errlen) != 0) {
		config_free(c);
		return NULL;
	}
	if (c->opts.theme != NULL)
		set_string(&c->theme, c->opts.theme, false);
	c->ui.theme = c->theme != NULL && *c->theme != '\0' ? c->theme : "default";
	apply_timeout(c);
	return c;
}

static void
resolved_wipe(struct resolved *r)
{
	free(r->name);
	free(r->ak);
	xfree_secret(r->sk);
	xfree_secret(r->security_token);
	free(r->domain_id);
	free(r->endpoint);
	free(r->ca_file);
	memset(r, 0, sizeof(*r));
}

void
config_free(struct config *c)
{
	if (c == NULL)
		return;
	for (size_t i = 0; i < c->nprofiles; i++) {
		struct raw_profile *p = &c->profiles[i];

		free(p->name);
		free(p->ak);
		xfree_secret(p->sk);
		xfree_secret(p->security_token);
		free(p->domain_id);
		free(p->endpoint);
		free(p->ca_file);
	}
	free(c->profiles);
	for (size_t i = 0; i < c->nbindings; i++) {
		free((char *)c->bindings[i].key);
		free((char *)c->bindings[i].command);
	}
	free(c->bindings);
	for (size_t i = 0; i < c->nwarnings; i++)
		free(c->warnings[i]);
	free(c->warnings);
	resolved_wipe(&c->cur_store);
	free(c->path);
	free(c->default_profile);
	free(c->active);
	free(c->theme);
	free(c);
}

/* --- resolving a profile ------------------------------------------------------------ */

static bool
loopback_host(const char *host)
{
	struct in_addr a4;
	struct in6_addr a6;

	if (strcasecmp(host, "localhost") == 0)
		return true;
	if (inet_pton(AF_INET, host, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127;
	return inet_pton(AF_INET6, host, &a6) == 1 && IN6_IS_ADDR_LOOPBACK(&a6);
}

int
config_check_endpoint(const char *endpoint, char **out, char *err, size_t errlen)
{
	const char *auth, *end, *port, *hstart;
	char host[256];
	size_t alen, hlen;
	bool https;

	if (strncasecmp(endpoint, "https://", 8) == 0)
		auth = endpoint + 8;
	else if (strncasecmp(endpoint, "http://", 7) == 0)
		auth = endpoint + 7;
	else
		goto not_url;
	https = auth - endpoint == 8;
	alen = strcspn(auth, "/?#");
	end = auth + alen;
	if (alen == 0 || memchr(auth, '@', alen) != NULL || (*end != '\0' && strcmp(end, "/") != 0))
		goto not_url;
	if (auth[0] == '[') {
		const char *rb = memchr(auth, ']', alen);

		if (rb == NULL)
			goto not_url;
		hstart = auth + 1;
		hlen = (size_t)(rb - hstart);
		port = rb + 1 < end ? rb + 1 : NULL;
	} else {
		port = memchr(auth, ':', alen);
		hstart = auth;
		hlen = (size_t)((port != NULL ? port : end) - auth);
	}
	if (hlen == 0 || hlen >= sizeof(host))
		goto not_url;
	memcpy(host, hstart, hlen);
	host[hlen] = '\0';
	if (port != NULL) {
		char *pend;
		long n;

		if (*port != ':' || !isdigit((unsigned char)port[1]))
			goto not_url;
		n = strtol(port + 1, &pend, 10);
		if (pend != end || n < 1 || n > 65535)
			goto not_url;
	}
	if (!https && !loopback_host(host)) {
		snprintf(err, errlen, "endpoint %s refused: plain http is allowed only to loopback "
		    "(127.0.0.0/8, ::1, localhost); use https", endpoint);
		return -1;
	}
	*out = xasprintf("%s://%.*s", https ? "https" : "http", (int)alen, auth);
	return 0;
not_url:
	/* user:password@ in the URL is a secret: refused without echoing it. */
	if (strchr(endpoint, '@') != NULL)
		snprintf(err, errlen, "the endpoint is not a URL of the form https://host[:port] "
		    "(credentials go in ak and sk, never in the URL)");
	else
		snprintf(err, errlen, "endpoint '%s' is not a URL of the form https://host[:port]",
		    endpoint);
	return -1;
}

/* The environment variable's value when it applies and is set, else the fallback. */
static const char *
env_or(bool use_env, const char *var, const char *fallback)
{
	const char *v = use_env ? getenv(var) : NULL;

	if (v != NULL && *v != '\0')
		return v;
	return fallback != NULL ? fallback : "";
}

const struct config_profile *
config_use_profile(struct config *c, const char *name, char *err, size_t errlen)
{
	static const struct raw_profile implicit = { .read_only = -1 };
	const struct raw_profile *raw;
	struct resolved r = { 0 };
	enum options_site site;
	const char *endpoint, *from;
	char sub[300];
	bool active;

	if (name == NULL)
		name = c->active;
	active = strcmp(name, c->active) == 0;
	raw = find_profile(c, name);
	if (raw == NULL && !active) {
		snprintf(err, errlen, "no [profile %s] in %s", name, c->path);
		return NULL;
	}
	if (raw == NULL)
		raw = &implicit;
	site = c->opts.site != OPTIONS_SITE_UNSET ? c->opts.site :
	    raw->site != OPTIONS_SITE_UNSET ? raw->site : OPTIONS_SITE_CN;
	/* Command line, then environment, then file, then the site's default. */
	if (c->opts.site != OPTIONS_SITE_UNSET) {
		endpoint = options_site_endpoint(site);
		from = "--site";
	} else if (*env_or(active, "BSSDASH_ENDPOINT", NULL) != '\0') {
		endpoint = env_or(active, "BSSDASH_ENDPOINT", NULL);
		from = "BSSDASH_ENDPOINT";
	} else if (raw->endpoint != NULL && *raw->endpoint != '\0') {
		endpoint = raw->endpoint;
		from = c->path;
	} else {
		endpoint = options_site_endpoint(site);
		from = "site";
	}
	if (config_check_endpoint(endpoint, &r.endpoint, sub, sizeof(sub)) != 0) {
		snprintf(err, errlen, "profile %s: %s (from %s)", name, sub, from);
		return NULL;
	}
	r.name = xstrdup(name);
	r.ak = xstrdup(env_or(active, "HUAWEICLOUD_SDK_AK", raw->ak));
	r.sk = xstrdup(env_or(active, "HUAWEICLOUD_SDK_SK", raw->sk));
	r.security_token = xstrdup(env_or(active, "HUAWEICLOUD_SDK_SECURITY_TOKEN",
	    raw->security_token));
	r.domain_id = xstrdup(env_or(active, "HUAWEICLOUD_SDK_DOMAIN_ID", raw->domain_id));
	r.ca_file = xstrdup(c->opts.cacert != NULL ? c->opts.cacert :
	    raw->ca_file != NULL ? raw->ca_file : "");
	resolved_wipe(&c->cur_store);
	c->cur_store = r;
	c->cur = (struct config_profile){
		.name = r.name, .ak = r.ak, .sk = r.sk, .security_token = r.security_token,
		.domain_id = r.domain_id, .endpoint = r.endpoint, .site = site,
		.ca_file = r.ca_file, .read_only = c->opts.read_only || raw->read_only == 1,
	};
	return &c->cur;
}

int
config_need_credentials(const struct config *c, const struct config_profile *p, char *err,
    size_t errlen)
{
	const char *what;

	if (*p->ak != '\0' && *p->sk != '\0')
		return 0;
	what = *p->ak == '\0' && *p->sk == '\0' ? "no credentials" :
	    *p->ak == '\0' ? "no AK" : "no SK";
	snprintf(err, errlen, "%s for profile %s: put ak and sk in [profile %s] of %s "
	    "(chmod 600), or set HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK", what, p->name,
	    p->name, *c->path != '\0' ? c->path : "~/.config/bssdash/config");
	return -1;
}

const char *
config_path(const struct config *c)
{
	return c->path;
}

bool
config_file_found(const struct config *c)
{
	return c->found;
}

size_t
config_warning_count(const struct config *c)
{
	return c->nwarnings;
}

const char *
config_warning(const struct config *c, size_t i)
{
	return i < c->nwarnings ? c->warnings[i] : NULL;
}

size_t
config_profile_count(const struct config *c)
{
	return c->nprofiles;
}

const char *
config_profile_name(const struct config *c, size_t i)
{
	return i < c->nprofiles ? c->profiles[i].name : NULL;
}

const char *
config_active_name(const struct config *c)
{
	return c->active;
}

const struct config_ui *
config_ui(const struct config *c)
{
	return &c->ui;
}

const struct config_alerts *
config_alerts(const struct config *c)
{
	return &c->alerts;
}

size_t
config_binding_count(const struct config *c)
{
	return c->nbindings;
}

const struct config_binding *
config_binding(const struct config *c, size_t i)
{
	return i < c->nbindings ? &c->bindings[i] : NULL;
}
