#!/usr/bin/env bash
# Is a plan's up faster than the same instances made one by one? Times whole `virtseed up`
# processes against qemu:///system (real libvirtd and QEMU, TCG), in one run on the same host:
#   up of a 5-instance plan            <= 0.5x  5 sequential single `virtseed up`s of the same instances
# and, to tell the two gains apart, the same plan with --parallel 1 (one process, one instance at
# a time). No --wait: each up ends when its domains run; the guests' boot is not timed (the disks
# are empty, 16 MiB; nothing boots). The sides alternate which goes first; medians of N rounds
# after a warm-up. Exits 1 when the target is missed; with --quick (1 round, no warm-up, for CI)
# it only reports and exits 0. Needs root and libvirt at qemu:///system. Everything it makes (a
# state folder under /tmp, the vs-pbPID-* domains) is removed on exit, also on failure.
#
# Usage: samples/bench/plan-bench.sh [--quick] [--rounds N]
# Environment: VIRTSEED (the binary, default the tree's ./virtseed)
set -euo pipefail

ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
VIRTSEED=${VIRTSEED:-$ROOT/virtseed}
say() { echo "plan-bench: $*" >&2; }
rounds=5 warmup=1 quick=false count=5
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=true; rounds=1; warmup=0 ;;
    --rounds) rounds=$2; shift ;;
    *) say "unknown argument '$1'; usage: $0 [--quick] [--rounds N]"; exit 2 ;;
  esac
  shift
done
[ "$(id -u)" -eq 0 ] || { say "run as root: it defines and starts guests at qemu:///system"; exit 1; }
for tool in virsh qemu-img; do
  command -v "$tool" >/dev/null || { say "$tool is missing (scripts/host-setup.sh installs it)"; exit 1; }
done
virsh -c qemu:///system -q list >/dev/null 2>&1 || { say "libvirt does not answer at qemu:///system"; exit 1; }

work=$(mktemp -d /tmp/vs-plan-bench.XXXXXX)
chmod 0711 "$work" # QEMU, as its own user, must reach the disks under it
state="$work/state"
names=()
for ((i = 1; i <= count; i++)); do names+=("vs-pb$$-$i"); done
vs() { "$VIRTSEED" --state-dir "$state" --connect qemu:///system -q "$@"; }
cleanup() {
  local n
  for n in "${names[@]}"; do
    virsh -q -c qemu:///system destroy "$n" >/dev/null 2>&1 || true
    virsh -q -c qemu:///system undefine --nvram "$n" >/dev/null 2>&1 || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

vs --version >/dev/null # builds the CLI first when the launcher finds the sources changed
qemu-img create -q -f qcow2 "$work/empty.qcow2" 16M
vs image import vs-plan-bench "$work/empty.qcow2" >/dev/null
single() { # NAME: one small instance's spec file
  printf 'name: %s\nimage: vs-plan-bench\ncpus: 1\nmemory: 128MiB\naccel: tcg\nnetworks: []\n' "$1"
}
for n in "${names[@]}"; do single "$n" > "$work/$n.yaml"; done
# the plan lists the same specs
{ echo "instances:"; for n in "${names[@]}"; do single "$n" | sed -e '1s/^/  - /' -e '2,$s/^/    /'; done; } > "$work/plan.yaml"

elapsed() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.6f", b - a }'; }
all_running() {
  local n
  for n in "${names[@]}"; do
    [ "$(virsh -q -c qemu:///system domstate "$n" 2>/dev/null)" = running ] || { say "$n is not running after $1"; return 1; }
  done
}
# untimed: the instances removed at once (a destroy waits for this host's reaper, see docs/benchmarks.md)
down_all() {
  local n pids=()
  for n in "${names[@]}"; do vs down "$n" >/dev/null & pids+=($!); done
  for n in "${pids[@]}"; do wait "$n" || { say "down failed"; return 1; }; done
}
plan_up() { # extra args for up; prints the wall time
  local start=$EPOCHREALTIME
  vs up "$@" "$work/plan.yaml" >/dev/null || { say "up of the plan failed"; return 1; }
  elapsed "$start"
  all_running "the plan's up" && down_all
}
singles_up() {
  local n start=$EPOCHREALTIME
  for n in "${names[@]}"; do vs up "$work/$n.yaml" >/dev/null || { say "up of $n failed"; return 1; }; done
  elapsed "$start"
  all_running "the single ups" && down_all
}

say "$count instances (1 vCPU, 128 MiB, TCG, empty 16 MiB disk, no NIC); $rounds round(s) after $warmup warm-up;" \
  "$(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
for ((i = 0; i < warmup; i++)); do plan_up >/dev/null; singles_up >/dev/null; done
plan_t=() singles_t=() serial_t=()
for ((i = 0; i < rounds; i++)); do
  if ((i % 2 == 0)); then
    plan_t+=("$(plan_up)"); singles_t+=("$(singles_up)"); serial_t+=("$(plan_up --parallel 1)")
  else
    serial_t+=("$(plan_up --parallel 1)"); singles_t+=("$(singles_up)"); plan_t+=("$(plan_up)")
  fi
  say "round $((i + 1)): plan ${plan_t[-1]} s, $count single ups ${singles_t[-1]} s, plan --parallel 1 ${serial_t[-1]} s"
done
mid() { printf '%s\n' "$@" | sort -n | awk '{ t[NR] = $1 } END { printf "%.3f", (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2 }'; }
plan=$(mid "${plan_t[@]}") singles=$(mid "${singles_t[@]}") serial=$(mid "${serial_t[@]}")
ratio=$(awk -v a="$plan" -v b="$singles" 'BEGIN { printf "%.2f", a / b }')
verdict=FAIL
awk -v r="$ratio" 'BEGIN { exit !(r <= 0.5) }' && verdict=PASS
printf '%-36s %7.3f s\n' "up of the $count-instance plan" "$plan"
printf '%-36s %7.3f s\n' "$count sequential single ups" "$singles"
printf '%-36s %7.3f s  (one process, one at a time)\n' "up of the plan, --parallel 1" "$serial"
printf '%-36s %7.2fx (target <= 0.5x)  %s\n' "plan / sequential singles" "$ratio" "$verdict"
printf '%-36s %7.2fx (the part that is the parallelism)\n' "plan / plan --parallel 1" \
  "$(awk -v a="$plan" -v b="$serial" 'BEGIN { printf "%.2f", a / b }')"
say "load at the end $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$verdict" = FAIL ]; then
  $quick && { say "target missed; --quick: report only"; exit 0; }
  exit 1
fi
