/*
 * uintparse: a whole decimal number in bounds, as settings are written
 * ("30", not "+30", " 30", "30s" or "0x1e"), for the config file, the
 * environment and the command line alike.
 */
#ifndef BSS_UTIL_UINTPARSE_H
#define BSS_UTIL_UINTPARSE_H

/* 0 and *out set when s is a number from min to max; -1 otherwise (*out untouched). */
int uint_parse(const char *s, unsigned min, unsigned max, unsigned *out);
int ulong_parse(const char *s, unsigned long min, unsigned long max, unsigned long *out);

#endif
