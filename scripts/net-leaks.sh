#!/usr/bin/env bash
# Leak check for networks: N times, ensures and removes a network with two DHCP reservations
# (LinuxNetworkProvisioner, real ip/iptables/dnsmasq), then scans the host for anything left of
# those networks: links, namespaces, iptables chains and rules, dnsmasq processes, files.
# Exits 0 when nothing is left, 1 on leftovers or failure. As root; about 0.2 s a cycle.
#
# Usage: scripts/net-leaks.sh [N] [--rebuild]     (N defaults to 20)
set -euo pipefail

ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
say() { echo "net-leaks: $*" >&2; }

cycles=20 rebuild=false
for arg in "$@"; do
  case "$arg" in
    --rebuild) rebuild=true ;;
    ''|*[!0-9]*) say "unknown argument '$arg'; usage: $0 [N] [--rebuild]"; exit 2 ;;
    *) cycles=$arg ;;
  esac
done
[ "$(id -u)" -eq 0 ] || { say "run as root: it makes bridges, namespaces and iptables chains"; exit 1; }
for tool in ip iptables-save iptables-restore dnsmasq; do
  command -v "$tool" >/dev/null 2>&1 || { say "$tool is missing (scripts/host-setup.sh installs it)"; exit 1; }
done

# shellcheck source=../samples/bench/bench-jar.sh
. "$ROOT/samples/bench/bench-jar.sh"
vs_bench_jar "$ROOT" "$rebuild" net-leaks || exit 1
exec "$JAVA" -Dlogback.configurationFile="$ROOT/samples/bench/logback-warn.xml" -cp "$BENCH_JAR" \
  io.virtseed.samples.bench.NetworkCycles "$cycles"
