#!/usr/bin/env bash
# Benchmark of location-ingest-service alone: the project's broker (infra/kafka-broker, kafka-broker.jar) and the
# service jar as separate processes, HTTP load from wrk (Debian package) on the same machine. Measures, in one run:
#   1. POST /bench/noop (benchmark profile only: the same HTTP and token work as a single update, no parsing, no
#      Kafka)                                                                   -> the HTTP ceiling
#   2. POST /api/v1/locations with one update                                   -> max rate, then half of it
#   3. POST /api/v1/locations/batch with 100 updates of one rider               -> max rate, then half of it
# "Max" = closed loop with CONNECTIONS connections for DURATION; a run only counts if it had no errors.
# "Half" = each connection pauses between requests so the offered rate is about half the max (wrk is closed loop,
# so latencies are not corrected for coordinated omission).
# Every row also gives the CPU seconds the service and the broker used per 1,000 updates (requests, for the ceiling)
# and the load average, because wall-clock rates on a shared machine are noise; CPU per update is not.
#
# Security (see lib.sh): SECURITY=on (default) checks a real RS256 token of the demo issuer on every request, each
# rider its own; SECURITY=off starts the service with SECURITY_ENABLED=false and sends no token; SECURITY=both runs
# the whole measurement with it on, restarts the service, runs it again with it off, and prints the on/off ratios of
# single and batch throughput and of the service's CPU per update: what checking tokens costs.
#
# usage (from the repository root):
#   ./mvnw -B -pl location-ingest-service,infra/kafka-broker -am package -DskipTests
#   location-ingest-service/bench/run.sh            # DURATION=30s WARMUP=15s CONNECTIONS=64 THREADS=2 SECURITY=on
#   SECURITY=both location-ingest-service/bench/run.sh
#   SERVICE_ARGS="--spring.kafka.producer.properties.linger.ms=1" location-ingest-service/bench/run.sh
# Ports: broker 39092 (controller 39093), service 18081 (KAFKA_PORT, HTTP_PORT). The producer settings are compared
# by producer-matrix.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."

DURATION=${DURATION:-30s}
SECURITY=${SECURITY:-on}
case "$SECURITY" in
  on | off) MODES=$SECURITY ;;
  both) MODES="on off" ;;
  *) echo "SECURITY must be on, off or both, not '$SECURITY'" >&2; exit 1 ;;
esac
WORK=$(mktemp -d /tmp/ingest-bench.XXXXXX)
. location-ingest-service/bench/lib.sh
require_tools
trap cleanup EXIT

echo "starting the broker (logs in $WORK); load average: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
start_broker

half_delay() { # connections * 1000 / (rate / 2), in ms
  awk -v c="$CONNECTIONS" -v r="$1" 'BEGIN { d = int(c * 1000 / (r / 2)); print (d < 1 ? 1 : d) }'
}

# measure MODE: one full measurement with security on or off; its result lines go to $WORK/results-MODE.txt
measure() {
  local results=$WORK/results-$1.txt noop single batch single_half batch_half
  SECURITY_MODE=$1
  echo "starting the service, security $1" >&2
  # shellcheck disable=SC2086 # SERVICE_ARGS is a list of arguments
  start_service ${SERVICE_ARGS:-}
  echo "warm-up" >&2
  warm_up
  noop=$(run ceiling single.lua /bench/noop); echo "$noop"
  single=$(run single-max single.lua /api/v1/locations); echo "$single"
  batch=$(run batch-max batch.lua /api/v1/locations/batch); echo "$batch"
  single_half=$(run single-half single.lua /api/v1/locations "$(half_delay "$(field rate "$single")")")
  echo "$single_half"
  batch_half=$(run batch-half batch.lua /api/v1/locations/batch "$(half_delay "$(field rate "$batch")")")
  echo "$batch_half"
  stop_service
  printf '%s\n' "$noop" "$single" "$single_half" "$batch" "$batch_half" >"$results"

  echo
  echo "security $1:"
  echo
  echo "| run | requests/s | updates/s | non-2xx | socket errors | p50 ms | p99 ms | p99.9 ms | service CPU ms / 1k | broker CPU ms / 1k | load |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  while read -r line; do
    local name=${line%% *} rate updates
    rate=$(field rate "$line")
    updates=$(grep -q updates_per_s <<<"$line" && field updates_per_s "$line" || { [ "$name" = ceiling ] && echo "-" || echo "$rate"; })
    echo "| $name | $rate | $updates | $(field non2xx "$line") | $(field errors "$line") | $(field p50_ms "$line") | $(field p99_ms "$line") | $(field p999_ms "$line") | $(cpu_per_k "$line" service_cpu_s) | $(cpu_per_k "$line" broker_cpu_s) | $(field load1 "$line") |"
  done <"$results"
  awk -v s="$(field rate "$single")" -v n="$(field rate "$noop")" -v b="$(field updates_per_s "$batch")" \
    'BEGIN { printf "\nsingle / ceiling = %.2f, batch updates/s / ceiling requests/s = %.2f\n", s / n, b / n }'
}

for mode in $MODES; do
  measure "$mode"
done

if [ "$SECURITY" = both ]; then
  # result_of MODE RUN: that run's line
  result_of() { grep "^$2 " "$WORK/results-$1.txt"; }
  ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf (b > 0 ? "%.2f" : "-"), a / b }'; }
  echo
  echo "security on / off (max runs):"
  echo
  echo "| | on | off | on / off |"
  echo "|---|---:|---:|---:|"
  for run_name in ceiling single-max batch-max; do
    on=$(result_of on "$run_name"); off=$(result_of off "$run_name")
    metric=rate; label="$run_name requests/s"
    if [ "$run_name" = batch-max ]; then metric=updates_per_s; label="$run_name updates/s"; fi
    echo "| $label | $(field "$metric" "$on") | $(field "$metric" "$off") | $(ratio "$(field "$metric" "$on")" "$(field "$metric" "$off")") |"
    unit=update; [ "$run_name" = ceiling ] && unit=request
    cpu_on=$(cpu_per_k "$on" service_cpu_s); cpu_off=$(cpu_per_k "$off" service_cpu_s)
    echo "| $run_name service CPU ms / 1k ${unit}s | $cpu_on | $cpu_off | $(ratio "$cpu_on" "$cpu_off") |"
  done
  for line in $(cat "$WORK"/results-*.txt | tr ' ' '\n' | grep -E '^(non2xx|errors)=' | grep -v '=0$' || true); do
    echo "(a run above had $line: its rates do not count)"
  done
fi
