#!/usr/bin/env bash
# Highest sustainable rate of loadgen against a local nginx, beside Debian's wrk on the same server and connections.
#
#   benchmarks/loadgen/run.sh            # defaults below; results as a Markdown table on stdout
#   CONNECTIONS=45 THREADS=1 STEP_SECONDS=10 CLIENTS="netty jdk" benchmarks/loadgen/run.sh
#
# nginx runs as this script's child (not a daemon) on 127.0.0.1 with one worker and a temporary config serving a
# 3-byte static file, and is stopped at the end. With PIN=1 (the default on 2+ cores) nginx is pinned to CPU 0 and
# each load generator to CPU 1 (taskset), so both tools get exactly one core, JIT and GC threads included.
#
# "Sustainable" for loadgen (open loop, constant rate) means: every scheduled request sent, no errors, achieved rate
# >= 99 % of the target, and corrected median latency below P50_LIMIT_MS. A generator (or server) that cannot keep
# up falls further behind all run long, so its corrected latency grows without bound and soon reaches the median; a
# passing scheduling stall on a shared machine only reaches the tail, so the criterion is not on p99 (reported too).
# Debian's wrk is plain wrk, closed loop: its number is the maximum throughput of C always-busy connections.
# CPU per request is user+system time of each tool's whole process (/usr/bin/time) over the requests it sent;
# for loadgen also its own CPU time during the measured run (warm-up and JVM start excluded).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
PORT=${PORT:-18080}
CONNECTIONS=${CONNECTIONS:-45}
THREADS=${THREADS:-1}
STEP_SECONDS=${STEP_SECONDS:-10}
WARMUP_SECONDS=${WARMUP_SECONDS:-5}
P50_LIMIT_MS=${P50_LIMIT_MS:-10}
START_RATE=${START_RATE:-5000}
PRECISION=${PRECISION:-0.05}
CLIENTS=${CLIENTS:-netty jdk}
PIN=${PIN:-$([ "$(nproc)" -ge 2 ] && echo 1 || echo 0)}
if [ "$PIN" = 1 ]; then SERVER_CPU=(taskset -c 0); CLIENT_CPU=(taskset -c 1); else SERVER_CPU=(); CLIENT_CPU=(); fi
JAR="$ROOT/loadgen-app/target/loadgen-app-0.1.0-SNAPSHOT-all.jar"

need() { command -v "$1" >/dev/null 2>&1; }
if ! need nginx || ! need wrk || [ ! -x /usr/bin/time ]; then
  echo "# installing nginx, wrk and time from Debian" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx wrk time >&2
fi
if [ "${SKIP_BUILD:-0}" != 1 ] || [ ! -f "$JAR" ]; then
  (cd "$ROOT" && mvn -o -q -pl loadgen-app -am package -DskipTests >&2)
fi

WORK=$(mktemp -d /tmp/loadgen-bench.XXXXXX)
mkdir -p "$WORK/html" "$WORK/tmp"
printf 'ok\n' > "$WORK/html/index.html"
chmod -R a+rX "$WORK"   # nginx's workers run as an unprivileged user
cat > "$WORK/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $WORK/nginx.pid;
error_log $WORK/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $WORK/tmp; proxy_temp_path $WORK/tmp; fastcgi_temp_path $WORK/tmp;
  uwsgi_temp_path $WORK/tmp; scgi_temp_path $WORK/tmp;
  keepalive_requests 100000000;
  server {
    listen 127.0.0.1:$PORT;
    root $WORK/html;
    location / { }
  }
}
CONF
"${SERVER_CPU[@]}" nginx -c "$WORK/nginx.conf" -p "$WORK" &
NGINX_PID=$!
cleanup() { kill "$NGINX_PID" 2>/dev/null || true; wait "$NGINX_PID" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 143' INT TERM
URL="http://127.0.0.1:$PORT/index.html"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
for _ in $(seq 50); do curl -sf "$URL" >/dev/null && break; sleep 0.1; done
curl -sf "$URL" >/dev/null || { echo "nginx does not serve $URL; see $WORK/error.log" >&2; cat "$WORK/error.log" >&2; exit 1; }

# cpu_seconds FILE: user+system seconds written by /usr/bin/time -f '%U %S'
cpu_seconds() { awk '{print $1 + $2}' "$1"; }

echo "# wrk -t $THREADS -c $CONNECTIONS -d ${STEP_SECONDS}s $URL" >&2
/usr/bin/time -f '%U %S' -o "$WORK/wrk.time" "${CLIENT_CPU[@]}" wrk -t "$THREADS" -c "$CONNECTIONS" -d "${STEP_SECONDS}s" --latency "$URL" > "$WORK/wrk.out"
cat "$WORK/wrk.out" >&2
WRK_RATE=$(awk '/^Requests\/sec:/ {print $2}' "$WORK/wrk.out")
WRK_REQUESTS=$(awk '/requests in/ {print $1}' "$WORK/wrk.out")
WRK_CPU=$(cpu_seconds "$WORK/wrk.time")

# run_loadgen CLIENT RATE: runs one step; prints "ok|fail achievedRate p50 p99 requests cpuInProcess cpuWhole"
run_loadgen() {
  local client=$1 rate=$2
  /usr/bin/time -f '%U %S' -o "$WORK/lg.time" "${CLIENT_CPU[@]}" java -jar "$JAR" http --url "$URL" --workload url \
    --rate "$rate" --duration "${STEP_SECONDS}s" --warmup "${WARMUP_SECONDS}s" -c "$CONNECTIONS" -t "$THREADS" \
    --client "$client" --timeout 2s --quiet --json "$WORK/lg.json" > "$WORK/lg.out" 2>&1 || true
  python3 - "$WORK/lg.json" "$rate" "$P50_LIMIT_MS" "$(cpu_seconds "$WORK/lg.time")" <<'PY'
import json, sys
try:
    r = json.load(open(sys.argv[1]))
except Exception:
    print("fail 0 0 0 0 0 0"); sys.exit()
rate, limit, whole = float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
lat = r["latencyMs"]
ok = r["unsent"] == 0 and r["errors"] == 0 and r["achievedRate"] >= 0.99 * rate and lat["p50"] < limit
print("ok" if ok else "fail", round(r["achievedRate"], 1), lat["p50"], lat["p99"], r["requests"], round(r["cpuSeconds"], 2), whole)
PY
}

declare -A BEST_RATE BEST_LINE
for client in $CLIENTS; do
  good=0; good_line=""; bad=0; rate=$START_RATE
  while :; do                                   # halve until a step holds ...
    line=$(run_loadgen "$client" "$rate"); echo "# $client rate $rate: $line" >&2
    if [ "${line%% *}" = ok ] || [ "$rate" -le 250 ]; then break; fi
    bad=$rate; rate=$((rate / 2))
  done
  if [ "${line%% *}" = ok ]; then good=$rate; good_line=$line; rate=$((rate * 3 / 2)); fi
  while [ "$good" -gt 0 ] && { [ "$bad" -eq 0 ] || [ "$rate" -lt "$bad" ]; }; do   # ... grow by 1.5x until one fails
    line=$(run_loadgen "$client" "$rate"); echo "# $client rate $rate: $line" >&2
    if [ "${line%% *}" = ok ]; then good=$rate; good_line=$line; rate=$((rate * 3 / 2)); else bad=$rate; break; fi
    [ "$rate" -gt 1000000 ] && break
  done
  while [ "$bad" -gt 0 ] && [ "$good" -gt 0 ] && \
        python3 -c "import sys; sys.exit(0 if ($bad - $good) / $good > $PRECISION else 1)"; do   # then bisect
    rate=$(( (good + bad) / 2 ))
    line=$(run_loadgen "$client" "$rate"); echo "# $client rate $rate: $line" >&2
    if [ "${line%% *}" = ok ]; then good=$rate; good_line=$line; else bad=$rate; fi
  done
  BEST_RATE[$client]=$good; BEST_LINE[$client]=$good_line
done

echo
echo "Load average (1/5/15 min) before: $LOAD_BEFORE, after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "Machine: $(nproc) cores, $(uname -r); nginx $(nginx -v 2>&1 | sed 's/.*\///'), wrk $(dpkg-query -W -f='${Version}' wrk), $(java -version 2>&1 | head -1)"
echo "Settings: $CONNECTIONS connections, $THREADS thread(s), pinned=$PIN, ${STEP_SECONDS}s steps (loadgen after ${WARMUP_SECONDS}s warm-up), sustainable = all sent, no errors, >= 99 % of target, corrected p50 < ${P50_LIMIT_MS} ms"
echo
echo "| tool | max rate (req/s) | ratio to wrk | p50 / p99 at that rate | CPU µs/request (whole process) | CPU µs/request (measured run) |"
echo "| --- | --- | --- | --- | --- | --- |"
printf '| wrk (closed loop, max throughput) | %s | 1.00 | %s / %s (uncorrected) | %.1f | – |\n' "$WRK_RATE" \
  "$(awk '/^ +50%/ {print $2}' "$WORK/wrk.out")" "$(awk '/^ +99%/ {print $2}' "$WORK/wrk.out")" \
  "$(python3 -c "print($WRK_CPU * 1e6 / $WRK_REQUESTS)")"
for client in $CLIENTS; do
  read -r _ achieved p50 p99 requests cpu_run cpu_whole <<<"${BEST_LINE[$client]:-fail 0 0 0 1 0 0}"
  warm=$(python3 -c "print(int(${BEST_RATE[$client]} * $WARMUP_SECONDS))")
  printf '| loadgen --client %s (open loop, highest sustainable) | %s | %.2f | %sms / %sms (corrected) | %.1f | %.1f |\n' "$client" \
    "${BEST_RATE[$client]}" "$(python3 -c "print(${BEST_RATE[$client]} / $WRK_RATE)")" "$p50" "$p99" \
    "$(python3 -c "print($cpu_whole * 1e6 / max(1, $requests + $warm))")" \
    "$(python3 -c "print($cpu_run * 1e6 / max(1, $requests))")"
done
