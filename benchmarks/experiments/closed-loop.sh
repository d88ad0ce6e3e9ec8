#!/usr/bin/env bash
# The closed-loop experiment in one command: QueueFlower (every variant and estimator), HAB, HPA, static-even and the
# best static allocation found on the simulator, on the shipped hotelReservation model (or --model yours), stationary
# and step workloads, 5 seeds, the same 24-pod budget. Virtual time: a few minutes on 2 cores.
#
#   benchmarks/experiments/closed-loop.sh                       # defaults; report in benchmarks/results/closed-loop/
#   benchmarks/experiments/closed-loop.sh --model my-app.yaml --workload 'peak=step:0s=20,600s=60@1200s' \
#       --total-pods 30 --output benchmarks/results/my-app
#
# Every option of the `experiment` command is accepted (run with --help). MVN_FLAGS (e.g. -o) is passed to Maven.
set -euo pipefail
cd "$(dirname "$0")/../.."
jar=loadgen-app/target/loadgen-app-0.1.0-SNAPSHOT-all.jar
if [[ -z "${SKIP_BUILD:-}" || ! -f "$jar" ]]; then
  mvn -B -q ${MVN_FLAGS:-} -pl loadgen-app -am package -DskipTests
fi
exec java -XX:+UseParallelGC -Xmx4g -cp "$jar" io.queueflower.loadgen.sim.cli.ExperimentCommand "$@"
