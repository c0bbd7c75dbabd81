#!/usr/bin/env bash
# Runs qcc's libFuzzer harnesses (a build configured with -DQCC_FUZZ=ON, see
# docs/fuzzing.md) from the seed corpus, and reports per harness the inputs
# executed, the executions per second and the findings.
#
#   scripts/fuzz.sh [--build DIR] [--work DIR] [--time SECONDS]
#                   [--harness import|pipeline|all] [--jobs N] [--no-backend]
#
# --time is per harness (default 600). --jobs N runs N fuzzing processes per
# harness in libFuzzer's -fork mode, which goes on past findings (without
# it, the first finding ends the run). The corpus grown in WORK/corpus/HARNESS is
# kept for the next run; findings land in WORK/findings/HARNESS (crash-*,
# leak-*, timeout-*, oom-*), and WORK/summary.txt gets one line per run.
# Exits 1 when a harness found something.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build-fuzz
work=/tmp/qcc-fuzz
seconds=600
harnesses="import pipeline"
jobs=0
backend=--backend
while [ $# -gt 0 ]; do
  case $1 in
    --build) build=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --time) seconds=$2; shift 2 ;;
    --harness) [ "$2" = all ] || harnesses=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --no-backend) backend=; shift ;;
    *) echo "fuzz.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done

mkdir -p "$work"
/usr/bin/python3 "$root/scripts/fuzz_seeds.py" "$work" $backend
found=0
for harness in $harnesses; do
  bin=$build/bin/qcc-fuzz-$harness
  [ -x "$bin" ] || { echo "fuzz.sh: no $bin (configure with -DQCC_FUZZ=ON)" >&2; exit 2; }
  corpus=$work/corpus/$harness findings=$work/findings/$harness
  mkdir -p "$corpus" "$findings"
  log=$work/$harness.log
  fork=()
  [ "$jobs" -gt 0 ] && fork=(-fork="$jobs" -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
  # A model that takes over 10 s or 2 GiB is a finding (a hang, or an
  # allocation the size limits should have refused).
  status=0 start=$SECONDS
  "$bin" "$corpus" "$work/seeds" -dict="$work/onnx.dict" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$findings/" -print_final_stats=1 "${fork[@]}" \
    >"$log" 2>&1 || status=$?
  runs=$(awk '/stat::number_of_executed_units/ {s+=$2} END {print s+0}' "$log")
  rate=$(awk '/stat::average_exec_per_sec/ {s+=$2} END {print s+0}' "$log")
  if [ "$jobs" -gt 0 ]; then
    # -fork prints no final stats; its last status line, "#RUNS: cov: ...
    # exec/s: RATE ...", has the totals.
    line=$(grep -E '^#[0-9]+: cov:' "$log" | tail -1) || true
    runs=$(echo "$line" | sed -nE 's/^#([0-9]+):.*/\1/p')
    rate=$(echo "$line" | sed -nE 's/.*exec\/s: ([0-9]+).*/\1/p')
  fi
  count=$(find "$findings" -type f | wc -l)
  summary="$(date -u +%FT%TZ) $harness: ${runs:-0} executions in $((SECONDS - start))s (${rate:-0} exec/s), $count findings, exit $status"
  echo "$summary" | tee -a "$work/summary.txt"
  if [ "$count" -gt 0 ] || [ "$status" -ne 0 ]; then
    found=1
    find "$findings" -type f | sed 's/^/  /'
    tail -40 "$log" | grep -E 'ERROR|SUMMARY|#[0-9]' | head -10 | sed 's/^/  /' || true
  fi
done
exit $found
