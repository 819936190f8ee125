#!/bin/sh
# Runs each libFuzzer target for a bounded time (make fuzz). Usage: fuzz/run.sh BINARY SECONDS TARGET…
# Each target starts from a scratch copy of fuzz/corpus/<target> plus fuzz/regressions/<target>, so
# the committed seeds do not grow; crash inputs and logs go to fuzz/artifacts/. Fails when any target
# found a crash, a timeout or ran out of memory. Leak detection is off: swift-foundation's
# Data(contentsOf:) leaks its buffer for an empty file (LeakSanitizer on the empty input), which is
# not bidui's to fix and would stop every run in its first second.
set -u
binary=$1; seconds=$2; shift 2
scratch=${FUZZ_CORPUS_SCRATCH:-.build-fuzz/corpus}
mkdir -p fuzz/artifacts
failed=""
summary=""
for target in "$@"; do
  case $target in
    csv|spreadsheetml|html) max_len=65536; dict=fuzz/dict/$target.dict ;;
    xlsx) max_len=131072; dict=fuzz/dict/xlsx.dict ;;
    config) max_len=16384; dict=fuzz/dict/config.dict ;;
    idnumber|name) max_len=512; dict=fuzz/dict/$target.dict ;;
    *) echo "unknown fuzz target $target" >&2; exit 2 ;;
  esac
  rm -rf "$scratch/$target"
  mkdir -p "$scratch/$target"
  cp fuzz/corpus/$target/* "$scratch/$target/"
  if [ -d fuzz/regressions/$target ]; then cp fuzz/regressions/$target/* "$scratch/$target/" 2>/dev/null; fi
  log=fuzz/artifacts/$target.log
  echo "fuzz: $target for ${seconds}s (log: $log)"
  ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0} BIDUI_FUZZ_TARGET=$target "$binary" "$scratch/$target" \
    -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -max_len=$max_len -dict="$dict" \
    -artifact_prefix="fuzz/artifacts/$target-" -print_final_stats=1 -close_fd_mask=1 -detect_leaks=0 > "$log" 2>&1
  status=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | sed 's/cov: //')
  crashes=$(ls fuzz/artifacts/ 2>/dev/null | grep -c "^$target-" || true)
  line=$(printf '%-14s %5ss %10s execs %7s exec/s  cov %6s  peak %5s MB  exit %3s  artifacts %s' \
    "$target" "$seconds" "${execs:-?}" "${rate:-?}" "${cov:-?}" "${rss:-?}" "$status" "$crashes")
  echo "$line"
  summary="$summary$line
"
  if [ "$status" -ne 0 ]; then
    failed="$failed $target"
    grep -m3 -E 'ERROR: (libFuzzer|AddressSanitizer)|Fatal error|fuzz invariant|SUMMARY' "$log" | sed 's/^/    /'
  fi
done
echo
echo "fuzz summary ($(date -u +%Y-%m-%dT%H:%MZ)):"
printf '%s' "$summary"
if [ -n "$failed" ]; then
  echo "fuzz: crashes in:$failed; inputs in fuzz/artifacts/ (replay: swift run bidui-fuzz <target> <file>)" >&2
  exit 1
fi
