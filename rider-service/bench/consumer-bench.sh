#!/usr/bin/env bash
# The consumer benchmark of issue #5 as one command: a fresh real broker (its own JVM) and a fresh database, a backlog of
# UPDATES location updates for RIDERS active riders (10 Hz device time each), then a fresh rider-service drains it.
# Prints updates/s (from the first committed batch to the last), the write reduction (updates consumed per position row
# written), the CPU seconds per 100,000 updates of the service JVM and of its PostgreSQL backends (robust to a busy
# machine, unlike the wall-clock rate), and the load average.
#
# usage (from the repository root, after ./mvnw -B -pl rider-service,infra/kafka-broker -am package -DskipTests):
#   rider-service/bench/consumer-bench.sh [UPDATES] [RIDERS]         # defaults 1000000 10000
# environment: BROKER_PORT (19192; the controller takes the next port), SERVICE_PORT (18082), MANAGEMENT_PORT (19082:
#   the actuator's own port, where health and the Prometheus scrape need no token), BENCH_DB (rider_bench),
#   RIDER_JAR (rider-service/target/rider-service-0.1.0-SNAPSHOT.jar), JAVA_OPTS (-Xmx1g), and any rider-service
#   setting, e.g. CONSUMER_MAX_POLL_RECORDS=50000 or CONSUMER_CONCURRENCY=2, which the service inherits.
set -euo pipefail
cd "$(dirname "$0")/../.."
updates=${1:-1000000} riders=${2:-10000}
broker_port=${BROKER_PORT:-19192} service_port=${SERVICE_PORT:-18082} management_port=${MANAGEMENT_PORT:-19082}
db=${BENCH_DB:-rider_bench}
jar=${RIDER_JAR:-rider-service/target/rider-service-0.1.0-SNAPSHOT.jar}
. infra/scripts/select-jdk.sh
java=$JAVA_HOME/bin/java
psql=(psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -qAt)
for f in "$jar" infra/kafka-broker/target/kafka-broker.jar; do
  [[ -f $f ]] || { echo "missing $f: ./mvnw -B -pl rider-service,infra/kafka-broker -am package -DskipTests" >&2; exit 1; }
done

work=$(mktemp -d /tmp/rider-consumer-bench.XXXXXX)
broker_pid="" service_pid=""
cleanup() {
  if [[ -n $service_pid ]]; then kill "$service_pid" 2>/dev/null; wait "$service_pid" 2>/dev/null || true; fi
  if [[ -n $broker_pid ]]; then kill "$broker_pid" 2>/dev/null; wait "$broker_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

"$java" -Xmx1g -jar infra/kafka-broker/target/kafka-broker.jar --port "$broker_port" \
  --controller-port $((broker_port + 1)) --data-dir "$work/kafka" --partitions 6 \
  --set auto.create.topics.enable=true >"$work/broker.log" 2>&1 &
broker_pid=$!
until (exec 3<>"/dev/tcp/127.0.0.1/$broker_port") 2>/dev/null; do
  kill -0 "$broker_pid" 2>/dev/null || { cat "$work/broker.log" >&2; exit 1; }
  sleep 0.5
done
"${psql[@]}" -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"

"$java" -cp "infra/kafka-broker/target/lib/*" rider-service/bench/UpdateProducer.java "127.0.0.1:$broker_port" \
  rider-updates "$updates" "$riders" >"$work/producer.log" 2>&1 || { tail -50 "$work/producer.log" >&2; exit 1; }
grep '^produced' "$work/producer.log"

SERVER_PORT=$service_port MANAGEMENT_PORT=$management_port KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:$broker_port \
  DB_URL=jdbc:postgresql://127.0.0.1:5432/$db \
  "$java" ${JAVA_OPTS:--Xmx1g} -jar "$jar" >"$work/service.log" 2>&1 &
service_pid=$!
# the actuator on its own port: health and the scrape are open there, so the bench needs no token
base=http://127.0.0.1:$management_port

metric() { curl -sf "$base/actuator/prometheus" | awk -v m="$1" '$1 == m { print int($2) }'; }
ticks() { (( $# )) || { echo 0; return; }; cat "${@/%//stat}" 2>/dev/null | awk '{ s += $14 + $15 } END { print s + 0 }'; }
backends() { "${psql[@]}" -d postgres -c "SELECT '/proc/' || pid FROM pg_stat_activity WHERE datname = '$db'"; }
hz=$(getconf CLK_TCK)

until curl -sf "$base/actuator/health" >/dev/null 2>&1; do
  kill -0 "$service_pid" 2>/dev/null || { tail -50 "$work/service.log" >&2; exit 1; }
  sleep 0.5
done
first="" consumed=0
while :; do
  consumed=$(metric rider_positions_updates_consumed_total || echo 0)
  now=$(date +%s.%N)
  if [[ -z $first && ${consumed:-0} -gt 0 ]]; then
    # the first committed batch: from here on the service does nothing but drain
    first=$now first_consumed=$consumed load_first=$(cut -d' ' -f1-3 /proc/loadavg)
    pg_first=$(ticks $(backends)) jvm_first=$(ticks "/proc/$service_pid")
  fi
  (( ${consumed:-0} >= updates )) && break
  kill -0 "$service_pid" 2>/dev/null || { tail -50 "$work/service.log" >&2; exit 1; }
  sleep 0.2
done
pg_last=$(ticks $(backends)) jvm_last=$(ticks "/proc/$service_pid") load_last=$(cut -d' ' -f1-3 /proc/loadavg)
written=$(metric rider_positions_rows_written_total) upserted=$(metric rider_positions_rows_upserted_total)
dead=$(curl -sf "$base/actuator/prometheus" | awk '$1 ~ /^consumer_dead_letters_total/ { s += $2 } END { print int(s) }')

awk -v c="$consumed" -v fc="$first_consumed" -v w="$written" -v u="$upserted" -v a="$first" -v b="$now" -v hz="$hz" \
  -v j0="$jvm_first" -v j1="$jvm_last" -v p0="$pg_first" -v p1="$pg_last" -v d="$dead" -v l0="$load_first" \
  -v l1="$load_last" -v mpr="${CONSUMER_MAX_POLL_RECORDS:-default}" -v conc="${CONSUMER_CONCURRENCY:-default}" 'BEGIN {
  n = c - fc
  printf "max.poll.records=%s concurrency=%s: consumed=%d (%d dead letters) in %.1f s after the first batch: %.0f updates/s\n",
         mpr, conc, c, d, b - a, n / (b - a)
  printf "rows upserted=%d, rows written=%d: write reduction %.1fx\n", u, w, c / w
  printf "CPU per 100,000 updates: service JVM %.2f s, PostgreSQL backends %.2f s\n",
         (j1 - j0) / hz * 100000 / n, (p1 - p0) / hz * 100000 / n
  printf "load average at the first batch: %s, at the end: %s\n", l0, l1 }'
