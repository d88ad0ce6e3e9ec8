#!/usr/bin/env bash
# The committed comparison: every model under samples/ on its five workloads (benchmarks/experiments/workloads/),
# 5 seeds, the default policy list of the experiment command, one report directory per model under
# benchmarks/results/. Virtual time; about 15-25 minutes per model on 2 cores.
#
#   benchmarks/experiments/all-models.sh                  # all three models
#   benchmarks/experiments/all-models.sh social-network   # one of them
#
# Extra arguments after the model names go to the experiment command (e.g. --seeds 1,2 for a quick look).
set -euo pipefail
cd "$(dirname "$0")/../.."
jar=simulator/target/simulator-0.1.0-SNAPSHOT-all.jar
if [[ -z "${SKIP_BUILD:-}" || ! -f "$jar" ]]; then
  mvn -B -q ${MVN_FLAGS:-} -pl simulator -am package -DskipTests
fi
models=()
while [[ $# -gt 0 && "$1" != -* ]]; do models+=("$1"); shift; done
[[ ${#models[@]} -gt 0 ]] || models=(hotel-reservation social-network media-microservices)
for model in "${models[@]}"; do
  file="benchmarks/experiments/workloads/$model.txt"
  [[ -f "$file" ]] || { echo "all-models: no workload file $file" >&2; exit 2; }
  args=()
  while IFS= read -r line; do
    [[ -z "$line" || "$line" == \#* ]] && continue
    args+=(--workload "$line")
  done < "$file"
  policies=()
  # a model may list its own policies (e.g. to add one with its pods' concurrency configured)
  if [[ -f "benchmarks/experiments/workloads/$model.policies" ]]; then
    policies=(--policies "$(grep -v '^#' "benchmarks/experiments/workloads/$model.policies" | tr -d '\n')")
  fi
  echo "== $model" >&2
  java -XX:+UseParallelGC -Xmx4g -cp "$jar" io.queueflower.simulator.cli.ExperimentCommand \
    --model "samples/$model-model.yaml" "${args[@]}" "${policies[@]}" --output "benchmarks/results/$model" "$@"
done
