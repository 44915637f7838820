/*
 * timeutil: the clock, and the API's time formats.
 *
 * time_now() is the only wall clock the program reads, so tests can pin it
 * with BSSDASH_TEST_NOW=<unix seconds> (STYLE.md: an injectable clock).
 */
#ifndef BSS_UTIL_TIMEUTIL_H
#define BSS_UTIL_TIMEUTIL_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define TIME_ISO_BUFSZ 24   /* "2024-03-15T08:15:30Z" */
#define TIME_SDK_BUFSZ 17   /* "20240315T081530Z" */

time_t time_now(void);
/* Monotonic milliseconds, for timeouts and benchmarks (not pinned by tests). */
uint64_t time_mono_ms(void);

/* yyyy-MM-ddTHH:mm:ssZ (UTC). */
const char *time_format_iso(time_t t, char buf[TIME_ISO_BUFSZ]);
/* YYYYMMDDTHHMMSSZ (UTC), the X-Sdk-Date format. */
const char *time_format_sdk(time_t t, char buf[TIME_SDK_BUFSZ]);
/* Strict parsers: 0, or -1 when the text is not exactly that format. */
int time_parse_iso(const char *s, time_t *out);
int time_parse_sdk(const char *s, time_t *out);
/* YYYY-MM-DD and YYYY-MM, read as dates in UTC+8 (billing dates). */
int time_parse_date(const char *s, time_t *out);
int time_parse_month(const char *s, time_t *out);
/* Formats t as a UTC+8 date (YYYY-MM-DD) or month (YYYY-MM). */
const char *time_format_date_cn(time_t t, char buf[11]);
const char *time_format_month_cn(time_t t, char buf[8]);

#endif
