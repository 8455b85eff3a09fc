#!/usr/bin/env bash
# SMTP acceptance and delivery benchmark (issue 4): smtp-source with 20 parallel sessions of
# 4 KiB and 100 KiB messages into Switchboard (accepted to disk, then delivered into the real
# embedded mail store: H2, blob files, Lucene) and into a test-local Postfix on 127.0.0.2:2525
# (to its queue, then discarded), same machine, same run. Prints messages/s accepted, messages/s
# delivered (from the first accept until the last message is in the store), the delivery rate
# alone (the queue held while it fills, then released) and the ratio. Needs
# postfix (smtp-source) installed; touches no system Postfix state: the Postfix instance lives in
# a temporary config and queue directory. SERVER_OPTS passes JVM options (a flight recording).
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export MAVEN_OPTS=${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}
COUNT_SMALL=${COUNT_SMALL:-3000}
COUNT_LARGE=${COUNT_LARGE:-1000}

# One reactor run: the sibling modules resolve to their target/classes (nothing is installed).
./mvnw -B -q -pl smtp -am test-compile dependency:build-classpath -Dmdep.outputFile="$PWD/smtp/target/smtp-bench.cp" >/dev/null
CP="smtp/target/test-classes:smtp/target/classes:$(cat smtp/target/smtp-bench.cp)"

WORK=$(mktemp -d)
chmod 755 "$WORK"   # the postfix user must reach its data directory inside
PF="$WORK/postfix"
cleanup() {
  [ -n "${SERVER_PID:-}" ] && kill "$SERVER_PID" 2>/dev/null || true
  postfix -c "$PF/conf" stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# --- test-local Postfix: own config, queue and data directories; listens on 127.0.0.2:2525 only
mkdir -p "$PF/conf" "$PF/queue" "$PF/data"
chown postfix "$PF/data"
cp /etc/postfix/master.cf "$PF/conf/"
sed -i 's/^smtp      inet  n       -       y       -       -       smtpd/127.0.0.2:2525 inet n - n - - smtpd/' "$PF/conf/master.cf"
cat > "$PF/conf/main.cf" <<CONF
compatibility_level = 3.6
queue_directory = $PF/queue
data_directory = $PF/data
command_directory = /usr/sbin
daemon_directory = /usr/lib/postfix/sbin
mail_owner = postfix
setgid_group = postdrop
inet_interfaces = loopback-only
inet_protocols = ipv4
myhostname = pf.remote.test
mydestination =
relay_domains = remote.test
transport_maps = inline:{ remote.test=discard: }
mynetworks = 127.0.0.0/8
maillog_file_prefixes = $WORK
maillog_file = $PF/maillog
smtp_dns_support_level = disabled
CONF
script -qec "postfix -c $PF/conf start" /dev/null > "$WORK/postfix-start.log" 2>&1 || { cat "$WORK/postfix-start.log" >&2; echo "postfix did not start (is 127.0.0.2:2525 in use?)" >&2; exit 1; }

# --- Switchboard: the SMTP service with production code paths, logs at INFO to a file
cat > "$WORK/logback.xml" <<XML
<configuration>
  <appender name="F" class="ch.qos.logback.core.FileAppender"><file>$WORK/switchboard.log</file>
    <encoder><pattern>%d %logger %msg%n</pattern></encoder></appender>
  <root level="INFO"><appender-ref ref="F"/></root>
</configuration>
XML
mkfifo "$WORK/ctl"
# shellcheck disable=SC2086
"$JAVA_HOME/bin/java" ${SERVER_OPTS:-} -Dlogback.configurationFile="$WORK/logback.xml" -cp "$CP" org.switchboard.smtp.BenchServer "$WORK/sb" \
  < "$WORK/ctl" >> "$WORK/sb.out" 2>&1 &
SERVER_PID=$!
exec 3>"$WORK/ctl"
for _ in $(seq 1 120); do [ -f "$WORK/sb/port" ] && break; sleep 0.5; done
PORT=$(cat "$WORK/sb/port")
for _ in $(seq 1 100); do ss -ltn | grep -q "127.0.0.2:2525" && break; sleep 0.2; done

rate() { echo "scale=1; $1 / $2" | bc; }
now() { date +%s.%N; }
waitfor() { for _ in $(seq 1 1500); do grep -aq "$1" "$WORK/sb.out" && { grep -a "drain-failed" "$WORK/sb.out" >&2 || true; return; }; sleep 0.1; done; echo "timeout waiting for $1" >&2; tail -5 "$WORK/sb.out" >&2; exit 1; }

# warm-up (JIT) for both
smtp-source -s 20 -m 1000 -l 4096 -f a@outside.test -t bob@example.test "127.0.0.1:$PORT"
smtp-source -s 20 -m 1000 -l 4096 -f a@outside.test -t bob@remote.test 127.0.0.2:2525
echo "drain 1000" >&3; waitfor "drained"

run() {
  local count=$1 size=$2 label=$3
  : > "$WORK/sb.out"
  echo "mark" >&3; waitfor "marked"
  local s e sb pf deliver alone held
  s=$(now); smtp-source -s 20 -m "$count" -l "$size" -f a@outside.test -t bob@example.test "127.0.0.1:$PORT"; e=$(now)
  sb=$(rate "$count" "$(echo "$e - $s" | bc)")
  echo "drain $count" >&3; waitfor "drained"
  deliver=$(rate "$count * 1000" "$(grep -a drained "$WORK/sb.out" | awk '{print $2}')")
  s=$(now); smtp-source -s 20 -m "$count" -l "$size" -f a@outside.test -t bob@remote.test 127.0.0.2:2525; e=$(now)
  pf=$(rate "$count" "$(echo "$e - $s" | bc)")
  # Delivery alone: the queue holds while smtp-source fills it, then delivers into the store.
  : > "$WORK/sb.out"
  echo "hold" >&3; waitfor "held"
  s=$(now); smtp-source -s 20 -m "$count" -l "$size" -f a@outside.test -t bob@example.test "127.0.0.1:$PORT"; e=$(now)
  held=$(rate "$count" "$(echo "$e - $s" | bc)")
  echo "release $count" >&3; waitfor "released"
  alone=$(rate "$count * 1000" "$(grep -a released "$WORK/sb.out" | awk '{print $2}')")
  printf '%-8s Switchboard accepted %8s msg/s, in the mail store %8s msg/s (delivery alone %8s msg/s; accepted with delivery held %8s msg/s) | Postfix accepted %8s msg/s | accepted ratio %s, with delivery held %s\n' \
    "$label" "$sb" "$deliver" "$alone" "$held" "$pf" "$(echo "scale=2; $sb / $pf" | bc)" "$(echo "scale=2; $held / $pf" | bc)"
}
echo "smtp-source, 20 parallel sessions, $(nproc) cores"
run "$COUNT_SMALL" 4096 "4 KiB"
run "$COUNT_LARGE" 102400 "100 KiB"
exec 3>&-
