/*
 * config: profiles, credentials and settings.
 *
 * Sources, strongest first: the command line (struct options), the
 * environment (HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK,
 * HUAWEICLOUD_SDK_SECURITY_TOKEN, HUAWEICLOUD_SDK_DOMAIN_ID,
 * BSSDASH_ENDPOINT, BSSDASH_TIMEOUT), then the INI file ($XDG_CONFIG_HOME/bssdash/config,
 * ~/.config/bssdash/config when XDG_CONFIG_HOME is unset; --config FILE
 * overrides the path):
 *
 *     default_profile = work
 *     [profile work]
 *     ak = ...            sk = ...            security_token = ...
 *     domain_id = ...     endpoint = https://...   site = cn|intl
 *     ca_file = /path/ca.pem                  read_only = true|false
 *     [ui]      theme, refresh_balance (s), refresh (s), escdelay (ms), expiring_days,
 *               timeout (s: one request's budget, retries included)
 *     [alerts]  balance_below = 100.00
 *     [keys]    <key> = <command>             (kept in order for the TUI)
 *
 * Comments are whole lines starting with '#' or ';' (a value may contain
 * either, as an SK may). A value may be wrapped in double quotes.
 *
 * The environment applies to the active profile only (the one --profile,
 * default_profile, "default" or the file's only profile names): the other
 * profiles, reached through config_use_profile(), are the file's.
 *
 * Secrets (sk, security_token) live only in this module's memory and are
 * wiped with xfree_secret() when a profile is switched and in config_free().
 */
#ifndef BSS_APP_CONFIG_H
#define BSS_APP_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "app/options.h"
#include "util/money.h"

#define CONFIG_DEFAULT_PROFILE "default"

struct config;

/* A resolved profile; every string is non-NULL ("" = not set). */
struct config_profile {
	const char *name;
	const char *ak;
	const char *sk;
	const char *security_token;
	const char *domain_id;
	const char *endpoint;          /* validated "scheme://host[:port]", no trailing '/' */
	enum options_site site;        /* never UNSET */
	const char *ca_file;
	bool read_only;
};

struct config_ui {
	const char *theme;             /* --theme, else [ui] theme, else "default" */
	unsigned refresh_balance_s;    /* default 30 */
	unsigned refresh_s;            /* default 300 */
	unsigned escdelay_ms;          /* default 25 */
	unsigned expiring_days;        /* default 30 */
	unsigned timeout_s;            /* --timeout, BSSDASH_TIMEOUT, [ui] timeout, 30: http timeout_ms */
};

struct config_alerts {
	bool has_balance_below;
	money_t balance_below;
};

/* A [keys] line, raw: the TUI's keymap gives it meaning. */
struct config_binding {
	const char *key;
	const char *command;
	unsigned line;                 /* for the TUI's messages about a bad binding */
};

/*
 * Reads the configuration for the options given. A missing file is fine
 * unless --config named it. Returns NULL with a one-line message in err
 * ("FILE:12: expected key = value", "FILE holds secrets and is readable by
 * others; chmod 600 it", unreadable file, --profile naming no profile).
 */
struct config *config_load(const struct options *o, char *err, size_t errlen);
/* Wipes every secret, then frees. NULL is fine. */
void config_free(struct config *c);

/* The file read, or the one that would have been ("" when no home is known). */
const char *config_path(const struct config *c);
bool config_file_found(const struct config *c);

/*
 * Unknown sections and keys, duplicates: "FILE:7: unknown key 'x' in [ui]
 * (ignored)"; a bad BSSDASH_TIMEOUT. Every command shows them once: the
 * headless ones on stderr, the dashboard in its status line.
 */
size_t config_warning_count(const struct config *c);
const char *config_warning(const struct config *c, size_t i);

/* Profile names in file order (the TUI's `P`, --all-profiles). */
size_t config_profile_count(const struct config *c);
const char *config_profile_name(const struct config *c, size_t i);
/* The profile chosen at load time. */
const char *config_active_name(const struct config *c);

/*
 * Resolves a profile (NULL = the active one) and makes it current: the
 * returned view and its strings live until the next call or config_free(),
 * and the previous view's secrets are wiped. NULL with a message in err for
 * an unknown name or a refused endpoint (plain http to anything but
 * loopback, not scheme://host[:port]).
 */
const struct config_profile *config_use_profile(struct config *c, const char *name, char *err,
    size_t errlen);

/*
 * 0 when p has an AK and an SK; else -1 and a one-line message saying where
 * to put them (the file path and the environment variables).
 */
int config_need_credentials(const struct config *c, const struct config_profile *p, char *err,
    size_t errlen);

const struct config_ui *config_ui(const struct config *c);
const struct config_alerts *config_alerts(const struct config *c);
size_t config_binding_count(const struct config *c);
const struct config_binding *config_binding(const struct config *c, size_t i);

/*
 * Endpoint check shared with anything that takes a URL from the user:
 * https anywhere, plain http only to 127.0.0.0/8, ::1 or localhost. On
 * success writes the normalised "scheme://host[:port]" to out (heap).
 */
int config_check_endpoint(const char *endpoint, char **out, char *err, size_t errlen);

#endif
