/*
 * options: the global command-line options, given before the command
 * (`bssdash [OPTIONS] [COMMAND [ARGS]]`).
 *
 * main.c parses them once and hands a const struct to every command. The
 * strings point into argv and live as long as the program.
 */
#ifndef BSS_APP_OPTIONS_H
#define BSS_APP_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* The bounds of a request's time budget in seconds, wherever it is set. */
#define OPTIONS_TIMEOUT_MIN 1u
#define OPTIONS_TIMEOUT_MAX 600u

enum options_site {
	OPTIONS_SITE_UNSET = 0,
	OPTIONS_SITE_CN,     /* Chinese mainland: https://bss.myhuaweicloud.com */
	OPTIONS_SITE_INTL,   /* international: https://bss-intl.myhuaweicloud.com */
};

struct options {
	const char *config_path;       /* --config FILE; NULL = the XDG default */
	const char *profile;           /* --profile NAME; NULL = default_profile */
	enum options_site site;        /* --site cn|intl */
	const char *log_path;          /* --log FILE */
	const char *cacert;            /* --cacert FILE */
	const char *theme;             /* --theme NAME */
	unsigned timeout_s;            /* --timeout SECONDS; 0 = not given */
	bool read_only;                /* --read-only: refuse every money-moving action */
	bool dry_run;                  /* --dry-run: show what actions would send */
	bool demo;                     /* --demo: run against the embedded simulator */
	bool all_profiles;             /* --all-profiles */
	bool help;                     /* -h, --help */
	bool version;                  /* -V, --version */
};

/*
 * Parses the options in argv[1..] up to the first argument that is not an
 * option (or just after "--"). Returns the index of the command in argv
 * (argc when there is none), or -1 with a one-line message in err for an
 * unknown option or a missing or bad value.
 */
int options_parse(int argc, char **argv, struct options *o, char *err, size_t errlen);

/* Prints the option list for --help, from the same table the parser reads. */
void options_usage(FILE *fp);

/* "cn" / "intl" -> site; -1 when the text is neither. */
int options_site_parse(const char *s, enum options_site *out);
/* A time budget in whole seconds within the bounds above; -1 when it is not one. */
int options_seconds_parse(const char *s, unsigned *out);
/* The default endpoint of a site (UNSET means cn). */
const char *options_site_endpoint(enum options_site site);

#endif
