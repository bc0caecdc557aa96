# Shared by run.sh and producer-matrix.sh: start the broker (infra/kafka-broker's kafka-broker.jar) and the service
# jar as separate JVMs on fixed ports, drive them with wrk, and account CPU seconds per process.
# Sourced from the repository root; the caller sets WORK and sources this file.
#
# Security: the service hosts the demo issuer (DEMO_ISSUER_ENABLED=true) and its rate limits are raised beyond any
# rate this machine reaches (a benchmark rider sends thousands of updates a second). SECURITY_MODE=on (the default)
# checks every token; the lua scripts then send each rider's own token, fetched from /demo/token before the runs into
# TOKENS_FILE. SECURITY_MODE=off starts it with SECURITY_ENABLED=false and the scripts send no Authorization header.

. infra/scripts/select-jdk.sh
JAVA=$JAVA_HOME/bin/java
KAFKA_PORT=${KAFKA_PORT:-39092}
HTTP_PORT=${HTTP_PORT:-18081}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
MODULE=location-ingest-service
SERVICE_JAR=${SERVICE_JAR:-$MODULE/target/location-ingest-service-0.1.0-SNAPSHOT.jar}
BROKER_JAR=infra/kafka-broker/target/kafka-broker.jar
BENCH=$MODULE/bench
SECURITY_MODE=${SECURITY_MODE:-on}
BENCH_RIDERS=1000 # single.lua's riders; batch.lua uses the first 50
RATE_LIMIT=1000000000
export TOKENS_FILE=

require_tools() {
  command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
  for jar in "$SERVICE_JAR" "$BROKER_JAR"; do
    [ -f "$jar" ] || { echo "$jar is missing: ./mvnw -B -pl $MODULE,infra/kafka-broker -am package -DskipTests" >&2; exit 1; }
  done
}

cleanup() {
  if [ -n "${HOLD:-}" ]; then echo "HOLD set: service pid ${SERVICE_PID:-} on :$HTTP_PORT, broker pid ${KAFKA_PID:-} left running" >&2; return; fi
  stop_service
  [ -n "${KAFKA_PID:-}" ] && kill "$KAFKA_PID" 2>/dev/null || true
  wait 2>/dev/null || true
}

# The broker is the project's own (infra/kafka-broker), started from its jar with full JIT (the library's
# KafkaBrokerProcess defaults to C1 only, fine for tests but not for a throughput figure). Broker settings are the
# jar's: Kafka defaults for num.network.threads (3), num.io.threads (8) and log flushing (left to the OS).
start_broker() {
  "$JAVA" -Xms512m -Xmx512m -jar "$BROKER_JAR" --port "$KAFKA_PORT" --controller-port $((KAFKA_PORT + 1)) \
    --data-dir "$WORK/kafka-data" >"$WORK/kafka.log" 2>&1 &
  KAFKA_PID=$!
}

start_service() { # extra service arguments...
  local enabled=true
  [ "$SECURITY_MODE" = off ] && enabled=false
  echo "service: SECURITY_ENABLED=$enabled" >>"$WORK/service.log"
  SERVER_PORT=$HTTP_PORT KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:$KAFKA_PORT TOPIC_NAME=bench-updates \
    SECURITY_ENABLED=$enabled DEMO_ISSUER_ENABLED=true \
    INGEST_RATE_LIMIT_BURST=$RATE_LIMIT INGEST_RATE_LIMIT_PER_SECOND=$RATE_LIMIT \
    "$JAVA" -Xms512m -Xmx512m -jar "$SERVICE_JAR" --spring.profiles.active=benchmark --logging.level.root=WARN \
    "$@" >>"$WORK/service.log" 2>&1 &
  SERVICE_PID=$!
  for _ in $(seq 1 300); do
    # /actuator/health answers 503 unless every component, Kafka included, is UP
    if curl -fs "http://localhost:$HTTP_PORT/actuator/health" >/dev/null 2>&1; then prepare_tokens; return 0; fi
    kill -0 "$SERVICE_PID" 2>/dev/null || break
    kill -0 "$KAFKA_PID" 2>/dev/null || { echo "the broker exited; see $WORK/kafka.log" >&2; exit 1; }
    sleep 1
  done
  echo "service not healthy; see $WORK/service.log and $WORK/kafka.log" >&2
  exit 1
}

# With security on: one rider token per benchmark rider from the service's demo issuer (a new key every start, so
# after every start), line i for bench-i, valid for the issuer's maximum of an hour. With it off: no tokens.
prepare_tokens() {
  TOKENS_FILE=
  [ "$SECURITY_MODE" = off ] && return 0
  local dir=$WORK/tokens.d
  rm -rf "$dir"; mkdir -p "$dir"
  seq 1 "$BENCH_RIDERS" | xargs -P 4 -I{} sh -c 'curl -fsS -X POST -H "Content-Type: application/json" \
    -d "{\"kind\":\"rider\",\"riderId\":\"bench-{}\",\"deviceId\":\"bench\",\"ttl\":\"PT1H\"}" \
    "http://localhost:$1/demo/token" >"$2/{}"' _ "$HTTP_PORT" "$dir" \
    || { echo "could not fetch tokens from http://localhost:$HTTP_PORT/demo/token" >&2; exit 1; }
  TOKENS_FILE=$WORK/tokens.txt
  for i in $(seq 1 "$BENCH_RIDERS"); do
    # the answer has no final newline, so the line ends here
    printf '%s\n' "$(sed -nE 's/.*"access_token":"([^"]+)".*/\1/p' "$dir/$i")"
  done >"$TOKENS_FILE"
  if grep -qx '' "$TOKENS_FILE"; then echo "a /demo/token answer held no access_token: $dir" >&2; exit 1; fi
}

stop_service() {
  if [ -n "${SERVICE_PID:-}" ]; then
    kill "$SERVICE_PID" 2>/dev/null || true
    while kill -0 "$SERVICE_PID" 2>/dev/null; do sleep 0.5; done
    SERVICE_PID=
  fi
}

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; } # utime + stime, in clock ticks

# run NAME SCRIPT PATH [DELAY_MS]: one wrk run; prints wrk's RESULT line extended with the CPU seconds the service
# and the broker used during it, and the 1-minute load average at its end.
run() {
  local out s0 k0 s1 k1 hz
  hz=$(getconf CLK_TCK)
  s0=$(cpu_ticks "$SERVICE_PID"); k0=$(cpu_ticks "$KAFKA_PID")
  out=$(DELAY_MS=${4:-0} wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 10s -s "$BENCH/$2" \
    "http://localhost:$HTTP_PORT$3" | grep '^RESULT')
  s1=$(cpu_ticks "$SERVICE_PID"); k1=$(cpu_ticks "$KAFKA_PID")
  echo "$1 $out service_cpu_s=$(awk -v t=$((s1 - s0)) -v h="$hz" 'BEGIN { printf "%.1f", t / h }')" \
    "broker_cpu_s=$(awk -v t=$((k1 - k0)) -v h="$hz" 'BEGIN { printf "%.1f", t / h }')" \
    "load1=$(cut -d' ' -f1 /proc/loadavg)"
}

# JIT warm-up of each path; under heavy load on the machine the JIT needs much longer than WARMUP's default.
warm_up() {
  local warm=${WARMUP:-15s}
  [ "${1:-}" = without-ceiling ] \
    || wrk -t"$THREADS" -c"$CONNECTIONS" -d"$warm" -s "$BENCH/single.lua" "http://localhost:$HTTP_PORT/bench/noop" >/dev/null
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$warm" -s "$BENCH/single.lua" "http://localhost:$HTTP_PORT/api/v1/locations" >/dev/null
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$warm" -s "$BENCH/batch.lua" "http://localhost:$HTTP_PORT/api/v1/locations/batch" >/dev/null
}

field() { sed -E "s/.* $1=([^ ]+).*/\1/" <<<"$2"; }

# updates per request of a result line: 100 for batch runs, else 1
updates_per_request() { grep -q updates_per_s <<<"$1" && echo 100 || echo 1; }

# CPU milliseconds of a process per 1,000 updates (or requests, for the ceiling)
cpu_per_k() { # line cpu_field
  awk -v c="$(field "$2" "$1")" -v n="$(field requests "$1")" -v u="$(updates_per_request "$1")" \
    'BEGIN { printf "%.0f", 1000 * c * 1000 / (n * u) }'
}
