#!/usr/bin/env bash
# The fault matrix: every fault kind of bsssim against every pane of the
# overview, every full screen and every detail view of the dashboard.
#
#   first load   faults from the start: each pane says what went wrong where
#                its data would be; clearing them and R brings the data.
#   one API      a fault scoped to one API (path prefix): that pane shows the
#                typed message over its last good data, the others refresh
#                normally, even while a request hangs.
#   matrix       12 rounds (7 in the first half, 5 in the second), each with a different kind on each API (a Latin
#                square: kind (round + slot) mod 12), so every kind meets every
#                pane, screen and detail view; after each round the faults are
#                cleared and R must bring every pane back.
#   all at once  each kind on every API: every pane shows it; R recovers.
#
# Throughout: the process never dies and its peak RSS (VmHWM, reset before each
# step through /proc/PID/clear_refs) stays under 100 MB, the 200 MB body, the
# endless body and the server that never answers included. Requests time out
# after 3 s ([ui] timeout) to keep the suite short; automatic refresh is
# pushed out of the way so that R is the only trigger.
#
# The time goes into waiting (timeouts, delays, slow bodies), not into CPU, so
# the suite runs as two halves at once, each with its own simulator and
# dashboard: `faults.sh` runs both and sums them; `faults.sh 1` or `2` one.
set -u
self=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")
cd "$(dirname "$0")/../.."

if [ $# = 0 ]; then
	out=$(mktemp -d /tmp/bssdash-faults.XXXXXX)
	"$self" 1 >"$out/1" 2>&1 &
	pid1=$!
	"$self" 2 >"$out/2" 2>&1 &
	pid2=$!
	wait "$pid1"
	rc1=$?
	wait "$pid2"
	rc2=$?
	pass=0 fail=0
	for half in 1 2; do
		sed "s/^/[$half] /" "$out/$half"
		last=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$out/$half" | tail -n 1)
		if [[ $last =~ ([0-9]+)\ passed,\ ([0-9]+)\ failed ]]; then
			pass=$((pass + BASH_REMATCH[1]))
			fail=$((fail + BASH_REMATCH[2]))
		else
			fail=$((fail + 1))
		fi
	done
	rm -rf "$out"
	[ "$rc1" = 0 ] && [ "$rc2" = 0 ] || [ "$fail" != 0 ] || fail=1
	echo "$pass passed, $fail failed"
	[ "$fail" = 0 ]
	exit
fi

. tests/e2e/lib/common.bash
. tests/e2e/lib/admin.bash
e2e_init

# No rate limit: libcurl re-sends a read whose reused connection died (up to
# five times an attempt), and under the connection faults those re-sends
# would trip the 10 per second limit, turning the message into a 429's.
if ! start_sim --rate-limit 0; then
	echo "SKIP: $BSSSIM does not run ($(head -c 200 "$E2E_WORK/sim.err"))"
	echo "0 passed, 0 failed"
	exit 0
fi
write_config "$SIM_URL" BSSSIMDEMOACCESSKEY1 bsssim-demo-secret-key-not-for-real-use \
	"$(printf '[ui]\ntimeout = 3\nrefresh_balance = 86400\nrefresh = 86400\n')"

RSS_LIMIT_KB=$((100 * 1024))
ASAN=0
ldd "$BSSDASH" 2>/dev/null | grep -q libasan && ASAN=1
RSS_MAX=0

# What the dashboard must show for each kind: the start of its typed message,
# or "" when the data still arrives (delays, a slow body).
KINDS=(latency=500ms jitter=300ms slow error5xx throttle reset hang lost_response
	truncate malformed huge endless)
declare -A MSG=(
	[none]="" [latency=500ms]="" [jitter=300ms]="" [slow]=""
	[error5xx]="BSS reported an internal error; try again later"
	[throttle]="Rate limited by BSS"
	[reset]="Could not reach the BSS endpoint: the connection broke"
	[hang]="The BSS endpoint did not answer in time"
	[lost_response]="Could not reach the BSS endpoint: the connection broke"
	[truncate]="The BSS answer could not be read: truncated JSON"
	[malformed]="The BSS answer could not be read: malformed JSON"
	[huge]="The BSS answer was larger than allowed"
	[endless]="The BSS answer was larger than allowed"
)

# The panes, their full screens and the API behind each.
PANE=("2 Balance" "3 Coupons" "4 Orders" "5 Expiring" "6 Packages")
SCREEN=("Balance (" "Coupons (" "Orders (" "Subscriptions (" "Packages (")
API=(/v2/accounts/customer-accounts/balances /v2/promotions/benefits/coupons
	/v2/orders/customer-orders /v2/orders/suscriptions/resources/query
	/v3/payments/free-resources/query)
MONTHLY_API=/v2/bills/customer-bills/monthly-sum
# The detail views' own APIs; the resource detail reads the subscriptions API
# (by id).
ORDER_DETAIL_API=/v2/orders/customer-orders/details
PACKAGE_DETAIL_API=/v2/payments/free-resources/usages
NVIEWS=6   # requests R starts on the overview: the five panes and the monthly sum

# --- helpers -------------------------------------------------------------------

# refresh_settled [N]: R, then true once the simulator has seen the N requests
# it starts (so the key was handled) and no view is in flight any more. The
# requests can reach the simulator before the frame that counts them reaches
# tmux: the pause keeps the old "0 in flight" from being read as the new one.
refresh_settled() {
	local want=$(( $(sim_stat requests) + ${1:-$NVIEWS} )) i
	keys R
	for ((i = 0; i < 50; i++)); do
		[ "$(sim_stat requests)" -ge "$want" ] && break
		sleep 0.1
	done
	sleep 0.3
	[ "$i" -lt 50 ] && wait_for "│ 0 in flight" 15
}

panes() {
	screen_text | node tests/e2e/lib/panes.js "${PANE[@]}"
}

# pane_line PANES I: the line of pane I ("TITLE<TAB>text").
pane_line() {
	grep -F -- "${PANE[$2]}" <<<"$1" | head -n 1
}

# pane_is PANES I KIND: pane I shows what KIND should leave there: fresh data,
# or the kind's message over the data it had (its title, counts included, is
# the baseline's).
pane_is() {
	local line title text msg=${MSG[$3]}
	line=$(pane_line "$1" "$2")
	title=${line%%$'\t'*}
	text=${line#*$'\t'}
	[ "$title" = "${BASE_TITLE[$2]}" ] || { echo "title '$title', was '${BASE_TITLE[$2]}'"; return 1; }
	if [ -z "$msg" ]; then
		case $text in
		*"stale, as of"* | *"error:"* | *refreshing* | *loading* | *waiting*)
			echo "not fresh: $text"; return 1 ;;
		esac
	else
		[[ $text == *"stale, as of "??:??:??": $msg"* ]] || { echo "no '$msg': $text"; return 1; }
	fi
	[ "$2" != 0 ] || [[ $text == *"Cash    $CASH"*"Lasts   ~"* ]] ||
		{ echo "no cash or no estimate: $text"; return 1; }
}

# screen_is I KIND: full screen I's state line (36 columns: the message is cut
# to its first 12 characters there) says what KIND should leave.
screen_is() {
	local msg=${MSG[$2]} head
	keys $(($1 + 2))
	wait_for "${SCREEN[$1]}" 3 || return 1
	head=$(screen_text | sed -n 2p)
	if [ -z "$msg" ]; then
		[[ $head == *"updated "??:??:??* ]]
	else
		[[ $head == *"stale, as of "??:??:??": ${msg:0:12}"* ]]
	fi || { echo "state line: $head"; return 1; }
}

# detail_is SCREEN_KEY GOOD KIND: Enter on the first row of that screen opens
# its details: GOOD when the data arrives, else "error: MSG" where they go.
detail_is() {
	local msg=${MSG[$3]} i text
	keys "$1"
	sleep 0.2
	keys Enter
	for ((i = 0; i < 80; i++)); do
		text=$(screen_text)
		if [ -z "$msg" ]; then
			grep -qF -- "$2" <<<"$text" && break
		else
			grep -qE -- "Details +error: $msg" <<<"$text" && break
		fi
		grep -qE "Details +error:" <<<"$text" && break
		sleep 0.1
	done
	keys Escape
	[ "$i" -lt 80 ] || { grep -E "Details|$2" <<<"$text"; echo "(no answer in 8 s)"; return 1; }
	if [ -z "$msg" ]; then grep -qF -- "$2" <<<"$text"; else grep -qE "Details +error: $msg" <<<"$text"; fi ||
		{ grep -E "Details" <<<"$text"; return 1; }
}

peak_reset() {
	echo 5 >"/proc/$DASH_PID/clear_refs"
}

# rss_ok NAME: bssdash is alive and its peak RSS since peak_reset is bounded.
# Under AddressSanitizer (check-asan) freed memory sits in its quarantine, so
# there the figure is only reported.
rss_ok() {
	local hwm
	if ! kill -0 "$DASH_PID" 2>/dev/null; then
		not_ok "$1: bssdash is gone" "$(screen_text)"
		return
	fi
	hwm=$(awk '/^VmHWM:/ { print $2 }' "/proc/$DASH_PID/status")
	RSS_MAX=$(( hwm > RSS_MAX ? hwm : RSS_MAX ))
	if [ "$hwm" -lt "$RSS_LIMIT_KB" ] || [ "$ASAN" = 1 ]; then
		ok "$1: alive, peak RSS $((hwm / 1024)) MB"
	else
		not_ok "$1: peak RSS $((hwm / 1024)) MB (limit $((RSS_LIMIT_KB / 1024)) MB)"
	fi
}

# expect NAME OUTPUT-OF-A-CHECK...: one test from a check that explains itself.
expect() {
	local name=$1 why
	shift
	if why=$("$@" 2>&1); then ok "$name"; else not_ok "$name: $why" "$(screen_text)"; fi
}

# all_fresh NAME: after clearing the faults, R brings every pane back.
all_fresh() {
	local p i
	sim_fast DELETE /__sim/faults >/dev/null
	keys 1
	wait_for "┌─ 2 Balance" 3
	if ! refresh_settled; then
		not_ok "$1: R settles once the faults are cleared" "$(screen_text)"
		return
	fi
	p=$(panes)
	for i in "${!PANE[@]}"; do
		expect "$1: ${PANE[$i]} recovers on R" pane_is "$p" "$i" none
	done
}

# take_baseline: the panes' titles (with their counts) and the cash, as loaded
# with no fault: what a pane under a fault must keep showing.
take_baseline() {
	local p line i
	BASE_TITLE=()
	p=$(panes)
	for i in "${!PANE[@]}"; do
		line=$(pane_line "$p" "$i")
		BASE_TITLE[$i]=${line%%$'\t'*}
	done
	CASH=$(screen_text | grep -oE 'Cash    [0-9,]+\.[0-9]{2} [A-Z]{3}' | head -n 1 | cut -c9-)
	if [ -n "$CASH" ] && [[ ${BASE_TITLE[1]} == "3 Coupons ("[1-9]* ]] &&
	    [[ ${BASE_TITLE[4]} == "6 Packages ("[1-9]* ]]; then
		ok "baseline: cash $CASH, ${BASE_TITLE[*]:1}"
	else
		not_ok "baseline (cash '$CASH', titles ${BASE_TITLE[*]})" "$(screen_text)"
	fi
}

# round R: the kinds of slot S are KINDS[(R + S) mod 12]. Slots 0-4: the panes
# (and their screens), 5: the monthly sum, 6-8: the order, resource and
# package details.
kind() {
	echo "${KINDS[$(( ($1) % ${#KINDS[@]} ))]}"
}

round() {
	local r=$1 spec i p ko kr kp
	peak_reset
	spec="$(kind r+5)@$MONTHLY_API"
	for i in "${!PANE[@]}"; do spec+=",$(kind r+i)@${API[$i]}"; done
	sim_fast POST /__sim/faults "$spec" >/dev/null
	echo "# round $r: $spec"
	if ! refresh_settled; then
		not_ok "round $r: R settles under the faults" "$(screen_text)"
		all_fresh "round $r"
		return
	fi
	p=$(panes)
	for i in "${!PANE[@]}"; do
		expect "round $r: $(kind r+i) on pane ${PANE[$i]}" pane_is "$p" "$i" "$(kind r+i)"
	done
	for i in "${!PANE[@]}"; do
		expect "round $r: $(kind r+i) on screen ${SCREEN[$i]%% (}" screen_is "$i" "$(kind r+i)"
	done
	# The details get their own faults: the order detail's path is under the
	# orders list's, and a request meets the first rule that matches it.
	ko=$(kind r+6) kr=$(kind r+7) kp=$(kind r+8)
	sim_fast POST /__sim/faults "$ko@$ORDER_DETAIL_API,$kr@${API[3]},$kp@$PACKAGE_DETAIL_API" >/dev/null
	expect "round $r: $ko on the order detail" detail_is 4 "Line items" "$ko"
	expect "round $r: $kr on the resource detail" detail_is 5 "  Spec" "$kr"
	expect "round $r: $kp on the package detail" detail_is 6 "left of" "$kp"
	rss_ok "round $r"
	all_fresh "round $r"
}

# everywhere KIND: the kind on every API at once.
everywhere() {
	local k=$1 p i
	peak_reset
	sim_fast POST /__sim/faults "$k" >/dev/null
	if ! refresh_settled; then
		not_ok "$k everywhere: R settles" "$(screen_text)"
		all_fresh "after $k everywhere"
		return
	fi
	p=$(panes)
	for i in "${!PANE[@]}"; do
		expect "$k everywhere: pane ${PANE[$i]}" pane_is "$p" "$i" "$k"
	done
	if [ -n "${MSG[$k]}" ]; then
		check "$k everywhere: the status bar has the message" bash -c \
			"tmux -L $E2E_SOCK capture-pane -p -t e2e | tail -n 1 | grep -qF ': ${MSG[$k]}'"
	fi
	rss_ok "$k everywhere"
	all_fresh "after $k everywhere"
}

if [ "$1" = 1 ]; then
	# --- first load under faults ------------------------------------------------------

	# Nothing loaded yet: each pane must say why it is empty.
	FIRST=(hang endless huge malformed reset)
	spec=""
	for i in "${!PANE[@]}"; do spec+="${FIRST[$i]}@${API[$i]},"; done
	sim_fast POST /__sim/faults "${spec%,}" >/dev/null
	start_dash 250 50
	DASH_PID=$(dash_pid)
	peak_reset
	check "first frame: every pane loading" wait_for "loading..." 5
	sleep 3
	wait_for "│ 0 in flight" 10
	p=$(panes)
	for i in "${!PANE[@]}"; do
		f=${FIRST[$i]}
		line=$(pane_line "$p" "$i")
		if [[ ${line#*$'\t'} == "error: ${MSG[$f]}"* ]]; then
			ok "first load, $f on ${PANE[$i]}: the pane says why it is empty"
		else
			not_ok "first load, $f on ${PANE[$i]}: $line" "$(screen_text)"
		fi
	done
	rss_ok "first load under hang, endless, 200 MB body, malformed, reset"

	sim_fast DELETE /__sim/faults >/dev/null
	if refresh_settled && wait_for "Cash    " 3; then ok "R after the faults clear loads every view"; else
		not_ok "R after the faults clear loads every view" "$(screen_text)"; fi
	take_baseline

	# --- one API hangs: the others do not wait for it -----------------------------------

	peak_reset
	sim_fast POST /__sim/faults "hang@${API[4]}" >/dev/null
	want=$(( $(sim_stat requests) + NVIEWS ))
	keys R
	sleep 1
	p=$(panes)
	line=$(pane_line "$p" 4)
	if [[ ${line#*$'\t'} == "refreshing (data of"* ]] && [ "$(sim_stat requests)" -ge "$want" ]; then
		ok "a hung packages request is still waiting after 1 s"
	else
		not_ok "hung packages request: $line" "$(screen_text)"
	fi
	for i in 0 1 2 3; do
		expect "while packages hang, ${PANE[$i]} has refreshed" pane_is "$p" "$i" none
	done
	check "the timeout reaches the packages pane" wait_for "stale, as of" 5
	wait_for "│ 0 in flight" 5
	expect "packages pane: the timeout message over its data" pane_is "$(panes)" 4 hang
	check "the status bar names the view" bash -c \
		"tmux -L $E2E_SOCK capture-pane -p -t e2e | tail -n 1 | grep -qF 'packages: ${MSG[hang]}'"
	rss_ok "one API hangs"
	all_fresh "after the hang"

	# The monthly sum has no pane: its failure goes to the status bar, and the
	# balance pane keeps its estimate.
	sim_fast POST /__sim/faults "malformed@$MONTHLY_API" >/dev/null
	refresh_settled
	check "monthly sum failing: the status bar says so" bash -c \
		"tmux -L $E2E_SOCK capture-pane -p -t e2e | tail -n 1 | grep -qF 'monthly sum: ${MSG[malformed]}'"
	expect "monthly sum failing: the balance pane keeps cash and the estimate" bash -c \
		"tmux -L $E2E_SOCK capture-pane -p -t e2e | grep -qE 'Lasts +~[0-9]+ days'"
	all_fresh "after the monthly sum"

	# --- the matrix: every kind on every pane, screen and detail ------------------------
	for ((r = 0; r < 7; r++)); do round "$r"; done
else
	start_dash 250 50
	DASH_PID=$(dash_pid)
	check "first data arrives" wait_for "Cash    " 10
	wait_for "│ 0 in flight" 10
	take_baseline
	for ((r = 7; r < ${#KINDS[@]}; r++)); do round "$r"; done

	# --- each kind on every API at once --------------------------------------------
	for k in "${KINDS[@]}"; do everywhere "$k"; done
fi

echo "# peak RSS of this half: $((RSS_MAX / 1024)) MB"
keys q
check "q quits cleanly after all that" wait_for "EXIT=0" 5
e2e_finish
