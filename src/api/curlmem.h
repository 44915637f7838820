/*
 * curlmem: libcurl's global initialisation with allocation callbacks that
 * wipe every block libcurl frees or moves. libcurl copies the request's
 * headers, the security token among them, into buffers of its own and frees
 * them as they are: without this, the token outlives the request in freed
 * heap memory (tests/e2e/secrets_exit.sh looks for it at exit).
 */
#ifndef BSS_API_CURLMEM_H
#define BSS_API_CURLMEM_H

/* curl_global_init(CURL_GLOBAL_DEFAULT) with the wiping allocator: once per
 * process, before any libcurl handle exists. 0, or -1 when libcurl refuses.
 * curl_global_cleanup() undoes it as usual. */
int curlmem_global_init(void);

#endif
