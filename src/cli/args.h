/*
 * args: small pieces of argument parsing shared by the headless commands.
 */
#ifndef BSS_CLI_ARGS_H
#define BSS_CLI_ARGS_H

/*
 * The whole of s as a decimal number in min..max: 0 and *out, or -1 after
 * telling stderr "bssdash: OPT takes a number from MIN to MAX".
 */
int cli_number(const char *opt, const char *s, long min, long max, long *out);

#endif
