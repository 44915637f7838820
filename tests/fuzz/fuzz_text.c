/*
 * The small text parsers everything from the wire goes through
 * (util/money.h, util/timeutil.h, util/utf8.h, util/wtext.h), with their
 * round-trip properties:
 *   - an amount that parses formats to text that parses back to it;
 *   - a time that parses formats back to the same text (the parsers are strict);
 *   - a valid UTF-8 sequence re-encodes to the bytes it came from;
 *   - wtext_fit fills exactly the columns asked for;
 * and what a person types for a billing window or a renewal period
 * (app/period.h, app/actions.h): a window that parses is in order and reads
 * back from its own text; a renewal period is within the API's limits.
 */
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "fuzzlib.h"

#include "app/actions.h"
#include "app/period.h"
#include "util/money.h"
#include "util/timeutil.h"
#include "util/utf8.h"
#include "util/wtext.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setlocale(LC_CTYPE, "C.UTF-8");
	/* "30d" counts back from today: pin it. */
	setenv("BSSDASH_TEST_NOW", "1710490530", 1);
	return 0;
}

static void
check_money(const uint8_t *data, size_t size)
{
	char buf[MONEY_BUFSZ];
	money_t m, back;

	if (money_parse_n((const char *)data, size, &m) != 0)
		return;
	FZ_CHECK(money_parse(money_format_plain(m, buf, sizeof(buf)), &back) == 0 && back == m);
	for (int d = 0; d <= MONEY_DECIMALS; d++) {
		FZ_CHECK(strlen(money_format(m, d, buf, sizeof(buf))) < sizeof(buf));
		FZ_CHECK(strlen(money_format_grouped(m, d, buf, sizeof(buf))) < sizeof(buf));
	}
}

static void
check_times(const char *s)
{
	char iso[TIME_ISO_BUFSZ], sdk[TIME_SDK_BUFSZ], day[11], month[8];
	time_t t;

	if (time_parse_iso(s, &t) == 0)
		FZ_CHECK(strcmp(time_format_iso(t, iso), s) == 0);
	if (time_parse_sdk(s, &t) == 0)
		FZ_CHECK(strcmp(time_format_sdk(t, sdk), s) == 0);
	if (time_parse_date(s, &t) == 0)
		FZ_CHECK(strcmp(time_format_date_cn(t, day), s) == 0);
	if (time_parse_month(s, &t) == 0)
		FZ_CHECK(strcmp(time_format_month_cn(t, month), s) == 0);
}

static void
check_utf8(const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		char enc[4];
		size_t len = utf8_decode(s + i, n - i, &cp);

		FZ_CHECK(len >= 1 && len <= 4 && len <= n - i);
		if (cp != UTF8_INVALID) {
			FZ_CHECK(utf8_encode(cp, enc) == len && memcmp(enc, s + i, len) == 0);
			FZ_CHECK(utf8_cp_width(cp) >= 0 && utf8_cp_width(cp) <= 2);
		}
		i += len;
	}
	FZ_CHECK(utf8_width_n(s, n) <= 2 * n);
}

static void
check_fit(const char *s, unsigned char w)
{
	int width = w % 64;
	char out[4 * 64 + 4];

	FZ_CHECK(wtext_fit(s, width, (enum wtext_align)(w % 3), out, sizeof(out)) == width);
	FZ_CHECK(wtext_width(out) == width);
	FZ_CHECK(wtext_trunc(s, width, out, sizeof(out)) <= width);
	FZ_CHECK(wtext_width(out) <= width);
}

static void
check_periods(const char *s)
{
	static const enum period_unit units[] = { PERIOD_DAY, PERIOD_MONTH };
	char err[256], text[PERIOD_TEXT_BUFSZ];
	struct period p, back;
	int32_t type, num;

	for (size_t i = 0; i < 2; i++) {
		if (period_parse(s, units[i], &p, err, sizeof(err)) != 0)
			continue;
		FZ_CHECK(p.unit == units[i] && p.from <= p.to);
		/* "3650y" reaches back before 1970, which dates written out cannot. */
		if (p.from < (units[i] == PERIOD_DAY ? 0 : 1970 * 12))
			continue;
		FZ_CHECK(period_parse(period_text(&p, text, sizeof(text)), units[i], &back, err,
		    sizeof(err)) == 0);
		FZ_CHECK(back.from == p.from && back.to == p.to);
	}
	if (action_period_parse(s, &type, &num, err, sizeof(err)) == 0)
		FZ_CHECK((type == 2 && num >= 1 && num <= 11) || (type == 3 && num >= 1 && num <= 3));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fz_cstr(data, size);

	check_money(data, size);
	check_times(s);
	check_periods(s);
	check_utf8((const char *)data, size);
	if (size > 0)
		check_fit(s + 1, data[0]);
	free(s);
	return 0;
}
