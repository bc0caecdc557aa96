#!/usr/bin/env bash
# The source notes' producer, against the ingest API: type "tony south", "tony north", ... (Ctrl-D ends).
# infra/demo-cli/run.sh --simulate 5 --duration 60s drives 5 riders through trips instead. Options: run.sh --help
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {print $2}' | cut -d. -f1
}
for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64 /usr/lib/jvm/*; do
  if [[ -n "$candidate" && -x "$candidate/bin/java" ]] && (( $(java_major "$candidate") >= 21 )); then
    export JAVA_HOME="$candidate"
    break
  fi
done
if [[ ! -f "$root/infra/demo-cli/target/demo-cli.jar" ]]; then
  echo "Building the demo CLI once: ./mvnw -B -q -DskipTests -pl infra/demo-cli package" >&2
  (cd "$root" && ./mvnw -B -q -DskipTests -pl infra/demo-cli package)
fi
exec "$JAVA_HOME/bin/java" -jar "$root/infra/demo-cli/target/demo-cli.jar" "$@"
