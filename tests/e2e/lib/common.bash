# Helpers for the end-to-end suites: tmux drives the real bssdash, the screen
# text is read back with capture-pane. Sourced, not run (it is not *.sh).
#
# Every suite: e2e_init; ...checks...; e2e_finish (prints "N passed, N failed").

: "${BSSDASH:=$PWD/build/bssdash}"
: "${BSSSIM:=$PWD/build/bsssim}"
E2E_PASS=0
E2E_FAIL=0
E2E_SOCK=""
E2E_SOCKS=""
E2E_RUNS=0
E2E_WORK=""
E2E_SIM_PID=""

e2e_cleanup() {
	local s
	for s in $E2E_SOCKS; do tmux -L "$s" kill-server 2>/dev/null; done
	if [ -n "$E2E_SIM_PID" ]; then
		kill "$E2E_SIM_PID" 2>/dev/null
		wait "$E2E_SIM_PID" 2>/dev/null
	fi
	[ -n "$E2E_WORK" ] && rm -rf "$E2E_WORK"
}

e2e_init() {
	E2E_WORK=$(mktemp -d /tmp/bssdash-e2e.XXXXXX)
	mkdir -p "$E2E_WORK/config/bssdash" "$E2E_WORK/state" "$E2E_WORK/home"
	trap e2e_cleanup EXIT
}

e2e_finish() {
	echo "$E2E_PASS passed, $E2E_FAIL failed"
	[ "$E2E_FAIL" = 0 ]
}

ok() {
	E2E_PASS=$((E2E_PASS + 1))
	echo "ok   $1"
}

not_ok() {
	E2E_FAIL=$((E2E_FAIL + 1))
	echo "FAIL $1"
	if [ -n "${2:-}" ]; then
		echo "---- screen ----"
		printf '%s\n' "$2"
		echo "----------------"
	fi
}

# check NAME COMMAND...: one test from a command's status.
check() {
	local name=$1
	shift
	if "$@"; then ok "$name"; else not_ok "$name" "$(screen_text)"; fi
}

# write_config ENDPOINT AK SK [EXTRA]: the config file (mode 600, as required).
write_config() {
	local f="$E2E_WORK/config/bssdash/config"
	printf '[profile default]\nak = %s\nsk = %s\nendpoint = %s\n%s' "$2" "$3" "$1" "${4:-}" >"$f"
	chmod 600 "$f"
}

# start_dash COLS ROWS [ARGS...]: bssdash in a fresh tmux server, under a
# wrapper script in an interactive shell (job control, as people run it), so
# the terminal state after exit can be inspected. "EXIT=status" follows.
start_dash() {
	local cols=$1 rows=$2
	shift 2
	# A new tmux server each time: reusing a socket races with its shutdown.
	[ -n "$E2E_SOCK" ] && tmux -L "$E2E_SOCK" kill-server 2>/dev/null
	E2E_RUNS=$((E2E_RUNS + 1))
	E2E_SOCK="bssdash-e2e-$$-$E2E_RUNS"
	E2E_SOCKS="$E2E_SOCKS $E2E_SOCK"
	tmux -L "$E2E_SOCK" -f /dev/null new-session -d -s e2e -x "$cols" -y "$rows" \
		"env -i PATH=/usr/bin:/bin HOME=$E2E_WORK/home TERM=xterm-256color LANG=C.UTF-8 PS1='$ ' bash --norc --noprofile"
	tmux -L "$E2E_SOCK" set-option -t e2e -g status off >/dev/null
	tmux -L "$E2E_SOCK" send-keys -t e2e "export XDG_CONFIG_HOME=$E2E_WORK/config XDG_STATE_HOME=$E2E_WORK/state BSSDASH_THEMES=$PWD/themes ${E2E_ENV:-}" Enter
	printf '#!/bin/sh\necho $$ >"%s/run.pid"\n"%s" "$@"\necho EXIT=$?\n' "$E2E_WORK" "$BSSDASH" \
		>"$E2E_WORK/run.sh"
	chmod +x "$E2E_WORK/run.sh"
	rm -f "$E2E_WORK/run.pid"
	tmux -L "$E2E_SOCK" send-keys -t e2e "clear; $E2E_WORK/run.sh $*" Enter
}

# bssdash's pid: the wrapper's child.
dash_pid() {
	local i
	for ((i = 0; i < 50; i++)); do
		[ -s "$E2E_WORK/run.pid" ] && pgrep -P "$(cat "$E2E_WORK/run.pid")" && return 0
		sleep 0.1
	done
	return 1
}

screen_text() {
	tmux -L "$E2E_SOCK" capture-pane -p -t e2e 2>/dev/null
}

keys() {
	tmux -L "$E2E_SOCK" send-keys -t e2e "$@"
}

resize() {
	tmux -L "$E2E_SOCK" resize-window -t e2e -x "$1" -y "$2"
}

# wait_for TEXT [SECONDS]: true once TEXT (fixed string) is on screen.
wait_for() {
	local i n=$(( ${2:-5} * 10 ))
	for ((i = 0; i < n; i++)); do
		screen_text | grep -qF -- "$1" && return 0
		sleep 0.1
	done
	return 1
}

# on_screen WHERE TEXT: TEXT (fixed string) on the top line, the status
# (bottom) line, or anywhere.
on_screen() {
	case $1 in
	top) screen_text | head -n 1 | grep -qF -- "$2" ;;
	status) screen_text | tail -n 1 | grep -qF -- "$2" ;;
	*) screen_text | grep -qF -- "$2" ;;
	esac
}

# within SECONDS COMMAND...: true once COMMAND succeeds, tried every 0.1 s.
# For a check on what a key did: a single look may see the frame from before
# the dashboard read the key.
within() {
	local i n=$(( $1 * 10 ))
	shift
	for ((i = 0; i < n; i++)); do
		"$@" && return 0
		sleep 0.1
	done
	return 1
}

# line_has N TEXT: screen line N holds TEXT (fixed string).
line_has() {
	screen_text | sed -n "${1}p" | grep -qF -- "$2"
}

# wait_for_line N TEXT [SECONDS]: line N holds TEXT within SECONDS (3).
wait_for_line() {
	within "${3:-3}" line_has "$1" "$2"
}

# screen_loaded TEXT [COLS]: line 2, a screen's title, holds TEXT and ends in
# its view's "updated HH:MM:SS": that screen is shown with its data, which
# "updated" elsewhere on the screen (an older frame's) does not say. With
# COLS, the state ends one column short of the right edge of a terminal COLS
# wide: the frame was drawn at that width.
screen_loaded() {
	local line
	line=$(screen_text | sed -n 2p)
	[[ $line == *"$1"* && $line =~ updated\ [0-9]{2}:[0-9]{2}:[0-9]{2}$ ]] &&
		{ [ -z "${2:-}" ] || [ "${#line}" = $(($2 - 1)) ]; }
}

# wait_gone TEXT [SECONDS]
wait_gone() {
	local i n=$(( ${2:-5} * 10 ))
	for ((i = 0; i < n; i++)); do
		screen_text | grep -qF -- "$1" || return 0
		sleep 0.1
	done
	return 1
}

# The shell's terminal modes after bssdash exited: canonical, echo, sane output.
# Each call's answer ends in its own number: the previous call's answer may
# still be on the screen until the shell has run this one's "clear".
E2E_TTY_CHECKS=0
tty_restored() {
	E2E_TTY_CHECKS=$((E2E_TTY_CHECKS + 1))
	keys "clear; stty -a | tr ' ;' '\n\n' | grep -xE -- '-?(icanon|echo|opost|onlcr)' | sort | tr '\n' ' '; echo tty-$E2E_TTY_CHECKS" Enter
	wait_for "echo icanon onlcr opost tty-$E2E_TTY_CHECKS" 3
}

# Starts bsssim on a free port; sets SIM_URL. False when it cannot run.
start_sim() {
	"$BSSSIM" "$@" >"$E2E_WORK/sim.out" 2>"$E2E_WORK/sim.err" &
	E2E_SIM_PID=$!
	local i
	for ((i = 0; i < 50; i++)); do
		SIM_URL=$(head -n 1 "$E2E_WORK/sim.out" 2>/dev/null)
		case $SIM_URL in http*) return 0 ;; esac
		kill -0 "$E2E_SIM_PID" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}

# The demo keys bsssim accepts by default.
DEMO_AK=BSSSIMDEMOACCESSKEY1
DEMO_SK=bsssim-demo-secret-key-not-for-real-use

# e2e_start_demo: the start-up of the suites that run against a plain bsssim:
# e2e_init, the simulator, and a config with the demo keys. When the simulator cannot run, says SKIP, counts nothing
# and ends the suite.
e2e_start_demo() {
	e2e_init
	if ! start_sim; then
		echo "SKIP: $BSSSIM does not run ($(head -c 200 "$E2E_WORK/sim.err"))"
		echo "0 passed, 0 failed"
		exit 0
	fi
	write_config "$SIM_URL" "$DEMO_AK" "$DEMO_SK"
}

# sim_admin METHOD PATH [BODY]: the admin API (demo token), answer on stdout.
sim_admin() {
	node -e '
		const [url, method, body] = process.argv.slice(1);
		fetch(url, { method, body: body || undefined,
		    headers: { Authorization: "Bearer bsssim-admin-demo-token" } })
		    .then(r => r.text()).then(t => process.stdout.write(t))
		    .catch(e => { console.error(String(e)); process.exit(1); });
	' "$SIM_URL$2" "$1" "${3:-}"
}

# json EXPR: evaluates a JS expression over the JSON on stdin, bound to `s`.
json() {
	node -e '
		let t = ""; process.stdin.on("data", d => t += d).on("end", () => {
			const s = JSON.parse(t); const v = eval(process.argv[1]);
			process.stdout.write(String(v));
		});
	' "$1"
}
