/*
 * Signer benchmark, our side: signatures per second of sign_request() on the
 * requests of one or more vectors files, round-robin, on the calling thread.
 *
 * Every case is first checked field by field against the file (signvec_check),
 * so the figure is of correct signatures of the same requests the Node side
 * signs. Rates are per second of the process's CPU time (all threads), like
 * the Node side's. While timing, sdk_date is NULL: the signer reads and formats the
 * clock for every signature, as the SDK does with moment().
 *
 * usage: sign_bench [--seconds S] FILE...
 * Output: "c <rate>" (signatures per second), "#" lines for notes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/sign.h"
#include "api/signvec.h"
#include "util/xalloc.h"

#define MAX_FILES 8

/* CPU time of the process: on a shared machine, wall time would count other programs' turns. */
static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Signs the inputs round-robin for `seconds` of CPU time; returns signatures per CPU second. */
static double
rate(const struct sign_input *in, size_t n, double seconds)
{
	double start = now_s(), end = start + seconds, t;
	unsigned long count = 0;
	char err[256];

	for (;;) {
		for (int i = 0; i < 64; i++, count++) {
			struct sign_output out = { 0 };

			if (sign_request(&in[count % n], &out, err, sizeof(err)) != 0) {
				fprintf(stderr, "sign_bench: %s\n", err);
				exit(1);
			}
			sign_output_free(&out);
		}
		t = now_s();
		if (t >= end)
			return (double)count / (t - start);
	}
}

int
main(int argc, char **argv)
{
	struct signvec_file files[MAX_FILES];
	struct sign_input *in = NULL;
	size_t nfiles = 0, n = 0;
	double seconds = 3;
	char msg[4096];

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--seconds") == 0 && i + 1 < argc) {
			seconds = atof(argv[++i]);
			continue;
		}
		if (nfiles == MAX_FILES || signvec_load(argv[i], &files[nfiles], msg, sizeof(msg)) != 0) {
			fprintf(stderr, "sign_bench: %s\n", nfiles == MAX_FILES ? "too many files" : msg);
			return 2;
		}
		nfiles++;
	}
	if (nfiles == 0 || seconds <= 0) {
		fprintf(stderr, "usage: sign_bench [--seconds S] FILE...\n");
		return 2;
	}
	for (size_t f = 0; f < nfiles; f++) {
		in = xreallocarray(in, n + files[f].ncases, sizeof(*in));
		for (size_t i = 0; i < files[f].ncases; i++, n++) {
			const struct signvec_case *c = &files[f].cases[i];

			if (signvec_check(c, msg, sizeof(msg)) != 0) {
				fprintf(stderr, "sign_bench: case %s: %s\n", c->name, msg);
				return 1;
			}
			signvec_input(c, &in[n]);
			in[n].sdk_date = NULL;
		}
	}
	rate(in, n, seconds / 3);	/* warm caches and the allocator */
	printf("# %zu cases checked field by field against the files\n", n);
	printf("c %.0f\n", rate(in, n, seconds));
	free(in);
	for (size_t f = 0; f < nfiles; f++)
		signvec_free(&files[f]);
	return 0;
}
