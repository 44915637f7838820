/*
 * fuzzlib: helpers shared by the libFuzzer targets in tests/fuzz/.
 *
 * A target that finds a broken property calls FZ_CHECK, which aborts with
 * the condition and the line: libFuzzer then saves the input as a crash,
 * exactly as for a sanitizer report.
 */
#ifndef BSS_FUZZ_FUZZLIB_H
#define BSS_FUZZ_FUZZLIB_H

#include <stddef.h>
#include <stdint.h>

/*
 * The credentials and instant fuzz_sign verifies with; tools/mkseeds signs
 * its seed requests with the same, so they verify and the fuzzer starts
 * past the signature check.
 */
#define FZ_SIGN_AK "FUZZAKEXAMPLE0000001"
#define FZ_SIGN_SK "FuzzSecretKey-must-never-leak-7Qx9Lm2P"
#define FZ_SIGN_DATE "20240315T081530Z"
#define FZ_SIGN_NOW 1710490530LL    /* FZ_SIGN_DATE as unix seconds */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define FZ_CHECK(cond) \
	((cond) ? (void)0 : fz_fail(#cond, __FILE__, __LINE__))

void fz_fail(const char *cond, const char *file, int line) __attribute__((noreturn));

/* A NUL-terminated heap copy of n bytes (free() it). */
char *fz_cstr(const uint8_t *data, size_t n);

/*
 * Writes the bytes to this process's scratch file (mode 0600, under
 * /dev/shm when it exists so per-input I/O stays cheap) and returns its
 * path, the same on every call; the file is removed at exit.
 */
const char *fz_write_file(const uint8_t *data, size_t n);
/* Writes the bytes to path (mode 0600), replacing what was there. */
void fz_write_path(const char *path, const uint8_t *data, size_t n);
/* A scratch path named by suffix ("in" is fz_write_file's), stable per process, removed at exit. */
const char *fz_scratch_path(const char *suffix);

/*
 * Cuts the next '\n'-terminated line off *p (NUL-terminating it in place)
 * and returns it; NULL once *p is exhausted. A final line without '\n' is
 * returned too. *p must be a writable NUL-terminated string.
 */
char *fz_next_line(char **p);

/* Reads every byte of s (so ASan sees a dangling or unterminated string) and returns its length. */
size_t fz_touch(const char *s);

#endif
