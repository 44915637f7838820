#!/usr/bin/env bash
# make screenshots: runs the real bssdash against bsssim inside tmux, drives it
# to each screen below, captures the screen with its colours (capture-pane -e)
# and renders it to screenshots/NAME.png (ansi2svg.js, then rsvg-convert, then
# pngquant when it is there to keep the files small).
#
#   tests/screenshots/run.sh [OUTDIR] [NAME...]     (default: screenshots/, every shot)
#
# Needs tmux, node, rsvg-convert and a CJK font (`make deps` installs them).
set -euo pipefail
cd "$(dirname "$0")/../.."

# One shot a row, fields separated by "|":
#   name     the PNG's name (screenshots/NAME.png)
#   size     COLSxROWS of the terminal
#   options  bssdash's options (e.g. --theme light), or empty
#   keys     tmux send-keys arguments, sent one by one once the overview has
#            loaded ("-": none). Key names as tmux spells them: Enter, Escape,
#            Tab, BTab, Space, Up, Down, C-r...
#   wait for text that is on the screen once the shot is ready
# Every shot runs its own bssdash from the start, so rows do not depend on
# each other: a new screen is a new row.
SHOTS='
overview            | 160x45 |               | -           | 6 Packages (
balance             | 160x45 |               | 2           | Balance (
coupons             | 160x45 |               | 3           | Coupons (
orders              | 160x45 |               | 4           | Orders (
order-details       | 160x45 |               | 4 Enter     | Line items
subscriptions       | 160x45 |               | 5           | Subscriptions (
subscriptions-filter| 160x45 |               | 5 / 数 据   | /数据
packages            | 160x45 |               | 6           | Packages (
help                | 160x45 |               | ?           | Keys (
overview-80x24      | 80x24  |               | -           | 6 Packages (
overview-light      | 160x45 | --theme light | -           | 6 Packages (
bills               | 160x45 |               | 7           | All services
bills-expenditures  | 160x45 |               | 7 [ ] [ ] [ ] [ ] [ ] [ ] [ ] [ ] Enter | (adds up)
costs               | 160x45 |               | 8           | Total
products            | 160x45 |               | 9           | hws.service.type.ec2
units               | 160x45 |               | 9 v         | = 1024
price               | 160x45 |               | $ R         | best offer
package-usage       | 160x45 |               | U Enter     | Usage records:
'

OUT=${1:-screenshots}
[ $# -gt 0 ] && shift
ONLY=" $* "
BSSDASH=${BSSDASH:-$PWD/build/bssdash}
BSSSIM=${BSSSIM:-$PWD/build/bsssim}
HERE=tests/screenshots
TIMEOUT=15 # seconds a shot may take to be ready

die() {
	echo "screenshots: $*" >&2
	exit 1
}

for tool in tmux node rsvg-convert fc-list; do
	command -v "$tool" >/dev/null || die "$tool is missing: run 'make deps'"
done
fc-list :lang=zh family | grep -q . || die "no Chinese font (fonts-noto-cjk): run 'make deps'"
[ -x "$BSSDASH" ] && [ -x "$BSSSIM" ] || die "build bssdash and bsssim first ('make')"

WORK=$(mktemp -d /tmp/bssdash-shots.XXXXXX)
SOCK=""
SIM_PID=""
cleanup() {
	set +e
	[ -n "$SIM_PID" ] && kill "$SIM_PID" 2>/dev/null && wait "$SIM_PID" 2>/dev/null
	[ -n "$SOCK" ] && tmux -L "$SOCK" kill-server 2>/dev/null
	rm -rf "$WORK"
}
trap cleanup EXIT

# The simulator on a free port: its first line is the base URL.
"$BSSSIM" >"$WORK/sim.out" 2>"$WORK/sim.err" &
SIM_PID=$!
SIM_URL=""
for _ in $(seq 50); do
	SIM_URL=$(head -n 1 "$WORK/sim.out" 2>/dev/null || true)
	case $SIM_URL in http*) break ;; esac
	kill -0 "$SIM_PID" 2>/dev/null || die "bsssim did not start: $(head -c 300 "$WORK/sim.err")"
	sleep 0.1
done
case $SIM_URL in http*) ;; *) die "bsssim printed no URL" ;; esac

mkdir -p "$WORK/config/bssdash" "$WORK/state/bssdash" "$WORK/home" "$OUT"
printf '[profile demo]\nak = BSSSIMDEMOACCESSKEY1\nsk = bsssim-demo-secret-key-not-for-real-use\nendpoint = %s\n' \
	"$SIM_URL" >"$WORK/config/bssdash/config"
chmod 600 "$WORK/config/bssdash/config"

# A week of balance samples (the state file bssdash keeps across runs), so the
# sparkline shows what it does after a week of use: the cash the simulator
# has now, spent down at a steady rate with a daily rhythm.
node - "$SIM_URL" "$WORK/state/bssdash/balance-demo.tsv" <<'JS' || die "could not read the simulator's balance"
const [url, file] = process.argv.slice(2);
fetch(url + "/__sim/state", { headers: { Authorization: "Bearer bsssim-admin-demo-token" } })
	.then(r => r.json()).then(s => {
		const cash = s.balances.filter(b => b.account_type === 1).reduce((a, b) => a + Number(b.amount), 0);
		const now = Math.floor(Date.now() / 1000), lines = [];
		for (let h = 7 * 24; h >= 2; h -= 2) {
			const spent = 55 * h + 140 * Math.sin(h / 24 * 2 * Math.PI);
			lines.push(`${now - h * 3600}\t${(cash + spent).toFixed(2)}`);
		}
		require("fs").writeFileSync(file, lines.join("\n") + "\n");
	});
JS

screen() {
	tmux -L "$SOCK" capture-pane -p -t shot "$@" 2>/dev/null
}

# wait_until SECONDS COMMAND...: polls COMMAND every 0.1 s.
wait_until() {
	local n=$(($1 * 10))
	shift
	for ((; n > 0; n--)); do
		"$@" && return 0
		sleep 0.1
	done
	return 1
}

has_text() { screen | grep -qF -- "$1"; }
gone() { ! tmux -L "$SOCK" has-session 2>/dev/null; }

# Ready: no request in flight (when the status bar shows; a prompt can hide
# it), nothing loading, and the screen unchanged for 0.3 s.
settled() {
	local a b
	a=$(screen -e)
	grep -qE ' [1-9][0-9]* in flight' <<<"$a" && return 1
	grep -qF 'loading...' <<<"$a" && return 1
	sleep 0.3
	b=$(screen -e)
	[ "$a" = "$b" ]
}

shoot() {
	local name=$1 size=$2 opts=$3 keys=$4 want=$5 cols rows k
	cols=${size%x*}
	rows=${size#*x}
	# A tmux server per shot: reusing a socket races with the last one's exit.
	SOCK="bssdash-shots-$$-$name"
	# shellcheck disable=SC2086 # opts are words on purpose
	tmux -L "$SOCK" -f /dev/null new-session -d -s shot -x "$cols" -y "$rows" \
		env -i PATH=/usr/bin:/bin HOME="$WORK/home" TERM=tmux-256color LANG=C.UTF-8 \
		XDG_CONFIG_HOME="$WORK/config" XDG_STATE_HOME="$WORK/state" BSSDASH_THEMES="$PWD/themes" \
		"$BSSDASH" $opts || die "$name: tmux did not start"
	tmux -L "$SOCK" set-option -t shot status off >/dev/null 2>&1 || true
	wait_until "$TIMEOUT" has_text "6 Packages (" && wait_until "$TIMEOUT" settled ||
		die "$name: the overview did not load; the screen was:"$'\n'"$(screen)"
	if [ "$keys" != - ]; then
		for k in $keys; do
			tmux -L "$SOCK" send-keys -t shot -- "$k"
			sleep 0.1
		done
	fi
	wait_until "$TIMEOUT" has_text "$want" && wait_until "$TIMEOUT" settled ||
		die "$name: '$want' did not show; the screen was:"$'\n'"$(screen)"
	# -N keeps the blanks at the ends of lines: a bar's or a selected row's
	# colour reaches the right edge as on a terminal. (tmux-256color, tmux's
	# own TERM, has no bce, so those blanks are written, not erased.)
	screen -e -N >"$WORK/$name.ansi"
	node "$HERE/ansi2svg.js" "$cols" "$rows" <"$WORK/$name.ansi" >"$WORK/$name.svg" ||
		die "$name: ansi2svg failed (see above)"
	rsvg-convert "$WORK/$name.svg" -o "$WORK/$name.png" || die "$name: rsvg-convert failed"
	if command -v pngquant >/dev/null; then
		# Exit 98/99 (not smaller, quality not reached) keep the lossless file.
		pngquant --force --skip-if-larger --quality=70-100 --speed 1 \
			--output "$WORK/$name.q.png" -- "$WORK/$name.png" 2>/dev/null &&
			mv "$WORK/$name.q.png" "$WORK/$name.png"
	fi
	mv "$WORK/$name.png" "$OUT/$name.png"
	tmux -L "$SOCK" send-keys -t shot q 2>/dev/null || true
	wait_until 3 gone || tmux -L "$SOCK" kill-server 2>/dev/null || true
	echo "screenshots: $OUT/$name.png ($size$([ -n "$opts" ] && echo ", $opts"))"
}

trim() {
	local s=$1
	s=${s#"${s%%[![:space:]]*}"}
	printf '%s' "${s%"${s##*[![:space:]]}"}"
}

n=0
while IFS='|' read -r name size opts keys want; do
	name=$(trim "$name")
	[ -z "$name" ] && continue
	[ "$ONLY" != "  " ] && [[ $ONLY != *" $name "* ]] && continue
	shoot "$name" "$(trim "$size")" "$(trim "$opts")" "$(trim "$keys")" "$(trim "$want")"
	n=$((n + 1))
done <<<"$SHOTS"
[ "$n" -gt 0 ] || die "no shot matched:$ONLY"
echo "screenshots: $n pictures in $OUT/"
