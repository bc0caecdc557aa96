# Sourced (never run) by every shell script that builds or runs the project's Java code:
#   . infra/scripts/select-jdk.sh        (from the repository root)
# Exports JAVA_HOME, with its bin/ first on PATH, for a JDK >= 21: JAVA_HOME itself when it is one, else
# /usr/lib/jvm/temurin-25-jdk-amd64, /usr/lib/jvm/temurin-21-jdk-amd64, any other /usr/lib/jvm/*. A JDK, not a JRE:
# the callers may build the jars first. Stops the calling script with a clear message when there is none.

_select_jdk_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {print $2}' | cut -d. -f1
}

_select_jdk() {
  local candidate major
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64 /usr/lib/jvm/*; do
    [[ -n "$candidate" && -x "$candidate/bin/java" && -x "$candidate/bin/javac" ]] || continue
    major=$(_select_jdk_major "$candidate")
    if [[ "$major" =~ ^[0-9]+$ ]] && (( major >= 21 )); then
      export JAVA_HOME="$candidate"
      export PATH="$JAVA_HOME/bin:$PATH"
      echo "Using JDK $major at $JAVA_HOME" >&2
      return 0
    fi
  done
  echo "No JDK >= 21 found: JAVA_HOME is ${JAVA_HOME:-unset} and none under /usr/lib/jvm has java and javac >= 21." \
    "Install one (e.g. apt-get install temurin-21-jdk) or point JAVA_HOME at it." >&2
  return 1
}

_select_jdk || exit 1
unset -f _select_jdk _select_jdk_major
