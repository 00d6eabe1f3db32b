#!/usr/bin/env bash
# How fast is a network? ensure + remove of one isolated network with two DHCP reservations by
# LinuxNetworkProvisioner, against the same network made and removed by hand, one ip / sysctl /
# iptables / dnsmasq command per step (ByHandNetwork). Prints both medians and the ratio; exits 0
# when ours takes at most 1.5x the hand-made time, 1 otherwise. As root; about 10 s.
#
# Usage: samples/bench/net-bench.sh [--rebuild]      Environment: ROUNDS (default 30)
set -euo pipefail

ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
say() { echo "net-bench: $*" >&2; }
rebuild=false
case "${1:-}" in
  --rebuild) rebuild=true ;;
  "") ;;
  *) say "unknown argument '$1'; usage: $0 [--rebuild]"; exit 2 ;;
esac
[ "$(id -u)" -eq 0 ] || { say "run as root: it makes bridges, namespaces and iptables chains"; exit 1; }

# shellcheck source=bench-jar.sh
. "$ROOT/samples/bench/bench-jar.sh"
vs_bench_jar "$ROOT" "$rebuild" net-bench || exit 1
exec "$JAVA" -Dlogback.configurationFile="$ROOT/samples/bench/logback-warn.xml" -cp "$BENCH_JAR" \
  io.virtseed.samples.bench.NetworkBench --rounds "${ROUNDS:-30}"
