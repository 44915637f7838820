#!/usr/bin/env bash
# Secrets are wiped from memory when the program exits (issue 8 item 5; the
# profile switch is checked by secrets.sh). Each command runs under gdb,
# stopped at the exit_group system call, after every cleanup and just before
# the process is gone; its memory, stack included, is dumped to a core file
# that must hold no copy of the SK or the security token.
#
# A control stops `get` earlier, when the config is about to be freed: that
# core must hold the SK, or the search proves nothing.
set -u
cd "$(dirname "$0")/../.."
. tests/e2e/lib/common.bash
e2e_init

AK=AKEXITWIPE0000000001
SK=SKexitWipeRq4Zt8Mx2Lc6Vn1Hb9
TOKEN=TOKexitWipeGd3Pw7Ks5Jf0Ya2
BADSK=SKexitRefusedNu6Qe1Tz4Wc8
export XDG_CONFIG_HOME=$E2E_WORK/config XDG_STATE_HOME=$E2E_WORK/state HOME=$E2E_WORK/home
unset HUAWEICLOUD_SDK_AK HUAWEICLOUD_SDK_SK HUAWEICLOUD_SDK_SECURITY_TOKEN BSSDASH_ENDPOINT

# gdb runs the program itself: under `make valgrind` $BSSDASH is a wrapper script.
bin=$BSSDASH
[ "$(head -c 4 "$bin" 2>/dev/null)" = $'\x7fELF' ] || bin=${BUILDDIR:-build}/bssdash
# An ASan build maps terabytes of shadow memory: no core of it can be dumped.
# `make test` runs this suite on the plain build.
if grep -qa __asan_init "$bin"; then
	echo "skip: $bin is built with AddressSanitizer"
	e2e_finish
	exit 0
fi
if ! command -v gdb >/dev/null; then
	not_ok "gdb is needed for this suite (make deps installs it)"
	e2e_finish
	exit 1
fi
if ! start_sim --ak "$AK" --sk "$SK" --token "$TOKEN" --rate-limit 0; then
	not_ok "bsssim did not start" "$(cat "$E2E_WORK/sim.err")"
	e2e_finish
	exit 1
fi
write_config "$SIM_URL" "$AK" "$SK" "security_token = $TOKEN

[profile refused]
ak = $AK
sk = $BADSK
endpoint = $SIM_URL
"
core=$E2E_WORK/core

# stopped_at STOP ARGS...: runs bssdash ARGS under gdb, dumps its memory to
# $core where STOP ("exit" or a function name) is reached. stdout in $E2E_WORK/out.
stopped_at() {
	local stop=$1 at
	shift
	if [ "$stop" = exit ]; then at='catch syscall exit_group'; else at="break $stop"; fi
	rm -f "$core"
	timeout 120 gdb -q -batch -ex 'set pagination off' -ex "$at" \
		-ex "run $* >$E2E_WORK/out 2>$E2E_WORK/err </dev/null" \
		-ex "generate-core-file $core" "$bin" >"$E2E_WORK/gdb.log" 2>&1
}
copies() { grep -caF -- "$1" "$core"; }
# none_left NAME: the core holds no copy of either SK or the token.
none_left() {
	local n="$(copies "$SK") $(copies "$TOKEN") $(copies "$BADSK")"
	if [ "$n" = "0 0 0" ]; then
		ok "$1: no SK or token in memory at exit"
	else
		not_ok "$1: copies of SK, token, refused SK in memory at exit: $n"
	fi
}

# secretless NAME ARGS...: at exit, no copy of either SK or the token.
secretless() {
	local name=$1
	shift
	stopped_at exit "$@"
	if [ ! -s "$core" ]; then
		not_ok "$name: no core dumped at exit" "$(tail -n 5 "$E2E_WORK/gdb.log")"
		return
	fi
	none_left "$name"
}

stopped_at config_free get balance
if [ -s "$core" ] && [ "$(copies "$SK")" -gt 0 ] && [ "$(copies "$TOKEN")" -gt 0 ]; then
	ok "control: before the config is freed, the core holds the SK and the token"
else
	not_ok "control: the core before config_free() holds no SK or token: the search sees nothing" \
		"$(tail -n 5 "$E2E_WORK/gdb.log")"
fi

secretless "get balance" get balance
check "get balance printed the balance" grep -q cash "$E2E_WORK/out"
secretless "monitor --once" monitor --once
secretless "debug sign" debug sign GET /v2/accounts/customer-accounts/balances
secretless "a refused signature" --profile refused get balance
check "the refused signature was reported" grep -q APIGW.0301 "$E2E_WORK/err"

# Over TLS: the token goes through OpenSSL's buffers too.
tls=$E2E_WORK/tls
mkdir -p "$tls"
if ! openssl req -x509 -newkey rsa:2048 -nodes -keyout "$tls/key.pem" -out "$tls/cert.pem" \
	-days 2 -subj /CN=localhost -addext "subjectAltName=IP:127.0.0.1" >/dev/null 2>&1; then
	not_ok "openssl could not make a certificate"
else
	"$BSSSIM" --ak "$AK" --sk "$SK" --token "$TOKEN" --rate-limit 0 --tls-cert "$tls/cert.pem" \
		--tls-key "$tls/key.pem" >"$tls/sim.out" 2>"$tls/sim.err" &
	tls_sim=$!
	for _ in $(seq 100); do grep -q '^https' "$tls/sim.out" 2>/dev/null && break; sleep 0.1; done
	printf '[profile default]\nak = %s\nsk = %s\nsecurity_token = %s\nendpoint = %s\nca_file = %s\n' \
		"$AK" "$SK" "$TOKEN" "$(head -n 1 "$tls/sim.out")" "$tls/cert.pem" >"$tls/config"
	chmod 600 "$tls/config"
	secretless "get balance over TLS" --config "$tls/config" get balance
	check "get balance over TLS printed the balance" grep -q cash "$E2E_WORK/out"
	kill "$tls_sim" 2>/dev/null
	wait "$tls_sim" 2>/dev/null
fi

# The dashboard: both profiles used (P switches), then q. Each key once the
# screen shows what the one before did, not after fixed pauses: under gdb a
# slow start or a late answer would have q come before the refusal was seen.
# seen TEXT: the dashboard wrote TEXT within 20 s.
seen() {
	local i
	for ((i = 0; i < 200; i++)); do
		grep -aqF -- "$1" "$E2E_WORK/dash.out" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}
rm -f "$core" "$E2E_WORK/dash.out"
(seen "Cash"; printf P; seen "Signature rejected"; printf q; sleep 3) |
	TERM=xterm-256color timeout 60 script -qec \
	"gdb -q -batch -ex 'catch syscall exit_group' -ex run -ex 'generate-core-file $core' $bin" \
	/dev/null >"$E2E_WORK/dash.out" 2>&1
if [ ! -s "$core" ]; then
	not_ok "dashboard: no core dumped at exit" "$(tail -n 5 "$E2E_WORK/dash.out")"
elif ! tr -d '\r' <"$E2E_WORK/dash.out" | grep -aq 'Signature rejected'; then
	not_ok "dashboard: the switch to the refused profile was not seen"
else
	none_left "dashboard after a profile switch"
fi
rm -f "$core"
e2e_finish
