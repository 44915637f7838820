#!/usr/bin/env bash
# make soak: the dashboard against bsssim for SOAK_SECONDS (default 600) with
# every fault kind at 5% of the requests (and 20 ms latency, 20 ms jitter),
# R pressed every second, and every 30 s a tour of screens 2-9 (R on 7-9,
# whose data the overview's R does not reach) and the three detail views.
# Every SOAK_SAMPLE seconds (default 2) it samples bssdash's resident memory
# (VmRSS) and open descriptors (/proc/PID/fd).
#
# Passes when, from the first minute to the last one, the median RSS and the
# median descriptor count grew by less than 5% (a descriptor's worth of
# growth is allowed: connections come and go), the process lived through it,
# every view of screens 2-9 kept updating (the time it shows moved on during
# the last minute), and q still quits cleanly. The figures go to SOAK_REPORT
# (default bench/soak.md), the samples to $BUILDDIR/soak.tsv.
set -u
cd "$(dirname "$0")/../.."
. tests/e2e/lib/common.bash
. tests/e2e/lib/admin.bash

SOAK_SECONDS=${SOAK_SECONDS:-600}
SOAK_SAMPLE=${SOAK_SAMPLE:-2}
SOAK_REPORT=${SOAK_REPORT:-bench/soak.md}
SAMPLES=${BUILDDIR:-$PWD/build}/soak.tsv
FAULTS="latency=20ms,jitter=20ms,error5xx=5%,throttle=5%,reset=5%,hang=5%,lost_response=5%"
FAULTS+=",truncate=5%,malformed=5%,slow=5%,huge=5%,endless=5%"
SCREEN=("Balance (" "Coupons (" "Orders (" "Subscriptions (" "Packages (" "Bills:" "Costs:"
	"Products:")

if [ "$SOAK_SECONDS" -lt 120 ]; then
	echo "soak: SOAK_SECONDS must be at least 120 (a first and a last minute)" >&2
	exit 2
fi
e2e_init
start_sim --faults "$FAULTS" || { echo "soak: bsssim does not run" >&2; exit 1; }
# Short timeouts keep a hung request from holding its view for long; the
# refresh timers run at their shortest and R does the rest.
write_config "$SIM_URL" BSSSIMDEMOACCESSKEY1 bsssim-demo-secret-key-not-for-real-use \
	"$(printf '[ui]\ntimeout = 5\nrefresh_balance = 5\nrefresh = 10\n')"
start_dash 200 50
DASH_PID=$(dash_pid) || { echo "soak: bssdash did not start" >&2; exit 1; }
wait_for "Cash    " 30 || { echo "soak: no data in 30 s" >&2; screen_text; exit 1; }

pass=0 fail=0
verdict() {  # verdict NAME CONDITION-STATUS
	if [ "$2" = 0 ]; then pass=$((pass + 1)); echo "ok   $1"; else fail=$((fail + 1)); echo "FAIL $1"; fi
}

# shown_time I: the time screen I+2 shows for its data ("updated T",
# "stale, as of T", "refreshing (data of T)"), as HH:MM:SS; empty when none.
shown_time() {
	keys $(($1 + 2))
	wait_for "${SCREEN[$1]}" 3 || return
	sleep 0.3
	screen_text | sed -n 2p | grep -oE '(updated|as of|data of) [0-9]{2}:[0-9]{2}:[0-9]{2}' | grep -oE '[0-9:]{8}$'
}

# advanced T1 T2: T2 is a later time of day than T1 (past midnight too).
advanced() {
	local a b
	[ -n "$1" ] && [ -n "$2" ] || return 1
	a=$((10#${1:0:2} * 3600 + 10#${1:3:2} * 60 + 10#${1:6:2}))
	b=$((10#${2:0:2} * 3600 + 10#${2:3:2} * 60 + 10#${2:6:2}))
	(( (b - a + 86400) % 86400 > 0 && (b - a + 86400) % 86400 < 3600 ))
}

# Screens 2-9 (7-9 hold data of their own, refreshed by R there only), then
# the details of the first order, subscription and package.
tour() {
	local s
	for s in 2 3 4 5 6; do keys "$s"; sleep 0.4; done
	for s in 7 8 9; do keys "$s"; sleep 0.3; keys R; sleep 0.5; done
	for s in 4 5 6; do keys "$s"; sleep 0.2; keys Enter; sleep 0.8; keys Escape; done
	keys 1
}

printf 't_s\trss_kb\tfds\tsim_requests\n' >"$SAMPLES"
start=$(date +%s)
end=$((start + SOAK_SECONDS))
next_sample=$start next_tour=$((start + 30)) alive=1
declare -a before=()
while :; do
	now=$(date +%s)
	[ "$now" -ge "$end" ] && break
	if ! kill -0 "$DASH_PID" 2>/dev/null; then alive=0; break; fi
	if [ "$now" -ge "$next_sample" ]; then
		printf '%s\t%s\t%s\t%s\n' $((now - start)) \
			"$(awk '/^VmRSS:/ { print $2 }' "/proc/$DASH_PID/status")" \
			"$(ls "/proc/$DASH_PID/fd" | wc -l)" "$(sim_stat requests)" >>"$SAMPLES"
		next_sample=$((next_sample + SOAK_SAMPLE))
	fi
	if [ "$now" -ge "$next_tour" ]; then
		# The last minute starts with the times every screen shows.
		if [ ${#before[@]} = 0 ] && [ "$now" -ge $((end - 60)) ]; then
			for i in "${!SCREEN[@]}"; do before[$i]=$(shown_time "$i"); done
			keys 1
		else
			tour
		fi
		next_tour=$((next_tour + 30))
	fi
	keys R
	sleep 1
done

verdict "bssdash ran for $SOAK_SECONDS s under the faults" $((1 - alive))
if [ "$alive" = 1 ]; then
	# With every fault at 5% a refresh fails about half the time, and the
	# product catalogue needs several requests to succeed together: a screen
	# that had one or two tries in the last minute may not have made it. It
	# still counts as updating if one of a few more refreshes gets through.
	for i in "${!SCREEN[@]}"; do
		t=$(shown_time "$i") tries=0
		while ! advanced "${before[$i]:-}" "$t" && [ "$tries" -lt 5 ]; do
			keys R
			sleep 6
			t=$(shown_time "$i") tries=$((tries + 1))
		done
		advanced "${before[$i]:-}" "$t"
		verdict "screen $((i + 2)) (${SCREEN[$i]%% (}) kept updating: ${before[$i]:-none} -> ${t:-none} ($tries more refreshes)" $?
	done
	keys 1
	keys q
	wait_for "EXIT=0" 10
	verdict "q quits cleanly at the end" $?
fi

# Medians of the first and the last minute; growth in percent and in units.
stats=$(awk -v end="$SOAK_SECONDS" -F'\t' '
	function median(a, n,   i, j, t) {
		for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j-1] > a[j]; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t }
		return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
	}
	NR > 1 && $1 < 60 { r1[++n1] = $2; f1[n1] = $3 }
	NR > 1 && $1 >= end - 60 { r2[++n2] = $2; f2[n2] = $3 }
	NR > 1 { if ($2 > rmax) rmax = $2; if ($3 > fmax) fmax = $3; last = $4 }
	NR > 1 && (NR == 2 || $3 < fmin) { fmin = $3 }
	NR > 1 { m = int($1 / 60); fs[m] += $3; fn[m]++ }
	END {
		if (n1 == 0 || n2 == 0) { print "none"; exit }
		ra = median(r1, n1); rb = median(r2, n2); fa = median(f1, n1); fb = median(f2, n2)
		for (m = 0; m in fn; m++) means = means (m ? ", " : "") sprintf("%.1f", fs[m] / fn[m])
		printf "%d %d %.1f %d %d %.1f %d %d %d %d %d %d %s\n", ra, rb, (rb - ra) * 100 / ra, fa, fb,
		    (fb - fa) * 100 / fa, rmax, fmax, n1, n2, last, fmin, means
	}' "$SAMPLES")
if [ "$stats" = none ]; then
	verdict "samples in the first and the last minute" 1
else
	read -r rss1 rss2 rssg fd1 fd2 fdg rssmax fdmax n1 n2 reqs fdmin fdmeans <<<"$stats"
	awk -v g="$rssg" 'BEGIN { exit !(g < 5) }'
	verdict "RSS: median $((rss1 / 1024)) MB in the first minute, $((rss2 / 1024)) MB in the last ($rssg%)" $?
	awk -v g="$fdg" -v a="$fd1" -v b="$fd2" 'BEGIN { exit !(g < 5 || b - a <= 1) }'
	verdict "descriptors: median $fd1 in the first minute, $fd2 in the last ($fdg%)" $?
	{
		echo "# Soak: bssdash against bsssim with every fault at 5%"
		echo
		echo "\`make soak\` ($(date -u +%Y-%m-%d), $(uname -m), SOAK_SECONDS=$SOAK_SECONDS): the dashboard"
		echo "at 200x50 against bsssim \`--faults '$FAULTS'\`,"
		echo "R every second, a tour of screens 2-9 (R on 7-9) and the detail views every 30 s;"
		echo "samples every $SOAK_SAMPLE s ($(($(wc -l <"$SAMPLES") - 1)) of them)."
		echo
		echo "| | first minute (median) | last minute (median) | growth | peak |"
		echo "| --- | --- | --- | --- | --- |"
		echo "| RSS | $((rss1 / 1024)) MB ($rss1 kB) | $((rss2 / 1024)) MB ($rss2 kB) | $rssg% | $((rssmax / 1024)) MB |"
		echo "| open descriptors | $fd1 | $fd2 | $fdg% | $fdmax |"
		echo
		echo "Descriptors go up and down with the connections in flight ($fdmin to $fdmax over the"
		echo "run), so a median can move by one without a leak; the check allows that one. Their"
		echo "mean, minute by minute: $fdmeans."
		echo
		echo "Requests answered by the simulator: $reqs; checks: $pass passed, $fail failed."
	} >"$SOAK_REPORT"
	echo "# report: $SOAK_REPORT"
	cat "$SOAK_REPORT"
fi
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
