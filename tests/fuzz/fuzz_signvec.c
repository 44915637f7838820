/*
 * The signing-vectors loader (api/signvec.h), fed whole files, and the
 * check of every case it loads: a failure report never shows the case's SK
 * or security token.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzzlib.h"

#include "api/signvec.h"

/* Shorter secrets could appear in a report by coincidence (or inside "[REDACTED]"). */
#define SECRET_MIN 8

static void
check_secret_absent(const char *msg, const char *secret)
{
	if (secret != NULL && strlen(secret) >= SECRET_MIN)
		FZ_CHECK(strstr(msg, secret) == NULL);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct signvec_file f;
	char err[512] = "", msg[2048];

	if (signvec_load(fz_write_file(data, size), &f, err, sizeof(err)) != 0) {
		FZ_CHECK(err[0] != '\0');
		return 0;
	}
	for (size_t i = 0; i < f.ncases; i++) {
		const struct signvec_case *c = &f.cases[i];

		fz_touch(c->name);
		msg[0] = '\0';
		if (signvec_check(c, msg, sizeof(msg)) != 0) {
			FZ_CHECK(msg[0] != '\0');
			check_secret_absent(msg, c->sk);
			check_secret_absent(msg, c->security_token);
		}
	}
	signvec_free(&f);
	return 0;
}
