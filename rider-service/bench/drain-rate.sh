#!/usr/bin/env bash
# Measures how fast a running rider-service drains a backlog: polls its Prometheus counters every 0.5 s until
# rider_positions_updates_consumed_total has grown by EXPECTED, then prints updates/s (from the first batch to the
# last) and the write reduction (updates consumed per position row written).
# Start it together with a fresh service process (the backlog already in the topic).
# usage: rider-service/bench/drain-rate.sh http://127.0.0.1:18082 1000000
set -euo pipefail
base=$1 expected=$2
metric() { curl -sf "$base/actuator/prometheus" | awk -v m="$1" '$1 == m { print int($2) }'; }
until curl -sf "$base/actuator/health" >/dev/null 2>&1; do sleep 0.5; done
# a freshly started service: its counters start at zero
start_consumed=0 start_written=0 start_upserted=0
first=""
while :; do
  consumed=$(( $(metric rider_positions_updates_consumed_total) - start_consumed ))
  now=$(date +%s.%N)
  if [[ -z $first && $consumed -gt 0 ]]; then first=$now; first_consumed=$consumed; fi
  if (( consumed >= expected )); then break; fi
  sleep 0.5
done
written=$(( $(metric rider_positions_rows_written_total) - start_written ))
upserted=$(( $(metric rider_positions_rows_upserted_total) - start_upserted ))
awk -v c="$consumed" -v fc="$first_consumed" -v w="$written" -v u="$upserted" -v a="$first" -v b="$now" 'BEGIN {
  printf "consumed=%d in %.1f s after the first batch: %.0f updates/s; rows upserted=%d, rows written=%d, write reduction %.1fx\n",
         c, b - a, (c - fc) / (b - a), u, w, c / w }'
