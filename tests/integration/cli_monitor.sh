#!/usr/bin/env bash
# `bssdash monitor` against bsssim: --once as a monitoring plugin (status
# line, performance data, exit codes 0/1/2/3), the timestamped line per
# check, ALERT and RECOVERED lines when the balance crosses the threshold,
# --exec with the details in the environment, the config's [alerts]
# threshold, --all-profiles with one failing account.
set -u
cd "$(dirname "$0")/../.."
. tests/lib/cli.bash
cli_start --rate-limit 0
S=$(state)
cash=$(json 's.balances.find(b => b.account_type === 1).amount' <<<"$S")
above=$(node -e "console.log(($cash + 1000).toFixed(2))")
below=$(node -e "console.log(($cash - 1000).toFixed(2))")
cash2=$(node -e "console.log(Number($cash).toFixed(2))")
nexp=$(json 's.resources.filter(r => r.is_main_resource === 1 && Date.parse(r.expire_time) >= Date.now() - 60e3 &&
    Date.parse(r.expire_time) <= Date.now() + 7 * 86400e3).length' <<<"$S")
mon() { "$BSSDASH" monitor "$@" 2>"$CLI_WORK/err"; }

out=$(mon --once --balance-below "$below")
check "--once, balance above the threshold: exit 0" [ $? = 0 ]
check "... one status line: OK with perfdata" [ "$out" = "BSSDASH OK - balance $cash2 CNY (threshold $below) | 'balance'=$cash2;;$below:;;" ]
out=$(mon --once --balance-below "$above")
check "--once, balance below: exit 2 (CRITICAL)" [ $? = 2 ]
check "... says so" grep -q "^BSSDASH CRITICAL - balance $cash2 CNY (below $above)" <<<"$out"
out=$(mon --once --expiring-within 7)
rc=$?
check "--once, $nexp resources expiring within 7 days: exit 1 (WARNING)" [ $rc = 1 -a "$nexp" -gt 0 ]
check "... counted in the line and the perfdata" grep -q "$nexp expiring within 7 days | 'balance'=$cash2;;;; 'expiring'=$nexp;0;;0;$" <<<"$out"
out=$(mon --once --expiring-within 7 --balance-below "$above")
check "--once, both: CRITICAL wins" [ $? = 2 ]
out=$(mon --once --expiring-within 0 --balance-below "$below")
check "--once, nothing expires within 0 days: OK" [ $? = 0 ]
write_profile dead "http://127.0.0.1:9" "$SIM_AK" "$SIM_SK"
out=$("$BSSDASH" --profile dead monitor --once 2>/dev/null)
check "--once, the account cannot be reached: exit 3 (UNKNOWN)" [ $? = 3 ]
check "... one UNKNOWN line" grep -q "^BSSDASH UNKNOWN - " <<<"$out"

# The config's threshold is the default.
cfg="$XDG_CONFIG_HOME/bssdash/config"
printf '[alerts]\nbalance_below = %s\n\n' "$above" | cat - "$cfg" >"$CLI_WORK/cfg" && cat "$CLI_WORK/cfg" >"$cfg"
out=$(mon --once)
check "[alerts] balance_below is the default threshold" [ $? = 2 ]

# Continuous: a line per check, an alert when the balance crosses, --exec.
cat >"$CLI_WORK/hook.sh" <<'SH'
#!/bin/sh
echo "$BSSDASH_ALERT|$BSSDASH_PROFILE|$BSSDASH_BALANCE|$BSSDASH_THRESHOLD|$BSSDASH_CURRENCY|$BSSDASH_EXPIRING_COUNT|$BSSDASH_MESSAGE" >>"$HOOK_OUT"
SH
chmod +x "$CLI_WORK/hook.sh"
export HOOK_OUT="$CLI_WORK/hook.out"
mon --interval 1 --count 3 --balance-below "$above" --expiring-within 7 --exec "$CLI_WORK/hook.sh" >"$CLI_WORK/mon.out"
check "continuous: exit 0 after --count 3" [ $? = 0 ]
check "... one timestamped line per check" [ "$(grep -cE '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z default: balance ' "$CLI_WORK/mon.out")" = 3 ]
check "... one ALERT for the balance, not one per check" [ "$(grep -c 'ALERT balance' "$CLI_WORK/mon.out")" = 1 ]
check "... one ALERT for the expiring resources" [ "$(grep -c "ALERT $nexp resources newly expiring" "$CLI_WORK/mon.out")" = 1 ]
sleep 0.3
check "--exec ran twice with the details" [ "$(wc -l <"$HOOK_OUT")" = 2 ]
check "... balance alert: profile, balance, threshold, currency" \
    grep -q "^balance|default|$cash|$above|CNY|$nexp|balance .* is below " "$HOOK_OUT"
check "... expiring alert: the count" grep -q "^expiring|default|.*|$nexp|" "$HOOK_OUT"

# Crossing back: pay down the balance between checks, then the threshold holds.
order=$("$BSSDASH" get orders --status pending -o json | json "s.find(o => !o.sub_orders && o.amount > 1000 && o.amount < $cash - 10).order_id")
mon --interval 3 --count 2 --balance-below "$below" >"$CLI_WORK/mon2.out" &
mpid=$!
# Paid once the first check's line is out, not a fixed second after the start:
# a slow start would have the payment land before the first check.
for _ in $(seq 200); do grep -q ': balance ' "$CLI_WORK/mon2.out" && break; sleep 0.05; done
"$BSSDASH" pay "$order" --yes >/dev/null 2>&1 </dev/null
wait $mpid
check "paid $order between two checks: one ALERT, after the second check" \
    [ "$(awk '/: balance /{n++} /ALERT balance/{print n}' "$CLI_WORK/mon2.out")" = 2 ]

# All profiles: one row each, a failing account does not hide the others.
: >"$cfg"
write_profile default "$SIM_URL" "$SIM_AK" "$SIM_SK"
write_profile second "$SIM_URL" "$SIM_AK" "$SIM_SK"
write_profile broken "$SIM_URL" "$SIM_AK" "not-the-secret"
out=$(mon --once --all-profiles --balance-below 1)
check "--all-profiles --once: UNKNOWN (one account fails), exit 3" [ $? = 3 ]
check "... every profile in the line" grep -q "default: balance .*; second: balance .*; broken: cannot check" <<<"$out"
check "... perfdata per profile" grep -q "'default_balance'=.* 'second_balance'=" <<<"$out"
mon --all-profiles --count 1 >"$CLI_WORK/mon3.out"
check "--all-profiles continuous: a line per account" [ "$(grep -c ' default: balance\| second: balance\| broken: UNKNOWN' "$CLI_WORK/mon3.out")" = 3 ]

cli_finish
