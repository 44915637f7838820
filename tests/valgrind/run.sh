#!/usr/bin/env bash
# usage: tests/valgrind/run.sh SUITE...   (make valgrind)
#
# Runs the suites with every program of ours under valgrind memcheck: each
# C test program directly, and bssdash / bsssim through wrappers that the
# shell suites reach by $BSSDASH and $BSSSIM. Every process writes its own
# log in $BUILDDIR/valgrind/logs/. The suites' own results are shown (a
# timing-sensitive check may fail from the slowdown alone); what this target
# asserts is memcheck's verdict on every process: no invalid read or write,
# no use of uninitialised memory, no definitely lost block. Ends with
# "N passed, N failed", one test per process that ran.
set -u
cd "$(dirname "$0")/../.."
builddir=${BUILDDIR:-$PWD/build}
vg=$builddir/valgrind
rm -rf "$vg" && mkdir -p "$vg/bin" "$vg/logs"
# A suite may run a program as another user (bad_input.sh as nobody).
chmod 1777 "$vg/logs"

# wrap NAME REAL: a script that runs REAL under memcheck, one log per process.
# BSSDASH_TEST_SLOWDOWN: how much longer a C test's watchdogs may wait.
wrap() {
	cat >"$vg/bin/$1" <<WRAP
#!/bin/sh
export BSSDASH_TEST_SLOWDOWN=20
exec valgrind --tool=memcheck --quiet --error-exitcode=99 --leak-check=full \\
	--errors-for-leak-kinds=definite --show-leak-kinds=definite --track-origins=yes \\
	--suppressions=$PWD/tests/valgrind/third-party.supp \\
	--log-file=$vg/logs/$1.%p.log "$2" "\$@"
WRAP
	chmod +x "$vg/bin/$1"
}
wrap bssdash "$builddir/bssdash"
wrap bsssim "$builddir/bsssim"

suites=()
for s in "$@"; do
	case $s in
	*.sh) suites+=("$s") ;;
	*) n=$(basename "$s"); wrap "$n" "$s"; suites+=("$vg/bin/$n") ;;
	esac
done

# Everything is 20-50 times slower: give the suites room.
BSSDASH=$vg/bin/bssdash BSSSIM=$vg/bin/bsssim SUITE_TIMEOUT=${SUITE_TIMEOUT:-1800} \
	tests/run-suites "$vg/suite-logs" "${suites[@]}" | sed 's/^\([0-9]* passed, [0-9]* failed\)$/suites under valgrind: \1/'

pass=0 fail=0
for log in "$vg"/logs/*.log; do
	[ -e "$log" ] || continue
	if grep -qE '^==[0-9]+== [A-Z]' "$log"; then
		fail=$((fail + 1))
		echo "FAIL memcheck: $(basename "$log")"
		grep -E '^==[0-9]+== (Invalid|Conditional|Use of|Syscall param|Mismatched|[0-9,]+ bytes in [0-9,]+ blocks are definitely)' "$log" \
			| sort | uniq -c | head -n 5 | sed 's/^/     | /'
	else
		pass=$((pass + 1))
	fi
done
echo "memcheck: $pass processes clean, $fail with errors (logs: $vg/logs)"
echo "$pass passed, $fail failed"
[ $fail = 0 ]
