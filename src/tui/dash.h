/*
 * dash: the dashboard command (`bssdash` with no command, `bssdash --demo`).
 *
 * Wires the pieces for one run: config and profile, the connection
 * (app/store_bss), the store, the key table with the config's [keys], the
 * theme, then ui_run on one uv loop, and the ordered shutdown.
 */
#ifndef BSS_TUI_DASH_H
#define BSS_TUI_DASH_H

#include "app/options.h"

/* As a main.c command: argv[0] is the command name. Returns the exit status. */
int dash_main(const struct options *o, int argc, char **argv);

#endif
