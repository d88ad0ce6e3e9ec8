#!/usr/bin/env bash
# Reruns the whole performance suite (decoders, algorithms, pipeline, scaler) and compares it with the committed
# figures in benchmarks/baseline.json, flagging regressions beyond noise (rules in CompareBaseline's comment and in
# benchmarks/README.md). Takes about 10-12 minutes on the 2-core development VM; exits 1 on a regression.
#
#   benchmarks/run-all.sh                    # build offline, run everything, compare
#   SKIP_BUILD=1 benchmarks/run-all.sh       # reuse benchmarks/target/benchmarks.jar
#   UPDATE_BASELINE=1 benchmarks/run-all.sh  # ... and record this run as the new baseline
#   SUITES="decoders scaler" benchmarks/run-all.sh
#
# Results go to benchmarks/target/results/<timestamp>/<suite>.json and .log. The JMH suites run pinned to one core
# (taskset -c 1, when there are 2+ cores and taskset exists) so "per core" includes the JVM's own JIT and GC threads;
# the pipeline and scaler harnesses are not pinned (the broker shares the cores with the app, as on a small node).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
JAR="$HERE/target/benchmarks.jar"
SUITES=${SUITES:-decoders algorithms pipeline scaler}
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT="$HERE/target/results/$STAMP"
mkdir -p "$OUT"

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  echo "# building benchmarks.jar (offline, with the modules it depends on)"
  (cd "$ROOT" && mvn -o -q -pl benchmarks -am package -DskipTests)
fi
[ -f "$JAR" ] || { echo "missing $JAR; build it or unset SKIP_BUILD" >&2; exit 2; }

PIN=()
if [ "$(nproc)" -ge 2 ] && command -v taskset >/dev/null 2>&1; then PIN=(taskset -c 1); fi

run() { # suite, then the command; output to the console and the suite's log
  local suite=$1; shift
  echo "# $suite: $* (load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?'))"
  local start=$SECONDS
  "$@" --out "$OUT/$suite.json" 2>&1 | tee "$OUT/$suite.log" | grep -E '^\||^\[|^\* |^## |^results' || true
  [ -f "$OUT/$suite.json" ] || { echo "$suite produced no results; see $OUT/$suite.log" >&2; exit 2; }
  echo "# $suite took $((SECONDS - start)) s"
}

for suite in $SUITES; do
  case $suite in
    decoders) run decoders "${PIN[@]}" java -cp "$JAR" io.queueflower.bench.decode.DecoderSuite ;;
    algorithms) run algorithms "${PIN[@]}" java -cp "$JAR" io.queueflower.bench.algorithm.AlgorithmSuite ;;
    pipeline) run pipeline java -Xmx2g -cp "$JAR" io.queueflower.bench.pipeline.PipelineHarness ;;
    scaler) run scaler java -cp "$JAR" io.queueflower.bench.scaler.ScalerHarness ;;
    *) echo "unknown suite $suite (decoders algorithms pipeline scaler)" >&2; exit 2 ;;
  esac
done

if [ "${UPDATE_BASELINE:-0}" = 1 ]; then
  java -cp "$JAR" io.queueflower.bench.report.CompareBaseline --update "$HERE/baseline.json" "$OUT"/*.json
fi
java -cp "$JAR" io.queueflower.bench.report.CompareBaseline "$HERE/baseline.json" "$OUT"/*.json | tee "$OUT/comparison.md"
