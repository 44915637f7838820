#!/usr/bin/env bash
# The screens beyond the overview against bsssim: bills (13 months, grouping,
# month by month, drill down to expenditures, usage details and the order
# with its refund, totals that add up), costs (grouping, days and months, a
# typed window, moving it, a bucket's groups), products (the three levels,
# units, on to the price calculator), prices, package usage over a window
# longer than 90 days, the `:` commands, and `x` exporting CSV and JSON files
# whose rows and sums match the screen, from the list screens with amounts
# exact to every place the API gave, not as the screen rounds them.
set -u
cd "$(dirname "$0")/../.."
. tests/e2e/lib/common.bash
e2e_start_demo
state=$(sim_admin GET /__sim/state)

# type TEXT: literal keys (the line editor takes them one by one).
type_text() {
	tmux -L "$E2E_SOCK" send-keys -t e2e -l "$1"
}

# export_to FILE: x, replace the offered name, Enter; true once written.
export_to() {
	keys x
	wait_for "file: " 3 || return 1
	keys C-u
	type_text "$1"
	keys Enter
	wait_for "wrote " 5
}

# A month label N months back (UTC+8, as the bills are).
month_back() {
	TZ=Asia/Shanghai date -d "$(TZ=Asia/Shanghai date +%Y-%m-15) -$1 month" +%Y-%m
}

# The figure after "sum " on the screen's check line, without grouping.
screen_sum() {
	screen_text | grep -oE 'sum -?[0-9,]+\.[0-9]{2}' | head -n 1 | sed 's/sum //; s/,//g'
}

start_dash 140 40

# --- bills ------------------------------------------------------------------------
keys 7
check "7 opens the bills" wait_for "Bills: the last 13 months, by service" 5
check "the 13 months arrive" wait_for "All services" 10
this=$(month_back 0)
check "the newest month is selected ($this)" wait_for " $this  " 3
keys v
check "v groups by billing mode" wait_for "All billing modes" 3
check "billing modes in words" wait_for "yearly/monthly" 3
keys '['
prev=$(month_back 1)
check "[ selects the month before ($prev)" wait_for " $prev  " 3
keys ']'
check "] goes forward again" wait_for " $this  " 3
# "[" and Enter in one go, no frame between: Enter opens the month "[" chose,
# checked against that month's summary, not the one drawn last.
keys '[' g Enter
check "Enter on the month's total: its expenditures" wait_for "Expenditures $prev: all" 5
check "the expenditures add up to the summary" wait_for "(adds up)" 10
total=$(screen_sum)
if export_to "$E2E_WORK/expenditures.csv"; then ok "x exports the expenditures"; else not_ok "x exports the expenditures" "$(screen_text)"; fi
n=$(screen_text | grep -oE '^ *[0-9]+ expenditures' | head -n 1 | tr -dc 0-9)
rows=$(($(wc -l <"$E2E_WORK/expenditures.csv") - 1))
if [ "$rows" = "$n" ] && head -n 1 "$E2E_WORK/expenditures.csv" | grep -q '^resource,service,resource_type,bill_type,billing_mode,amount'; then
	ok "the CSV has every row ($n) under a header"
else
	not_ok "CSV rows $rows, screen $n" "$(head -n 3 "$E2E_WORK/expenditures.csv")"
fi
csvsum=$(node -e '
	const lines = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\r\n");
	const col = lines[0].split(",").indexOf("amount");
	/* Amounts are plain decimals: sum them in cents, exactly. */
	let c = 0n;
	for (const l of lines.slice(1)) {
		const f = l.match(/("([^"]|"")*"|[^,]*)(,|$)/g).map(x => x.replace(/,$/, ""))[col];
		const [i, d = ""] = f.split(".");
		const neg = i.startsWith("-");
		const v = BigInt(i.replace("-", "") || "0") * 100n + BigInt((d + "00").slice(0, 2));
		c += neg ? -v : v;
	}
	const s = c < 0n ? "-" : ""; const a = c < 0n ? -c : c;
	process.stdout.write(s + (a / 100n) + "." + String(a % 100n).padStart(2, "0"));
' "$E2E_WORK/expenditures.csv")
if [ "$csvsum" = "$total" ]; then ok "the file's amounts add up to the screen's sum ($total)"; else not_ok "file sum $csvsum, screen $total"; fi

keys Enter
check "Enter on an expenditure: its usage details" wait_for "Usage details $prev:" 5
check "the details add up to the expenditure" wait_for "(adds up)" 10
keys Escape Escape
check "Esc Esc: back to the bills" wait_for "Bills: the last 13 months" 3

# The unsubscription 40 days ago: expenditures -> details -> the order, with its refund.
refund_order=$(json 's.orders.filter(o => o.order_type === 4 && o.status === 5)[0].order_id' <<<"$state")
net=$(json 's.orders.filter(o => o.order_type === 4 && o.status === 5)[0].amount_after_discount
	.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })' <<<"$state")
back=$(( ( $(TZ=Asia/Shanghai date +%Y) * 12 + 10#$(TZ=Asia/Shanghai date +%m) ) -
	( $(TZ=Asia/Shanghai date -d '40 days ago' +%Y) * 12 + 10#$(TZ=Asia/Shanghai date -d '40 days ago' +%m) ) ))
keys ']' ']'
for ((i = 0; i < back; i++)); do keys '['; done
keys g Enter
wait_for "(adds up)" 10
keys /
type_text "unsub"
keys Enter
check "the month has the unsubscription's refund" wait_for "refund (unsub" 5
keys Enter
# Enter on the details before their rows arrived would open nothing.
within 10 screen_loaded "Usage details"
keys Enter
check "Enter on a refund detail: its order ($refund_order)" wait_for "Order: $refund_order" 5
check "the order detail shows the refund records" wait_for "Refund records" 10
check "and the net refund the simulator made ($net)" wait_for "Net refund         $net" 3
keys Escape Escape Escape

# --- costs ------------------------------------------------------------------------
keys 8
check "8 opens the costs, daily by service" wait_for "Costs: daily" 5
check "cost rows arrive" wait_for "Total " 10
check "service names, not codes, head the group columns" wait_gone "hws.service.t" 10
keys v
check "v groups by resource type" wait_for "by resource type" 3
keys d
check "d switches to months" wait_for "Costs: monthly" 5
keys w
wait_for "range: " 3
keys C-u
type_text "3m"
keys Enter
from3=$(month_back 2)
check "w takes a typed window (3m: $from3..$this)" wait_for "monthly $from3..$this" 5
keys '['
check "[ moves it back by its length" wait_for "monthly $(month_back 5)..$(month_back 3)" 5
keys ']'
# The window's own costs, not the rows of the one before nor the empty
# table while they load ("Total " shows for both): g Enter needs them.
within 10 screen_loaded "monthly $from3..$this"
keys g Enter
check "Enter on a month: every group in it" wait_for "Costs of $from3 by resource type" 5
if export_to "$E2E_WORK/groups.json"; then ok "x exports JSON"; else not_ok "x exports JSON" "$(screen_text)"; fi
ngroups=$(node -e 'const j = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
	process.stdout.write(String(Array.isArray(j) && j.every(r => typeof r.cost === "number") ? j.length : -1));' \
	"$E2E_WORK/groups.json")
if [ "$ngroups" -gt 0 ] && screen_text | grep -qF "Group"; then
	ok "the JSON is an array of $ngroups groups with numeric costs"
else
	not_ok "JSON groups: $ngroups" "$(head -c 300 "$E2E_WORK/groups.json")"
fi
keys Escape

# --- products, units, prices --------------------------------------------------------------
keys 9
check "9 opens the products" wait_for "Products: cloud services" 5
check "the catalogue's services" wait_for "hws.service.type.ec2" 10
keys /
type_text "ec2"
keys Enter Enter
check "Enter: the service's resource types" wait_for "resource types (Enter: usage types)" 5
check "ECS has VMs" wait_for "hws.resource.type.vm" 10
keys Enter
check "Enter: the usage types" wait_for "usage types (Enter: price)" 5
check "VMs are metered by duration" wait_for "Duration" 10
keys Enter
check "Enter on a usage type: the price calculator" wait_for "Price calculator" 5
check "the form knows the resource type" wait_for "hws.resource.type.vm" 3
keys R
check "R prices it pay-per-use" wait_for "You pay" 10
check "and yearly/monthly, with the best offer" wait_for "best offer" 10
keys Escape Escape Escape
keys v
check "v shows the measurement units" wait_for "Measurement units and conversions" 5
check "with their conversions" wait_for "= 1024 " 10
keys v

keys : p r i c e Enter
check ":price opens the calculator" wait_for "Price calculator" 5
keys Escape

# --- package usage ----------------------------------------------------------------------------
keys U
check "U opens package usage" wait_for "Package usage: choose a package" 5
npkg=$(json 's.packages.length' <<<"$state")
rows=$(screen_text | grep -cE ' (effective|expired|used up|not effecti|unsubscribed)')
if [ "$rows" = "$npkg" ]; then ok "every package listed ($npkg)"; else not_ok "$rows of $npkg packages" "$(screen_text)"; fi
long=$(json 's.packages.find(p => p.product_name.includes("on-demand hours"))' <<<"$state")
left=$(json 's.packages.find(p => p.product_name.includes("on-demand hours")).free_resources[0].amount' <<<"$state")
keys /
type_text "按需"
keys Enter Enter
check "Enter: the package's items and records" wait_for "Usage records:" 10
check "the item's remaining quota in hours ($left)" wait_for "$left 小时" 10
keys w
wait_for "range: " 3
keys C-u
type_text "400d"
keys Enter
check "a 400-day window is asked in 90-day pieces" wait_for "in 400 days" 20
recs=$(screen_text | grep -oE 'Usage records: [0-9]+' | tr -dc 0-9)
if [ "${recs:-0}" -gt 90 ]; then ok "more than 90 daily records over 400 days ($recs)"; else not_ok "records: $recs" "$(screen_text)"; fi
keys Tab
if export_to "$E2E_WORK/usage.csv"; then ok "x on the records"; else not_ok "x on the records" "$(screen_text)"; fi
lines=$(($(wc -l <"$E2E_WORK/usage.csv") - 1))
if [ "$lines" = "$recs" ]; then ok "the file has all $recs records, not just those on screen"; else not_ok "file $lines, screen $recs"; fi
keys Escape Escape Escape

# --- x on a list screen, and the help lists the new keys ------------------------------------
keys 4
wait_for "Orders (" 5
if export_to "$E2E_WORK/orders.json"; then ok "x on the orders screen"; else not_ok "x on the orders screen" "$(screen_text)"; fi
keys '?'
check "help lists export" wait_for "write every row to a CSV or JSON file" 3
keys '?'
keys q
check "quits cleanly" wait_for "EXIT=0" 5

# --- x on the list screens writes amounts with every place they have ----------------------------
# A BSS stand-in answering the balances, coupons and orders of the fixtures,
# some amounts given 8 decimals (the screens show 2); anything else is an error.
node -e '
	const fs = require("fs"), http = require("http"), dir = process.argv[1];
	const answers = {
		"/v2/accounts/customer-accounts/balances": ["ShowCustomerAccountBalances", "12345.67", "12345.67891234"],
		"/v2/promotions/benefits/coupons": ["ListSubCustomerCoupons", "321.45", "321.45678901"],
		"/v2/orders/customer-orders": ["ListCustomerOrders", "1234.56", "1234.56789012"],
	};
	http.createServer((req, res) => {
		const a = answers[req.url.split("?")[0]];
		res.setHeader("Content-Type", "application/json");
		if (a === undefined) {
			res.statusCode = 404;
			res.end(JSON.stringify({ error_code: "CBC.0404", error_msg: "not in this test" }));
			return;
		}
		res.end(fs.readFileSync(dir + "/" + a[0] + ".json", "utf8").replace(a[1], a[2]));
	}).listen(0, "127.0.0.1", function () {
		console.log("http://127.0.0.1:" + this.address().port);
	});
' "${FIXTURES:-$PWD/tests/fixtures}" >"$E2E_WORK/fake.out" &
fake_pid=$!
for ((i = 0; i < 50; i++)); do
	grep -q '^http' "$E2E_WORK/fake.out" 2>/dev/null && break
	sleep 0.1
done
write_config "$(head -n 1 "$E2E_WORK/fake.out")" "$DEMO_AK" "$DEMO_SK"
start_dash 140 40
# exact_export KEY SCREEN FILE AMOUNT: x on that list screen writes AMOUNT whole.
exact_export() {
	keys "$1"
	# Each screen's own "updated": the one before it said "updated" too.
	within 10 screen_loaded " $2 (" || return 1
	export_to "$E2E_WORK/$3" && grep -qF -- "$4" "$E2E_WORK/$3"
}
check "x on screen 2 writes the balance's every place (CSV)" \
	exact_export 2 Balance balance.csv ",12345.67891234,"
check "x on screen 3 writes the coupon's value left whole (CSV)" \
	exact_export 3 Coupons coupons.csv "321.45678901,"
check "x on screen 4 writes the order's amount whole (JSON)" \
	exact_export 4 Orders orders-exact.json "\"amount\": 1234.56789012,"
keys q
kill "$fake_pid" 2>/dev/null
wait "$fake_pid" 2>/dev/null

e2e_finish
