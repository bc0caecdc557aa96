#!/usr/bin/env bash
# run.sh with PostgreSQL unreachable (DB_URL at a closed port): the stack must start on the embedded PostgreSQL, refuse
# an update without a token, carry one update posted with a demo-issuer rider token from ingest into trip-service and
# rider-service (read back with that token), and stop cleanly on SIGTERM.
set -euo pipefail
cd "$(dirname "$0")/.."

log=$(mktemp)
rider="smoke-1"
# Port 1 on loopback: privileged and unused, so nothing answers there.
DB_URL=jdbc:postgresql://127.0.0.1:1/postgres infra/local-stack/run.sh --fresh >"$log" 2>&1 &
stack=$!
trap 'kill -TERM $stack 2>/dev/null || true' EXIT

fail() {
  echo "smoke: $*" >&2
  tail -50 "$log" >&2
  exit 1
}

for _ in $(seq 1 600); do
  grep -q '^local stack: up' "$log" && break
  kill -0 $stack 2>/dev/null || fail "run.sh exited before the stack was up"
  sleep 1
done
grep -q '^local stack: up' "$log" || fail "the stack was not up after 600 s"
grep -q 'using the embedded PostgreSQL 17' "$log" || fail "run.sh did not say it uses the embedded PostgreSQL"

# The open readiness probe, on the service ports.
for port in 8081 8082 8083; do
  curl -fs "localhost:$port/readyz" >/dev/null || fail "service on port $port is not ready (/readyz)"
done

now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
update="{\"riderId\":\"$rider\",\"lat\":12.9716,\"lon\":77.5946,\"recordedAt\":\"$now\"}"
status=$(curl -s -o /dev/null -w '%{http_code}' -X POST localhost:8081/api/v1/locations \
  -H 'content-type: application/json' -d "$update")
[[ "$status" == 401 ]] || fail "ingest answered $status to an update without a token, not 401"

# A rider token from ingest's demo issuer, as the README shows it.
answer=$(curl -s -X POST localhost:8081/demo/token -H 'content-type: application/json' \
  -d "{\"kind\":\"rider\",\"riderId\":\"$rider\",\"deviceId\":\"smoke-phone\"}")
token=$(sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p' <<<"$answer")
[[ -n "$token" ]] || fail "the demo issuer gave no token: $answer"

status=$(curl -s -o /dev/null -w '%{http_code}' -X POST localhost:8081/api/v1/locations \
  -H 'content-type: application/json' -H "Authorization: Bearer $token" -d "$update")
[[ "$status" == 202 ]] || fail "ingest answered $status to one update with the rider's token, not 202"

seen() {
  curl -fs -H "Authorization: Bearer $token" "$1" | grep -q '12.9716'
}
for _ in $(seq 1 120); do
  seen "localhost:8083/api/v1/riders/$rider/track" && seen "localhost:8082/api/v1/riders/$rider/location" && break
  sleep 1
done
seen "localhost:8083/api/v1/riders/$rider/track" || fail "trip-service does not show the update"
seen "localhost:8082/api/v1/riders/$rider/location" || fail "rider-service does not show the update"

kill -TERM $stack
wait $stack || true
trap - EXIT
data=$(sed -n 's/^local stack: embedded PostgreSQL stopped (data kept in \(.*\))$/\1/p' "$log")
[[ -n "$data" ]] || fail "the embedded PostgreSQL was not stopped"
[[ -f "$data/PG_VERSION" ]] || fail "no data directory at $data"
[[ ! -e "$data/postmaster.pid" ]] || fail "the embedded PostgreSQL left $data/postmaster.pid behind (not a clean stop)"
echo "smoke: run.sh on the embedded PostgreSQL: up, 401 without a token, one update with a rider token in trip-service" \
  "and rider-service, stopped cleanly"
