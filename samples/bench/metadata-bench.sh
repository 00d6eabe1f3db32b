#!/usr/bin/env bash
# How fast is the metadata service? Serves one instance's meta_data.json from our daemon (its
# bench-only loopback listener), and the same bytes from nginx and lighttpd, and runs wrk against
# all three in one run: 64 keep-alive connections, then a new connection per request. Then the
# daemon again with 10,000 instances registered (16 KiB user data each): throughput and memory.
# Targets (exit 1 when one is missed):
#   keep-alive       >= 0.8x nginx
#   new connection   >= 1.0x lighttpd
#   p99              < 5 ms (our server, both modes)
#   10,000 instances: keep-alive throughput within 10% of 1 instance, resident memory < 512 MiB
# Everything listens on 127.0.0.1 only; all processes are ours and stopped at exit.
#
# Each server gets the same single core (CPU 0) and wrk gets the last one, so the servers compare
# on equal footing and a p99 measures the server, not a fight with the client for the cores
# (on 2 cores, unpinned, 2 wrk threads and 2 server threads take turns and p99 measures the
# scheduler). PIN=0 runs unpinned: every server uses every core (nginx `worker_processes auto`).
#
# Usage: samples/bench/metadata-bench.sh
# Environment: PIN (1 = pinned as above, the default on 2 or more cores; 0 = not pinned),
#   DURATION (wrk run length, default 10s), WARMUP (default 5s), THREADS (wrk, default 1 pinned, 2 not),
#   CONNECTIONS (default 64), INSTANCES (default 10000), DAEMON_OPTS (JVM options of the daemon).
set -euo pipefail

ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-5s}
CPUS=$(nproc)
PIN=${PIN:-$([ "$CPUS" -ge 2 ] && echo 1 || echo 0)}
if [ "$PIN" = 1 ]; then
  SERVER=(taskset -c 0) CLIENT=(taskset -c $((CPUS - 1))) NGINX_WORKERS=1
  THREADS=${THREADS:-1}
else
  SERVER=() CLIENT=() NGINX_WORKERS=auto
  THREADS=${THREADS:-2}
fi
CONNECTIONS=${CONNECTIONS:-64}
INSTANCES=${INSTANCES:-10000}
DAEMON_OPTS=${DAEMON_OPTS:-"-Xmx360m -Xmn40m -XX:+UseSerialGC -XX:ReservedCodeCacheSize=48m -XX:MaxMetaspaceSize=64m"}
PORT_OURS=18775 PORT_NGINX=18776 PORT_LIGHTTPD=18777
PATH_UNDER_TEST=/openstack/latest/meta_data.json

say() { echo "metadata-bench: $*" >&2; }

# shellcheck source=../../scripts/jdk.sh
. "$ROOT/scripts/jdk.sh"
vs_use_jdk || exit 1
JAVA="$JAVA_HOME/bin/java"

need=()
command -v wrk >/dev/null 2>&1 || need+=(wrk)
[ -x /usr/sbin/nginx ] || need+=(nginx-light)
[ -x /usr/sbin/lighttpd ] || need+=(lighttpd)
command -v curl >/dev/null 2>&1 || need+=(curl)
if [ ${#need[@]} -gt 0 ]; then
  say "installing ${need[*]} (their services are not started: RUNLEVEL=1)"
  RUNLEVEL=1 DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}" >&2
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/vs-md-bench.XXXXXX")
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  [ -s "$WORK/nginx/nginx.pid" ] && kill "$(cat "$WORK/nginx/nginx.pid")" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

say "building network-setup and its classpath"
( cd "$ROOT" && ./mvnw -q -B -ntp -pl network-setup -am package -DskipTests dependency:build-classpath \
    -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=test ) >&2 \
  || { say "the build failed"; exit 1; }
CP="$ROOT/network-setup/target/classes:$ROOT/core/target/classes:$(cat "$WORK/cp.txt")"
cat >"$WORK/logback.xml" <<'XML'
<configuration>
  <appender name="E" class="ch.qos.logback.core.ConsoleAppender"><encoder><pattern>%d{HH:mm:ss.SSS} %level %msg%n</pattern></encoder></appender>
  <root level="INFO"><appender-ref ref="E"/></root>
</configuration>
XML

make_state() { # DIR COUNT
  "$JAVA" -cp "$CP" "$ROOT/samples/bench/MetadataBenchState.java" "$1" "$2"
}

start_daemon() { # STATE -> sets DAEMON_PID
  # shellcheck disable=SC2086 # DAEMON_OPTS is a list of options
  "${SERVER[@]}" "$JAVA" $DAEMON_OPTS -Dlogback.configurationFile="$WORK/logback.xml" --enable-native-access=ALL-UNNAMED -cp "$CP" io.virtseed.network.metadata.MetadataDaemon \
    "$1" --loopback bench "$PORT_OURS" >"$WORK/daemon.log" 2>&1 &
  DAEMON_PID=$!
  pids+=("$DAEMON_PID")
  for _ in $(seq 1 600); do
    curl -sf -o /dev/null "http://127.0.0.1:$PORT_OURS$PATH_UNDER_TEST" && return 0
    sleep 0.1
  done
  cat "$WORK/daemon.log" >&2; say "the daemon did not answer"; exit 1
}

# wrk URL [extra args] -> "requests/s p99_ms"
measure() {
  local url=$1; shift
  local out
  out=$("${CLIENT[@]}" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@" "$url")
  echo "$out" >>"$WORK/wrk.log"
  local rps p99
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us$/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v=v*1000}; print v}' <<<"$out")
  echo "$rps ${p99:-nan}"
}

warm() { "${CLIENT[@]}" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "$@" >/dev/null; }

say "state with 1 instance"
make_state "$WORK/state1" 1
start_daemon "$WORK/state1"

mkdir -p "$WORK/www/openstack/latest" "$WORK/nginx" "$WORK/lighttpd"
curl -sf -o "$WORK/www$PATH_UNDER_TEST" "http://127.0.0.1:$PORT_OURS$PATH_UNDER_TEST"
chmod 711 "$WORK"   # nginx's workers run as another user
chmod -R a+rX "$WORK/www"
say "file under test: $PATH_UNDER_TEST, $(stat -c %s "$WORK/www$PATH_UNDER_TEST") bytes"

cat >"$WORK/nginx/nginx.conf" <<CONF
worker_processes $NGINX_WORKERS;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 10000000;
  default_type application/json;
  client_body_temp_path $WORK/nginx;
  proxy_temp_path $WORK/nginx;
  fastcgi_temp_path $WORK/nginx;
  uwsgi_temp_path $WORK/nginx;
  scgi_temp_path $WORK/nginx;
  server { listen 127.0.0.1:$PORT_NGINX; root $WORK/www; }
}
CONF
"${SERVER[@]}" /usr/sbin/nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf"

cat >"$WORK/lighttpd/lighttpd.conf" <<CONF
server.document-root = "$WORK/www"
server.bind = "127.0.0.1"
server.port = $PORT_LIGHTTPD
server.errorlog = "$WORK/lighttpd/error.log"
server.max-keep-alive-requests = 100000
mimetype.assign = (".json" => "application/json")
CONF
"${SERVER[@]}" /usr/sbin/lighttpd -D -f "$WORK/lighttpd/lighttpd.conf" &
pids+=($!)
sleep 0.5

declare -A R
for server in ours nginx lighttpd; do
  case $server in ours) port=$PORT_OURS ;; nginx) port=$PORT_NGINX ;; lighttpd) port=$PORT_LIGHTTPD ;; esac
  url="http://127.0.0.1:$port$PATH_UNDER_TEST"
  cmp -s <(curl -sf "$url") "$WORK/www$PATH_UNDER_TEST" || { say "$server does not serve the same bytes"; exit 1; }
  warm "$url"
  R[$server.ka]=$(measure "$url")
  warm "$url" -H 'Connection: close'
  R[$server.close]=$(measure "$url" -H 'Connection: close')
  say "$server: keep-alive ${R[$server.ka]}, new connection ${R[$server.close]} (requests/s, p99 ms)"
done
rss1=$(awk '/^VmRSS/ {print $2}' "/proc/$DAEMON_PID/status")
kill "$DAEMON_PID"; wait "$DAEMON_PID" 2>/dev/null || true

say "state with $INSTANCES instances (16 KiB user data each)"
make_state "$WORK/state-many" "$INSTANCES"
t0=$(date +%s.%N)
start_daemon "$WORK/state-many"
t1=$(date +%s.%N)
for _ in $(seq 1 1200); do grep -q "rendered the metadata of" "$WORK/daemon.log" && break; sleep 0.1; done
t2=$(date +%s.%N)
warm "http://127.0.0.1:$PORT_OURS$PATH_UNDER_TEST"
R[many.ka]=$(measure "http://127.0.0.1:$PORT_OURS$PATH_UNDER_TEST")
rss=$(awk '/^VmRSS/ {print $2}' "/proc/$DAEMON_PID/status")
say "$INSTANCES instances: keep-alive ${R[many.ka]}, resident $((rss / 1024)) MiB, first answer after $(echo "$t1 - $t0" | bc) s, all rendered after $(echo "$t2 - $t0" | bc) s"

first() { echo "${1%% *}"; }
second() { echo "${1##* }"; }
ratio() { echo "scale=2; $1 / $2" | bc; }
fail=0
check() { # LABEL OK
  if [ "$2" = 1 ]; then echo "PASS  $1"; else echo "MISS  $1"; fail=1; fi
}
ka=$(ratio "$(first "${R[ours.ka]}")" "$(first "${R[nginx.ka]}")")
cl=$(ratio "$(first "${R[ours.close]}")" "$(first "${R[lighttpd.close]}")")
many=$(ratio "$(first "${R[many.ka]}")" "$(first "${R[ours.ka]}")")
echo
pinning=$([ "$PIN" = 1 ] && echo "servers on CPU 0, wrk on CPU $((CPUS - 1))" || echo "not pinned")
echo "conditions: $CPUS cores, $pinning, load average $(cut -d' ' -f1-3 /proc/loadavg), wrk -t$THREADS -c$CONNECTIONS -d$DURATION"
printf '%-10s %14s %10s %16s %10s\n' server keepalive-rps p99-ms newconn-rps p99-ms
for s in ours nginx lighttpd; do
  printf '%-10s %14s %10s %16s %10s\n' "$s" "$(first "${R[$s.ka]}")" "$(second "${R[$s.ka]}")" \
    "$(first "${R[$s.close]}")" "$(second "${R[$s.close]}")"
done
printf '%-10s %14s %10s   (resident %d MiB; 1 instance: %d MiB)\n' "ours-$INSTANCES" "$(first "${R[many.ka]}")" \
  "$(second "${R[many.ka]}")" $((rss / 1024)) $((rss1 / 1024))
echo
check "keep-alive ${ka}x nginx (>= 0.8)" "$(echo "$ka >= 0.8" | bc)"
check "new connection per request ${cl}x lighttpd (>= 1.0)" "$(echo "$cl >= 1.0" | bc)"
check "p99 keep-alive $(second "${R[ours.ka]}") ms, new connection $(second "${R[ours.close]}") ms (< 5)" \
  "$(echo "$(second "${R[ours.ka]}") < 5 && $(second "${R[ours.close]}") < 5" | bc)"
check "$INSTANCES instances: ${many}x the throughput of 1 (>= 0.9)" "$(echo "$many >= 0.9" | bc)"
check "$INSTANCES instances: resident $((rss / 1024)) MiB (< 512)" "$([ $((rss / 1024)) -lt 512 ] && echo 1 || echo 0)"
exit $fail
