# Helpers for the headless-command suites (tests/integration/cli_*.sh):
# a private bsssim, a config pointing at it, checks that count, and JSON
# read with node (a test dependency already).
#   cli_init; start_sim [bsssim args]; write_profile NAME URL AK SK [extra]
#   (or cli_start [bsssim args] for all three with the default profile)
#   check NAME CMD...; ok NAME; not_ok NAME [DETAIL]; json EXPR < JSON; cli_finish
: "${BSSDASH:=$PWD/build/bssdash}"
: "${BSSSIM:=$PWD/build/bsssim}"
SIM_AK=BSSSIMDEMOACCESSKEY1
SIM_SK=bsssim-demo-secret-key-not-for-real-use
SIM_TOKEN=bsssim-admin-demo-token
pass=0
fail=0
CLI_SIM_PID=""

cli_cleanup() {
	if [ -n "$CLI_SIM_PID" ]; then
		kill "$CLI_SIM_PID" 2>/dev/null
		wait "$CLI_SIM_PID" 2>/dev/null
	fi
	rm -rf "$CLI_WORK"
}

cli_init() {
	CLI_WORK=$(mktemp -d)
	trap cli_cleanup EXIT
	export XDG_CONFIG_HOME="$CLI_WORK/config" XDG_STATE_HOME="$CLI_WORK/state" HOME="$CLI_WORK"
	unset HUAWEICLOUD_SDK_AK HUAWEICLOUD_SDK_SK HUAWEICLOUD_SDK_SECURITY_TOKEN \
	    HUAWEICLOUD_SDK_DOMAIN_ID BSSDASH_ENDPOINT BSSDASH_TEST_NOW
	mkdir -p "$XDG_CONFIG_HOME/bssdash"
	: >"$XDG_CONFIG_HOME/bssdash/config"
	chmod 600 "$XDG_CONFIG_HOME/bssdash/config"
	JOURNAL="$XDG_STATE_HOME/bssdash/journal.jsonl"
}

ok() {
	pass=$((pass + 1))
	echo "ok $1"
}

not_ok() {
	fail=$((fail + 1))
	echo "FAIL $1"
	[ -n "${2:-}" ] && printf '%s\n' "$2" | head -n 30 | sed 's/^/     | /'
	return 0
}

check() {  # check NAME COMMAND...
	local name=$1; shift
	if "$@"; then ok "$name"; else not_ok "$name"; fi
}

cli_finish() {
	echo "$pass passed, $fail failed"
	[ "$fail" = 0 ]
}

# Starts bsssim on a free port; sets SIM_URL.
start_sim() {
	"$BSSSIM" "$@" >"$CLI_WORK/sim.out" 2>"$CLI_WORK/sim.err" &
	CLI_SIM_PID=$!
	for _ in $(seq 200); do
		SIM_URL=$(head -n 1 "$CLI_WORK/sim.out" 2>/dev/null)
		case $SIM_URL in http*) return 0 ;; esac
		kill -0 "$CLI_SIM_PID" 2>/dev/null || break
		sleep 0.05
	done
	echo "bsssim did not start: $(cat "$CLI_WORK/sim.err")"
	return 1
}

stop_sim() {
	kill "$CLI_SIM_PID" 2>/dev/null
	wait "$CLI_SIM_PID" 2>/dev/null
	CLI_SIM_PID=""
}

# write_profile NAME URL AK SK [EXTRA LINE]: appends a profile to the config.
write_profile() {
	{
		echo "[profile $1]"
		echo "endpoint = $2"
		echo "ak = $3"
		echo "sk = $4"
		[ -n "${5:-}" ] && echo "$5"
		echo
	} >>"$XDG_CONFIG_HOME/bssdash/config"
}

# cli_start [BSSSIM ARGS...]: the start-up of the suites that run against one
# bsssim: cli_init, the simulator, and its keys as the default profile. A
# simulator that does not start fails the suite.
cli_start() {
	cli_init
	start_sim "$@" || { echo "0 passed, 1 failed"; exit 1; }
	write_profile default "$SIM_URL" "$SIM_AK" "$SIM_SK"
}

# sim_admin METHOD PATH [BODY]
sim_admin() {
	curl -s -X "$1" -H "Authorization: Bearer $SIM_TOKEN" ${3:+--data "$3"} "$SIM_URL$2"
}

state() {
	sim_admin GET /__sim/state
}

faults() {  # faults SPEC ("" clears)
	if [ -z "$1" ]; then sim_admin DELETE /__sim/faults >/dev/null
	else sim_admin POST /__sim/faults "{\"spec\":\"$1\"}" >/dev/null; fi
}

# json EXPR: evaluates a JS expression over the JSON on stdin, bound to `s`;
# prints strings as they are and anything else as JSON.
json() {
	node -e '
		let t = "";
		process.stdin.on("data", d => t += d).on("end", () => {
			const s = JSON.parse(t);
			const v = eval(process.argv[1]);
			console.log(typeof v === "string" ? v : JSON.stringify(v));
		});' "$1"
}

# Money as JSON numbers compared exactly: both sides through the same text.
same() {  # same A B
	[ "$(node -e 'console.log(Number(process.argv[1]).toFixed(2))' "$1")" = \
	  "$(node -e 'console.log(Number(process.argv[1]).toFixed(2))' "$2")" ]
}
