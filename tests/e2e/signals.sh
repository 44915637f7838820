#!/usr/bin/env bash
# Signals (issue 8 item 7): whatever signal ends the dashboard, the shell
# gets its terminal back exactly as it was. The whole `stty -a` after each
# exit is compared with the one of a fresh shell of the same terminal, and
# the screen is back from the alternate screen with the cursor visible.

set -u
cd "$(dirname "$0")/../.."
. tests/e2e/lib/common.bash
e2e_init

# stty_to FILE: the shell's terminal modes, as one line per setting.
stty_to() {
	rm -f "$1"
	keys "clear; stty -a | tr ';' '\n' | sed 's/^ *//' >$1.tmp; mv $1.tmp $1" Enter
	local i
	for ((i = 0; i < 50; i++)); do [ -s "$1" ] && return 0; sleep 0.1; done
	return 1
}

same_stty() {
	stty_to "$E2E_WORK/stty.after" && diff "$E2E_WORK/stty.base" "$E2E_WORK/stty.after" >"$E2E_WORK/stty.diff"
}

# The terminal's own state, which stty does not show: the alternate screen
# left (the shell's lines are on the normal screen) and the cursor shown.
screen_normal() {
	local flags
	rm -f "$E2E_WORK/stty.diff"
	flags=$(tmux -L "$E2E_SOCK" display -p -t e2e '#{alternate_on} #{cursor_flag}')
	[ "$flags" = "0 1" ]
}

# The baseline: a shell of the same size that never ran the dashboard.
start_dash 100 30 --version
wait_for "EXIT=0" 5
stty_to "$E2E_WORK/stty.base" || not_ok "could not read the baseline stty"

# SIG:STATUS: the loop's signals exit with 128+n; the fatal ones die of the
# signal (128+n) or, in a sanitizer build, are reported and exit non-zero.
for spec in HUP:129 TERM:143 INT:130 QUIT:131 ABRT:134 BUS:135 FPE:136 ILL:132 SEGV:139; do
	sig=${spec%%:*} status=${spec##*:}
	start_dash 100 30 --demo
	if ! wait_for "Balance" 10; then
		not_ok "SIG$sig: the dashboard did not start" "$(screen_text)"
		continue
	fi
	kill -"$sig" "$(dash_pid)"
	if ! wait_for "EXIT=" 5; then
		not_ok "SIG$sig: still running 5 s after the signal" "$(screen_text)"
		kill -9 "$(dash_pid)" 2>/dev/null
		continue
	fi
	got=$(screen_text | sed -n 's/.*EXIT=\([0-9]*\).*/\1/p' | tail -n 1)
	case $sig in
	HUP | TERM | INT)
		if [ "$got" = "$status" ]; then ok "SIG$sig: exits with $status"
		else not_ok "SIG$sig: exits with $status, not $got" "$(screen_text)"; fi ;;
	*)
		if [ "$got" != 0 ]; then ok "SIG$sig: ends with a failure status ($got)"
		else not_ok "SIG$sig: ends with status 0" "$(screen_text)"; fi ;;
	esac
	check "SIG$sig: stty -a as before" same_stty
	check "SIG$sig: normal screen, cursor shown" screen_normal
done

e2e_finish
