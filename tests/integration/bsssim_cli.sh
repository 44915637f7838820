#!/usr/bin/env bash
# bsssim as a program: the URL line, option errors, admin token, clean stop
# on SIGTERM and SIGINT with --state saved and loaded back, loopback-only
# listening, and HTTPS with a certificate made here.
# Needs $BSSSIM (make test sets it), curl and openssl.
set -u
BSSSIM=${BSSSIM:-build/bsssim}
tmp=$(mktemp -d)
pass=0 fail=0
pid=

cleanup() {
	if [ -n "$pid" ]; then kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; fi
	rm -rf "$tmp"
}
trap cleanup EXIT

check() {  # check NAME COMMAND...
	local name=$1; shift
	if "$@"; then
		pass=$((pass + 1)); echo "ok $name"
	else
		fail=$((fail + 1)); echo "FAIL $name"
	fi
}

# start ARGS...: runs bsssim in the background, sets $pid and $url.
start() {
	rm -f "$tmp/out"
	"$BSSSIM" "$@" >"$tmp/out" 2>"$tmp/err" &
	pid=$!
	url=
	for _ in $(seq 100); do
		url=$(head -n 1 "$tmp/out" 2>/dev/null)
		[ -n "$url" ] && return 0
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.05
	done
	echo "  bsssim did not start: $(cat "$tmp/err")"
	return 1
}

# stop SIGNAL: sends it and waits; the exit status is in $rc.
stop() {
	kill "-$1" "$pid"
	wait "$pid"
	rc=$?
	pid=
}

matches() {  # matches STRING REGEX
	[[ $1 =~ $2 ]]
}

status_of() {  # status_of URL [curl args...]
	local u=$1; shift
	curl -s -o "$tmp/body" -w '%{http_code}' "$@" "$u"
}

admin() {  # admin TOKEN PATH [curl args...]
	local token=$1 path=$2
	shift 2
	status_of "$url$path" -H "Authorization: Bearer $token" "$@"
}

# --- the URL line, demo admin token, unsigned requests -----------------------
start --seed 3 --state "$tmp/state.json"
check url_line_has_the_bound_port matches "$url" '^http://127\.0\.0\.1:[1-9][0-9]*$'
check unsigned_bss_call_is_401 [ "$(status_of "$url/v2/accounts/customer-accounts/balances")" = 401 ]
check body_is_apigw_0301 grep -q '"error_code":"APIGW.0301"' "$tmp/body"
check demo_admin_token_works [ "$(admin bsssim-admin-demo-token /__sim/state)" = 200 ]
cp "$tmp/body" "$tmp/state-before"
check admin_without_token_is_401 [ "$(status_of "$url/__sim/state")" = 401 ]
check faults_set_at_run_time [ "$(status_of "$url/__sim/faults" -X POST \
	-H 'Authorization: Bearer bsssim-admin-demo-token' -d 'latency=5ms')" = 200 ]

# --- SIGTERM saves the state; a restart loads it ------------------------------
stop TERM
check sigterm_exits_0 [ "$rc" = 0 ]
check state_file_written [ -s "$tmp/state.json" ]
check no_temp_file_left [ -z "$(find "$tmp" -name 'state.json?*' -o -name '.state.json*')" ]
start --seed 99 --state "$tmp/state.json" --admin-token s3cret
check custom_admin_token [ "$(admin s3cret /__sim/state)" = 200 ]
check state_loaded_not_reseeded cmp -s "$tmp/body" "$tmp/state-before"
check demo_token_refused_then [ "$(admin bsssim-admin-demo-token /__sim/state)" = 401 ]
stop INT
check sigint_exits_0 [ "$rc" = 0 ]

# --- refusals ---------------------------------------------------------------------
timeout 10 "$BSSSIM" --listen 0.0.0.0:0 >"$tmp/out" 2>"$tmp/err"
check non_loopback_refused [ $? -ne 0 ]
check non_loopback_message grep -q 'not a loopback address' "$tmp/err"
timeout 10 "$BSSSIM" --faults 'error5xx=2' >"$tmp/out" 2>"$tmp/err"
check bad_fault_spec_refused [ $? -ne 0 ]
check bad_fault_spec_message grep -q 'error5xx needs a probability' "$tmp/err"
timeout 10 "$BSSSIM" --rate-limit many >/dev/null 2>"$tmp/err"
check bad_rate_limit_is_usage_error [ $? = 2 ]
timeout 10 "$BSSSIM" --ak ONLYAK >/dev/null 2>"$tmp/err"
check ak_without_sk_refused [ $? = 2 ]
timeout 10 "$BSSSIM" --state "$tmp/err" >/dev/null 2>"$tmp/err2"
check unreadable_state_refused [ $? -ne 0 ]
check help_lists_faults sh -c "'$BSSSIM' --help | grep -q -- '--faults SPEC'"

# --- the international site: the same world in USD (bss-api.md 7) ----------------
start --site intl
admin bsssim-admin-demo-token /__sim/state >/dev/null
check intl_amounts_in_usd grep -q '"currency":"USD"' "$tmp/body"
check intl_no_cny sh -c "! grep -q CNY '$tmp/body'"
stop TERM
timeout 10 "$BSSSIM" --site mars >/dev/null 2>"$tmp/err"
check bad_site_is_usage_error [ $? = 2 ]

# --- explicit port and HTTPS ------------------------------------------------------
if openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 \
	-addext subjectAltName=IP:127.0.0.1 -keyout "$tmp/key.pem" -out "$tmp/cert.pem" \
	>/dev/null 2>&1; then
	start --tls-cert "$tmp/cert.pem" --tls-key "$tmp/key.pem"
	check https_url matches "$url" '^https://127\.0\.0\.1:[1-9][0-9]*$'
	check https_with_ca [ "$(admin bsssim-admin-demo-token /__sim/stats --cacert "$tmp/cert.pem")" = 200 ]
	status_of "$url/__sim/stats" >/dev/null
	check https_without_ca_fails [ $? -ne 0 ]
	stop TERM
else
	fail=$((fail + 1)); echo "FAIL openssl could not make a test certificate"
fi
check tls_key_without_cert [ "$("$BSSSIM" --tls-key "$tmp/key.pem" >/dev/null 2>&1; echo $?)" = 2 ]

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
