#!/usr/bin/env bash
# Secrets (issue 8 item 5): with a distinctive SK and security token, run
# the dashboard, get, monitor, an action, journal, debug sign and the error
# paths (faults, a rejected signature), then search everything bssdash
# wrote (the terminal's bytes, stdout, stderr, the debug logs, the journal,
# the state files) for the secrets, raw and hex-encoded: zero occurrences.
#
# Each output is also checked for what it must hold, so that "no secret" is
# not the result of nothing having run.
set -u
cd "$(dirname "$0")/../.."
. tests/e2e/lib/common.bash
e2e_init

AK=AKSECRETSTEST0000001
SK=SKdistinctQx7Lm29Pw4Zr81Vt6Hn3Jc5
TOKEN=TOKdistinctWq8Ne4Xs1Gk7Bf2Ly9Dm6
# A second profile's key, refused by the simulator: the signature-error path.
BADSK=SKrefusedKe5Tp1Rz8Mv3Cw6Yb2Hx9Q
secrets=("$SK" "$TOKEN" "$BADSK")
hex() { printf '%s' "$1" | od -An -tx1 | tr -d ' \n'; }
for s in "$SK" "$TOKEN" "$BADSK"; do secrets+=("$(hex "$s")"); done

out=$E2E_WORK/out
mkdir -p "$out"
export XDG_CONFIG_HOME=$E2E_WORK/config XDG_STATE_HOME=$E2E_WORK/state HOME=$E2E_WORK/home
export BSSDASH_THEMES=$PWD/themes
unset HUAWEICLOUD_SDK_AK HUAWEICLOUD_SDK_SK HUAWEICLOUD_SDK_SECURITY_TOKEN BSSDASH_ENDPOINT

if ! start_sim --ak "$AK" --sk "$SK" --token "$TOKEN" --rate-limit 0; then
	not_ok "bsssim did not start" "$(cat "$E2E_WORK/sim.err")"
	e2e_finish
	exit 1
fi
write_config "$SIM_URL" "$AK" "$SK" "security_token = $TOKEN
domain_id = 0a1b2c3d4e5f60718293a4b5c6d7e8f9

[profile refused]
ak = $AK
sk = $BADSK
security_token = $TOKEN
endpoint = $SIM_URL
"

n=0
# cli NAME ARGS...: bssdash ARGS with the debug log on; keeps stdout/stderr/status.
cli() {
	local name=$1
	shift
	n=$((n + 1))
	"$BSSDASH" --log "$out/$name.log" "$@" >"$out/$name.stdout" 2>"$out/$name.stderr" </dev/null
	echo $? >"$out/$name.status"
}
status_of() { cat "$out/$1.status"; }
has() { grep -qF -- "$2" "$out/$1"; }
said() { grep -qF -- "$2" "$out/$1.stdout" "$out/$1.stderr"; }

# --- headless ---------------------------------------------------------------------
cli get-balance get balance
check "get balance works" has get-balance.stdout "cash"
cli get-resources get resources --output json
check "get resources works" has get-resources.stdout '"resource_id"'
cli get-orders get orders --status pending --output csv
check "get orders works" has get-orders.stdout "order_id"
cli monitor monitor --once --balance-below 1
check "monitor --once reads the balance" has monitor.stdout "BSSDASH OK"
rid=$(sed -n 's/.*"resource_id": *"\([^"]*\)".*/\1/p' "$out/get-resources.stdout" | head -n 1)
cli renew renew "$rid" --period 1m --yes
check "an action (renew) runs" said renew "done for 1 of 1"
cli journal journal
check "journal lists it" has journal.stdout "renew"
cli debug-sign debug sign POST /v2/orders/customer-orders/pay --date 20240315T081530Z
check "debug sign prints the token as [REDACTED]" has debug-sign.stdout "X-Security-Token: [REDACTED]"

# Error paths: a refused signature, and server faults.
cli refused --profile refused get balance
refused_ok() { [ "$(status_of refused)" = 1 ] && has refused.stderr "APIGW.0301"; }
check "a refused signature is an error naming the code" refused_ok
sim_admin POST /__sim/faults "error5xx=1" >/dev/null
cli fault-get get balance
fault_ok() { [ "$(status_of fault-get)" != 0 ] && [ -s "$out/fault-get.stderr" ]; }
check "a server error is reported" fault_ok
cli fault-monitor monitor --once
check "monitor reports UNKNOWN on errors" has fault-monitor.stdout "UNKNOWN"
sim_admin POST /__sim/faults "malformed=1" >/dev/null
cli malformed-get get coupons
malformed_ok() { [ "$(status_of malformed-get)" != 0 ] && [ -s "$out/malformed-get.stderr" ]; }
check "a malformed answer is reported" malformed_ok
sim_admin DELETE /__sim/faults >/dev/null

# --- the dashboard ----------------------------------------------------------------
start_dash 160 48 --log "$out/dashboard.log"
tmux -L "$E2E_SOCK" pipe-pane -t e2e "cat >>$out/terminal.bytes"
check "dashboard: the balance arrives" wait_for "Cash" 15
pid=$(dash_pid)
for k in 2 3 4 5 6 1 '?' '?' t; do keys "$k"; sleep 0.3; done
# Copies of each SK in the process: the active profile's, and one never used.
memscan() { node tests/e2e/lib/memscan.js "$pid" "$SK" "$BADSK" 2>/dev/null; }
before=$(memscan)
# The other profile's key is refused: its error path on screen.
keys P
check "dashboard: the refused signature is shown" wait_for "Signature rejected" 15
after=$(memscan)
if [ -z "$before" ] || [ -z "$after" ]; then
	echo "skip profile switch wipes the SK (this process's memory cannot be read here)"
else
	# Once switched away from, a profile leaves no more copies of its SK than
	# one never used (the config's own); the scan itself must see the copies.
	wiped() { [ "${before%% *}" -gt "${before##* }" ] && [ "${after%% *}" = "${before##* }" ]; }
	check "profile switch wipes the SK: copies $before (active, unused) -> ${after%% *}" wiped
fi
keys q
check "dashboard: quits" wait_for "EXIT=0" 5
tmux -L "$E2E_SOCK" pipe-pane -t e2e
check "the terminal bytes were recorded" test -s "$out/terminal.bytes"

# --- the search ---------------------------------------------------------------------
check "the debug log holds requests, their secrets redacted" has get-balance.log "[REDACTED]"
journal=$XDG_STATE_HOME/bssdash/journal.jsonl
check "the journal holds the action" test -s "$journal"
state_files() { compgen -G "$XDG_STATE_HOME/bssdash/balance-*.tsv" >/dev/null; }
check "the state file holds balance samples" state_files

files=("$out"/* "$journal" "$XDG_STATE_HOME"/bssdash/* "$E2E_WORK/home")
for s in "${secrets[@]}"; do
	hits=$(grep -rlaF -- "$s" "${files[@]}" 2>/dev/null)
	if [ -z "$hits" ]; then
		ok "no trace of secret ${s:0:6}... in $n commands' output, the terminal, logs, journal and state"
	else
		not_ok "secret ${s:0:6}... found in: $(echo $hits | sed "s|$E2E_WORK/||g")"
	fi
done

e2e_finish
