#!/usr/bin/env bash
# Bad input (issue 8 item 4) against the real build/bssdash: each case is
# refused (or warned about) with one clear line on stderr and the right exit
# status, and no case prints the configuration's secrets.
#
set -u
cd "$(dirname "$0")/../.."
BSSDASH=${BSSDASH:-$PWD/build/bssdash}
BSSSIM=${BSSSIM:-$PWD/build/bsssim}

work=$(mktemp -d /tmp/bssdash-badinput.XXXXXX)
sim_pid=
trap '[ -n "$sim_pid" ] && kill $sim_pid 2>/dev/null; rm -rf "$work"' EXIT
# Nothing from the caller's environment or home may decide an outcome.
unset HUAWEICLOUD_SDK_AK HUAWEICLOUD_SDK_SK HUAWEICLOUD_SDK_SECURITY_TOKEN \
	HUAWEICLOUD_SDK_DOMAIN_ID BSSDASH_ENDPOINT
export HOME=$work/home XDG_CONFIG_HOME=$work/config XDG_STATE_HOME=$work/state
mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_STATE_HOME"

SK=SK-bad-input-Zq81Lx0Pm3Vt7Rw5
TOKEN=TOKEN-bad-input-Hn4Jc9Ke2Wy6
DATE=20240315T081530Z
pass=0 fail=0

# config NAME MODE LINES...: writes $work/NAME with the lines, chmod MODE.
config() {
	local f=$work/$1 mode=$2
	shift 2
	printf '%s\n' "$@" >"$f"
	chmod "$mode" "$f"
}

# run CMD...: runs it, keeps rc, out, err.
run() {
	"$@" >"$work/out" 2>"$work/err" </dev/null
	rc=$?
	out=$(cat "$work/out")
	err=$(cat "$work/err")
}

# outcome NAME RC LINES REGEX: rc, the number of stderr lines ("usage": any,
# the first one matching), stderr matching REGEX (extended), no secret
# anywhere. Sets why on failure.
outcome() {
	local want_rc=$2 want_lines=$3 re=$4 lines
	lines=$(printf '%s' "$err" | grep -c '')
	why=
	if [ "$rc" != "$want_rc" ]; then why="exit status $rc, expected $want_rc"
	elif [ "$want_lines" = usage ]; then
		printf '%s' "$err" | head -n 1 | grep -Eq -- "$re" || why="the first line does not match /$re/"
	elif [ "$lines" != "$want_lines" ]; then why="$lines lines on stderr, expected $want_lines"
	elif [ "$want_lines" != 0 ] && ! printf '%s' "$err" | grep -Eq -- "$re"; then
		why="stderr does not match /$re/"
	elif grep -qF -e "$SK" -e "$TOKEN" "$work/out" "$work/err"; then why="a secret was printed"
	fi
	[ -z "$why" ]
}

# check NAME RC LINES REGEX CMD...: one test.
check() {
	local name=$1 want_rc=$2 want_lines=$3 re=$4
	shift 4
	run "$@"
	if outcome "$name" "$want_rc" "$want_lines" "$re"; then
		pass=$((pass + 1)); echo "ok   $name"
	else
		fail=$((fail + 1)); echo "FAIL $name: $why"
		printf '%s\n' "$err" | head -n 5 | sed 's/^/     | /'
	fi
}

sign() { "$BSSDASH" "$@" debug sign GET /v2/accounts/customer-accounts/balances --date $DATE; }

creds=("ak = AK-bad-input" "sk = $SK" "security_token = $TOKEN")

# --- the configuration file -----------------------------------------------
config ok.ini 600 "[profile p]" "${creds[@]}"
check "a good config signs (control case)" 0 0 '^$' sign --config "$work/ok.ini"

config malformed.ini 600 "[profile p]" "${creds[@]}" "this is not a setting"
check "malformed line: file and line named" 1 1 '^bssdash: .*malformed\.ini:5: expected key = value$' \
	sign --config "$work/malformed.ini"

config section.ini 600 "[profile p" "${creds[@]}"
check "unclosed section: file and line named" 1 1 'section\.ini:1: expected \[section\]' \
	sign --config "$work/section.ini"

config value.ini 600 "[profile p]" "${creds[@]}" "[ui]" "refresh = soon"
check "bad value: file, line and key named" 1 1 'value\.ini:6: .*refresh' sign --config "$work/value.ini"

check "missing --config file: named" 1 1 "nonexistent\.ini.*(No such file|cannot read)" \
	sign --config "$work/nonexistent.ini"

mkdir "$work/dir.ini"
check "config that is a directory: named" 1 1 'dir\.ini.*not a regular file' sign --config "$work/dir.ini"

config locked.ini 000 "[profile p]" "${creds[@]}"
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	# Root reads anything: the unreadable case runs as nobody.
	chmod 755 "$work"
	check "unreadable config: named, with the reason" 1 1 'locked\.ini.*Permission denied' \
		setpriv --reuid=nobody --regid=nogroup --clear-groups env HOME=/nonexistent \
		"$BSSDASH" --config "$work/locked.ini" debug sign GET /v2/x --date $DATE
else
	check "unreadable config: named, with the reason" 1 1 'locked\.ini.*Permission denied' \
		sign --config "$work/locked.ini"
fi

config unknown.ini 600 "[profile p]" "${creds[@]}" "colour = blue" "[weird]" "x = 1"
check "unknown key and section: warnings, and it still runs" 0 2 \
	"unknown\.ini:5: unknown key 'colour'" sign --config "$work/unknown.ini"
check "the warnings say they are warnings" 0 2 '^bssdash: warning: .*unknown\.ini:6' \
	sign --config "$work/unknown.ini"

config group.ini 640 "[profile p]" "${creds[@]}"
check "secrets readable by the group: refused, as ssh does" 1 1 'group\.ini.*chmod 600' \
	sign --config "$work/group.ini"
config other.ini 604 "[profile p]" "ak = AK-bad-input" "sk = $SK"
check "secrets readable by others: refused" 1 1 'other\.ini.*chmod 600' sign --config "$work/other.ini"
config token.ini 644 "[profile p]" "ak = AK-bad-input" "security_token = $TOKEN"
check "a readable security token alone: refused" 1 1 'token\.ini.*chmod 600' sign --config "$work/token.ini"
config public.ini 644 "[profile p]" "ak = AK-bad-input" "endpoint = https://bss.example.com"
check "a readable config without secrets: fine" 0 0 '^$' \
	env HUAWEICLOUD_SDK_SK="$SK" "$BSSDASH" --config "$work/public.ini" debug sign GET /v2/x --date $DATE

# --- endpoints --------------------------------------------------------------
for ep in http://bss.example.com http://10.1.2.3:8080 http://localhost.example.com \
	http://127.0.0.1.example.com http://[2001:db8::1]:80; do
	config ep.ini 600 "[profile p]" "${creds[@]}" "endpoint = $ep"
	check "plain http to $ep in the config: refused" 1 1 'refused: plain http is allowed only to loopback' \
		sign --config "$work/ep.ini"
done
check "plain http to a remote host from BSSDASH_ENDPOINT: refused, source named" 1 1 \
	'http://192\.0\.2\.7 refused.*BSSDASH_ENDPOINT' \
	env BSSDASH_ENDPOINT=http://192.0.2.7 "$BSSDASH" --config "$work/ok.ini" debug sign GET /v2/x --date $DATE
for ep in http://127.0.0.1:9 http://localhost:9 "http://[::1]:9" https://bss.example.com; do
	config ep.ini 600 "[profile p]" "${creds[@]}" "endpoint = $ep"
	check "endpoint $ep: accepted" 0 0 '^$' sign --config "$work/ep.ini"
done
config ep.ini 600 "[profile p]" "${creds[@]}" "endpoint = ftp://bss.example.com"
check "an endpoint that is not http(s): refused" 1 1 "not a URL of the form https://host" sign --config "$work/ep.ini"
config ep.ini 600 "[profile p]" "${creds[@]}" "endpoint = https://user:pw-bad-input@bss.example.com"
check "an endpoint with credentials in it: refused" 1 1 "not a URL" sign --config "$work/ep.ini"
check "... and the password in it is not echoed" 1 1 '^[^@]*$' sign --config "$work/ep.ini"

# --- the command line ---------------------------------------------------------
check "unknown option: status 2, one line" 2 1 '^bssdash: unknown option --frobnicate' "$BSSDASH" --frobnicate
check "bad --site value" 2 1 "^bssdash: --site must be cn or intl, not 'mars'$" "$BSSDASH" --site mars debug
check "option without its value" 2 1 '^bssdash: --config needs a value' "$BSSDASH" --config
check "unknown command" 2 1 "^bssdash: unknown command 'frobnicate'" "$BSSDASH" frobnicate
check "unknown --profile: named" 1 1 'no \[profile nosuch\]' sign --config "$work/ok.ini" --profile nosuch
check "no credentials: says where to put them" 1 1 'HUAWEICLOUD_SDK_AK' \
	"$BSSDASH" debug sign GET /v2/x --date $DATE
for args in "get resources --expiring-within abc|--expiring-within takes a number" \
	"get resources --output yaml|--output takes table, json" \
	"get orders --since notadate|--since and --until take" \
	"monitor --balance-below xyz|--balance-below takes an amount" \
	"monitor --interval 0|--interval takes a number" \
	"renew r-1 --period 13m|bad period '13m'"; do
	check "bad value: bssdash ${args%%|*}" 2 1 "^bssdash: ${args##*|}" \
		"$BSSDASH" --config "$work/ok.ini" ${args%%|*}
done
check "unknown kind for get: one line, then the usage" 2 usage "^bssdash: get: unknown 'frobnicate'" \
	"$BSSDASH" --config "$work/ok.ini" get frobnicate
check "bad --date for debug sign" 2 1 'X-Sdk-Date' "$BSSDASH" --config "$work/ok.ini" debug sign GET /v2/x --date yesterday

# --- the clock ------------------------------------------------------------------
# A clock more than 15 minutes off makes the gateway refuse every signature:
# the message says to check the clock (bsssim keeps the real time).
"$BSSSIM" --ak AK-bad-input --sk "$SK" >"$work/sim.out" 2>"$work/sim.err" &
sim_pid=$!
for _ in $(seq 50); do grep -q '^http' "$work/sim.out" 2>/dev/null && break; sleep 0.1; done
config clock.ini 600 "[profile p]" "ak = AK-bad-input" "sk = $SK" "endpoint = $(head -n 1 "$work/sim.out")"
for skew in +3600 -1000; do
	check "clock $skew s off: the error says to check the clock" 1 1 \
		"clock.*(APIGW\.0301)" env BSSDASH_TEST_NOW=$(( $(date +%s) $skew )) \
		"$BSSDASH" --config "$work/clock.ini" get balance
done
check "clock right: the same call works (control case)" 0 0 '^$' \
	"$BSSDASH" --config "$work/clock.ini" get balance

# --- the terminal ---------------------------------------------------------------
check "dashboard without a terminal: points to bssdash get" 1 1 'needs a terminal.*bssdash get' \
	"$BSSDASH" --demo
# dashboard NAME TERM: the dashboard on a pseudo-terminal, q pressed after a moment.
on_pty() {
	local term=$1
	shift
	(sleep 2; printf q) | TERM=$term timeout 15 script -qec "$*" /dev/null >"$work/out" 2>&1
	rc=$?
	err=$(tr -d '\r' <"$work/out" | grep -a 'bssdash:' | head -n 5)
}
for term in dumb ""; do
	on_pty "$term" "$BSSDASH --demo"
	if [ $rc = 1 ] && [ "$(printf '%s\n' "$err" | grep -c .)" = 1 ] && printf '%s' "$err" | grep -q 'bssdash get'; then
		pass=$((pass + 1)); echo "ok   TERM=${term:-(unset)}: one line pointing to bssdash get"
	else
		fail=$((fail + 1)); echo "FAIL TERM=${term:-(unset)}: one line pointing to bssdash get: exit $rc, $err"
	fi
done

# --- the state file ---------------------------------------------------------------
# The balance history is written atomically, so a file that is empty, cut
# short or damaged was changed behind our back: the dashboard runs, and its
# status bar says what it made of the file (what parses is kept).
mkdir -p "$XDG_STATE_HOME/bssdash"
state=$XDG_STATE_HOME/bssdash/balance-demo.tsv
# state_case NAME MESSAGE: the dashboard on $state exits 0 and shows MESSAGE
# (on a wide terminal: the status bar holds the whole message).
state_case() {
	on_pty xterm-256color "stty cols 200 rows 40; $BSSDASH --demo"
	if [ $rc = 0 ] && tr -d '\r' <"$work/out" | grep -aq -- "$2"; then
		pass=$((pass + 1)); echo "ok   $1: the dashboard starts and says so"
	else
		fail=$((fail + 1)); echo "FAIL $1: the dashboard starts and says '$2': exit $rc (139 = SIGSEGV)"
	fi
}
: >"$state"
state_case "an empty balance state file" "empty; a new history starts"
now=$(date +%s)
printf '%s\t12.5\n%s\t12.' $((now - 120)) $((now - 60)) >"$state"
state_case "a balance state file cut short" "1 damaged line skipped"
printf 'garbage\n\t\n1710490530\tnot-money\n99999999999999999999\t1\n1710490530\t1e400\n-9223372036854775808\t1\n' >"$state"
state_case "a damaged balance state file" "6 damaged lines skipped"

echo "$pass passed, $fail failed"
[ $fail = 0 ]
