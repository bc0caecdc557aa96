#!/usr/bin/env bash
# Producer settings compared on both paths, in one run against one broker: for each "linger.ms batch.size
# compression" line the service is restarted with those settings, warmed up, and measured with single updates and
# with batches of 100 (closed loop, CONNECTIONS connections, DURATION each). Prints a Markdown table with rates and
# the CPU each process spent per 1,000 updates (robust to other load on the machine; the rates are not).
# Security as in run.sh's default: every request carries its rider's demo-issuer token (SECURITY_MODE=off: none).
#
# usage (from the repository root, after ./mvnw -B -pl location-ingest-service,infra/kafka-broker -am package -DskipTests):
#   location-ingest-service/bench/producer-matrix.sh                      # the default list below
#   CONFIGS=$'0 65536 lz4\n5 65536 lz4' location-ingest-service/bench/producer-matrix.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${DURATION:-15s}
WARMUP=${WARMUP:-20s}
WORK=$(mktemp -d /tmp/ingest-matrix.XXXXXX)
. location-ingest-service/bench/lib.sh
require_tools
trap cleanup EXIT

# One factor at a time around the chosen setting (linger 5 ms, 64 KiB, snappy), then the decisive pair again.
CONFIGS=${CONFIGS:-"5 65536 snappy
0 65536 snappy
1 65536 snappy
10 65536 snappy
5 65536 none
5 65536 lz4
5 65536 zstd
5 16384 snappy
5 262144 snappy
5 65536 snappy
5 65536 lz4"}

start_broker
echo "| linger.ms | batch.size | compression | single/s | single p99 ms | batch updates/s | batch p99 ms | service CPU ms / 1k single | broker CPU ms / 1k single | service CPU ms / 1k batched | broker CPU ms / 1k batched | load |"
echo "|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"
while read -r linger batch compression; do
  [ -z "$linger" ] && continue
  start_service "--spring.kafka.producer.properties.linger.ms=$linger" "--spring.kafka.producer.batch-size=$batch" \
    "--spring.kafka.producer.compression-type=$compression"
  warm_up without-ceiling
  S=$(run single single.lua /api/v1/locations)
  B=$(run batch batch.lua /api/v1/locations/batch)
  echo "$S" >>"$WORK/raw.txt"; echo "$B" >>"$WORK/raw.txt"
  echo "| $linger | $batch | $compression | $(field rate "$S") | $(field p99_ms "$S") | $(field updates_per_s "$B") | $(field p99_ms "$B") | $(cpu_per_k "$S" service_cpu_s) | $(cpu_per_k "$S" broker_cpu_s) | $(cpu_per_k "$B" service_cpu_s) | $(cpu_per_k "$B" broker_cpu_s) | $(field load1 "$S") / $(field load1 "$B") |"
  [ "$(field non2xx "$S")$(field errors "$S")$(field non2xx "$B")$(field errors "$B")" = 0000 ] \
    || echo "(errors in the run above: $S / $B)"
  stop_service
done <<<"$CONFIGS"
echo "raw wrk results in $WORK/raw.txt" >&2
