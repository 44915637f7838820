#!/usr/bin/env bash
# Refresh and recovery against bsssim, with nothing but the clock driving the
# dashboard: the screens beyond the overview (bills, costs) reload what they
# show on the [ui] refresh interval as the list screens do, and once a fault
# is gone and a refresh succeeded neither the screen nor the status bar shows
# its error any more. A failed load's message shows in full on the screen
# (the list screens' too), not cut to what fits beside the title. The days-left
# estimate, on the balance pane and on screen 2, says when it rests on cost
# data whose refresh failed. The config's warnings show in the status line.
# A refresh that answers within a second writes its answer alone to the
# terminal, on the overview and on the costs screen; a slower one says
# "refreshing" meanwhile, there and on the bills screen.
set -u
cd "$(dirname "$0")/../.."
. tests/e2e/lib/common.bash
. tests/e2e/lib/admin.bash
e2e_start_demo
write_config "$SIM_URL" "$DEMO_AK" "$DEMO_SK" \
	"$(printf '[ui]\nrefresh = 10\nrefresh_balance = 10\nbogus_key = 1\n')"

start_dash 120 40
check "the status line shows the config's warning" \
	wait_for "config:8: unknown key 'bogus_key' in [ui] (ignored)" 5
keys 7
# All 13 months, not the first: one asked for after the fault is set below
# would have no data to keep, and say "error:" instead of "stale".
check "the bills arrive" within 15 screen_loaded "Bills: the last 13 months"
sim_fast POST /__sim/faults 'error5xx=1@/v2/bills/customer-bills/monthly-sum' >/dev/null
check "the bills screen reloads by itself: the failure shows" wait_for "stale, as of" 25
check "the status bar names the failing view" on_screen status "monthly sum:"
check "the screen shows the whole message where its data is" \
	on_screen any "BSS reported an internal error; try again later (CBC.0999)"
sim_fast DELETE /__sim/faults >/dev/null
check "the next automatic reload clears it" wait_gone "stale, as of" 25
status_clean() {
	wait_gone "monthly sum:" 25
}
check "the status bar drops the error once the view recovered" status_clean

keys 8
# The costs' own "updated", not the bills' still on screen before 8 was read.
check "the costs arrive" within 15 screen_loaded "Costs: daily"
sim_fast POST /__sim/faults 'error5xx=1@/v4/costs/cost-analysed-bills/query' >/dev/null
check "the costs screen reloads by itself: the failure shows" wait_for "stale, as of" 25
keys 1
check "the days-left estimate from the old cost data is marked stale" wait_for "avg, stale)" 25
keys 2
check "screen 2 marks its days-left estimate stale alike" \
	wait_for "a day (30-day avg, stale), the cash lasts about" 5
keys 8
# Screen 2 has no "stale, as of" to lose: the costs screen first.
wait_for_line 2 "Costs: daily"
sim_fast DELETE /__sim/faults >/dev/null
check "the costs screen recovers by itself" wait_gone "stale, as of" 25

# in_body TEXT: TEXT on a screen's own rows (not the tab bar, not the status line).
in_body() {
	screen_text | sed '1d;$d' | grep -qF -- "$1"
}
keys 4
check "the orders arrive" within 10 screen_loaded " Orders ("
sim_fast POST /__sim/faults 'error5xx=1@/v2/orders/customer-orders' >/dev/null
check "the orders screen reloads by itself: the failure shows" wait_for "stale, as of" 25
check "a list screen shows the whole message where its data is" \
	in_body "BSS reported an internal error; try again later (CBC.0999)"
sim_fast DELETE /__sim/faults >/dev/null
check "the orders screen recovers by itself" wait_gone "stale, as of" 25
# The first clock on screen (the overview's is the balance pane's), e.g. "updated 12:34:56".
balance_clock() {
	screen_text | grep -o 'updated [0-9:]*' | head -n 1
}
# Bytes the dashboard writes to the terminal go to $E2E_WORK/pane.out from here on.
# A pipe-pane without a command closes the pane's pipe: the next one starts afresh.
record_pane() {
	tmux -L "$E2E_SOCK" pipe-pane -t e2e
	: >"$E2E_WORK/pane.out"
	tmux -L "$E2E_SOCK" pipe-pane -t e2e "cat >>$E2E_WORK/pane.out"
}
clock_moves() {
	local before i
	before="$(balance_clock)"
	for ((i = 0; i < 250; i++)); do
		[ "$(balance_clock)" != "$before" ] && return 0
		sleep 0.1
	done
	return 1
}
keys 1
# The overview's own frame: balance_clock below reads the first "updated".
check "the overview is back" wait_for "┌─ 2 Balance" 5
sim_fast POST /__sim/faults 'latency=200ms' >/dev/null
record_pane
check "a refresh answered in 200 ms moves the clock" clock_moves
nothing_said_refreshing() {
	! grep -qaF refreshing "$E2E_WORK/pane.out"
}
check "... and never wrote \"refreshing\" to the terminal" nothing_said_refreshing
sim_fast POST /__sim/faults 'latency=1500ms' >/dev/null
check "a refresh that takes 1.5 s says so" wait_for "refreshing (data of" 25
sim_fast DELETE /__sim/faults >/dev/null

# Screen 8 refreshes as quietly: an automatic refresh answered in 200 ms
# writes the clock's digits, as on the overview (32 bytes), and no
# "refreshing"; at most one redraw of the status bar's in-flight count (39
# bytes) may join them, from a refresh of the store's that overlapped.
# Before billing's changes were held it wrote ~220 bytes a refresh.
pane_at_most() {
	local n
	n=$(wc -c <"$E2E_WORK/pane.out")
	echo "     ($n bytes)"
	[ "$n" -le "$1" ]
}
# slow_refresh KEY PATH: screen KEY's automatic refresh, with PATH answering in 1.5 s.
slow_refresh() {
	sim_fast POST /__sim/faults "latency=1500ms@$2" >/dev/null
	check "screen $1: a refresh that takes 1.5 s says so" wait_for "refreshing (data of" 25
	sim_fast DELETE /__sim/faults >/dev/null
	check "... and then shows its answer" wait_gone "refreshing (data of" 5
}
# quiet_refresh KEY: screen KEY, on screen with its data, refreshes by itself
# answered in 200 ms.
quiet_refresh() {
	# The overview's slow refresh is over: its last frames are not this one's.
	check "... and nothing is in flight" wait_for " 0 in flight" 10
	sim_fast POST /__sim/faults 'latency=200ms' >/dev/null
	record_pane
	check "screen $1: a refresh answered in 200 ms moves the clock" clock_moves
	# Frames after the answer's (the in-flight count's last) are in by then.
	sleep 1.2
	check "... and never wrote \"refreshing\" to the terminal" nothing_said_refreshing
	check "... nor more than the clock's digits and the in-flight count" pane_at_most 100
}
keys 8
check "screen 8 shows its costs again" within 10 screen_loaded "Costs: daily"
quiet_refresh 8
slow_refresh 8 /v4/costs/cost-analysed-bills/query
# Screen 7's automatic refresh asks again for this month and the last only:
# all 13 would be over the 10 a second the client allows one API, slow enough
# to say "refreshing" each time (R still asks for all 13).
keys 7
check "screen 7 shows its bills again" within 10 screen_loaded "Bills: the last 13 months"
quiet_refresh 7
slow_refresh 7 /v2/bills/customer-bills/monthly-sum
keys q
check "quits cleanly" wait_for "EXIT=0" 5

e2e_finish
