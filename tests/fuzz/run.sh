#!/usr/bin/env bash
# Run each fuzz harness for a fixed time and summarise: executions and coverage (libFuzzer's
# cov: edges) per harness. Exits non-zero if any harness found a crash, leak, hang (-timeout)
# or undefined behaviour; the input that did it is saved as BUILD/artifacts/<target>-*, to be
# minimised (-minimize_crash=1) and added to tests/fuzz/regress/<target>/ with the fix.
#   tests/fuzz/run.sh BUILD SECONDS TARGET...      (from the project root; `make fuzz` calls it)
set -uo pipefail
build=$1 seconds=$2
shift 2
tests/fuzz/make-seeds.sh "$build/seeds" || exit 1
mkdir -p "$build/artifacts"
status=0
summary=""
for t in "$@"; do
  mkdir -p "$build/corpus/$t" "tests/fuzz/regress/$t"
  log="$build/fuzz_$t.log"
  echo "fuzz: $t for ${seconds}s (log $log)"
  # One thread: the machine is shared and the targets are single-threaded readers.
  OMP_NUM_THREADS=1 \
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp \
    "$build/fuzz_$t" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 -max_len=65536 \
      -print_final_stats=1 -artifact_prefix="$build/artifacts/$t-" \
      "$build/corpus/$t" "$build/seeds/$t" "tests/fuzz/regress/$t" > "$log" 2>&1
  rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  ft=$(grep -o 'ft: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  line=$(printf '%-12s executions %-9s cov %-6s ft %-6s' "$t" "${execs:-?}" "${cov:-?}" "${ft:-?}")
  if [ $rc -ne 0 ]; then
    status=1
    line="$line FAILED (exit $rc): $(grep -m1 -E 'ERROR|SUMMARY|runtime error|timeout' "$log")"
    tail -n 40 "$log"
  fi
  summary="$summary$line"$'\n'
done
printf '\nfuzz summary (%ss each):\n%s' "$seconds" "$summary"
exit $status
