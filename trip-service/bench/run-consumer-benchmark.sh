#!/usr/bin/env bash
# The trip-service consumer benchmark (see docs/trip-service.md): pre-loads a topic, drains it with each write
# strategy, and compares with raw text and binary COPY of the same rows. Needs a PostgreSQL on localhost:5432 (or
# TEST_DATABASE_URL) on the same machine (it reads the backends' CPU time from /proc).
#   trip-service/bench/run-consumer-benchmark.sh [updates] [riders] [strategies in run order]
# Optional environment: CONSUMER_CONCURRENCY, CONSUMER_MAX_POLL_RECORDS (override the service's defaults for the run).
# A flight recording of the draining phase: `jcmd <benchmark JVM pid> JFR.start settings=profile duration=25s
# filename=consumer.jfr` once the consumer runs (see docs/trip-service.md#benchmark).
set -euo pipefail
cd "$(dirname "$0")/../.."
UPDATES="${1:-2000000}"
RIDERS="${2:-10000}"
STRATEGIES="${3:-COPY,MULTI_ROW_INSERT}"
TUNING="${CONSUMER_CONCURRENCY:+-c${CONSUMER_CONCURRENCY}}${CONSUMER_MAX_POLL_RECORDS:+-p${CONSUMER_MAX_POLL_RECORDS}}"
REPORT="$PWD/docs/benchmarks/trip/consumer-benchmark-${UPDATES}-${STRATEGIES//,/-then-}${TUNING}.md"
. infra/scripts/select-jdk.sh
./mvnw -B -q -f trip-service/pom.xml test -Dtest=ConsumerBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dtrip.benchmark=true -Dtrip.benchmark.updates="$UPDATES" -Dtrip.benchmark.riders="$RIDERS" \
  -Dtrip.benchmark.strategies="$STRATEGIES" -Dtrip.benchmark.report="$REPORT" \
  -Dtrip.benchmark.concurrency="${CONSUMER_CONCURRENCY:-}" -Dtrip.benchmark.max-poll-records="${CONSUMER_MAX_POLL_RECORDS:-}"
cat "$REPORT"
