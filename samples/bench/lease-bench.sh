#!/usr/bin/env bash
# Time from `virtseed up` to a guest holding its DHCP lease, without a dnsmasq restart.
# A network is made once; then ROUNDS times: `virtseed up` of an instance on it (libvirt's test
# driver: the domain is defined and started, no guest runs), and a "guest" namespace with the
# allocated MAC on the network's bridge asks for a lease with busybox udhcpc. The figure is the
# wall time from the start of `up` to the lease; dnsmasq's pid must stay the same throughout.
# As root; everything it makes is removed on exit. Usage: samples/bench/lease-bench.sh [ROUNDS]
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
ROUNDS=${1:-10}
say() { echo "lease-bench: $*" >&2; }
[ "$(id -u)" -eq 0 ] || { say "run as root"; exit 1; }
. "$ROOT/scripts/jdk.sh"; vs_use_jdk
JAR="$ROOT/cli/target/virtseed.jar"
[ -f "$JAR" ] || { say "build the CLI first (./mvnw -pl cli -am package -DskipTests)"; exit 1; }
WORK=$(mktemp -d /tmp/vs-lease.XXXXXX); chmod 711 "$WORK"
STATE="$WORK/state" NET=vsleasenet G=vslg$$
vs() { "$JAVA_HOME/bin/java" -jar "$JAR" --state-dir "$STATE" --connect test:///default -q "$@"; }
cleanup() {
  ip netns del "$G" 2>/dev/null || true
  ip link del "${G}h" 2>/dev/null || true
  for i in $(seq 1 "$ROUNDS"); do vs down "vs-lease-$i" >/dev/null 2>&1 || true; done
  vs net rm "$NET" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
qemu-img create -q -f qcow2 "$WORK/base.qcow2" 32M
vs image import vs-base "$WORK/base.qcow2" >/dev/null
vs net create "$NET" --cidr 10.253.4.0/24 >/dev/null
ID=$(sed -n 's/.*"id" : "\([0-9a-f]*\)".*/\1/p' "$STATE/networks/$NET/network.json")
PID0=$(cat "$STATE/networks/$NET/dnsmasq.pid" 2>/dev/null || pgrep -f "networks/$NET/" | head -1)
ip netns add "$G"
times=() ups=()
for i in $(seq 1 "$ROUNDS"); do
  printf 'name: vs-lease-%s\nimage: vs-base\nnetworks: [ { network: %s } ]\n' "$i" "$NET" > "$WORK/s$i.yaml"
  t0=$(date +%s%N)
  vs up "$WORK/s$i.yaml" >/dev/null
  tu=$(date +%s%N)
  MAC=$(sed -n 's/.*"mac" : "\([0-9a-f:]*\)".*/\1/p' "$STATE/instances/vs-lease-$i/instance.json")
  IP=$(sed -n 's/.*"ip" : "\([0-9.]*\)".*/\1/p' "$STATE/instances/vs-lease-$i/instance.json")
  ip link add "${G}h" type veth peer name "${G}n"
  ip link set "${G}h" master "vs-$ID" up
  ip link set "${G}n" netns "$G"
  ip -n "$G" link set "${G}n" address "$MAC" up
  got=$(ip netns exec "$G" busybox udhcpc -i "${G}n" -n -q -f -t 20 -T 1 -s /bin/true 2>&1 | sed -n 's/.*lease of \([0-9.]*\) obtained.*/\1/p')
  t1=$(date +%s%N)
  [ "$got" = "$IP" ] || { say "round $i: leased '$got', expected $IP"; exit 1; }
  ip link del "${G}h"
  times+=($(( (t1 - t0) / 1000000 )))
  ups+=($(( (tu - t0) / 1000000 )))
done
PID1=$(cat "$STATE/networks/$NET/dnsmasq.pid" 2>/dev/null || pgrep -f "networks/$NET/" | head -1)
sorted=$(printf '%s\n' "${times[@]}" | sort -n)
median=$(echo "$sorted" | sed -n "$(( (ROUNDS + 1) / 2 ))p")
upmed=$(printf '%s\n' "${ups[@]}" | sort -n | sed -n "$(( (ROUNDS + 1) / 2 ))p")
echo "lease-bench: $ROUNDS rounds, up -> lease median ${median} ms (min $(echo "$sorted" | head -1), max $(echo "$sorted" | tail -1)), of which the 'virtseed up' process ${upmed} ms; dnsmasq pid $PID0 -> $PID1"
[ "$PID0" = "$PID1" ] || { say "dnsmasq was restarted"; exit 1; }
