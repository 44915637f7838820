/*
 * The dashboard's state file, the balance history (app/store.h): one
 * "unix-seconds<TAB>amount" line per sample, read when a profile is
 * opened. A damaged line is skipped, never trusted: the history the store
 * keeps is in time order, within the week it keeps, and every amount is
 * one the file wrote; an empty or cut-short file is reported.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzzlib.h"

#include "app/store.h"
#include "util/timeutil.h"

static char state_dir[300], state_file[340];

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	snprintf(state_dir, sizeof(state_dir), "%s", fz_scratch_path("state"));
	mkdir(state_dir, 0700);
	snprintf(state_file, sizeof(state_file), "%s/balance-fuzz.tsv", state_dir);
	/* The week kept is counted back from the clock: pin it. */
	setenv("BSSDASH_TEST_NOW", "1710490530", 1);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct store_options opt = { .profile = "fuzz", .endpoint = "https://bss.example",
		.state_dir = state_dir };
	struct store *s;
	const struct store_sample *h;
	size_t n;

	fz_write_path(state_file, data, size);
	s = store_new(&opt);
	FZ_CHECK(strcmp(store_state_path(s), state_file) == 0);
	/* An empty file, or one not ending in a newline, was damaged: the user is told. */
	if (size == 0 || data[size - 1] != '\n')
		FZ_CHECK(strstr(store_last_error(s), "balance history: ") != NULL);
	h = store_history(s, &n);
	for (size_t i = 0; i < n; i++) {
		FZ_CHECK(i == 0 || h[i].t >= h[i - 1].t);
		FZ_CHECK(h[i].t >= time_now() - 8 * 86400);
	}
	store_free(s);
	return 0;
}
