#!/usr/bin/env bash
# The action keys against bsssim, by keys in tmux: pay with a coupon, Enter
# alone does not pay, cancel, a lost answer re-read, renew two resources,
# unsubscribe by typing the name, both policy toggles, q while in flight,
# the journal screen, start-up reconciliation, --dry-run and read-only.
# Each is checked on screen, in /__sim/state and in the journal file.
set -u
cd "$(dirname "$0")/../.."
. tests/e2e/lib/common.bash
e2e_start_demo
JOURNAL=$E2E_WORK/state/bssdash/journal.jsonl

# q EXPR: EXPR over the simulator's state now (bound to s).
q() {
	sim_admin GET /__sim/state | json "$1"
}
mutations() {
	q 'JSON.stringify(s.mutations)'
}
journal_lines() {
	if [ -f "$JOURNAL" ]; then wc -l <"$JOURNAL"; else echo 0; fi
}
# jq_last EXPR: EXPR over the journal's last record (bound to s).
j_last() {
	tail -n 1 "$JOURNAL" | json "$1"
}
# j_intent ID EXPR: EXPR over the intent record with that action id.
j_intent() {
	grep -F "\"id\":\"$1\"" "$JOURNAL" | grep -F '"type":"intent"' | json "$2"
}
# cents TEXT: "1,234.50" -> 123450.
cents() {
	tr -d ', ' <<<"$1" | awk -F. '{ printf "%d\n", $1 * 100 + substr($2 "00", 1, 2) }'
}
cash_cents() {
	q 'Math.round(s.balances.filter(b => b.account_type === 1).reduce((a, b) => a + b.amount, 0) * 100)'
}
# screen_amount LABEL: the amount after LABEL in the dialog, in cents.
screen_amount() {
	cents "$(screen_text | grep -oE "$1 +[0-9,]+\.[0-9]{2}" | head -n 1 | grep -oE '[0-9,]+\.[0-9]{2}$')"
}
# filter TEXT: the list keeps the rows holding TEXT (the cursor lands on the first).
filter() {
	keys /
	keys -l -- "$1"
	keys Enter
	sleep 0.3
}
# Esc, then a pause: Esc and a key right after it read as Alt-key.
esc() {
	keys Escape
	sleep 0.2
}
unfilter() {
	esc
}
# row_has TEXT REGEX: the screen row holding TEXT matches REGEX.
row_has() {
	screen_text | grep -F -- "$1" | grep -qE -- "$2"
}
marked_rows() {
	screen_text | grep -c '^\*'
}
marked_now() {
	[ "$(marked_rows)" = "$1" ]
}
# marked N: N rows marked, looked at until the keys before were read (the
# filter still on, or the dialog still open, shows other rows).
marked() {
	within 3 marked_now "$1"
}
# mark ID...: marks (or unmarks) each row, the filter cleared after.
mark() {
	local id
	for id; do
		filter "$id"
		keys Space
		unfilter
	done
}
res_id() {
	q "s.resources.find(r => r.resource_name === '$1' && r.is_main_resource).resource_id"
}

# The orders to pay and cancel: pending new purchases that fit the balance, newest first.
orders=$(q 's.orders.filter(o => o.status === 6 && o.order_type === 1 && o.amount_after_discount < 10000)
	.map(o => o.order_id).sort().reverse().join(" ")')
read -r PAY_ID CANCEL_ID LOST_ID DRY_ID _ <<<"$orders"

start_dash 160 48
check "the dashboard starts" wait_for "updated" 10
keys 4
check "orders screen" wait_for "Orders (" 5

# ---- Enter alone never pays --------------------------------------------------
before=$(mutations)
jl=$(journal_lines)
filter "$PAY_ID"
keys p
check "p opens the pay dialog for $PAY_ID" wait_for "Pay 1 order:" 5
check "it lists the usable coupons" wait_for "Coupons usable for this order" 3
check "the default is No" on_screen any "n/Enter/Esc: no (default)"
keys Enter
check "Enter alone closes it without paying" wait_for "pay: not confirmed, nothing was sent for $PAY_ID" 3
check "no dialog left" wait_gone "Pay 1 order:" 2
same() { [ "$(mutations)" = "$before" ] && [ "$(journal_lines)" = "$jl" ]; }
check "Enter alone: no mutation in the simulator, nothing journalled" same
check "Enter alone: the order is still pending payment" \
	test "$(q "s.orders.find(o => o.order_id === '$PAY_ID').status")" = 6

# ---- pay with a coupon ---------------------------------------------------------
keys p
wait_for "Coupons usable for this order" 5
amount0=$(screen_amount "Amount to pay:")
keys Space
check "Space picks the first coupon" wait_for "[x] " 3
sleep 0.2
coupon=$(screen_text | grep -F "[x] " | grep -oE 'CP[0-9a-f]{20}' | head -n 1)
amount=$(screen_amount "Amount to pay:")
after=$(screen_amount "Balance after:")
lt() { [ "$1" -lt "$2" ]; }
check "the coupon lowers the amount to pay ($amount0 -> $amount cents)" lt "$amount" "$amount0"
cash0=$(cash_cents)
coupon0=$(q "JSON.stringify(s.coupons.find(c => c.coupon_id === '$coupon'))")
check "the balance after is the balance less the amount" test "$after" = $((cash0 - amount))
keys y
check "y pays: the outcome shows" wait_for "pay: done for 1 of 1" 10
check "the outcome shows what was paid" on_screen any "Paid:"
check "the order is paid in the simulator" \
	test "$(q "[3, 5].includes(s.orders.find(o => o.order_id === '$PAY_ID').status)")" = true
check "the cash went down by exactly the amount shown" test "$(cash_cents)" = $((cash0 - amount))
coupon1=$(q "JSON.stringify(s.coupons.find(c => c.coupon_id === '$coupon'))")
check "coupon $coupon was consumed" test "$coupon0" != "$coupon1"
check "one PayOrders mutation" test "$(q 's.mutations.PayOrders')" = 1
pay_jid=$(j_last 's.id')
check "journal: pay outcome ok, from the answer" test "$(j_last 's.type + " " + s.result + " " + s.how')" = "outcome ok response"
check "journal: the intent names the order and the coupon" \
	test "$(j_intent "$pay_jid" "s.action + ' ' + s.targets[0] + ' ' + s.request.body.coupon_infos[0].id")" = "pay $PAY_ID $coupon"
esc
unfilter
check "the paid order leaves the pending list" wait_gone "$PAY_ID" 10

# ---- cancel --------------------------------------------------------------------
filter "$CANCEL_ID"
keys c
check "c opens the cancel dialog" wait_for "Cancel 1 order:" 5
check "it shows the order amount" on_screen any "Order amount:"
keys y
check "y cancels: the outcome shows" wait_for "cancel: done for 1 of 1" 10
check "the order is cancelled in the simulator" \
	test "$(q "s.orders.find(o => o.order_id === '$CANCEL_ID').status")" = 4
check "one CancelCustomerOrder mutation" test "$(q 's.mutations.CancelCustomerOrder')" = 1
check "journal: cancel outcome ok" test "$(j_last 's.result')" = ok
esc
unfilter

# ---- a lost answer: re-read, reported ------------------------------------------
sim_admin POST /__sim/faults 'lost_response@/v3/orders/customer-orders/pay#1' >/dev/null
filter "$LOST_ID"
keys p
wait_for "Pay 1 order:" 5
keys y
check "a lost answer: the re-read says the order was paid after all" \
	wait_for "Re-reading the cloud shows: the order was paid after all" 20
check "it is paid in the simulator, once" \
	test "$(q "[3, 5].includes(s.orders.find(o => o.order_id === '$LOST_ID').status)") $(q 's.mutations.PayOrders')" = "true 2"
check "journal: the outcome came from the re-read" test "$(j_last 's.how + " " + s.result')" = "reread ok"
esc
unfilter
sim_admin DELETE /__sim/faults >/dev/null

# ---- q while requests are in flight -----------------------------------------------
sim_admin POST /__sim/faults 'latency=3s@/v3/orders/customer-orders/pay#1' >/dev/null
other=$(q 's.orders.filter(o => o.status === 6 && o.order_type === 1 && o.amount_after_discount < 1000)
	.map(o => o.order_id).sort()[0]')
filter "$other"
keys p
wait_for "Pay 1 order:" 5
keys y
check "sending shows in the dialog" wait_for "Sending 1 request" 3
esc
keys q
check "q asks first while the payment is in flight" wait_for "An action is in flight: paying order $other" 3
keys n
check "n stays; the outcome arrives" wait_for "pay: done for 1 of 1" 10
esc
unfilter
sim_admin DELETE /__sim/faults >/dev/null

# ---- several marked orders: one dialog each, n skips one ---------------------------
# The skipped one is jenkins-ci's upgrade, which keeps it busy for the partial renewal below.
SKIP_ID=$(q 's.orders.find(o => o.status === 6 && o.order_type === 3).order_id')
QPAY_ID=$(q 's.orders.find(o => o.status === 6 && o.order_type === 2).order_id')
pays=$(q 's.mutations.PayOrders')
mark "$SKIP_ID" "$QPAY_ID"
keys p
check "marked orders: one dialog each" wait_for "Pay order 1 of 2" 5
check "the first marked comes first" on_screen any "$SKIP_ID"
keys n
check "n skips to the next order" wait_for "Pay order 2 of 2" 5
wait_for "Amount to pay:" 5
keys y
check "y pays the second" wait_for "pay: done for 1 of 1" 10
check "the skipped order is still pending, the other paid" test \
	"$(q "s.orders.find(o => o.order_id === '$SKIP_ID').status")/$(q "[3, 5].includes(s.orders.find(o => o.order_id === '$QPAY_ID').status)")" = "6/true"
check "exactly one more payment" test "$(q 's.mutations.PayOrders')" = $((pays + 1))
esc
check "the skipped order stays marked" marked 1
mark "$SKIP_ID"

# ---- renew two resources ------------------------------------------------------------
keys 5
wait_for "Subscriptions (" 5
R1=$(res_id web-prod-01)
R2=$(res_id api-gateway)
exp1=$(q "s.resources.find(r => r.resource_id === '$R1').expire_time")
exp2=$(q "s.resources.find(r => r.resource_id === '$R2').expire_time")
mark "$R1" "$R2"
check "two rows marked" marked 2
keys r
check "r opens the renew form for both" wait_for "Renew 2 resources:" 5
keys Down Right Right Down Space
check "count 3, auto-pay on" wait_for "Count         < 3 >" 3
check "auto-pay ticked" wait_for "[x] Pay now from the balance" 3
keys Enter
check "Enter asks the rating API: the price shows" wait_for "Price:" 10
check "the period is stated" on_screen any "Period: 3 months, paid now from the balance"
price=$(screen_amount "Price:")
cash0=$(cash_cents)
keys y
check "y renews both" wait_for "renew: done for 2 of 2" 15
moved() {
	[ "$(q "s.resources.find(r => r.resource_id === '$1').expire_time")" \> "$2" ]
}
check "web-prod-01's expiry moved in the simulator" moved "$R1" "$exp1"
check "api-gateway's expiry moved in the simulator" moved "$R2" "$exp2"
check "one RenewalResources call for both" test "$(q 's.mutations.RenewalResources')" = 1
check "the cash paid for it ($price cents rated)" lt "$(cash_cents)" "$cash0"
check "journal: the renew intent holds both, 3 months" \
	test "$(j_intent "$(j_last 's.id')" "s.targets.sort().join(' ') + ' ' + s.request.body.period_num")" = \
	"$(printf '%s\n' "$R1" "$R2" | sort | tr '\n' ' ')3"
check "journal: renew ok" test "$(j_last 's.result')" = ok
esc
check "the marks are cleared after the renewal" marked 0

# ---- per-item failures inside a 200 answer, shown per resource ----------------------
R4=$(res_id jenkins-ci)
R5=$(res_id cdn-static-site)
exp4=$(q "s.resources.find(r => r.resource_id === '$R4').expire_time")
exp5=$(q "s.resources.find(r => r.resource_id === '$R5').expire_time")
mark "$R4" "$R5"
keys r
wait_for "Renew 2 resources:" 5
keys Down Down Space Enter
wait_for "Price:" 10
keys y
check "a renewal half refused: partial" wait_for "renew: partial, done for 1 of 2" 15
check "the refused one with the cloud's reason" row_has "($R4)" 'failed +jenkins-ci .*waiting for'
check "the other one ok" row_has "($R5)" '│ +ok +cdn-static-site'
check "only cdn-static-site's expiry moved" \
	test "$(moved "$R5" "$exp5" && echo y)$(moved "$R4" "$exp4" && echo n)" = y
check "journal: partial, the failure recorded per resource" \
	test "$(j_last 's.result + " " + s.failures.map(f => f.id).join()')" = "partial $R4"
esc
check "the refused one stays marked for another try" marked 1
mark "$R4"

# ---- auto-renew on and off, pay-per-use at expiry on and off ----------------------
# toggle KEY POLICY TEST MUTATION COUNT ACTION: one policy key on api-gateway,
# checked on screen (the policy, and the re-read that confirms it), in the
# simulator (TEST over its expire_policy p, the mutation count) and the journal.
toggle() {
	keys "$1"
	check "$1: the new policy shown ($2)" wait_for "New policy: $2" 5
	keys y
	check "$1: the re-read confirms $2" wait_for "Re-read: 1 of 1 now shows $2" 15
	check "$1: the simulator's policy ($3)" \
		test "$(q "(p => $3)(s.resources.find(r => r.resource_id === '$R2').expire_policy)")" = true
	check "$1: $4 = $5" test "$(q "s.mutations.$4")" = "$5"
	check "$1: journal $6 ok" \
		test "$(j_intent "$(j_last 's.id')" 's.action')/$(j_last 's.result')" = "$6/ok"
	esc
}
filter "$R2"
toggle a "auto-renew on" "p === 3" AutoRenewalResources 1 autorenew-on
check "the row shows it" within 5 row_has "$R2" '^ +[0-9]+d +api-gateway +on +renew '
toggle a "auto-renew off" "p !== 3" CancelAutoRenewalResources 1 autorenew-off
toggle e "pay-per-use at expiry" "p === 1" UpdatePeriodToOnDemand 1 on-demand-on
toggle e "the default expiry policy" "p !== 1" UpdatePeriodToOnDemand 2 on-demand-off
unfilter

# ---- unsubscribe by typing the name ----------------------------------------------------
R3=$(res_id k8s-node-01)
filter "$R3"
keys u
check "u shows what stops working" wait_for "k8s-node-01 ($R3) stops working now" 5
check "and asks for the name" on_screen any "Type k8s-node-01 to confirm:"
keys -l -- "k8s"
keys Enter
check "a wrong name is refused" wait_for "That is not \"k8s-node-01\"" 3
check "nothing sent for it" test "$(q 's.mutations.CancelResourcesSubscription')" = 0
keys -l -- "-node-01"
keys Enter
check "the right name unsubscribes" wait_for "unsubscribe: done" 15
check "the refund is shown" on_screen any "Refund:"
check "closed in the simulator" test "$(q "s.resources.find(r => r.resource_id === '$R3').status")" = 3
check "one CancelResourcesSubscription mutation" test "$(q 's.mutations.CancelResourcesSubscription')" = 1
check "journal: unsubscribe ok" test "$(j_intent "$(j_last 's.id')" 's.action')/$(j_last 's.result')" = "unsubscribe/ok"
esc
unfilter

# ---- the journal screen -------------------------------------------------------------------
keys J
n=$(grep -c '"type":"intent"' "$JOURNAL")
check "J: the journal screen lists the $n actions" wait_for "Journal ($n)" 5
first=$(screen_text | sed -n 4p)
check "newest first: unsubscribe on top" grep -q "unsubscribe .* ok" <<<"$first"
check "the paid-after-all payment shows as re-read" on_screen any "reread"
esc
keys q
check "q quits at once when nothing is in flight" wait_for "EXIT=0" 5

# ---- start-up reconciliation of an intent without outcome ----------------------------------
node -e '
	const fs = require("fs");
	const line = fs.readFileSync(process.argv[1], "utf8").split("\n")
	    .find(l => l.includes("\"type\":\"intent\"") && l.includes(process.argv[2]));
	const r = JSON.parse(line);
	r.id = "20200101T000000Z-00000000000000aa";
	fs.appendFileSync(process.argv[1], JSON.stringify(r) + "\n");
' "$JOURNAL" "$PAY_ID"
start_dash 160 48
check "start-up: the open intent is reconciled and shown" wait_for "1 earlier action had no outcome" 10
check "it was paid" on_screen any "pay of $PAY_ID: ok"
check "journal: a reconcile outcome for it" \
	test "$(j_last 's.id + " " + s.how + " " + s.result')" = "20200101T000000Z-00000000000000aa reconcile ok"
esc
keys q
check "it exits cleanly (status 0)" wait_for "EXIT=0" 5

# ---- --dry-run: every dialog, the exact request, nothing sent ----------------------------
before=$(mutations)
jl=$(journal_lines)
start_dash 160 48 --dry-run
wait_for "updated" 10
check "--dry-run shows in the status bar" on_screen status "DRY-RUN"
keys 4
wait_for "Orders (" 5
filter "$DRY_ID"
keys p
check "the pay dialog says it is a dry run" wait_for "DRY RUN: nothing will be sent" 5
keys y
check "y shows the request it would send" wait_for "POST /v3/orders/customer-orders/pay" 5
check "with its body" on_screen any "{\"order_id\":\"$DRY_ID\""
esc
unfilter
keys 5
wait_for "Subscriptions (" 5
filter "$R1"
keys a
wait_for "New policy: auto-renew on" 5
keys y
check "a dry-run toggle shows its request" wait_for "/v2/orders/subscriptions/resources/autorenew/$R1" 5
esc
check "--dry-run: no mutation in the simulator, nothing journalled" same
check "--dry-run: the order is still pending" test "$(q "s.orders.find(o => o.order_id === '$DRY_ID').status")" = 6
keys q
check "--dry-run exits cleanly" wait_for "EXIT=0" 5

# ---- read-only: the keys refuse, nothing is read for them or sent --------------------------
start_dash 160 48 --read-only
wait_for "updated" 10
check "--read-only shows READ-ONLY in the status bar" on_screen status "READ-ONLY"
keys 4
wait_for "Orders (" 5
keys p
check "p refuses under --read-only" wait_for "READ-ONLY: pay refused" 3
check "no dialog opens" wait_gone "Pay 1 order:" 1
keys 5
keys u
check "u refuses too" wait_for "READ-ONLY: unsubscribe refused" 3
check "read-only: no mutation in the simulator" same
keys q
check "--read-only exits cleanly" wait_for "EXIT=0" 5
write_config "$SIM_URL" "$DEMO_AK" "$DEMO_SK" "read_only = true
"
start_dash 160 48
wait_for "updated" 10
check "read_only = true in the profile shows READ-ONLY" on_screen status "READ-ONLY"
keys 5
keys r
check "and r refuses" wait_for "READ-ONLY: renew refused" 3
check "read_only profile: no mutation, nothing journalled" same
keys q
check "the read-only profile exits cleanly" wait_for "EXIT=0" 5

e2e_finish
