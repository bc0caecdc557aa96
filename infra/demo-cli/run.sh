#!/usr/bin/env bash
# The source notes' producer, against the ingest API: type "tony south", "tony north", ... (Ctrl-D ends).
# infra/demo-cli/run.sh --simulate 5 --duration 60s drives 5 riders through trips instead. Options: run.sh --help
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
. "$root/infra/scripts/select-jdk.sh"
if [[ ! -f "$root/infra/demo-cli/target/demo-cli.jar" ]]; then
  echo "Building the demo CLI once: ./mvnw -B -q -DskipTests -pl infra/demo-cli package" >&2
  (cd "$root" && ./mvnw -B -q -DskipTests -pl infra/demo-cli package)
fi
exec "$JAVA_HOME/bin/java" -jar "$root/infra/demo-cli/target/demo-cli.jar" "$@"
