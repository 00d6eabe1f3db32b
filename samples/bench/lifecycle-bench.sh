#!/usr/bin/env bash
# How much does the library add to libvirt? In one JVM (LifecycleBench), against qemu:///system:
# the library's up of a small instance (1 vCPU, 256 MiB, TCG, no NIC; no wait: until the domain
# runs, the guest's boot excluded) and its down, against libvirt-java's define + create and
# destroy + undefine of the same domain XML (renamed, a new uuid, its own disks). The sides
# alternate; medians after warm-up, the ratios, and where the library's time goes:
#   up      <= 1.1x  define + create
#   down    <= 1.1x  destroy + undefine
# Exits 1 when a target is missed; with --quick (6 rounds after 2 warm-up, for CI) it only reports and exits 0.
# Needs root, libvirt at qemu:///system and the test guest (samples/images/build-guest.sh).
# Everything it makes (a state folder and a copy under /tmp, two vs-lcbench-* domains) is
# removed on exit, also on failure.
#
# Usage: samples/bench/lifecycle-bench.sh [--quick] [--rounds N] [--rebuild]
# Environment: VIRTSEED_CACHE_DIR (where build-guest.sh put the guest, default /var/cache/virtseed)
set -euo pipefail

ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
say() { echo "lifecycle-bench: $*" >&2; }
rounds=10 warmup=2 quick=false rebuild=false
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=true; rounds=6 ;; # QEMU's start varies by more than the library adds: 3 rounds said little
    --rounds) rounds=$2; shift ;;
    --rebuild) rebuild=true ;;
    *) say "unknown argument '$1'; usage: $0 [--quick] [--rounds N] [--rebuild]"; exit 2 ;;
  esac
  shift
done
[ "$(id -u)" -eq 0 ] || { say "run as root: it defines and starts guests at qemu:///system"; exit 1; }
guest="${VIRTSEED_CACHE_DIR:-/var/cache/virtseed}/guest/debian-12-cloudinit"
for f in disk.qcow2 vmlinuz initrd.img; do
  [ -f "$guest/$f" ] || { say "the test guest is missing ($guest/$f); build it with samples/images/build-guest.sh"; exit 1; }
done
command -v qemu-img >/dev/null || { say "qemu-img is missing (scripts/host-setup.sh installs it)"; exit 1; }

# shellcheck source=bench-jar.sh
. "$ROOT/samples/bench/bench-jar.sh"
vs_bench_jar "$ROOT" "$rebuild" lifecycle-bench || exit 1

work=$(mktemp -d /tmp/vs-lcbench.XXXXXX)
chmod 0711 "$work" # QEMU, as its own user, must reach the disks under it
tag=$$
cleanup() {
  local d
  for d in "vs-lcbench-$tag" "vs-lcbench-raw-$tag"; do
    virsh -q -c qemu:///system destroy "$d" >/dev/null 2>&1 || true
    virsh -q -c qemu:///system undefine "$d" >/dev/null 2>&1 || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "$rounds rounds after $warmup warm-up; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
args=(--work "$work" --guest "$guest" --tag "$tag" --rounds "$rounds" --warmup "$warmup")
$quick && args+=(--report-only)
"$JAVA" --enable-native-access=ALL-UNNAMED -Dlogback.configurationFile="$ROOT/samples/bench/logback-warn.xml" -cp "$BENCH_JAR" \
  io.virtseed.samples.bench.LifecycleBench "${args[@]}"
