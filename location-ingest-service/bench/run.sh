#!/usr/bin/env bash
# Benchmark of location-ingest-service alone: a real KRaft broker and the service jar as separate processes,
# HTTP load from wrk (Debian package) on the same machine. Measures, in one run:
#   1. POST /bench/noop (benchmark profile only: reads the body, answers 202)   -> the HTTP ceiling
#   2. POST /api/v1/locations with one update                                   -> max rate, then half of it
#   3. POST /api/v1/locations/batch with 100 updates                            -> max rate, then half of it
# "Max" = closed loop with CONNECTIONS connections for DURATION; a run only counts if it had no errors.
# "Half" = each connection pauses between requests so the offered rate is about half the max (wrk is closed loop,
# so latencies are not corrected for coordinated omission).
#
# usage (from the repository root, after ./mvnw -pl location-ingest-service package):
#   location-ingest-service/bench/run.sh            # DURATION=30s CONNECTIONS=64 THREADS=2
set -euo pipefail
cd "$(dirname "$0")/../.."

DURATION=${DURATION:-30s}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
KAFKA_PORT=${KAFKA_PORT:-39092}
HTTP_PORT=${HTTP_PORT:-18081}
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
MODULE=location-ingest-service
JAR=$MODULE/target/location-ingest-service-0.1.0-SNAPSHOT.jar
BENCH=$MODULE/bench
WORK=$(mktemp -d /tmp/ingest-bench.XXXXXX)
CP_FILE=$WORK/kafka-classpath.txt

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
[ -f "$JAR" ] || { echo "$JAR is missing: ./mvnw -pl $MODULE package -DskipTests" >&2; exit 1; }

# The broker runs from the same Apache Kafka artifacts the tests use (test scope), in its own JVM.
./mvnw -q -B -pl $MODULE dependency:build-classpath -Dmdep.outputFile="$CP_FILE" >/dev/null

cleanup() {
  if [ -n "${HOLD:-}" ]; then echo "HOLD set: service on :$HTTP_PORT (pid ${SERVICE_PID:-}), broker pid ${KAFKA_PID:-} left running" >&2; return; fi
  [ -n "${SERVICE_PID:-}" ] && kill "$SERVICE_PID" 2>/dev/null || true
  [ -n "${KAFKA_PID:-}" ] && kill "$KAFKA_PID" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT

cat > "$WORK/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@localhost:$((KAFKA_PORT + 1))
listeners=PLAINTEXT://localhost:$KAFKA_PORT,CONTROLLER://localhost:$((KAFKA_PORT + 1))
advertised.listeners=PLAINTEXT://localhost:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$WORK/kafka-data
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
auto.create.topics.enable=false
PROPS
cat > "$WORK/logback.xml" <<'XML'
<configuration><appender name="O" class="ch.qos.logback.core.ConsoleAppender"><encoder><pattern>%d %level %logger{30} %msg%n</pattern></encoder></appender><root level="WARN"><appender-ref ref="O"/></root></configuration>
XML
KAFKA_OPTS=(-Xms512m -Xmx512m -cp "$(cat "$CP_FILE")" -Dlogback.configurationFile="$WORK/logback.xml")
"$JAVA" "${KAFKA_OPTS[@]}" kafka.tools.StorageTool format -t "$(head -c16 /dev/urandom | base64 | tr '+/' '-_' | cut -c1-22)" \
  -c "$WORK/server.properties" >"$WORK/format.log" 2>&1
"$JAVA" "${KAFKA_OPTS[@]}" kafka.Kafka "$WORK/server.properties" >"$WORK/kafka.log" 2>&1 &
KAFKA_PID=$!

SERVER_PORT=$HTTP_PORT KAFKA_BOOTSTRAP_SERVERS=localhost:$KAFKA_PORT TOPIC_NAME=bench-updates \
  "$JAVA" -Xms512m -Xmx512m -jar "$JAR" --spring.profiles.active=benchmark --logging.level.root=WARN \
  ${SERVICE_ARGS:-} >"$WORK/service.log" 2>&1 &
SERVICE_PID=$!

echo "waiting for the broker and the service (logs in $WORK)" >&2
for _ in $(seq 1 300); do
  # /actuator/health answers 503 unless every component, Kafka included, is UP
  if curl -fs "http://localhost:$HTTP_PORT/actuator/health" >/dev/null 2>&1; then break; fi
  sleep 1
done
curl -fs "http://localhost:$HTTP_PORT/actuator/health" >/dev/null || { echo "not healthy" >&2; exit 1; }

run() { # name script path [delay_ms]
  local out
  out=$(DELAY_MS=${4:-0} wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 10s -s "$BENCH/$2" \
    "http://localhost:$HTTP_PORT$3" | grep '^RESULT')
  echo "$1 $out"
}
field() { sed -E "s/.* $1=([^ ]+).*/\1/" <<<"$2"; }
half_delay() { # connections * 1000 / (rate / 2), in ms
  awk -v c="$CONNECTIONS" -v r="$1" 'BEGIN { d = int(c * 1000 / (r / 2)); print (d < 1 ? 1 : d) }'
}

echo "warm-up" >&2
WARM=${WARMUP:-15s}
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARM" -s "$BENCH/single.lua" "http://localhost:$HTTP_PORT/bench/noop" >/dev/null
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARM" -s "$BENCH/single.lua" "http://localhost:$HTTP_PORT/api/v1/locations" >/dev/null
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARM" -s "$BENCH/batch.lua" "http://localhost:$HTTP_PORT/api/v1/locations/batch" >/dev/null

NOOP=$(run ceiling single.lua /bench/noop); echo "$NOOP"
SINGLE=$(run single-max single.lua /api/v1/locations); echo "$SINGLE"
BATCH=$(run batch-max batch.lua /api/v1/locations/batch); echo "$BATCH"
SINGLE_HALF=$(run single-half single.lua /api/v1/locations "$(half_delay "$(field rate "$SINGLE")")"); echo "$SINGLE_HALF"
BATCH_HALF=$(run batch-half batch.lua /api/v1/locations/batch "$(half_delay "$(field rate "$BATCH")")"); echo "$BATCH_HALF"

echo
echo "| run | requests/s | updates/s | non-2xx | socket errors | p50 ms | p99 ms | p99.9 ms |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
for line in "$NOOP" "$SINGLE" "$SINGLE_HALF" "$BATCH" "$BATCH_HALF"; do
  name=${line%% *}
  rate=$(field rate "$line")
  updates=$(grep -q updates_per_s <<<"$line" && field updates_per_s "$line" || { [ "$name" = ceiling ] && echo "-" || echo "$rate"; })
  echo "| $name | $rate | $updates | $(field non2xx "$line") | $(field errors "$line") | $(field p50_ms "$line") | $(field p99_ms "$line") | $(field p999_ms "$line") |"
done
awk -v s="$(field rate "$SINGLE")" -v n="$(field rate "$NOOP")" -v b="$(field updates_per_s "$BATCH")" \
  'BEGIN { printf "\nsingle / ceiling = %.2f, batch updates/s / ceiling requests/s = %.2f\n", s / n, b / n }'
