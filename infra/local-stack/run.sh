#!/usr/bin/env bash
# Starts the whole system without Docker: a KRaft Kafka broker, the service databases on the local PostgreSQL, the
# topic, and the three services as separate JVMs. Ctrl-C stops everything. Options: run.sh --help
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"

java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {print $2}' | cut -d. -f1
}

for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64 /usr/lib/jvm/*; do
  if [[ -n "$candidate" && -x "$candidate/bin/java" && -x "$candidate/bin/javac" ]] && (( $(java_major "$candidate") >= 21 )); then
    export JAVA_HOME="$candidate"
    break
  fi
done
if [[ -z "${JAVA_HOME:-}" ]] || (( $(java_major "$JAVA_HOME") < 21 )); then
  echo "No JDK >= 21 found (set JAVA_HOME)." >&2
  exit 1
fi

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
