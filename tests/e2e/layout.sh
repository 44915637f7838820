#!/usr/bin/env bash
# Layout against bsssim: columns take the room there is (nothing cut at 160
# columns), narrow panes at 80x24 switch to compact columns (short times and
# titles) instead of cutting, the screens' load state sits at the right edge,
# order line items are a table in the one time format, days left says what
# rate it uses, and "in flight" counts HTTP requests, not views.
set -u
cd "$(dirname "$0")/../.."
. tests/e2e/lib/common.bash
e2e_start_demo
state=$(sim_admin GET /__sim/state)

# wait_for_re REGEX [SECONDS]: true once a line of the screen matches REGEX (ERE).
has_re() {
	screen_text | grep -qE -- "$RE"
}
wait_for_re() {
	RE=$1
	within "${2:-5}" has_re
}
no_re() {
	! screen_text | grep -qE -- "$1"
}

# Lines 2.. of the screen (below the tab bar, above the status bar).
body() {
	screen_text | sed '1d;$d'
}
# nothing_cut: no ellipsis anywhere between the tab bar and the status bar.
nothing_cut() {
	! body | grep -qF "…"
}

start_dash 160 45
check "the overview loads" wait_for "6 Packages (" 10
for screen in "3 Coupons" "4 Orders" "5 Subscriptions" "6 Packages"; do
	keys "${screen%% *}"
	# Not just "Coupons (" anywhere: the overview's pane titles have it too.
	within 10 screen_loaded " ${screen#* } ("
	check "${screen#* } at 160 columns: no column cut" within 5 nothing_cut
	check "${screen#* }: 'updated' at the right edge" screen_loaded " ${screen#* } (" 160
done
keys 2
check "balance screen: the rate is the last days' average cost" \
	wait_for "a day (30-day avg), the cash lasts about" 5
cash=$(json 's.balances.filter(b => b.account_type === 1).reduce((a, b) => a + Number(b.amount), 0)' <<<"$state")
line=$(screen_text | grep -F "the cash lasts about")
rate=$(sed -nE 's/^ *At ([0-9,.]+) CNY a day.*/\1/p' <<<"$line" | tr -d ,)
days=$(sed -nE 's/.*lasts about ([0-9]+) days.*/\1/p' <<<"$line")
want=$(node -e "console.log(Math.floor($cash / Number('$rate')))")
# The rate is shown rounded to cents: the days may be one off cash / shown rate.
if [ -n "$days" ] && [ "$days" -ge $((want - 1)) ] && [ "$days" -le $((want + 1)) ]; then
	ok "days left ($days) is the cash ($cash) over the rate ($rate a day)"
else
	not_ok "days left '$days' for cash $cash at $rate a day (want $want)" "$(screen_text)"
fi
keys 1
check "balance pane names its rate" wait_for "CNY/day (30-day avg)" 3

# Order details: line items as a table, times as everywhere else.
keys 4
within 10 screen_loaded " Orders ("
keys Enter
check "line items: a table with a header" wait_for_re "Service +Product +Period +Amount +Expires" 5
check "line items: expiry in the screens' format" \
	wait_for_re "CNY [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2} " 3
check "no raw API time on the detail screen" no_re "[0-9]T[0-9]{2}:[0-9]{2}:[0-9]{2}Z"
keys q

# 80x24: the compact panes.
start_dash 80 24
check "80x24 loads" wait_for "6 Packages (" 10
check "orders pane: short times (MM-DD HH:MM)" \
	wait_for_re "[0-9,.]+ .* [0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2} +│" 3
check "orders pane: no cut date" no_re "[0-9]{2}-[0-9]…"
# The panes' answers come one by one: the packages' is no sign of the others'.
check "subscriptions pane: short titles" wait_for "Days Name" 5
check "subscriptions pane: 'Auto', not cut" wait_for " Auto On expiry" 5
soonest=$(json 's.resources.filter(r => r.is_main_resource).sort((a, b) =>
	a.expire_time < b.expire_time ? -1 : 1).slice(0, 3).map(r => r.resource_name).join("\n")' <<<"$state")
while read -r name; do
	check "subscriptions pane: '$name' whole" wait_for " $name " 5
done <<<"$soonest"
check "balance pane: days left names its rate" wait_for "(30-day avg)" 5
# Every tab on the bar at 80 columns: names cut as needed, the current one whole.
all_tabs() {
	local top i
	top="$(screen_text | head -n 1) "	# capture-pane drops trailing blanks
	for i in 1 2 3 4 5 6 7 8 9; do
		[[ $top == *" $i "* ]] || return 1
	done
	[[ $top == *" $1 "* ]]
}
check "80x24: all nine tabs on the bar, 'Overview' whole" all_tabs "1 Overview"
keys 9
products_tab() {
	all_tabs "9 Products"
}
check "80x24: 9 shows the products, its tab whole" within 5 products_tab
keys 1
keys q

# In flight: with every answer 3 s late, the first frame shows the requests
# the start sends. The store's 7 views send at least 8 (orders: two lists at
# once); counting views would say 7.
sim_admin POST /__sim/faults 'latency=3s' >/dev/null
start_dash 160 45
in_flight_requests() {
	local n
	n=$(screen_text | tail -n 1 | grep -oE '[0-9]+ in flight' | grep -oE '^[0-9]+')
	[ -n "$n" ] && [ "$n" -ge 8 ]
}
check "'in flight' counts HTTP requests (>= 8 for 7 views)" within 5 in_flight_requests
sim_admin DELETE /__sim/faults >/dev/null
check "and drops to 0 when they are answered" wait_for " 0 in flight" 15
keys q

e2e_finish
