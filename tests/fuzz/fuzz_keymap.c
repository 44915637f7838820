/*
 * Key names and [keys] bindings (tui/keymap.h). Input lines are
 * "KEY = COMMAND" as in the config. Properties: a key name that parses has
 * a display name that parses back to the same key; a binding that succeeds
 * is what lookup returns; the help and README renderings survive any map.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzzlib.h"

#include "tui/keymap.h"
#include "util/buf.h"

static void
check_key_name(const char *name)
{
	keymap_key k, back;
	char nbuf[KEYMAP_NAME_MAX];

	if (keymap_key_parse(name, &k) != 0)
		return;
	FZ_CHECK(keymap_key_parse(keymap_key_name(k, nbuf), &back) == 0 && back == k);
}

static void
bind_line(struct keymap *km, char *line)
{
	char *eq = strchr(line, '='), *key = line, *cmd, err[512] = "";
	keymap_key k;

	check_key_name(line);
	if (eq == NULL)
		return;
	*eq = '\0';
	cmd = eq + 1;
	while (*cmd == ' ')
		cmd++;
	for (char *e = eq; e > key && e[-1] == ' ';)
		*--e = '\0';
	if (keymap_bind(km, key, cmd, err, sizeof(err)) != 0) {
		FZ_CHECK(err[0] != '\0');
		return;
	}
	FZ_CHECK(keymap_key_parse(key, &k) == 0);
	FZ_CHECK(keymap_lookup(km, k) == (strcmp(cmd, "none") == 0 ? CMD_NONE : cmd_by_name(cmd)));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct keymap *km = keymap_new();
	char *text = fz_cstr(data, size), *p = text, *line, buf[256];
	struct buf md = BUF_INIT(0);

	while ((line = fz_next_line(&p)) != NULL)
		bind_line(km, line);
	for (int c = CMD_NONE + 1; c < CMD_COUNT; c++)
		FZ_CHECK(strlen(keymap_keys_for(km, (enum cmd)c, buf, sizeof(buf))) < sizeof(buf));
	keymap_markdown(km, &md);
	FZ_CHECK(md.len > 0);
	/* Whatever get_wch hands over maps to some key without crashing. */
	for (size_t i = 0; i + 4 <= size; i += 4) {
		uint32_t ch;

		memcpy(&ch, data + i, 4);
		(void)keymap_lookup(km, keymap_key_from_input(ch & 1 ? 0 : 256, ch));
	}
	buf_free(&md);
	keymap_free(km);
	free(text);
	return 0;
}
