#!/usr/bin/env bash
# `bssdash get` against bsssim: every WHAT, values compared with /__sim/state,
# the four output formats (JSON parses, CSV quotes per RFC 4180, markdown
# rows, Chinese text aligned), filters, errors, --all-profiles with one
# failing account, and --demo.
set -u
cd "$(dirname "$0")/../.."
. tests/lib/cli.bash
cli_start
S=$(state)
get() { "$BSSDASH" get "$@" 2>"$CLI_WORK/err"; }

# --- balance ---------------------------------------------------------------
out=$(get balance --output json)
want=$(json 's.balances.find(b => b.account_type === 1).amount' <<<"$S")
got=$(json 's.find(r => r.account_type === "cash").amount' <<<"$out")
check "balance: cash $got equals the simulator's $want" same "$got" "$want"
check "balance: four accounts" [ "$(json 's.length >= 4' <<<"$out")" = true ]
table=$(get balance)
check "balance table shows the cash amount grouped" grep -q "^cash .*$(node -e \
    'console.log(Number(process.argv[1]).toLocaleString("en-US",{minimumFractionDigits:2}))' "$want")" <<<"$table"

# --- coupons ---------------------------------------------------------------
out=$(get coupons -o json)
want=$(json 's.coupons.map(c => c.coupon_id).sort().join(" ")' <<<"$S")
got=$(json 's.map(c => c.coupon_id).sort().join(" ")' <<<"$out")
check "coupons: the simulator's coupons" [ "$got" = "$want" ]
out=$(get coupons --status available -o json)
want=$(json 's.coupons.filter(c => c.status === 2).length' <<<"$S")
check "coupons --status available: $want" [ "$(json 's.length' <<<"$out")" = "$want" ]
check "coupons --status bogus is a usage error" bash -c "'$BSSDASH' get coupons --status bogus 2>/dev/null; [ \$? = 2 ]"

# --- orders ----------------------------------------------------------------
# The parts of a combined order are listed inside it (sub_orders), not on their own.
listed='[...s.map(o => o.order_id), ...s.flatMap(o => o.sub_orders ? o.sub_orders.split(",") : [])].sort().join(" ")'
out=$(get orders -o json)
want=$(json 's.orders.map(o => o.order_id).sort().join(" ")' <<<"$S")
check "orders: all $(wc -w <<<"$want") orders of the simulator" [ "$(json "$listed" <<<"$out")" = "$want" ]
out=$(get orders --status pending -o json)
want=$(json 's.orders.filter(o => o.status === 6).map(o => o.order_id).sort().join(" ")' <<<"$S")
check "orders --status pending" [ "$(json "$listed" <<<"$out")" = "$want" ]
out=$(get orders --type renewal --since 2000-01-01 -o json)
want=$(json 's.orders.filter(o => o.order_type === 2).length' <<<"$S")
n=$(json 's.length' <<<"$out")
check "orders --type renewal --since: $n of $want renewal orders, all renewals" \
    [ "$n" -gt 0 -a "$n" -le "$want" -a "$(json 's.every(o => o.order_type === "renewal")' <<<"$out")" = true ]

# --- order ID --------------------------------------------------------------
oid=$(json 's.orders.find(o => o.status === 6).order_id' <<<"$S")
amount=$(json "s.orders.find(o => o.order_id === '$oid').amount_after_discount" <<<"$S")
out=$(get order "$oid" -o json)
check "order $oid: amount $amount" same "$(json 's.order.amount' <<<"$out")" "$amount"
sum=$(json 's.line_items.reduce((a, l) => a + l.amount, 0)' <<<"$out")
check "order $oid: line items add up to the amount" same "$sum" "$amount"
get order NO-SUCH-ORDER >/dev/null
rc=$?
check "order NO-SUCH-ORDER: exit 1" [ $rc = 1 ]
check "order NO-SUCH-ORDER: one line on stderr" [ "$(wc -l <"$CLI_WORK/err")" = 1 ]

# --- resources -------------------------------------------------------------
out=$(get resources -o json)
want=$(json 's.resources.filter(r => r.is_main_resource === 1).map(r => r.resource_id).sort().join(" ")' <<<"$S")
check "resources: every primary resource" [ "$(json 's.map(r => r.resource_id).sort().join(" ")' <<<"$out")" = "$want" ]
out=$(get resources --attached -o json)
want=$(json 's.resources.length' <<<"$S")
check "resources --attached: all $want" [ "$(json 's.length' <<<"$out")" = "$want" ]
out=$(get resources --expiring-within 7 -o json)
want=$(json 's.resources.filter(r => r.is_main_resource === 1 && Date.parse(r.expire_time) >= Date.now() - 60e3 &&
    Date.parse(r.expire_time) <= Date.now() + 7 * 86400e3).map(r => r.resource_id).sort().join(" ")' <<<"$S")
got=$(json 's.map(r => r.resource_id).sort().join(" ")' <<<"$out")
check "resources --expiring-within 7: $(wc -w <<<"$got") resources, as in the simulator" [ "$got" = "$want" ]
check "resources: days_left within 0..7" [ "$(json 's.every(r => r.days_left >= 0 && r.days_left <= 7)' <<<"$out")" = true ]
out=$(get resources -o json)
want=$(json 's.resources.filter(r => r.is_main_resource === 1 && r.expire_policy === 3).length' <<<"$S")
check "resources: auto_renew for the $want with policy 3" [ "$(json 's.filter(r => r.auto_renew).length' <<<"$out")" = "$want" ]

# --- packages, usage, bills, costs, products, price --------------------------
out=$(get packages -o json)
want=$(json 's.packages.map(p => p.order_instance_id).sort().join(" ")' <<<"$S")
check "packages: the simulator's packages" [ "$(json '[...new Set(s.map(p => p.order_instance_id))].sort().join(" ")' <<<"$out")" = "$want" ]
first=$(json 's.packages[0].free_resources[0]' <<<"$S")
row=$(json "s.find(p => p.free_resource_id === $(json 's.free_resource_id' <<<"$first" | sed 's/.*/"&"/'))" <<<"$out")
check "packages: remaining quota as in the simulator" same "$(json 's.remaining' <<<"$row")" "$(json 's.amount' <<<"$first")"
out=$(get usage -o json)
check "usage: records of the last 30 days" [ "$(json 's.length > 0 && s.every(r => r.used >= 0)' <<<"$out")" = true ]
out=$(get bills -o json)
check "bills: this month's summary rows" [ "$(json 's.length > 0 && s.every(r => /^\d{4}-\d{2}$/.test(r.bill_cycle))' <<<"$out")" = true ]
check "bills --month 2001-13 is a usage error" bash -c "'$BSSDASH' get bills --month 2001-13 2>/dev/null; [ \$? = 2 ]"
out=$(get costs --group-by region -o json)
check "costs by region" [ "$(json 's.length > 0 && s.every(r => typeof r.amount === "number")' <<<"$out")" = true ]
out=$(get products -o json)
check "products: ECS is a service" [ "$(json 's.some(p => p.code === "hws.service.type.ec2")' <<<"$out")" = true ]
res=$(get resources -o json | json 's.find(r => /s6\./.test(r.spec) || true)')
out=$(get resources --attached -o json)
proj=$(json 's[0].project_id' <<<"$out")
price=$(get price --service hws.service.type.ec2 --resource-type hws.resource.type.vm \
    --spec s6.small.1.linux --region cn-north-4 --project "$proj" --period 1m -o json)
check "price: a monthly price for s6.small.1.linux" [ "$(json 's.length === 1 && s[0].official_amount > 0' <<<"$price")" = true ]
check "get resources --status in-use --month: not a filter of resources" \
    bash -c "'$BSSDASH' get resources --month 2024-01 2>/dev/null; [ \$? = 2 ]"

# --- formats ----------------------------------------------------------------
csv=$(get orders --output csv)
check "csv: CRLF line ends" [ "$(printf '%s' "$csv" | head -n 1 | od -c | grep -c '\\r')" = 1 ]
cat >"$CLI_WORK/csv.js" <<'JS'
// An RFC 4180 reader: quoted fields may hold commas, quotes ("") and line breaks.
let t = "";
process.stdin.on("data", d => t += d).on("end", () => {
	const rows = []; let row = [], f = "", q = false;
	for (let i = 0; i < t.length; i++) {
		const c = t[i];
		if (q) {
			if (c === '"' && t[i + 1] === '"') { f += '"'; i++; }
			else if (c === '"') q = false;
			else f += c;
		} else if (c === '"') q = true;
		else if (c === ",") { row.push(f); f = ""; }
		else if (c === "\r" && t[i + 1] === "\n") { row.push(f); rows.push(row); row = []; f = ""; i++; }
		else f += c;
	}
	const head = rows.shift();
	console.log(JSON.stringify(rows.map(r => Object.fromEntries(head.map((h, k) => [h, r[k]])))));
});
JS
parsed=$(get packages --output csv | node "$CLI_WORK/csv.js")
jsonout=$(get packages -o json)
check "csv parses to the same names and amounts as json" [ \
    "$(json 's.map(r => r.product_name + "=" + Number(r.remaining)).join("|")' <<<"$parsed")" = \
    "$(json 's.map(r => r.product_name + "=" + r.remaining).join("|")' <<<"$jsonout")" ]
quoted=$(get usage --output csv | grep -c '^"\|,"' || true)
commas=$(get usage -o json | json 's.filter(r => Object.values(r).some(v => typeof v === "string" && /[,"]/.test(v))).length')
check "csv: fields with commas or quotes are quoted ($commas rows)" [ "$quoted" -ge "$commas" ]

cat >"$CLI_WORK/width.js" <<'JS'
// Display columns: CJK and fullwidth characters take two.
const w = s => [...s].reduce((n, ch) => {
	const c = ch.codePointAt(0);
	const wide = (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) ||
	    (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) ||
	    (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6);
	return n + (wide ? 2 : 1);
}, 0);
let t = "";
process.stdin.on("data", d => t += d).on("end", () => {
	// Every row's column boundaries (a run of 2 spaces then text) start where the header's do.
	const lines = t.split("\n").filter(l => l.length);
	const starts = l => { const r = []; let col = 0, prev = "";
		for (const ch of [...l]) { if (ch !== " " && prev === " " && l.slice(0).length) r.push(col); col += w(ch); prev = ch; }
		return r; };
	const key = process.argv[2];
	const h = lines[0], at = w(h.slice(0, h.indexOf(key)));
	const bad = lines.slice(1).filter(l => !starts(l).includes(at) && l.trim().length);
	const cjk = lines.some(l => w(l) !== l.length);
	if (!cjk || bad.length) { console.log((cjk ? "" : "no Chinese text\n") + bad.join("\n")); process.exit(1); }
});
JS
table=$(get resources)
check "table: Chinese names keep the STATUS column aligned" node "$CLI_WORK/width.js" STATUS <<<"$table"
table=$(get packages)
check "table: Chinese package names keep the STATUS column aligned" node "$CLI_WORK/width.js" STATUS <<<"$table"
md=$(get resources --output markdown)
cols=$(head -n 1 <<<"$md" | tr -cd '|' | wc -c)
badmd=$(sed 's/\\|//g' <<<"$md" | awk -F'|' -v n="$cols" 'NF - 1 != n' | wc -l)
check "markdown: every row has the header's $((cols - 1)) cells" [ "$badmd" = 0 ]
check "markdown: separator row" grep -q '^| -' <<<"$md"

# --- many pages, under the rate limit --------------------------------------------
stop_sim
start_sim --scale 3000 || exit 1
: >"$XDG_CONFIG_HOME/bssdash/config"
write_profile default "$SIM_URL" "$SIM_AK" "$SIM_SK"
S=$(state)
want=$(json 's.resources.length' <<<"$S")
out=$(get resources --attached -o json)
check "resources --attached: all $want of a large account, page after page under the 10/s limit" \
    [ "$(json 's.length' <<<"$out")" = "$want" ]
check "no request was refused by the rate limit" \
    [ "$(sim_admin GET /__sim/stats | json 's.rate_limited')" = 0 ]

# --- all profiles ------------------------------------------------------------
write_profile work "$SIM_URL" "$SIM_AK" "$SIM_SK"
write_profile broken "$SIM_URL" "$SIM_AK" "wrong-secret-key"
write_profile nokeys "$SIM_URL" "" ""
out=$(get balance --all-profiles -o json)
rc=$?
check "balance --all-profiles: exit 1 when one account fails" [ $rc = 1 ]
check "balance --all-profiles: one row per profile" [ "$(json 's.map(r => r.profile).join(" ")' <<<"$out")" = "default work broken nokeys" ]
check "balance --all-profiles: good accounts have their cash" [ "$(json 's.filter(r => r.cash !== null && r.error === null).length' <<<"$out")" = 2 ]
check "balance --all-profiles: the failing ones say why" [ "$(json 's.filter(r => r.cash === null && r.error).length' <<<"$out")" = 2 ]
table=$(get balance --all-profiles)
check "balance --all-profiles table: four rows" [ "$(wc -l <<<"$table")" = 5 ]
out=$("$BSSDASH" --all-profiles get resources --expiring-within 30 -o json 2>/dev/null)
n=$(json 's.filter(r => r.profile === "default").length' <<<"$out")
check "resources --expiring-within 30 --all-profiles: rows of each good profile" \
    [ "$n" -gt 0 -a "$(json "s.filter(r => r.profile === 'work').length" <<<"$out")" = "$n" ]
check "resources --all-profiles: an error row for the broken account" \
    [ "$(json 's.filter(r => r.profile === "broken" && r.error).length' <<<"$out")" = 1 ]
check "resources --all-profiles needs --expiring-within" bash -c "'$BSSDASH' get resources --all-profiles 2>/dev/null; [ \$? = 2 ]"

# --- settings: one timeout, warnings once ----------------------------------------
conf="$CLI_WORK/settings.conf"
{
	printf '[profile default]\nendpoint = %s\nak = %s\nsk = %s\n' "$SIM_URL" "$SIM_AK" "$SIM_SK"
	printf '[ui]\ntimeout = 2\nbogus_key = 1\n'
} >"$conf"
chmod 600 "$conf"
"$BSSDASH" --config "$conf" get balance >/dev/null 2>"$CLI_WORK/err"
check "get prints the config's unknown key once on stderr" \
    [ "$(grep -c "unknown key 'bogus_key' in \[ui\] (ignored)" "$CLI_WORK/err")" = 1 ]
BSSDASH_TIMEOUT=soon "$BSSDASH" --config "$conf" get balance >/dev/null 2>"$CLI_WORK/err"
check "a bad BSSDASH_TIMEOUT is a warning" grep -q "BSSDASH_TIMEOUT=soon is not 1 to 600 seconds" \
    "$CLI_WORK/err"
# elapsed_get ARGS...: seconds a failing `get balance` takes while the balance hangs.
elapsed_get() {
	local t0=$SECONDS
	"$@" get balance >/dev/null 2>&1
	echo $((SECONDS - t0))
}
faults "hang@/v2/accounts/customer-accounts/balances"
t=$(elapsed_get "$BSSDASH" --config "$conf")
check "get honours [ui] timeout = 2 (gave up after ${t}s)" [ "$t" -le 5 ]
sed -i 's/^timeout = 2$/timeout = 60/' "$conf"
t=$(BSSDASH_TIMEOUT=2 elapsed_get "$BSSDASH" --config "$conf")
check "BSSDASH_TIMEOUT beats the file (gave up after ${t}s)" [ "$t" -le 5 ]
t=$(BSSDASH_TIMEOUT=60 elapsed_get "$BSSDASH" --config "$conf" --timeout 2)
check "--timeout beats BSSDASH_TIMEOUT (gave up after ${t}s)" [ "$t" -le 5 ]
faults ""

# --- demo ---------------------------------------------------------------------
out=$("$BSSDASH" --demo get balance -o json 2>/dev/null)
check "--demo get balance" [ "$(json 's.some(r => r.account_type === "cash" && r.amount > 0)' <<<"$out")" = true ]
check "--demo: CNY, the Chinese-mainland site" [ "$(json 's.every(r => r.currency === "CNY")' <<<"$out")" = true ]
out=$("$BSSDASH" --demo --site intl get balance -o json 2>/dev/null)
check "--demo --site intl: USD" [ "$(json 's.length > 0 && s.every(r => r.currency === "USD")' <<<"$out")" = true ]

cli_finish
