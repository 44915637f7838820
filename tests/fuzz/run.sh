#!/usr/bin/env bash
# usage: tests/fuzz/run.sh [--seconds N] [--keep] [--summary FILE] [TARGET...]
#
# Builds the libFuzzer targets (tests/fuzz/fuzz.mk, into $FUZZDIR, default
# build-fuzz), writes their seeds, then runs each TARGET (default: all of
# tests/fuzz/fuzz_*.c) for N seconds (default $FUZZ_SECONDS, else 60) over:
#   - its committed corpus, tests/fuzz/corpus/TARGET/ (crash reproducers
#     included: they are replayed first, on every run);
#   - its seeds (tools/mkseeds, from the code's own
#     tables, tests/fixtures/ and the shared signing vectors), plus the
#     fixtures, vectors and themes named below.
# New inputs go to a scratch directory, or with --keep to
# $FUZZDIR/corpus/TARGET/, which then grows from run to run (`make fuzz`).
# A crash's input is saved as $FUZZDIR/crashes/TARGET-crash-*.
# Prints one line per target with the executions run, and ends with
# "N passed, N failed" (one test per target); exits 1 on any failure.
# With --summary, FILE gets a Markdown table of the run: per target the
# seconds, executions, executions per second, corpus size and crashes
# (`make fuzz` writes docs/fuzz-results.md).
set -u
cd "$(dirname "$0")/../.."

seconds=${FUZZ_SECONDS:-60} keep=0 summary=
while [ $# -gt 0 ]; do
	case $1 in
	--seconds) seconds=$2; shift 2 ;;
	--keep) keep=1; shift ;;
	--summary) summary=$2; shift 2 ;;
	-*) echo "usage: $0 [--seconds N] [--keep] [--summary FILE] [TARGET...]" >&2; exit 2 ;;
	*) break ;;
	esac
done
fuzzdir=${FUZZDIR:-build-fuzz}
config_mk=${BUILDDIR:-build}/config.mk
shared=${SHARED:-../shared}
fixtures=${FIXTURES:-tests/fixtures}
targets=("$@")
if [ ${#targets[@]} = 0 ]; then
	for f in tests/fuzz/fuzz_*.c; do t=${f#tests/fuzz/fuzz_}; targets+=("${t%.c}"); done
fi

if [ ! -r "$config_mk" ]; then
	echo "fuzz: $config_mk is missing: run make first" >&2
	exit 2
fi
# The suites run under `make test`; this build is not part of that make.
unset MAKEFLAGS MFLAGS MAKELEVEL
mkdir -p "$fuzzdir/crashes"
# One fuzz build at a time per tree: `make test` and `make check-asan` may run together.
if ! flock "$fuzzdir/.lock" make --no-print-directory -f tests/fuzz/fuzz.mk -j2 \
	FUZZDIR="$fuzzdir" CONFIG_MK="$config_mk" all >"$fuzzdir/build.log" 2>&1; then
	grep -E 'error:|Error [0-9]' "$fuzzdir/build.log" | head -n 20
	echo "fuzz: the build failed (full output: $fuzzdir/build.log)"
	echo "0 passed, 1 failed"
	exit 1
fi

export UBSAN_OPTIONS=print_stacktrace=1
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
seeds=$scratch/seeds
mkdir -p "$seeds"
"$fuzzdir/tools/mkseeds" "$seeds" "$fixtures" "$shared/vectors/signing.json" || exit 1
mkdir -p "$seeds/errors" "$seeds/signvec" "$seeds/theme"
cp "$fixtures"/*.json "$seeds/errors/" 2>/dev/null
cp "$shared/vectors/signing.json" "$seeds/signvec/"
cp themes/*.theme "$seeds/theme/" 2>/dev/null

pass=0 fail=0 rows= total=0
for t in "${targets[@]}"; do
	bin=$fuzzdir/fuzz_$t
	if [ ! -x "$bin" ]; then
		echo "FAIL $t: no such fuzz target ($bin)"
		fail=$((fail + 1))
		continue
	fi
	if [ $keep = 1 ]; then work=$fuzzdir/corpus/$t; else work=$scratch/$t; fi
	mkdir -p "$work"
	dirs=("$work")
	for d in "tests/fuzz/corpus/$t" "$seeds/$t"; do
		[ -d "$d" ] && dirs+=("$d")
	done
	log=$fuzzdir/$t.log
	crashes_before=$(find "$fuzzdir/crashes" -name "$t-*" | wc -l)
	"$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$fuzzdir/crashes/$t-" "${dirs[@]}" >"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	# The corpus libFuzzer ended with ("corp: N/SIZE" on its last status line).
	corp=$(grep -o 'corp: [0-9]*' "$log" | tail -n 1 | sed 's/corp: //')
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
	crashes=$(( $(find "$fuzzdir/crashes" -name "$t-*" | wc -l) - crashes_before ))
	total=$((total + ${execs:-0}))
	rows+="| $t | $seconds | ${execs:-?} | ${rate:-?} | ${corp:-?} | $crashes |"$'\n'
	if [ $rc = 0 ]; then
		kept=
		[ $keep = 1 ] && kept=" (corpus $work: $(find "$work" -type f | wc -l) inputs)"
		printf 'ok   %-10s %10s execs in %ss%s\n' "$t" "${execs:-?}" "$seconds" "$kept"
		pass=$((pass + 1))
	else
		printf 'FAIL %-10s exit %s after %s execs\n' "$t" "$rc" "${execs:-?}"
		grep -E 'ERROR: |SUMMARY|property broken|Test unit written' "$log" | head -n 6 | sed 's/^/     | /'
		echo "     (full output: $log)"
		fail=$((fail + 1))
	fi
done
if [ -n "$summary" ]; then
	{
		echo "# Fuzzing results"
		echo
		echo "Written by \`tests/fuzz/run.sh --summary\` (\`make fuzz FUZZ_SECONDS=$seconds\`) on"
		echo "$(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'):"
		echo "each target under ASan+UBSan for the seconds shown, from its committed corpus,"
		echo "its seeds and (with --keep) the corpus earlier runs grew. Corpus: the inputs"
		echo "libFuzzer kept at the end. Crashes: reproducers written by this run (in"
		echo "build-fuzz/crashes/; each becomes a file in tests/fuzz/corpus/TARGET/)."
		echo
		echo "| target | seconds | executions | exec/s | corpus | crashes |"
		echo "|---|---:|---:|---:|---:|---:|"
		printf '%s' "$rows"
		echo "| **all ${#targets[@]}** | $((seconds * ${#targets[@]})) | $total | | | |"
		echo
		echo "$pass passed, $fail failed."
	} >"$summary"
fi
echo "$pass passed, $fail failed"
[ $fail = 0 ]
