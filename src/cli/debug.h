/*
 * debug: troubleshooting aids for the first wall every user of this API
 * hits, a rejected signature (APIGW.0301).
 *
 *   bssdash debug sign --vectors FILE
 *   bssdash debug sign METHOD URL [--body FILE] [--header 'K: V']... [--date D]
 */
#ifndef BSS_CLI_DEBUG_H
#define BSS_CLI_DEBUG_H

#include "app/options.h"

/* argv[0] is "debug". Returns the exit status: 0, 1 (a check failed), 2 (usage, bad input). */
int debug_main(const struct options *o, int argc, char **argv);

#endif
