#!/usr/bin/env bash
# The trip-service consumer benchmark (see docs/trip-service.md): pre-loads a topic, drains it with each write
# strategy, and compares with a raw COPY of the same rows. Needs a PostgreSQL on localhost:5432 (or TEST_DATABASE_URL)
# on the same machine (it reads the backends' CPU time from /proc).
#   trip-service/bench/run-consumer-benchmark.sh [updates] [riders] [strategies in run order]
set -euo pipefail
cd "$(dirname "$0")/../.."
UPDATES="${1:-2000000}"
RIDERS="${2:-10000}"
STRATEGIES="${3:-COPY,MULTI_ROW_INSERT}"
REPORT="$PWD/docs/benchmarks/trip/consumer-benchmark-${UPDATES}-${STRATEGIES//,/-then-}.md"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
./mvnw -B -q -f trip-service/pom.xml test -Dtest=ConsumerBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dtrip.benchmark=true -Dtrip.benchmark.updates="$UPDATES" -Dtrip.benchmark.riders="$RIDERS" \
  -Dtrip.benchmark.strategies="$STRATEGIES" -Dtrip.benchmark.report="$REPORT"
cat "$REPORT"
