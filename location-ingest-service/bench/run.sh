#!/usr/bin/env bash
# Benchmark of location-ingest-service alone: the project's broker (infra/kafka-broker, kafka-broker.jar) and the
# service jar as separate processes, HTTP load from wrk (Debian package) on the same machine. Measures, in one run:
#   1. POST /bench/noop (benchmark profile only: the same HTTP work as a single update, no parsing, no Kafka)
#                                                                               -> the HTTP ceiling
#   2. POST /api/v1/locations with one update                                   -> max rate, then half of it
#   3. POST /api/v1/locations/batch with 100 updates                            -> max rate, then half of it
# "Max" = closed loop with CONNECTIONS connections for DURATION; a run only counts if it had no errors.
# "Half" = each connection pauses between requests so the offered rate is about half the max (wrk is closed loop,
# so latencies are not corrected for coordinated omission).
# Every row also gives the CPU seconds the service and the broker used per 1,000 updates (requests, for the ceiling)
# and the load average, because wall-clock rates on a shared machine are noise; CPU per update is not.
#
# usage (from the repository root):
#   ./mvnw -B -pl location-ingest-service,infra/kafka-broker -am package -DskipTests
#   location-ingest-service/bench/run.sh            # DURATION=30s WARMUP=15s CONNECTIONS=64 THREADS=2
#   SERVICE_ARGS="--spring.kafka.producer.properties.linger.ms=1" location-ingest-service/bench/run.sh
# Ports: broker 39092 (controller 39093), service 18081 (KAFKA_PORT, HTTP_PORT). The producer settings are compared
# by producer-matrix.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."

DURATION=${DURATION:-30s}
WORK=$(mktemp -d /tmp/ingest-bench.XXXXXX)
. location-ingest-service/bench/lib.sh
require_tools
trap cleanup EXIT

echo "starting the broker and the service (logs in $WORK); load average: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
start_broker
# shellcheck disable=SC2086 # SERVICE_ARGS is a list of arguments
start_service ${SERVICE_ARGS:-}

half_delay() { # connections * 1000 / (rate / 2), in ms
  awk -v c="$CONNECTIONS" -v r="$1" 'BEGIN { d = int(c * 1000 / (r / 2)); print (d < 1 ? 1 : d) }'
}

echo "warm-up" >&2
warm_up

NOOP=$(run ceiling single.lua /bench/noop); echo "$NOOP"
SINGLE=$(run single-max single.lua /api/v1/locations); echo "$SINGLE"
BATCH=$(run batch-max batch.lua /api/v1/locations/batch); echo "$BATCH"
SINGLE_HALF=$(run single-half single.lua /api/v1/locations "$(half_delay "$(field rate "$SINGLE")")"); echo "$SINGLE_HALF"
BATCH_HALF=$(run batch-half batch.lua /api/v1/locations/batch "$(half_delay "$(field rate "$BATCH")")"); echo "$BATCH_HALF"

echo
echo "| run | requests/s | updates/s | non-2xx | socket errors | p50 ms | p99 ms | p99.9 ms | service CPU ms / 1k | broker CPU ms / 1k | load |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for line in "$NOOP" "$SINGLE" "$SINGLE_HALF" "$BATCH" "$BATCH_HALF"; do
  name=${line%% *}
  rate=$(field rate "$line")
  updates=$(grep -q updates_per_s <<<"$line" && field updates_per_s "$line" || { [ "$name" = ceiling ] && echo "-" || echo "$rate"; })
  echo "| $name | $rate | $updates | $(field non2xx "$line") | $(field errors "$line") | $(field p50_ms "$line") | $(field p99_ms "$line") | $(field p999_ms "$line") | $(cpu_per_k "$line" service_cpu_s) | $(cpu_per_k "$line" broker_cpu_s) | $(field load1 "$line") |"
done
awk -v s="$(field rate "$SINGLE")" -v n="$(field rate "$NOOP")" -v b="$(field updates_per_s "$BATCH")" \
  'BEGIN { printf "\nsingle / ceiling = %.2f, batch updates/s / ceiling requests/s = %.2f\n", s / n, b / n }'
