#!/usr/bin/env bash
# docs/bssdash.bash: completion of commands, get's kinds, options per
# command, and option values, all read from bssdash's own help.
set -u
cd "$(dirname "$0")/../.."
. tests/lib/cli.bash
cli_init
. docs/bssdash.bash
bin="$CLI_WORK/bin"
mkdir -p "$bin"
ln -s "$BSSDASH" "$bin/bssdash"
PATH="$bin:$PATH"

complete_line() {  # complete_line WORDS...: the candidates for the last word
	COMP_WORDS=("$@")
	COMP_CWORD=$(($# - 1))
	COMPREPLY=()
	_bssdash
	printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ' | sed 's/ $//'
}

check "commands" [ "$(complete_line bssdash re)" = "renew" ]
want=$("$BSSDASH" --help | sed -n '/^Commands:/,$s/^  \([a-z-]*\) .*/\1/p' | sort | tr '\n' ' ' | sed 's/ $//')
check "every command of the table ($(wc -w <<<"$want"))" [ "$(complete_line bssdash '')" = "$want" ]
check "after global options" [ "$(complete_line bssdash --profile x mon)" = "monitor" ]
check "kinds of get" [ "$(complete_line bssdash get or)" = "order orders" ]
check "options of get resources" [ "$(complete_line bssdash get resources --exp)" = "--expiring-within" ]
check "options of renew" [ "$(complete_line bssdash renew r1 --a)" = "--auto-pay" ]
check "options of monitor" [ "$(complete_line bssdash monitor --ba)" = "--balance-below" ]
check "--output values" [ "$(complete_line bssdash get balance --output c)" = "csv" ]
check "autorenew on|off" [ "$(complete_line bssdash autorenew o)" = "off on" ]
check "on-expiry modes" [ "$(complete_line bssdash on-expiry '')" = "default pay-per-use" ]
write_profile work http://127.0.0.1:1 a b
write_profile home http://127.0.0.1:1 a b
check "profiles from the config" [ "$(complete_line bssdash --profile '')" = "home work" ]
check "global options" [ "$(complete_line bssdash --all)" = "--all-profiles" ]

cli_finish
