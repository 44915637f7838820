#!/usr/bin/env bash
# The action subcommands against bsssim, each effect checked in /__sim/state:
# pay with a coupon, cancel, renew (pending and auto-paid), batches of 10,
# unsubscribe with its refund, auto-renew and pay-per-use at expiry on and
# off, per-item failures inside a 200; refusal without a terminal, under
# --read-only and read_only profiles; --dry-run sends nothing; the journal
# (torn last line reported, later appends fine); reconciliation after a
# crash. (Lost answers under faults: money_safety.sh.)
set -u
cd "$(dirname "$0")/../.."
. tests/lib/cli.bash
cli_start --rate-limit 0
act() { "$BSSDASH" "$@" </dev/null 2>"$CLI_WORK/err"; }
cash() { state | json 's.balances.find(b => b.account_type === 1).amount'; }
res() { state | json "s.resources.find(r => r.resource_id === '$1').$2"; }
order_status() { state | json "s.orders.find(o => o.order_id === '$1').status"; }
mutations() { state | json "s.mutations.$1"; }
months_later() {  # months_later ISO N: the same day-time N months on (UTC)
	node -e 'const d = new Date(process.argv[1]); const n = Number(process.argv[2]);
		const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1, d.getUTCHours(),
		    d.getUTCMinutes(), d.getUTCSeconds()));
		const last = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 0)).getUTCDate();
		t.setUTCDate(Math.min(d.getUTCDate(), last));
		console.log(t.toISOString().replace(".000Z", "Z"));' "$1" "$2"
}

refused() {  # refused PATTERN COMMAND...: exit 1, PATTERN on stderr
	local pattern=$1; shift
	"$@" >/dev/null
	[ $? = 1 ] && grep -q "$pattern" "$CLI_WORK/err"
}

pending=$("$BSSDASH" get orders --status pending -o json | json 's.filter(o => !o.sub_orders).map(o => o.order_id).join(" ")')
read -r O1 O2 _ <<<"$pending"
primaries=$(state | json 's.resources.filter(r => r.is_main_resource === 1 && r.status === 2).map(r => r.resource_id).join(" ")')

# --- pay with a coupon ------------------------------------------------------------
pv=$(act pay "$O1" --dry-run -o json)
coupon=$(json 's.coupons.filter(c => c.coupon_type === 1 && !c.restriction).map(c => c.id)[0] || ""' <<<"$pv")
pv=$(act pay "$O1" --coupon "$coupon" --dry-run -o json)
amount=$(json 's.amount' <<<"$pv")
deducted=$(json "s.coupons.find(c => c.id === '$coupon').deducted" <<<"$pv")
coupon_before=$(state | json "s.coupons.find(c => c.coupon_id === '$coupon').balance")
c0=$(cash)
out=$(act pay "$O1" --coupon "$coupon" --yes -o json)
check "pay $O1 with coupon $coupon: outcome ok" [ "$(json 's.result.outcome' <<<"$out")" = ok ]
check "pay: the order is completed" [ "$(order_status "$O1")" = 5 ]
check "pay: the balance dropped by the previewed $amount" same "$(node -e "console.log($c0 - $(cash))")" "$amount"
check "pay: the coupon paid the previewed $deducted" \
    same "$(node -e "console.log($coupon_before - $(state | json "s.coupons.find(c => c.coupon_id === '$coupon').balance"))")" "$deducted"
check "pay: the body named the coupon" [ "$(json 's.requests[0].body.coupon_infos[0].id' <<<"$pv")" = "$coupon" ]

# --- refusals -----------------------------------------------------------------------
before=$(mutations PayOrders)
act pay "$O2" >/dev/null
rc=$?
check "pay without a terminal and without --yes: exit 3" [ $rc = 3 ]
check "... says to add --yes" grep -q -- "--yes" "$CLI_WORK/err"
"$BSSDASH" --read-only pay "$O2" --yes >/dev/null 2>&1
check "--read-only pay: exit 3" [ $? = 3 ]
write_profile locked "$SIM_URL" "$SIM_AK" "$SIM_SK" "read_only = true"
"$BSSDASH" --profile locked cancel "$O2" --yes >/dev/null 2>&1
check "a read_only profile refuses: exit 3" [ $? = 3 ]
out=$(act pay "$O2" --dry-run -o json)
check "--dry-run: the exact request" [ "$(json 's.requests[0].method + " " + s.requests[0].path + " " +
    JSON.stringify(s.requests[0].body)' <<<"$out")" = \
    "POST /v3/orders/customer-orders/pay {\"order_id\":\"$O2\",\"use_coupon\":\"NO\",\"use_discount\":\"NO\"}" ]
check "nothing was paid by any of them" [ "$(mutations PayOrders)" = "$before" -a "$(order_status "$O2")" = 6 ]
check "pay with a coupon the cloud does not offer: refused before sending" \
    refused "not usable for this order" act pay "$O2" --coupon NO-SUCH-COUPON --yes

# The cloud's rules for coupons and discounts, checked in the preview.
OD=""
for o in $pending; do
	[ "$o" = "$O1" ] && continue
	pv=$(act pay "$o" --dry-run -o json)
	if [ "$(json 's.discounts.length > 0 && s.coupons.some(c => c.restriction)' <<<"$pv")" = true ]; then
		OD=$o; break
	fi
done
restricted=$(json 's.coupons.filter(c => c.restriction).map(c => c.id)[0]' <<<"$pv")
discount=$(json 's.discounts[0].id' <<<"$pv")
cashc=$(json 's.coupons.filter(c => c.coupon_type === 1).map(c => c.id)[0]' <<<"$pv")
discc=$(json 's.coupons.filter(c => c.coupon_type === 2).map(c => c.id)[0]' <<<"$pv")
four="--coupon C1 --coupon C2 --coupon C3 --coupon C4"
check "order $OD offers a discount and a coupon that excludes it" [ -n "$OD" ]
check "that coupon with that discount is refused in the preview" \
    refused "cannot be combined" act pay "$OD" --coupon "$restricted" --discount "$discount" --dry-run
check "cash and discount coupons together are refused" \
    refused "together" act pay "$OD" --coupon "$cashc" --coupon "$discc" --dry-run
check "four coupons are refused (at most 3)" refused "at most 3" act pay "$OD" $four --dry-run
out=$(act pay "$OD" --discount "$discount" --dry-run -o json)
check "a discount lowers the amount by its own figure" \
    same "$(json 's.amount + s.discounts[0].amount' <<<"$out")" "$(json 's.targets[0].amount' <<<"$out")"
check "... and goes into the request" [ "$(json 's.requests[0].body.use_discount + " " + s.requests[0].body.discount_infos[0].id' <<<"$out")" = "YES $discount" ]
check "nothing was sent by the previews" [ "$(mutations PayOrders)" = "$before" ]

# No journal, no request: an action that cannot be recorded is not sent.
: >"$CLI_WORK/not-a-dir"
before=$(mutations CancelCustomerOrder)
XDG_STATE_HOME="$CLI_WORK/not-a-dir" act cancel "$O2" --yes >/dev/null
check "an unwritable journal refuses the action: exit 3" [ $? = 3 ]
check "... says why, and nothing was sent" \
    [ "$(grep -c 'journal cannot be written' "$CLI_WORK/err")" = 1 -a "$(mutations CancelCustomerOrder)" = "$before" ]

# --- cancel ------------------------------------------------------------------------
act cancel "$O2" --yes >/dev/null
check "cancel $O2: the order is cancelled" [ "$(order_status "$O2")" = 4 ]
check "cancel it again: exit 1, nothing to cancel" refused "not pending payment" act cancel "$O2" --yes

# --- renew ----------------------------------------------------------------------------
R1=""
for r in $primaries; do
	out=$(act renew "$r" --period 1m --yes -o json)
	if [ "$(json 's.result.outcome' <<<"$out")" = ok ]; then R1=$r; break; fi
done
N=$(json 's.result.order_ids[0]' <<<"$out")
price=$(json 's.amount' <<<"$out")
check "renew $R1 1m: a pending renewal order $N" [ -n "$R1" -a "$(order_status "$N")" = 6 ]
check "renew: the order's amount is the previewed $price" \
    same "$(state | json "s.orders.find(o => o.order_id === '$N').amount_after_discount")" "$price"
exp0=$(res "$R1" expire_time)
act pay "$N" --yes >/dev/null
check "pay the renewal order: expiry one month on" [ "$(res "$R1" expire_time)" = "$(months_later "$exp0" 1)" ]

R2=""
for r in $primaries; do
	[ "$r" = "$R1" ] && continue
	c0=$(cash); exp0=$(res "$r" expire_time)
	out=$(act renew "$r" --period 1m --auto-pay --yes -o json)
	if [ "$(json 's.result.outcome' <<<"$out")" = ok ]; then R2=$r; break; fi
done
check "renew $R2 1m --auto-pay: paid at the previewed price" \
    same "$(node -e "console.log($c0 - $(cash))")" "$(json 's.amount' <<<"$out")"
check "renew --auto-pay: expiry one month on" [ "$(res "$R2" expire_time)" = "$(months_later "$exp0" 1)" ]

twelve=$(tr ' ' '\n' <<<"$primaries" | head -n 12 | tr '\n' ' ')
out=$(act renew $twelve --period 1y --dry-run -o json)
check "renew 12 resources: split into 10 + 2" \
    [ "$(json 's.requests.map(r => r.body.resource_ids.length).join("+")' <<<"$out")" = "10+2" ]
check "renew 1y is period_type 3, period_num 1" \
    [ "$(json 's.requests[0].body.period_type + "/" + s.requests[0].body.period_num' <<<"$out")" = "3/1" ]
act renew "$R1" --period 12m --dry-run >/dev/null
check "renew --period 12m: usage error (months 1..11)" [ $? = 2 ]

# --- unsubscribe ----------------------------------------------------------------------
R3=""
for r in $primaries; do
	[ "$r" = "$R1" -o "$r" = "$R2" ] && continue
	c0=$(cash)
	out=$(act unsubscribe "$r" --yes -o json)
	if [ "$(json 's.result.outcome' <<<"$out")" = ok ]; then R3=$r; break; fi
done
check "unsubscribe $R3: closed" [ -n "$R3" -a "$(res "$R3" status)" = 3 ]
check "unsubscribe: the refund reported is what came back to the balance" \
    same "$(node -e "console.log($(cash) - $c0)")" "$(json 's.result.refund' <<<"$out")"

# --- auto-renew and pay-per-use at expiry ---------------------------------------------------
R4=$(state | json "s.resources.filter(r => r.is_main_resource === 1 && r.status === 2 && r.expire_policy === 0 &&
    !['$R1', '$R2', '$R3'].includes(r.resource_id))[0].resource_id")
act autorenew on "$R4" --yes >/dev/null
check "autorenew on: policy 3" [ "$(res "$R4" expire_policy)" = 3 ]
before=$(mutations AutoRenewalResources)
act autorenew on "$R4" --yes >/dev/null
check "autorenew on again: nothing sent" [ $? = 0 -a "$(mutations AutoRenewalResources)" = "$before" ]
act autorenew off "$R4" --yes >/dev/null
check "autorenew off: policy no longer 3" [ "$(res "$R4" expire_policy)" != 3 ]
act on-expiry pay-per-use "$R4" --yes >/dev/null
check "on-expiry pay-per-use: policy 1" [ "$(res "$R4" expire_policy)" = 1 ]
act on-expiry default "$R4" --yes >/dev/null
check "on-expiry default: policy no longer 1" [ "$(res "$R4" expire_policy)" != 1 ]
closed=$(state | json 's.resources.find(r => r.is_main_resource === 1 && r.status === 3 && r.expire_policy !== 1).resource_id')
out=$(act on-expiry pay-per-use "$closed" "$R4" --yes -o json)
rc=$?
check "on-expiry for a closed and an open resource: partial, exit 1" \
    [ $rc = 1 -a "$(json 's.result.outcome' <<<"$out")" = partial ]
check "... the failure is reported on the closed one" \
    [ "$(json "s.result.items.filter(i => i.outcome === 'failed').map(i => i.id).join()" <<<"$out")" = "$closed" ]
check "... and the open one changed" [ "$(res "$R4" expire_policy)" = 1 ]

# --- reconciliation after a crash -------------------------------------------------------------
R5=$(state | json "s.resources.filter(r => r.is_main_resource === 1 && r.status === 2 &&
    !['$R1', '$R2', '$R3', '$R4'].includes(r.resource_id)).map(r => r.resource_id).join(' ')")
R5=${R5%% *}
exp0=$(res "$R5" expire_time)
faults "latency=2s@/v2/orders/subscriptions/resources/renew#1"
"$BSSDASH" renew "$R5" --period 1m --auto-pay --yes >/dev/null 2>&1 </dev/null &
victim=$!
for _ in $(seq 100); do grep -q "\"targets\":\[\"$R5\"\]" "$JOURNAL" 2>/dev/null && break; sleep 0.05; done
# Killed once the renewal is in the simulator's hands (its one-shot latency
# drawn), not a fixed moment after the intent: a slow start would be killed
# before sending, and nothing would have happened in the cloud.
latency_drawn() { [ "$(sim_admin GET /__sim/faults | json 's.rules.filter(r => r.remaining > 0).length')" = 0 ]; }
for _ in $(seq 50); do latency_drawn && break; sleep 0.05; done
kill -9 $victim; wait $victim 2>/dev/null
faults ""
# The simulator renews when the 2 s are up: waited for, not assumed.
for _ in $(seq 60); do [ "$(res "$R5" expire_time)" != "$exp0" ] && break; sleep 0.1; done
open=$("$BSSDASH" journal --pending -o json 2>/dev/null)
check "killed mid-request: its intent is open in the journal" \
    [ "$(json 's.map(e => e.targets).join()' <<<"$open")" = "$R5" ]
check "... and the renewal happened in the cloud" [ "$(res "$R5" expire_time)" = "$(months_later "$exp0" 1)" ]
"$BSSDASH" journal --reconcile >/dev/null 2>"$CLI_WORK/err"
check "journal --reconcile: exit 0" [ $? = 0 ]
check "... reports what the cloud shows" grep -q "ok: $R5: expiry moved" "$CLI_WORK/err"
entry=$("$BSSDASH" journal -o json | json "s.find(e => e.targets === '$R5')")
check "... and journals it: ok, how reconcile" [ "$(json 's.result + " " + s.how' <<<"$entry")" = "ok reconcile" ]
check "nothing is open any more" [ "$("$BSSDASH" journal --pending -o json | json 's.length')" = 0 ]

# --- the journal --------------------------------------------------------------------------------
all=$("$BSSDASH" journal -o json)
check "journal: every action sent has a result" \
    [ "$(json 's.every(e => ["ok", "failed", "partial"].includes(e.result))' <<<"$all")" = true ]
# pay, cancel, renew, pay, renew, unsubscribe, autorenew x2, on-expiry x2, the reconciled renew
check "journal: the 11 actions that succeeded, and the partial one" \
    [ "$(json 's.filter(e => e.result === "ok").length + "/" + s.filter(e => e.result === "partial").length' <<<"$all")" = "11/1" ]
# Answered outcomes carry the request id the cloud gave (X-Request-Id), successes too.
check "journal: every answered outcome has its request id" \
    [ "$(grep '"type":"outcome"' "$JOURNAL" | grep '"how":"response"' | grep -vc '"request_id":"[0-9a-f]')" = 0 ]
check "journal: no secret in it" bash -c "! grep -q '$SIM_SK' '$JOURNAL'"
check "journal: mode 0600" [ "$(stat -c %a "$JOURNAL")" = 600 ]
lines=$(wc -l <"$JOURNAL")
truncate -s -25 "$JOURNAL"
"$BSSDASH" journal >/dev/null 2>"$CLI_WORK/err"
rc=$?
check "a torn last line: journal exits 1" [ $rc = 1 ]
check "... and names the line" grep -q "journal.jsonl:$lines: last line cut short" "$CLI_WORK/err"
act autorenew on "$R4" --yes >/dev/null
check "the next action still works" [ $? = 0 -a "$(res "$R4" expire_policy)" = 3 ]
# The torn line was an outcome, so its intent is open again: reconciled first.
check "... the torn record's action is reconciled, on a line of its own" \
    [ "$(sed -n "$((lines + 1))p" "$JOURNAL" | json 's.type + " " + s.how')" = "outcome reconcile" ]
check "... then the new action" [ "$(sed -n "$((lines + 2))p" "$JOURNAL" | json 's.action')" = autorenew-on ]
"$BSSDASH" journal >/dev/null 2>"$CLI_WORK/err"
check "... and the torn line is still reported, never dropped" grep -q "journal.jsonl:$lines:" "$CLI_WORK/err"

cli_finish
