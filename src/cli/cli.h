/*
 * cli: the headless commands (rows of main.c's command table).
 *
 *   get WHAT [--output table|json|csv|markdown] [filters]      cli/get.c
 *   monitor [--balance-below AMOUNT] [--expiring-within DAYS]  cli/monitor.c
 *           [--interval SECONDS] [--once] [--exec CMD]
 *   pay, cancel, renew, unsubscribe, autorenew, on-expiry      cli/act.c
 *   journal [--pending] [--reconcile]                          cli/act.c
 *
 * Each gets the global options and its own arguments (argv[0] is the
 * command's name) and returns the exit status. Exit statuses:
 *   0 done; 1 failed (one line on stderr says why); 2 usage error;
 *   3 (actions) not confirmed or refused: nothing was sent;
 *   monitor --once: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.
 */
#ifndef BSS_CLI_CLI_H
#define BSS_CLI_CLI_H

#include "app/options.h"

int get_main(const struct options *o, int argc, char **argv);
int monitor_main(const struct options *o, int argc, char **argv);
/* pay, cancel, renew, unsubscribe, autorenew, on-expiry: by argv[0]. */
int act_main(const struct options *o, int argc, char **argv);
int journal_main(const struct options *o, int argc, char **argv);

#endif
