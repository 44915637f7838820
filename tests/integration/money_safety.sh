#!/usr/bin/env bash
# Money safety: 200 pay and renew actions while bsssim loses answers, resets
# connections and hangs. Afterwards the charges in /__sim/state must be
# exactly the successes the journal records (count and amount), no order
# may be paid twice, and no intent may stay without an outcome.
#   100 renew --auto-pay (faults on the renew call: each success is a charge)
#   100 pay of a fresh renewal order (faults on the pay call)
set -u
cd "$(dirname "$0")/../.."
. tests/lib/cli.bash
cli_start --rate-limit 0
export BSSDASH_TIMEOUT=2
act() { "$BSSDASH" "$@" --yes -o json </dev/null 2>>"$CLI_WORK/err"; }
# A lost answer or a reset connection used to make libcurl re-send a payment
# or renewal by itself (on a reused connection that died); api/http now puts
# every request that must not go twice on a fresh connection.
SPEC='lost_response=0.15@P,reset=0.15@P,hang=0.1@P'
FIRED='s.faults.lost_response > 0 && s.faults.reset > 0 && s.faults.hang > 0'
RENEW=/v2/orders/subscriptions/resources/renew
PAY=/v3/orders/customer-orders/pay

S0=$(state)
funds() { json 's.balances.filter(b => b.account_type === 1 || b.account_type === 2)
    .reduce((a, b) => a + Math.round(b.amount * 100), 0)'; }
funds0=$(funds <<<"$S0")
orders0=$(json 's.orders.map(o => o.order_id).join(" ")' <<<"$S0")
# The cheapest renewals, so 200 of them fit in the balance.
cheap=""
for r in $(json 's.resources.filter(r => r.is_main_resource === 1 && r.status === 2).map(r => r.resource_id).join(" ")' <<<"$S0"); do
	p=$("$BSSDASH" renew "$r" --period 1m --dry-run -o json 2>/dev/null | json 's.amount')
	node -e "process.exit(Number('$p') > 0 && Number('$p') <= 160 ? 0 : 1)" && cheap="$cheap $r"
done
read -r -a cheap <<<"$cheap"
check "${#cheap[@]} cheap resources to renew" [ ${#cheap[@]} -ge 4 ]

faults "${SPEC//P/$RENEW}"
for i in $(seq 0 99); do
	act renew "${cheap[i % ${#cheap[@]}]}" --period 1m --auto-pay >/dev/null
done
faults ""
for i in $(seq 0 99); do
	r=${cheap[i % ${#cheap[@]}]}
	order=$(act renew "$r" --period 1m | json 's.result.order_ids[0] || ""' 2>/dev/null)
	[ -n "$order" ] || continue
	faults "${SPEC//P/$PAY}"
	out=$(act pay "$order")
	faults ""
	# Not paid: free the resource for the next round.
	[ "$(json 's.result.outcome' <<<"$out" 2>/dev/null)" = ok ] || act cancel "$order" >/dev/null
done

stats=$(sim_admin GET /__sim/stats)
check "faults fired: $(json 'JSON.stringify(s.faults)' <<<"$stats")" [ "$(json "$FIRED" <<<"$stats")" = true ]
"$BSSDASH" journal --reconcile >/dev/null 2>&1
check "no intent without an outcome after reconciling" \
    [ "$("$BSSDASH" journal --pending -o json | json 's.length')" = 0 ]

# What the journal says succeeded: pays, and auto-paid renewals.
cat >"$CLI_WORK/journal.js" <<'JS'
const fs = require("fs");
const last = new Map(), intents = new Map();
for (const l of fs.readFileSync(process.argv[2], "utf8").split("\n").filter(Boolean)) {
	const r = JSON.parse(l);
	if (r.type === "intent") intents.set(r.id, r); else last.set(r.id, r);
}
let charges = 0, cents = 0, reread = 0; const paid = [];
for (const [id, i] of intents) {
	const o = last.get(id);
	if (o && o.how !== "response") reread++;
	if (!o || o.result !== "ok") continue;
	if (i.action === "pay") paid.push(i.targets[0]);
	if (i.action === "pay" || (i.action === "renew" && i.request.body.is_auto_pay === 1)) {
		charges++;
		cents += Math.round(i.amount * 100);
	}
}
console.log(JSON.stringify({ charges, cents, paid, reread }));
JS
J=$(node "$CLI_WORK/journal.js" "$JOURNAL")
S1=$(state)
sim_charges=$(json "s.orders.filter(o => !'$orders0'.includes(o.order_id) && o.order_type === 2 && o.status === 5).length" <<<"$S1")
check "some answers were lost and re-read ($(json 's.reread' <<<"$J") outcomes)" [ "$(json 's.reread > 0' <<<"$J")" = true ]
check "charges in the simulator ($sim_charges) = successes in the journal ($(json 's.charges' <<<"$J"))" \
    [ "$sim_charges" = "$(json 's.charges' <<<"$J")" ]
drop=$((funds0 - $(funds <<<"$S1")))
check "money taken ($drop cents) = the journal's successful amounts ($(json 's.cents' <<<"$J") cents)" \
    [ "$drop" = "$(json 's.cents' <<<"$J")" ]
check "no order paid twice (journal)" [ "$(json 's.paid.length === new Set(s.paid).size' <<<"$J")" = true ]
check "pay calls applied = pays the journal calls ok" \
    [ "$(json 's.mutations.PayOrders' <<<"$S1")" = "$(json 's.paid.length' <<<"$J")" ]

cli_finish
