#!/usr/bin/env bash
# The mouse against bsssim: a click on a tab shows its screen, a click on a
# pane of the overview focuses it and a second click opens its screen, a click
# on a row selects it (Enter then opens that row), also when a failed
# refresh's message has moved the table down, the wheel moves three rows.
# tmux passes the xterm SGR mouse reports (ESC [ < b ; x ; y M/m, 1-based) to
# the program as they would come from a terminal once it has asked for them.
set -u
cd "$(dirname "$0")/../.."
. tests/e2e/lib/common.bash
. tests/e2e/lib/admin.bash
e2e_start_demo

# click X Y / wheel up|down X Y: 1-based cell coordinates, as the terminal reports them.
click() {
	keys -l $'\e'"[<0;$1;$2M"
	keys -l $'\e'"[<0;$1;$2m"
}
wheel() {
	local b=64
	[ "$1" = down ] && b=65
	keys -l $'\e'"[<$b;$2;$3M"
}
# column_of TEXT LINE: 1-based column of TEXT's first character on screen line LINE.
column_of() {
	screen_text | sed -n "${2}p" | awk -v t="$1" '{ i = index($0, t); print i }'
}
# coupon_id_on LINE: the coupon id (CP...) shown on screen line LINE.
coupon_id_on() {
	screen_text | sed -n "${1}p" | grep -oE 'CP[0-9a-f]{20}'
}
# detail_of ID: Enter opened the detail of coupon ID. ID is on the list too,
# so only the title line, and that looked at until Enter was read, says so.
detail_of() {
	wait_for_line 2 "$1"
}

start_dash 160 40
check "the dashboard starts" wait_for "Cash    " 5

x=$(column_of "3 Coupons" 1)
check "the tab bar shows the Coupons tab" [ "${x:-0}" -gt 0 ]
click $((x + 2)) 1
check "a click on a tab shows its screen" wait_for_line 2 " Coupons ("
# The rows come with the coupons' answer, which may still be on its way.
check "the coupons screen has its data" within 10 screen_loaded " Coupons ("

# Lines: 1 tabs, 2 title, 3 column heads, 4.. rows.
first=$(coupon_id_on 4)
fourth=$(coupon_id_on 7)
check "the coupons are listed" [ -n "$first" ] && [ -n "$fourth" ]
click 10 7
keys Enter
check "a click selects the row Enter opens" detail_of "$fourth"
keys Escape
click 10 4
wheel down 10 10
keys Enter
check "the wheel moves the cursor three rows down" detail_of "$fourth"
keys Escape
wheel up 10 10
keys Enter
check "and three rows up" detail_of "$first"
keys Escape

sim_fast POST /__sim/faults 'error5xx=1@/v2/promotions/benefits/coupons' >/dev/null
keys R
check "the coupons' refresh fails" wait_for "stale, as of" 15
check "its message takes the row under the title" \
	wait_for_line 3 "BSS reported an internal error"
y=$(screen_text | grep -nF "$fourth" | head -n 1 | cut -d: -f1)
check "the table moved down below it" [ "${y:-0}" = 8 ]
click 10 "${y:-0}"
keys Enter
check "a click there selects the row Enter opens" detail_of "$fourth"
keys Escape
sim_fast DELETE /__sim/faults >/dev/null

keys 1
check "back on the overview" wait_for_line 2 "Balance"
y=$(screen_text | grep -n "Orders (" | head -n 1 | cut -d: -f1)
x=$(column_of "Orders (" "${y:-0}")
check "the orders pane is on screen" [ "${x:-0}" -gt 0 ]
click $((x + 3)) $((y + 2))
sleep 0.3
check "one click on a pane only focuses it" wait_for_line 2 "Balance"
click $((x + 3)) $((y + 2))
check "a second click opens its screen" wait_for_line 2 " Orders ("

keys q
check "q quits" wait_for "EXIT=0" 5
e2e_finish
