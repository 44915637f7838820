#!/usr/bin/env bash
# TLS: certificates are always verified. With certificates made here (a CA,
# another CA, a good server certificate, one for another host name, an expired
# one), bsssim serves HTTPS and `bssdash get balance` must:
#   - succeed with the CA given as the profile's ca_file or as --cacert;
#   - refuse, with a message that says what is wrong and what to do, a server
#     whose CA it was not given (system store, or another CA), a certificate
#     for another host name, an expired certificate;
#   - have no switch that turns verification off: no such option, no such
#     config key, no environment variable; and no
#     line in src/ that sets CURLOPT_SSL_VERIFYPEER or VERIFYHOST to anything
#     but verifying. The dashboard shows the same refusal in its panes.
# Needs $BSSDASH, $BSSSIM (make test sets them), openssl and tmux.
set -u
cd "$(dirname "$0")/../.."
BSSDASH=${BSSDASH:-$PWD/build/bssdash}
BSSSIM=${BSSSIM:-$PWD/build/bsssim}
tmp=$(mktemp -d /tmp/bssdash-tls.XXXXXX)
pass=0 fail=0
pid=

cleanup() {
	if [ -n "$pid" ]; then kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; fi
	rm -rf "$tmp"
}
trap cleanup EXIT

ok() { pass=$((pass + 1)); echo "ok   $1"; }
not_ok() { fail=$((fail + 1)); echo "FAIL $1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/     | /'; }

# --- certificates -----------------------------------------------------------------

# newkey NAME: a P-256 key and a request for CN=127.0.0.1.
csr() {
	openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-keyout "$tmp/$1.key" -out "$tmp/$1.csr" -subj "/CN=127.0.0.1" 2>/dev/null
}

# sign NAME CA SAN: NAME's request signed by CA, valid from now for two days.
sign() {
	printf 'subjectAltName=%s\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' "$3" \
		>"$tmp/$1.ext"
	openssl x509 -req -in "$tmp/$1.csr" -CA "$tmp/$2.pem" -CAkey "$tmp/$2.key" -CAcreateserial \
		-days 2 -extfile "$tmp/$1.ext" -out "$tmp/$1.pem" 2>/dev/null
}

make_certs() {
	local ca
	for ca in ca other-ca; do
		openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
			-keyout "$tmp/$ca.key" -out "$tmp/$ca.pem" -subj "/CN=bssdash test $ca" 2>/dev/null ||
			return 1
	done
	csr good && sign good ca "IP:127.0.0.1,DNS:localhost" || return 1
	csr wronghost && sign wronghost ca "DNS:bss.example.invalid" || return 1
	# Expired: x509 -req cannot start in the past here; `openssl ca` can.
	csr expired || return 1
	mkdir -p "$tmp/ca.d"
	: >"$tmp/ca.d/index.txt"
	echo 01 >"$tmp/ca.d/serial"
	cat >"$tmp/ca.cnf" <<-EOF
		[ca]
		default_ca = test
		[test]
		dir = $tmp/ca.d
		database = \$dir/index.txt
		new_certs_dir = \$dir
		serial = \$dir/serial
		default_md = sha256
		policy = any
		unique_subject = no
		[any]
		commonName = supplied
	EOF
	openssl ca -batch -config "$tmp/ca.cnf" -cert "$tmp/ca.pem" -keyfile "$tmp/ca.key" \
		-in "$tmp/expired.csr" -out "$tmp/expired.pem" -notext -extfile "$tmp/good.ext" \
		-startdate 20200101000000Z -enddate 20200102000000Z 2>/dev/null
}

if ! make_certs; then
	echo "SKIP: openssl could not make the test certificates"
	echo "0 passed, 0 failed"
	exit 0
fi

# --- running ----------------------------------------------------------------------

# serve CERT: bsssim on HTTPS with CERT's pair; sets $url.
serve() {
	if [ -n "$pid" ]; then kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; fi
	"$BSSSIM" --tls-cert "$tmp/$1.pem" --tls-key "$tmp/$1.key" >"$tmp/sim.out" 2>"$tmp/sim.err" &
	pid=$!
	url=
	for _ in $(seq 100); do
		url=$(head -n 1 "$tmp/sim.out" 2>/dev/null)
		[[ $url == https://* ]] && return 0
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.05
	done
	echo "bsssim did not start with $1: $(cat "$tmp/sim.err")"
	exit 1
}

# config [LINES]: the profile for $url with the demo keys, plus LINES.
config() {
	mkdir -p "$tmp/config/bssdash"
	printf '[profile default]\nak = BSSSIMDEMOACCESSKEY1\nsk = bsssim-demo-secret-key-not-for-real-use\nendpoint = %s\n%s' \
		"$url" "${1:-}" >"$tmp/config/bssdash/config"
	chmod 600 "$tmp/config/bssdash/config"
}

# get [ARGS...]: `bssdash ARGS get balance`; stdout+stderr in $out, status in $rc.
# The system's CA store is left as it is: it does not hold the test CA.
get() {
	out=$(XDG_CONFIG_HOME="$tmp/config" timeout 20 "$BSSDASH" "$@" get balance 2>&1)
	rc=$?
}

# accepted NAME: the balance came.
accepted() {
	if [ "$rc" = 0 ] && [[ $out == *"cash "*CNY* ]]; then ok "$1"; else not_ok "$1 (status $rc)" "$out"; fi
}

# refused NAME PATTERN...: non-zero status, no balance, one message line
# matching every PATTERN (extended regular expressions).
refused() {
	local name=$1 p
	shift
	if [ "$rc" = 0 ] || [[ $out == *CNY* ]]; then
		not_ok "$name: not refused (status $rc)" "$out"
		return
	fi
	for p in "$@"; do
		if ! grep -qE -- "$p" <<<"$out"; then
			not_ok "$name: no '$p' in the message" "$out"
			return
		fi
	done
	ok "$name: $(head -c 160 <<<"$out")..."
}

TLS_MSG="The secure connection to the BSS endpoint failed"
FIX_HINT="set ca_file in the profile or pass --cacert"

serve good
config "ca_file = $tmp/ca.pem
"
get
accepted "the CA as the profile's ca_file: accepted"
config
get --cacert "$tmp/ca.pem"
accepted "the CA as --cacert: accepted"

get
refused "a CA the client was not given (system store): refused" "$TLS_MSG" \
	"unable to get local issuer certificate" "$FIX_HINT"
config "ca_file = $tmp/other-ca.pem
"
get
refused "another CA as ca_file: refused" "$TLS_MSG" "certificate verify failed" "$FIX_HINT"

serve wronghost
config "ca_file = $tmp/ca.pem
"
get
refused "a certificate for another host name: refused" "$TLS_MSG" \
	"(subject name|host name).*127\.0\.0\.1|127\.0\.0\.1.*(subject name|host name)"

serve expired
config "ca_file = $tmp/ca.pem
"
get
refused "an expired certificate: refused" "$TLS_MSG" "expired"

# --- no switch turns verification off ------------------------------------------

# What people try: curl's options, config keys, environment variables.
serve good
config
for opt in --insecure -k --no-verify --tls-no-verify; do
	get "$opt"
	if [ "$rc" = 2 ] && [[ $out != *CNY* ]] && [[ $out == *"$opt"* ]]; then
		ok "$opt is not an option (status 2, named in the message)"
	else
		not_ok "$opt (status $rc)" "$out"
	fi
done
for key in insecure verify ssl_verify tls_verify verify_peer; do
	value=false
	[ "$key" = insecure ] && value=true
	config "$key = $value
"
	get
	refused "config key '$key = $value': still refused" "$TLS_MSG"
done
config
for env in CURL_INSECURE=1 BSSDASH_INSECURE=1 SSL_NO_VERIFY=1 PYTHONHTTPSVERIFY=0 \
	NODE_TLS_REJECT_UNAUTHORIZED=0 GIT_SSL_NO_VERIFY=1; do
	out=$(env "$env" XDG_CONFIG_HOME="$tmp/config" timeout 20 "$BSSDASH" get balance 2>&1)
	rc=$?
	refused "environment $env: still refused" "$TLS_MSG"
done

# The source: every setting of peer or host verification verifies.
lines=$(grep -rnE 'CURLOPT_(PROXY_)?SSL_VERIFY(PEER|HOST|STATUS)' src/ |
	grep -vE 'CURLOPT_SSL_VERIFYPEER, 1L\)|CURLOPT_SSL_VERIFYHOST, 2L\)')
set_lines=$(grep -rnE 'CURLOPT_SSL_VERIFY(PEER|HOST)' src/ | wc -l)
if [ -z "$lines" ] && [ "$set_lines" -ge 2 ]; then
	ok "src/: verification is only ever switched on ($set_lines settings)"
else
	not_ok "src/ sets verification otherwise" "$lines"
fi
if grep -rnE 'CURLSSLOPT_(ALLOW_BEAST|NO_REVOKE|NO_PARTIALCHAIN)|SSL_CTX_set_verify|CURLOPT_SSL_CTX_FUNCTION' \
	src/ >"$tmp/grep.out"; then
	not_ok "src/ reaches into the TLS verification" "$(cat "$tmp/grep.out")"
else
	ok "src/: no verify callback, no relaxed SSL options"
fi

# --- the dashboard says it where the data would be ------------------------------

if command -v tmux >/dev/null; then
	sock=bssdash-tls-$$
	config
	tmux -L "$sock" -f /dev/null new-session -d -s tls -x 160 -y 40 \
		"env -i PATH=/usr/bin:/bin HOME=$tmp TERM=xterm-256color LANG=C.UTF-8 XDG_CONFIG_HOME=$tmp/config XDG_STATE_HOME=$tmp/state $BSSDASH"
	screen=""
	for _ in $(seq 300); do
		screen=$(tmux -L "$sock" capture-pane -p -t tls 2>/dev/null)
		[ "$(grep -o "error: The secure connection" <<<"$screen" | wc -l)" -ge 5 ] && break
		sleep 0.1
	done
	tmux -L "$sock" send-keys -t tls q
	sleep 0.3
	tmux -L "$sock" kill-server 2>/dev/null
	n=$(grep -o "error: The secure connection" <<<"$screen" | wc -l)
	if [ "$n" -ge 5 ]; then
		ok "the dashboard: every pane says the secure connection failed ($n)"
	else
		not_ok "the dashboard: $n panes with the TLS error" "$screen"
	fi
fi

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
