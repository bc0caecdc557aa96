#!/usr/bin/env bash
# Direct-to-database vs Kafka pipeline benchmark. Starts the topology through the local stack (a dedicated PostgreSQL
# cluster made for the run, port 5544 or another free one, when PostgreSQL's server binaries are installed), runs
# every scenario and writes docs/benchmarks/<date>/report.md + results.json + SVG charts. Options: run.sh --help
#   --quick   CI smoke run: a few seconds per path, asserts only rows == acknowledged (exit status), never speed
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
. infra/scripts/select-jdk.sh

missing=0
for jar in infra/benchmark/target/benchmark.jar infra/direct-baseline/target/direct-baseline.jar \
           infra/local-stack/target/local-stack.jar; do
  [[ -f "$jar" ]] || missing=1
done
# the Kafka Connect class path for the drain scenario (scenario 4)
compgen -G "infra/connect-sink/target/lib/connect-runtime-*.jar" >/dev/null || missing=1
for module in location-ingest-service trip-service; do
  compgen -G "$module/target/$module-*.jar" >/dev/null || missing=1
done
if (( missing )) || [[ "${BENCHMARK_REBUILD:-0}" == 1 ]]; then
  echo "Building the jars: ./mvnw -B -q -DskipTests package"
  ./mvnw -B -q -DskipTests package
fi

exec "$JAVA_HOME/bin/java" -Xmx1g -jar infra/benchmark/target/benchmark.jar --root "$root" "$@"
