#!/usr/bin/env bash
# Freshness probe against a running local stack (infra/local-stack/run.sh): posts single updates to ingest at --rate
# and reports, for trip-service and rider-service, the time from ingest's 202 until each one's REST API shows the
# update (warm-up and measurement apart). Example: infra/loadgen/freshness.sh --rate 5 --samples 1000 --json f.json
# Options: freshness.sh --help
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
. "$root/infra/scripts/select-jdk.sh"
if [[ ! -f "$root/infra/loadgen/target/loadgen.jar" ]]; then
  echo "Building the load generator once: ./mvnw -B -q -DskipTests -pl infra/loadgen -am package" >&2
  (cd "$root" && ./mvnw -B -q -DskipTests -pl infra/loadgen -am package)
fi
exec "$JAVA_HOME/bin/java" -cp "$root/infra/loadgen/target/loadgen.jar" dev.ridehail.loadgen.FreshnessProbeMain "$@"
