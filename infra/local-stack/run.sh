#!/usr/bin/env bash
# Starts the whole system without Docker: a KRaft Kafka broker, the service databases on the local PostgreSQL, the
# topic, and the three services as separate JVMs. Ctrl-C stops everything. Options: run.sh --help
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"

. infra/scripts/select-jdk.sh

missing=0
for jar in infra/local-stack/target/local-stack.jar; do [[ -f "$jar" ]] || missing=1; done
for module in location-ingest-service rider-service trip-service; do
  compgen -G "$module/target/$module-*.jar" >/dev/null || missing=1
done
if (( missing )); then
  echo "Building the jars once: ./mvnw -B -q -DskipTests package"
  ./mvnw -B -q -DskipTests package
fi

exec "$JAVA_HOME/bin/java" -jar infra/local-stack/target/local-stack.jar "$@"
