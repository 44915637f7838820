# bsssim's admin API over bash's /dev/tcp: a few milliseconds a call, where
# common.bash's sim_admin starts node (a quarter of a second), which matters to
# suites that poll. Plain HTTP/1.0 on loopback only. Sourced after common.bash
# (SIM_URL comes from start_sim).

# sim_fast METHOD PATH [BODY]: the answer's body on stdout; false when the
# simulator cannot be reached or answers other than 2xx.
sim_fast() {
	local hostport=${SIM_URL#http://} body=${3:-} status line fd
	exec {fd}<>"/dev/tcp/${hostport%:*}/${hostport##*:}" || return 1
	printf '%s %s HTTP/1.0\r\nHost: %s\r\nAuthorization: Bearer bsssim-admin-demo-token\r\nContent-Length: %d\r\n\r\n%s' \
		"$1" "$2" "$hostport" "${#body}" "$body" >&"$fd"
	IFS= read -r status <&"$fd"
	while IFS= read -r line <&"$fd" && [ "${line%$'\r'}" != "" ]; do :; done
	cat <&"$fd"
	exec {fd}<&-
	[[ $status == "HTTP/1."?" 2"* ]]
}

# sim_stat NAME: one number of /__sim/stats ("requests", "auth_failures"...).
sim_stat() {
	sim_fast GET /__sim/stats | grep -oE "\"$1\":[0-9]+" | head -n 1 | cut -d: -f2
}
