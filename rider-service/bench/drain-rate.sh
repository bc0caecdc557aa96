#!/usr/bin/env bash
# Measures how fast a running rider-service drains a backlog: polls its Prometheus counters every 0.5 s until
# rider_positions_updates_consumed_total has grown by EXPECTED, then prints updates/s (from the first batch to the
# last) and the write reduction (updates consumed per position row written).
# Start it together with a fresh service process (the backlog already in the topic).
# usage: rider-service/bench/drain-rate.sh BASE EXPECTED, where BASE is where the service's actuator answers:
#   its management port (MANAGEMENT_PORT=19082 when starting it), where the Prometheus scrape is open:
#     rider-service/bench/drain-rate.sh http://127.0.0.1:19082 1000000
#   or the service port, where the scrape needs a fleet:read token: TOKEN=<operator token>, or
#   DEMO_ISSUER=http://localhost:8081/demo to have one issued by the demo issuer (location-ingest-service):
#     DEMO_ISSUER=http://localhost:8081/demo rider-service/bench/drain-rate.sh http://127.0.0.1:18082 1000000
set -euo pipefail
base=$1 expected=$2
token=${TOKEN:-}
if [[ -z $token && -n ${DEMO_ISSUER:-} ]]; then
  token=$(curl -sf -X POST "$DEMO_ISSUER/token" -H 'Content-Type: application/json' -d '{"kind":"operator","ttl":"PT1H"}' |
    sed -E 's/.*"access_token":"([^"]+)".*/\1/')
fi
auth=()
if [[ -n $token ]]; then auth=(-H "Authorization: Bearer $token"); fi
metric() { curl -sf "${auth[@]}" "$base/actuator/prometheus" | awk -v m="$1" '$1 == m { print int($2) }'; }
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
