#!/usr/bin/env bash
# The runs behind the diagnosis in benchmarks/experiments/README.md: each isolates one cause of the paper's
# QueueFlower collapsing in closed loop, or one rule of the balanced variant, on the socialNetwork model (processor
# sharing, parallel fan-out, 45 % of a 28-pod budget) or hotelReservation, 3 seeds each. One report directory per run
# under benchmarks/results/diagnosis/. About an hour on 2 cores; pass run names to do only some.
set -euo pipefail
cd "$(dirname "$0")/../.."
jar=simulator/target/simulator-0.1.0-SNAPSHOT-all.jar
if [[ -z "${SKIP_BUILD:-}" || ! -f "$jar" ]]; then
  mvn -B -q ${MVN_FLAGS:-} -pl simulator -am package -DskipTests
fi
out=benchmarks/results/diagnosis
w() { grep "^$2=" "benchmarks/experiments/workloads/$1.txt"; }
SOCIAL=samples/social-network-model.yaml
HOTEL=samples/hotel-reservation-model.yaml
MEDIA=samples/media-microservices-model.yaml
# the step mix shift: hotels 50 -> 10/s and recommendations 5 -> 60/s at once, and back (a stress, not one of the five)
HOTEL_MIXSTEP='mixstep=/hotels=step:0s=50,840s=10,1680s=50;/recommendations=step:0s=5,840s=60,1680s=5;/user=constant:0.25;/reservation=constant:0.25@2520s'
SOCIAL_MIXSTEP='mixstep=/compose=step:0s=20,840s=4,1680s=20;/home-timeline/read=step:0s=40,840s=105,1680s=40;/user-timeline/read=constant:25@2520s'
run() {
  local name=$1; shift
  if [[ ${#only[@]} -gt 0 && ! " ${only[*]} " =~ " ${name%%-*} " ]]; then return; fi
  echo "== $name" >&2
  java -XX:+UseParallelGC -Xmx4g -cp "$jar" io.queueflower.simulator.cli.ExperimentCommand --seeds 1,2,3 \
    --output "$out/$name" "$@"
}
only=("$@")

# 1. The paper's controller as published: 90 s windows, 30 s grace, late traces dropped, reference exclusive time.
run paper --model $SOCIAL --workload "$(w social-network steady)" --workload "$(w social-network mixshift)" \
  --window 90s --grace 30s --late-traces drop \
  --policies 'queueflower/prop-sla2/reference+exclusive.time=reference,queueflower/prop-sla/littles-law+exclusive.time=reference,queueflower/prop/littles-law+exclusive.time=reference,queueflower,static-best'
# 2. Full-size moves every window against damped ones (hysteresis, a cap, a bar for reversals).
run damping --model $SOCIAL --workload "$(w social-network steady)" --workload "$(w social-network steps)" \
  --policies 'queueflower,queueflower+balanced.max.moves=1000+balanced.min.gain=0+balanced.reversal.factor=1,static-best'
# 3. The loop delay: 90 s windows + 30 s grace against 30 s + 10 s, for the balanced and a prop variant.
for timing in "90s 30s" "30s 10s"; do
  set -- $timing
  run "delay-$1" --model $HOTEL --workload "$(w hotel-reservation mixshift)" --workload "$(w hotel-reservation steps)" \
    --window "$1" --grace "$2" --policies 'queueflower,queueflower/prop-sla/littles-law,static-best'
done
# 4. Survivorship: late traces dropped against counted in the next window, under a step mix shift that overloads.
for late in drop next-window; do
  run "survivorship-$late" --model $HOTEL --workload "$HOTEL_MIXSTEP" --late-traces "$late" \
    --policies 'queueflower,queueflower/prop/littles-law,static-best'
done
# 5. Exclusive time under parallel fan-out: the reference definition against the overlap-aware one.
run exclusive --model $SOCIAL --workload "$(w social-network steady)" --workload "$(w social-network mixshift)" \
  --policies 'queueflower,queueflower+exclusive.time=reference,queueflower/prop-sla/littles-law,queueflower/prop-sla/littles-law+exclusive.time=reference,static-best'
# 6. The reference estimator (mean exclusive time, blind to rates) against Little's law.
run estimator --model $HOTEL --workload "$(w hotel-reservation steady)" --workload "$(w hotel-reservation steps)" \
  --policies 'queueflower/prop/reference,queueflower/prop/littles-law,queueflower/prop-sla2/reference,queueflower/prop-sla2/littles-law,static-best'
# 7. The balanced variant's rules one at a time: trend, planning at the budget's utilisation, the peak hedge.
run rules --model $SOCIAL --workload "$(w social-network mixshift)" --workload "$(w social-network flash)" \
  --workload "$SOCIAL_MIXSTEP" \
  --policies 'queueflower,queueflower+balanced.trend.windows=0,queueflower+balanced.plan.utilization=0.99,queueflower+balanced.peak.memory.ms=1800000,static-best'
# 8. The baselines: Kubernetes' HPA on CPU against the trace-estimated rule, old and new; HAB as published and
#    with measured rates.
run baselines --model $SOCIAL --workload "$(w social-network steady)" --workload "$(w social-network mixshift)" \
  --workload "$(w social-network flash)" \
  --policies 'hpa,hpa-traces,hpa-traces+hpa.utilization=sojourn,hab,hab/measured-rates,static-best'
# 9. Multi-request pods: the queue model with the pods' concurrency unknown (1) and known.
run concurrency --model $MEDIA --workload "$(w media-microservices steps)" --workload "$(w media-microservices wave)" \
  --policies 'queueflower,queueflower+pod.concurrency.overrides=nginx-web-server:2;review-storage-service:2,static-best'
