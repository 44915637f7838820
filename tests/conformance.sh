#!/usr/bin/env bash
# The outside check (../shared/conformance/README.md): Huawei's own Node.js SDK
# drives a freshly started bsssim with its default seed and checks every
# operation's wire format and state semantics. Ends with "N passed, N failed"
# (the suite's own last line) and exits with the suite's status.
#
# Environment: BSSSIM (default build/bsssim), SHARED (default ../shared).
set -u

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bsssim="${BSSSIM:-$here/../build/bsssim}"
shared="${SHARED:-$here/../../shared}"
run="$shared/conformance/run"
# Keys of this run only: the suite must be given the pair the simulator accepts.
ak="CONFORMANCE$$$(date +%s)"
sk="conformance-secret-$$-$RANDOM$RANDOM"

fail() {
	echo "FAIL conformance: $*"
	echo "0 passed, 1 failed"
	exit 1
}

[ -x "$bsssim" ] || fail "no simulator at $bsssim (build it with make)"
[ -x "$run" ] || fail "no conformance suite at $run (set SHARED)"

tmp="$(mktemp -d)"
sim_pid=
cleanup() {
	if [ -n "$sim_pid" ]; then
		kill "$sim_pid" 2>/dev/null
		wait "$sim_pid" 2>/dev/null
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT

"$bsssim" --listen 127.0.0.1:0 --ak "$ak" --sk "$sk" >"$tmp/out" 2>"$tmp/err" &
sim_pid=$!

# The first line of stdout is the base URL.
url=
for _ in $(seq 1 100); do
	url="$(head -n 1 "$tmp/out" 2>/dev/null)"
	[ -n "$url" ] && break
	kill -0 "$sim_pid" 2>/dev/null || break
	sleep 0.1
done
case "$url" in
http://127.0.0.1:*) ;;
*) fail "bsssim did not print its URL: $(head -c 500 "$tmp/err")" ;;
esac

"$run" --endpoint "$url" --ak "$ak" --sk "$sk"
status=$?
exit "$status"
