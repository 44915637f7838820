/* app/config and app/options: files in temp dirs, environment, permissions, endpoints. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/config.h"
#include "app/options.h"
#include "util/money.h"

static const char *const env_vars[] = {
	"HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK", "HUAWEICLOUD_SDK_SECURITY_TOKEN",
	"HUAWEICLOUD_SDK_DOMAIN_ID", "BSSDASH_ENDPOINT", "BSSDASH_TIMEOUT",
};

struct fx {
	char dir[64];
	char path[128];
	struct options o;
	char err[512];
};

/* Each test gets an empty temp dir as XDG_CONFIG_HOME and no credential variables. */
static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	snprintf(f->dir, sizeof(f->dir), "/tmp/bssdash-config-XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->path, sizeof(f->path), "%s/config", f->dir);
	setenv("XDG_CONFIG_HOME", f->dir, 1);
	for (size_t i = 0; i < sizeof(env_vars) / sizeof(env_vars[0]); i++)
		unsetenv(env_vars[i]);
	f->o.config_path = f->path;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;
	char sub[160];

	unlink(f->path);
	snprintf(sub, sizeof(sub), "%s/bssdash/config", f->dir);
	unlink(sub);
	snprintf(sub, sizeof(sub), "%s/bssdash", f->dir);
	rmdir(sub);
	rmdir(f->dir);
	free(f);
	return 0;
}

static void
write_config(struct fx *f, const char *text, mode_t mode)
{
	FILE *fp = fopen(f->path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	assert_int_equal(chmod(f->path, mode), 0);
}

static struct config *
load_ok(struct fx *f)
{
	struct config *c = config_load(&f->o, f->err, sizeof(f->err));

	if (c == NULL)
		fail_msg("config_load: %s", f->err);
	return c;
}

static void
load_fails(struct fx *f, const char *text, const char *want)
{
	char expect[512];

	write_config(f, text, 0600);
	assert_null(config_load(&f->o, f->err, sizeof(f->err)));
	snprintf(expect, sizeof(expect), "%s:%s", f->path, want);
	assert_string_equal(f->err, expect);
}

static const char full[] =
    "# bssdash\n"
    "default_profile = work\n"
    "\n"
    "[profile home]\n"
    "ak = HOMEAK\n"
    "sk = HOMESK\n"
    "site = intl\n"
    "\n"
    "[profile work]\n"
    "  ak=WORKAK  \n"
    "sk = \"s k#;=\"\n"
    "security_token = TOKEN\n"
    "domain_id = dom-1\n"
    "endpoint = https://bss.example.com:8443/\n"
    "ca_file = /etc/ca.pem\n"
    "read_only = yes\n"
    "\n"
    "[ui]\n"
    "theme = mono\n"
    "refresh_balance = 15\n"
    "refresh = 600\n"
    "escdelay = 50\n"
    "expiring_days = 7\n"
    "[alerts]\n"
    "balance_below = 100.50\n"
    "[keys]\n"
    "C-r = refresh\n"
    "x = pay\n";

static void
parses_every_setting(void **state)
{
	struct fx *f = *state;
	const struct config_profile *p;
	const struct config_ui *ui;
	struct config *c;

	write_config(f, full, 0600);
	c = load_ok(f);
	assert_true(config_file_found(c));
	assert_string_equal(config_path(c), f->path);
	assert_int_equal(config_warning_count(c), 0);
	assert_int_equal(config_profile_count(c), 2);
	assert_string_equal(config_profile_name(c, 0), "home");
	assert_string_equal(config_profile_name(c, 1), "work");
	assert_null(config_profile_name(c, 2));
	assert_string_equal(config_active_name(c), "work");

	p = config_use_profile(c, NULL, f->err, sizeof(f->err));
	assert_non_null(p);
	assert_string_equal(p->name, "work");
	assert_string_equal(p->ak, "WORKAK");
	assert_string_equal(p->sk, "s k#;=");
	assert_string_equal(p->security_token, "TOKEN");
	assert_string_equal(p->domain_id, "dom-1");
	assert_string_equal(p->endpoint, "https://bss.example.com:8443");
	assert_string_equal(p->ca_file, "/etc/ca.pem");
	assert_int_equal(p->site, OPTIONS_SITE_CN);
	assert_true(p->read_only);
	assert_int_equal(config_need_credentials(c, p, f->err, sizeof(f->err)), 0);

	/* Switching: the other profile, its site's endpoint, nothing of the first. */
	p = config_use_profile(c, "home", f->err, sizeof(f->err));
	assert_non_null(p);
	assert_string_equal(p->ak, "HOMEAK");
	assert_string_equal(p->sk, "HOMESK");
	assert_string_equal(p->security_token, "");
	assert_string_equal(p->endpoint, "https://bss-intl.myhuaweicloud.com");
	assert_false(p->read_only);
	assert_null(config_use_profile(c, "nope", f->err, sizeof(f->err)));
	assert_non_null(strstr(f->err, "no [profile nope]"));

	ui = config_ui(c);
	assert_string_equal(ui->theme, "mono");
	assert_int_equal(ui->refresh_balance_s, 15);
	assert_int_equal(ui->refresh_s, 600);
	assert_int_equal(ui->escdelay_ms, 50);
	assert_int_equal(ui->expiring_days, 7);
	assert_true(config_alerts(c)->has_balance_below);
	assert_true(config_alerts(c)->balance_below == MONEY_UNITS(100) + 50000000);
	assert_int_equal(config_binding_count(c), 2);
	assert_string_equal(config_binding(c, 0)->key, "C-r");
	assert_string_equal(config_binding(c, 0)->command, "refresh");
	assert_int_equal(config_binding(c, 0)->line, 27);
	assert_string_equal(config_binding(c, 1)->key, "x");
	assert_string_equal(config_binding(c, 1)->command, "pay");
	config_free(c);
}

static void
defaults_and_no_file(void **state)
{
	struct fx *f = *state;
	const struct config_profile *p;
	struct config *c;

	/* No --config and no file under XDG_CONFIG_HOME: fine, defaults apply. */
	f->o.config_path = NULL;
	c = load_ok(f);
	assert_false(config_file_found(c));
	assert_non_null(strstr(config_path(c), f->dir));
	assert_non_null(strstr(config_path(c), "/bssdash/config"));
	assert_int_equal(config_profile_count(c), 0);
	assert_string_equal(config_active_name(c), "default");
	assert_string_equal(config_ui(c)->theme, "default");
	assert_int_equal(config_ui(c)->refresh_balance_s, 30);
	assert_int_equal(config_ui(c)->refresh_s, 300);
	assert_int_equal(config_ui(c)->escdelay_ms, 25);
	assert_int_equal(config_ui(c)->expiring_days, 30);
	assert_false(config_alerts(c)->has_balance_below);
	p = config_use_profile(c, NULL, f->err, sizeof(f->err));
	assert_non_null(p);
	assert_string_equal(p->endpoint, "https://bss.myhuaweicloud.com");
	assert_int_equal(p->site, OPTIONS_SITE_CN);
	/* Asking for credentials that nobody gave: one line saying where to put them. */
	assert_int_equal(config_need_credentials(c, p, f->err, sizeof(f->err)), -1);
	assert_non_null(strstr(f->err, "no credentials for profile default"));
	assert_non_null(strstr(f->err, config_path(c)));
	assert_non_null(strstr(f->err, "HUAWEICLOUD_SDK_AK"));
	assert_null(strchr(f->err, '\n'));
	config_free(c);

	/* An explicit --config that does not exist is an error. */
	f->o.config_path = f->path;
	assert_null(config_load(&f->o, f->err, sizeof(f->err)));
	assert_non_null(strstr(f->err, "cannot read"));
	/* So is one that cannot be read as a file. */
	f->o.config_path = f->dir;
	assert_null(config_load(&f->o, f->err, sizeof(f->err)));
	assert_non_null(strstr(f->err, "not a regular file"));
}

static void
environment_overrides_file(void **state)
{
	struct fx *f = *state;
	const struct config_profile *p;
	struct config *c;

	write_config(f, "[profile default]\nak = FILEAK\nsk = FILESK\ndomain_id = filedom\n"
	    "endpoint = https://file.example\n[profile other]\nak = OAK\nsk = OSK\n", 0600);
	setenv("HUAWEICLOUD_SDK_AK", "ENVAK", 1);
	setenv("HUAWEICLOUD_SDK_SK", "ENVSK", 1);
	setenv("HUAWEICLOUD_SDK_SECURITY_TOKEN", "ENVTOKEN", 1);
	setenv("HUAWEICLOUD_SDK_DOMAIN_ID", "", 1); /* empty = unset */
	setenv("BSSDASH_ENDPOINT", "http://127.0.0.1:9999", 1);
	c = load_ok(f);
	p = config_use_profile(c, NULL, f->err, sizeof(f->err));
	assert_non_null(p);
	assert_string_equal(p->ak, "ENVAK");
	assert_string_equal(p->sk, "ENVSK");
	assert_string_equal(p->security_token, "ENVTOKEN");
	assert_string_equal(p->domain_id, "filedom");
	assert_string_equal(p->endpoint, "http://127.0.0.1:9999");
	/* The environment is the active profile's; the others stay the file's. */
	p = config_use_profile(c, "other", f->err, sizeof(f->err));
	assert_non_null(p);
	assert_string_equal(p->ak, "OAK");
	assert_string_equal(p->security_token, "");
	assert_string_equal(p->endpoint, "https://bss.myhuaweicloud.com");
	config_free(c);

	/* The environment alone is enough. */
	unlink(f->path);
	f->o.config_path = NULL;
	c = load_ok(f);
	p = config_use_profile(c, NULL, f->err, sizeof(f->err));
	assert_non_null(p);
	assert_int_equal(config_need_credentials(c, p, f->err, sizeof(f->err)), 0);
	/* --site on the command line beats the environment's endpoint. */
	config_free(c);
	f->o.site = OPTIONS_SITE_INTL;
	c = load_ok(f);
	p = config_use_profile(c, NULL, f->err, sizeof(f->err));
	assert_string_equal(p->endpoint, "https://bss-intl.myhuaweicloud.com");
	assert_int_equal(p->site, OPTIONS_SITE_INTL);
	config_free(c);
}

static void
secrets_need_private_file(void **state)
{
	struct fx *f = *state;
	struct config *c;
	char want[256];

	write_config(f, "[profile default]\nak = A\nsk = SECRET\n", 0644);
	assert_null(config_load(&f->o, f->err, sizeof(f->err)));
	snprintf(want, sizeof(want), "%s holds secrets and is readable by others (mode 0644); "
	    "chmod 600 it", f->path);
	assert_string_equal(f->err, want);
	assert_null(strstr(f->err, "SECRET"));

	write_config(f, "[profile default]\nak = A\nsecurity_token = T\n", 0640);
	assert_null(config_load(&f->o, f->err, sizeof(f->err)));
	assert_non_null(strstr(f->err, "chmod 600 it"));

	write_config(f, "[profile default]\nak = A\nsk = SECRET\n", 0600);
	c = load_ok(f);
	config_free(c);
	/* Without secrets a readable file is fine (the SK may come from the environment). */
	write_config(f, "[profile default]\nak = A\nsk =\n", 0644);
	c = load_ok(f);
	config_free(c);
}

static void
malformed_lines_name_file_and_line(void **state)
{
	struct fx *f = *state;

	load_fails(f, "[ui]\nrefresh = 60\nnot a pair\n", "3: expected key = value");
	load_fails(f, "[ui]\n= 5\n", "2: expected key = value");
	load_fails(f, "\n[ui\n", "2: expected [section]");
	load_fails(f, "[profile]\n", "1: expected [profile NAME] (letters, digits, - _ . @)");
	load_fails(f, "[profile a b]\n", "1: expected [profile NAME] (letters, digits, - _ . @)");
	load_fails(f, "[ui]\nrefresh = 1\n",
	    "2: refresh must be a whole number of seconds from 10 to 86400");
	load_fails(f, "[ui]\nescdelay = -1\n",
	    "2: escdelay must be a whole number of milliseconds from 0 to 1000");
	load_fails(f, "[profile p]\nsite = eu\n", "2: site must be cn or intl");
	load_fails(f, "[profile p]\nread_only = maybe\n", "2: read_only must be true or false");
	load_fails(f, "[alerts]\nbalance_below = 1e3\n",
	    "2: balance_below must be an amount such as 100.00");
}

static void
unknown_keys_warn(void **state)
{
	struct fx *f = *state;
	struct config *c;
	char want[256];

	write_config(f, "colour = red\n[ui]\ntheme = x\nfoo = 1\n[weird]\nbar = 2\n"
	    "[profile p]\nak = A\nregion = cn-north-4\n[profile p]\nsk = S\n", 0600);
	c = load_ok(f);
	assert_int_equal(config_warning_count(c), 5);
	snprintf(want, sizeof(want), "%s:1: unknown key 'colour' outside any section (ignored)",
	    f->path);
	assert_string_equal(config_warning(c, 0), want);
	snprintf(want, sizeof(want), "%s:4: unknown key 'foo' in [ui] (ignored)", f->path);
	assert_string_equal(config_warning(c, 1), want);
	snprintf(want, sizeof(want), "%s:5: unknown section [weird] (ignored)", f->path);
	assert_string_equal(config_warning(c, 2), want);
	snprintf(want, sizeof(want), "%s:9: unknown key 'region' in [profile p] (ignored)",
	    f->path);
	assert_string_equal(config_warning(c, 3), want);
	snprintf(want, sizeof(want), "%s:10: [profile p] appears twice (merged)", f->path);
	assert_string_equal(config_warning(c, 4), want);
	assert_null(config_warning(c, 5));
	/* The only profile is the active one; its two halves were merged. */
	assert_string_equal(config_active_name(c), "p");
	assert_int_equal(config_profile_count(c), 1);
	assert_string_equal(config_use_profile(c, NULL, f->err, sizeof(f->err))->sk, "S");
	config_free(c);
}

static void
endpoint_rules(void **state)
{
	static const struct {
		const char *in;
		const char *out;            /* NULL = refused */
	} t[] = {
		{ "https://bss.myhuaweicloud.com", "https://bss.myhuaweicloud.com" },
		{ "HTTPS://bss.example.com:443/", "https://bss.example.com:443" },
		{ "http://127.0.0.1:8080", "http://127.0.0.1:8080" },
		{ "http://127.9.8.7", "http://127.9.8.7" },
		{ "http://localhost:1", "http://localhost:1" },
		{ "http://[::1]:8080", "http://[::1]:8080" },
		{ "https://[2001:db8::1]", "https://[2001:db8::1]" },
		{ "http://bss.myhuaweicloud.com", NULL },
		{ "http://128.0.0.1", NULL },
		{ "http://10.0.0.1:80", NULL },
		{ "http://[::2]", NULL },
		{ "http://localhost.example.com", NULL },
		{ "ftp://127.0.0.1", NULL },
		{ "https://h/v2", NULL },
		{ "https://user@h", NULL },
		{ "https://h:0", NULL },
		{ "https://h:99999", NULL },
		{ "https://h:", NULL },
		{ "https://", NULL },
		{ "bss.myhuaweicloud.com", NULL },
	};
	char err[256], *out;

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		out = NULL;
		if (t[i].out != NULL) {
			if (config_check_endpoint(t[i].in, &out, err, sizeof(err)) != 0)
				fail_msg("%s refused: %s", t[i].in, err);
			assert_string_equal(out, t[i].out);
			free(out);
		} else if (config_check_endpoint(t[i].in, &out, err, sizeof(err)) == 0) {
			fail_msg("%s accepted as %s", t[i].in, out);
		}
	}
	assert_int_equal(config_check_endpoint("http://bss.example.com", &out, err, sizeof(err)),
	    -1);
	assert_string_equal(err, "endpoint http://bss.example.com refused: plain http is allowed "
	    "only to loopback (127.0.0.0/8, ::1, localhost); use https");
}

static void
http_endpoint_in_profile_refused(void **state)
{
	struct fx *f = *state;
	struct config *c;

	write_config(f, "[profile default]\nendpoint = http://bss.example.com\n", 0600);
	c = load_ok(f);
	assert_null(config_use_profile(c, NULL, f->err, sizeof(f->err)));
	assert_non_null(strstr(f->err, "plain http is allowed only to loopback"));
	assert_non_null(strstr(f->err, f->path));
	config_free(c);
}

static void
profile_selection(void **state)
{
	struct fx *f = *state;
	struct config *c;

	write_config(f, "[profile a]\nak = A\n[profile b]\nak = B\n", 0600);
	/* Two profiles, none called default, no default_profile: the implicit "default". */
	c = load_ok(f);
	assert_string_equal(config_active_name(c), "default");
	config_free(c);
	f->o.profile = "b";
	c = load_ok(f);
	assert_string_equal(config_active_name(c), "b");
	assert_string_equal(config_use_profile(c, NULL, f->err, sizeof(f->err))->ak, "B");
	config_free(c);
	f->o.profile = "zzz";
	assert_null(config_load(&f->o, f->err, sizeof(f->err)));
	assert_non_null(strstr(f->err, "no [profile zzz]"));
	f->o.profile = NULL;
	write_config(f, "default_profile = c\n[profile a]\nak = A\n", 0600);
	assert_null(config_load(&f->o, f->err, sizeof(f->err)));
	assert_non_null(strstr(f->err, "default_profile = c, but there is no [profile c]"));

	/* Command-line options apply on top of the file. */
	write_config(f, "[profile a]\nca_file = /file.pem\n[ui]\ntheme = mono\n", 0600);
	f->o.cacert = "/cli.pem";
	f->o.read_only = true;
	f->o.theme = "dark";
	c = load_ok(f);
	assert_string_equal(config_use_profile(c, NULL, f->err, sizeof(f->err))->ca_file,
	    "/cli.pem");
	assert_true(config_use_profile(c, NULL, f->err, sizeof(f->err))->read_only);
	assert_string_equal(config_ui(c)->theme, "dark");
	config_free(c);
}

/* The dashboard and the headless commands read one timeout: option > environment > file. */
static void
timeout_precedence(void **state)
{
	struct fx *f = *state;
	struct config *c;

	write_config(f, "[ui]\ntimeout = 5\n", 0600);
	c = load_ok(f);
	assert_int_equal(config_ui(c)->timeout_s, 5);
	config_free(c);
	setenv("BSSDASH_TIMEOUT", "7", 1);
	c = load_ok(f);
	assert_int_equal(config_ui(c)->timeout_s, 7);
	assert_int_equal(config_warning_count(c), 0);
	config_free(c);
	f->o.timeout_s = 9;
	c = load_ok(f);
	assert_int_equal(config_ui(c)->timeout_s, 9);
	config_free(c);
	/* A bad environment value is a warning; the file's value holds. */
	f->o.timeout_s = 0;
	setenv("BSSDASH_TIMEOUT", "0", 1);
	c = load_ok(f);
	assert_int_equal(config_ui(c)->timeout_s, 5);
	assert_int_equal(config_warning_count(c), 1);
	assert_string_equal(config_warning(c, 0), "BSSDASH_TIMEOUT=0 is not 1 to 600 seconds (ignored)");
	config_free(c);
}

static void
options_parsing(void **state)
{
	char *argv1[] = { "bssdash", "--config", "/c", "--profile=p", "--site", "intl",
		"--read-only", "--dry-run", "--demo", "--all-profiles", "--log", "/l",
		"--cacert", "/ca", "--theme", "t", "--timeout", "12", "debug", "--site", "x", NULL };
	char *argv2[] = { "bssdash", "-V", "--", "-h", NULL };
	char *bad[][3] = {
		{ "bssdash", "--site", "eu" }, { "bssdash", "--bogus", "x" },
		{ "bssdash", "-x", "y" }, { "bssdash", "--help=yes", "y" },
		{ "bssdash", "--config=", "y" }, { "bssdash", "--timeout", "0" },
		{ "bssdash", "--timeout", "601" }, { "bssdash", "--timeout=5s", "y" },
	};
	char *missing[] = { "bssdash", "--profile", NULL };
	struct options o;
	char err[256];

	(void)state;
	assert_int_equal(options_parse(21, argv1, &o, err, sizeof(err)), 18);
	assert_int_equal(o.timeout_s, 12);
	assert_string_equal(o.config_path, "/c");
	assert_string_equal(o.profile, "p");
	assert_int_equal(o.site, OPTIONS_SITE_INTL);
	assert_true(o.read_only && o.dry_run && o.demo && o.all_profiles);
	assert_string_equal(o.log_path, "/l");
	assert_string_equal(o.cacert, "/ca");
	assert_string_equal(o.theme, "t");
	assert_false(o.help || o.version);

	assert_int_equal(options_parse(4, argv2, &o, err, sizeof(err)), 3);
	assert_true(o.version);
	assert_false(o.help);

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(options_parse(3, bad[i], &o, err, sizeof(err)), -1);
	assert_int_equal(options_parse(3, bad[0], &o, err, sizeof(err)), -1);
	assert_string_equal(err, "bssdash: --site must be cn or intl, not 'eu'");
	assert_int_equal(options_parse(3, bad[5], &o, err, sizeof(err)), -1);
	assert_string_equal(err, "bssdash: --timeout must be 1 to 600 seconds, not '0'");
	assert_int_equal(options_parse(2, missing, &o, err, sizeof(err)), -1);
	assert_string_equal(err, "bssdash: --profile needs a value (NAME)");
	assert_string_equal(options_site_endpoint(OPTIONS_SITE_UNSET),
	    "https://bss.myhuaweicloud.com");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(parses_every_setting, setup, teardown),
		cmocka_unit_test_setup_teardown(defaults_and_no_file, setup, teardown),
		cmocka_unit_test_setup_teardown(environment_overrides_file, setup, teardown),
		cmocka_unit_test_setup_teardown(secrets_need_private_file, setup, teardown),
		cmocka_unit_test_setup_teardown(malformed_lines_name_file_and_line, setup, teardown),
		cmocka_unit_test_setup_teardown(unknown_keys_warn, setup, teardown),
		cmocka_unit_test(endpoint_rules),
		cmocka_unit_test_setup_teardown(http_endpoint_in_profile_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(profile_selection, setup, teardown),
		cmocka_unit_test_setup_teardown(timeout_precedence, setup, teardown),
		cmocka_unit_test(options_parsing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
