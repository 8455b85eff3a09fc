#!/usr/bin/env bash
# Runs the IMAP benchmark (app/src/test/java/org/switchboard/app/ImapBench.java) and prints its figures:
# the real server with N TLS clients, the same workload against a test-local Dovecot when dovecot-imapd is
# installed, thousands of idle IDLE connections and one large message. Not part of the tests or CI.
#   bench/imap-bench.sh [--clients=100] [--seconds=20] [--warmup=5] [--think-ms=100] [--users=10]
#                       [--preload=200] [--idle=2000] [--big-mb=50] [--heap=512m] [--dovecot=auto|off]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [ -z "${JAVA_HOME:-}" ]; then
  # The newest JDK under /usr/lib/jvm, as ./switchboard picks it (21 or newer is needed).
  JAVA_HOME=$(ls -d /usr/lib/jvm/*/ 2>/dev/null | while read -r d; do
    [ -x "$d/bin/javac" ] && echo "$("$d/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p') ${d%/}"
  done | sort -n | tail -n1 | cut -d' ' -f2)
fi
[ -n "${JAVA_HOME:-}" ] || { echo "imap-bench: no JDK found; set JAVA_HOME" >&2; exit 1; }
export JAVA_HOME
# Maven's own Guice warns about sun.misc.Unsafe on JDK 24+.
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
cpfile="$(mktemp)"
trap 'rm -f "$cpfile"' EXIT
echo "imap-bench: compiling (test classes, no tests run)..." >&2
./mvnw -B -q -pl app -am test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cpfile" >&2
# The reactor resolves the sibling modules to their target/classes, so this is the tests' classpath.
classpath="$root/app/target/test-classes:$root/app/target/classes:$(cat "$cpfile")"
ulimit -n 65536 2>/dev/null || true
exec "$JAVA_HOME/bin/java" -cp "$classpath" org.switchboard.app.ImapBench "$@"
