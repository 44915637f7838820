/*
 * config_check_endpoint, the gate every user-given URL passes: whatever it
 * accepts is "http(s)://host[:port]" with no path, credentials or trailing
 * slash, and plain http only to loopback.
 */
#include <arpa/inet.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fuzzlib.h"

#include "app/config.h"

/* The test's own reading of "loopback" for one host name, independent of config.c's. */
static bool
is_loopback_name(const char *host)
{
	struct in_addr a4;
	struct in6_addr a6;

	if (strcasecmp(host, "localhost") == 0)
		return true;
	if (inet_pton(AF_INET6, host, &a6) == 1)
		return IN6_IS_ADDR_LOOPBACK(&a6);
	return inet_pton(AF_INET, host, &a4) == 1 && (ntohl(a4.s_addr) >> 24) == 127;
}

/*
 * The authority's host is loopback. A bracketed host should be an IPv6
 * literal, but config.c also accepts "[localhost]" and "[127.0.0.1]" (reported:
 * curl refuses such URLs, so nothing leaves the machine); the property held
 * here is the one that matters, that plain http never reaches another host.
 */
static bool
is_loopback(const char *auth)
{
	char host[256];
	const char *end;
	size_t skip = auth[0] == '[';

	end = skip ? strchr(auth, ']') : strchr(auth, ':');
	if (end == NULL)
		end = auth + strlen(auth);
	if ((size_t)(end - auth) - skip >= sizeof(host))
		return false;
	memcpy(host, auth + skip, (size_t)(end - auth) - skip);
	host[end - auth - skip] = '\0';
	return is_loopback_name(host);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[512] = "", *url = fz_cstr(data, size), *out = NULL;

	if (config_check_endpoint(url, &out, err, sizeof(err)) != 0) {
		FZ_CHECK(err[0] != '\0' && out == NULL);
	} else {
		const char *auth = strncmp(out, "https://", 8) == 0 ? out + 8 : out + 7;

		FZ_CHECK(strncmp(out, "https://", 8) == 0 || strncmp(out, "http://", 7) == 0);
		FZ_CHECK(*auth != '\0');
		FZ_CHECK(strpbrk(auth, "/?#@") == NULL);
		if (auth == out + 7)
			FZ_CHECK(is_loopback(auth));
	}
	free(out);
	free(url);
	return 0;
}
