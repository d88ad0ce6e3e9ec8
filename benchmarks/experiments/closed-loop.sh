#!/usr/bin/env bash
# The closed-loop experiment command, built and run: QueueFlower as the streams app runs it by default, the paper's
# variants, HAB, Kubernetes' HPA, static-even and the best static allocation found on the simulator, on the shipped
# hotelReservation model's five workloads (or --model yours with --workload ...), 5 seeds. Virtual time.
#
#   benchmarks/experiments/closed-loop.sh --output /tmp/hotel                    # the shipped model
#   benchmarks/experiments/closed-loop.sh --model my-app.yaml --workload 'peak=step:0s=20,600s=60@1200s' \
#       --total-pods 30 --policies queueflower,hpa,static-best --output /tmp/my-app
#
# Every option of the `experiment` command is accepted (run with --help); all-models.sh runs the committed reports.
# MVN_FLAGS (e.g. -o) is passed to Maven; SKIP_BUILD=1 reuses the jar.
set -euo pipefail
cd "$(dirname "$0")/../.."
jar=simulator/target/simulator-0.1.0-SNAPSHOT-all.jar
if [[ -z "${SKIP_BUILD:-}" || ! -f "$jar" ]]; then
  mvn -B -q ${MVN_FLAGS:-} -pl simulator -am package -DskipTests
fi
exec java -XX:+UseParallelGC -Xmx4g -cp "$jar" io.queueflower.simulator.cli.ExperimentCommand "$@"
