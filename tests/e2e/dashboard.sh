#!/usr/bin/env bash
# The dashboard against bsssim: every pane shows the simulator's values, the
# screens navigate, filter, sort and open details, Chinese names align, a
# fault on one API shows in that pane only and clears on the next refresh,
# and the layouts at 80x24 and 200x60 keep the data.
set -u
cd "$(dirname "$0")/../.."
. tests/e2e/lib/common.bash
e2e_start_demo
# Two profiles on the one simulator: P switches between them live.
write_config "$SIM_URL" "$DEMO_AK" "$DEMO_SK" "
[profile second]
ak = $DEMO_AK
sk = $DEMO_SK
endpoint = $SIM_URL
"
state=$(sim_admin GET /__sim/state)

# aligned COLS: every line of the screen that ends in a pane border ends in
# the last column, counting CJK and fullwidth characters as two columns.
cat >"$E2E_WORK/width.js" <<'JS'
const w = s => [...s].reduce((n, ch) => {
	const c = ch.codePointAt(0);
	const wide = (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) ||
	    (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) ||
	    (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) ||
	    (c >= 0xffe0 && c <= 0xffe6);
	return n + (wide ? 2 : 1);
}, 0);
let t = "";
process.stdin.on("data", d => t += d).on("end", () => {
	const want = Number(process.argv[2]);
	const lines = t.split("\n").filter(l => l.endsWith("\u2502"));
	const bad = lines.filter(l => w(l) !== want);
	if (lines.length < 5 || bad.length) { console.log(bad.join("\n")); process.exit(1); }
});
JS
aligned() {
	screen_text | node "$E2E_WORK/width.js" "$1"
}

start_dash 140 40
check "first data arrives" wait_for "updated" 10

cash=$(json 's.balances.filter(b => b.account_type === 1).reduce((a, b) => a + Number(b.amount), 0)
	.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })' <<<"$state")
check "balance pane shows the simulator's cash ($cash CNY)" wait_for "Cash    $cash CNY" 5
ncoupons=$(json 's.coupons.filter(c => c.status === 2).length' <<<"$state")
check "coupons pane counts the available coupons ($ncoupons)" wait_for "3 Coupons ($ncoupons)" 5
nexp=$(json 's.resources.filter(r => r.is_main_resource &&
	Date.parse(r.expire_time) <= Date.now() + 30 * 86400e3).length' <<<"$state")
check "subscriptions pane: $nexp expiring within 30 days" wait_for "5 Expiring within 30 days ($nexp)" 5
npkg=$(json 's.packages.length' <<<"$state")
check "packages pane lists the $npkg packages" wait_for "6 Packages ($npkg)" 5
first_pkg=$(json 's.packages[0].product_name' <<<"$state")
check "packages pane has bars" on_screen any "█"
check "Chinese names aligned in every pane" aligned 140

# Orders: what the screen lists are the simulator's pending orders.
keys 4
# The screen's own title with its data, then that drawn 200 wide: the
# overview's "4 Orders (" pane lists some of the orders too.
within 10 screen_loaded " Orders ("
resize 200 40
within 5 screen_loaded " Orders (" 200
pending=$(json 's.orders.filter(o => o.status === 6 || o.status === 1).map(o => o.order_id).join(" ")' <<<"$state")
shown=$(screen_text | grep -oE 'CS[0-9A-Z]{15}' | sort -u)
nshown=$(wc -w <<<"$shown")
title=$(screen_text | grep -oE 'Orders \([0-9]+\)' | head -n 1)
bad=0
for id in $shown; do grep -qw "$id" <<<"$pending" || bad=1; done
if [ "$nshown" -gt 0 ] && [ $bad = 0 ] && [ "$title" = "Orders ($nshown)" ]; then
	ok "orders screen: $nshown pending orders, all pending in the simulator"
else
	not_ok "orders screen ($title, $nshown shown, foreign=$bad)" "$(screen_text)"
fi
approval=$(json 's.orders.filter(o => o.status === 1).map(o => o.order_id)[0] || ""' <<<"$state")
if [ -n "$approval" ]; then
	check "an order pending approval is listed" wait_for "$approval" 2
fi
keys Enter
check "Enter on an order shows its line items (detail API)" wait_for "Line items" 5
keys Escape
resize 140 40

# Subscriptions: filter, sort, detail.
keys 5
check "screen 5: subscriptions" wait_for "Subscriptions (" 3
keys / 主 库
check "incremental filter (Chinese)" wait_for "/主库" 3
nf=$(json 's.resources.filter(r => r.is_main_resource && r.resource_name.includes("主库")).length' <<<"$state")
check "filter keeps the $nf matching rows" wait_for "Subscriptions ($nf)" 3
keys Enter
keys s
check "s sorts by the first column" wait_for "Days▲" 3
keys S
check "S reverses it" wait_for "Days▼" 3
keys Enter
check "Enter on a resource shows its details" wait_for "Spec" 5
keys Escape
keys Escape
check "Esc clears the filter" wait_gone "/主库" 3

# A fault on one API: that pane shows it, the others do not; the next refresh clears it.
keys 1
wait_for "3 Coupons" 3
sim_admin POST /__sim/faults 'error5xx=1@/v2/promotions/benefits/coupons' >/dev/null
keys R
check "the coupons pane shows the failure, stale" wait_for "stale, as of" 15
n=$(screen_text | grep -c "stale, as of")
if [ "$n" = 1 ]; then ok "only that pane is stale"; else not_ok "$n panes stale" "$(screen_text)"; fi
check "the status bar names the failing view" on_screen status "coupons:"
sim_admin DELETE /__sim/faults >/dev/null
keys R
check "the next refresh clears it" wait_gone "stale, as of" 15

resize 80 24
check "80x24 keeps the balance" wait_for "$cash CNY" 3
resize 200 60
check "200x60: the wide layout (three panes in the top row)" wait_for "┐┌─ 4 Orders" 3
check "200x60 keeps every pane" wait_for "6 Packages ($npkg)" 3
check "200x60: Chinese aligned" aligned 200
keys t
check "t switches theme with data on screen" wait_for "theme: high-contrast" 3
keys P
check "P switches profile" wait_for "profile: second" 3
keys j
check "the status bar shows the new profile" wait_for " second │ $SIM_URL" 3
check "its data loads" wait_for "$cash CNY" 10
plain=$(json 's.balances.filter(b => b.account_type === 1).reduce((a, b) => a + Number(b.amount), 0)' <<<"$state")
state_has() {
	grep -qP "^[0-9]+\t$plain\$" "$E2E_WORK/state/bssdash/balance-$1.tsv" 2>/dev/null
}
check "balance samples in the state file (default profile)" state_has default
# Its first sample is written when its balance arrives, which the cash
# on screen (the same in both profiles) does not tell apart.
check "and in the second profile's own file" within 10 state_has second
keys : q u i t Enter
check ":quit quits" wait_for "EXIT=0" 3

# --demo: the simulator inside bssdash, every pane filled within a second or two.
start_dash 140 40 --demo
check "--demo fills the balance pane" wait_for "Cash    " 3
# Nothing left loading, no pane empty (the default seed has rows in every one).
all_filled() {
	wait_gone "loading" 2 && ! screen_text | grep -qF "(0)"
}
check "--demo fills the other panes" all_filled
check "--demo status bar names the demo profile" on_screen status " demo │ http://127.0.0.1:"
keys q
check "--demo quits cleanly" wait_for "EXIT=0" 5

e2e_finish
