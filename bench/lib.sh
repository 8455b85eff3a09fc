# Shared by the bench scripts: a JDK 21+ (JAVA_HOME, else the newest under /usr/lib/jvm), Maven's flag for JDK 24+,
# and run_bench CLASS REPORT [-Dbench.x=y ...], which runs one *Bench class through Maven and prints its report.
java_major() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n1 | cut -d. -f1; }
if [ -z "${JAVA_HOME:-}" ] || [ ! -x "$JAVA_HOME/bin/javac" ]; then
  best="" best_major=0
  for cand in /usr/lib/jvm/*; do
    [ -x "$cand/bin/javac" ] || continue
    major=$(java_major "$cand/bin/java")
    if [ -n "$major" ] && [ "$major" -gt "$best_major" ]; then best="$cand" best_major=$major; fi
  done
  [ -n "$best" ] || { echo "bench: no JDK found under /usr/lib/jvm (set JAVA_HOME)" >&2; exit 1; }
  export JAVA_HOME="$best"
fi
if [ "$(java_major "$JAVA_HOME/bin/java")" -ge 24 ]; then
  export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
fi

run_bench() {
  local class="$1" name="$2"
  shift 2
  mkdir -p bench/out
  ./mvnw -B -q -pl pbx -am test -Dtest="$class" -Dsurefire.failIfNoSpecifiedTests=false \
    -Dbench.dir="$PWD/bench" -Dbench.report="$PWD/bench/out/$name.txt" "$@" >"bench/out/$name.mvn.log" 2>&1 \
    || { tail -40 "bench/out/$name.mvn.log" >&2; exit 1; }
  cat "bench/out/$name.txt"
}
