#!/usr/bin/env bash
# Does every command start like a native tool? Times whole processes, virtseed next to the tool
# users compare it with, in one run on the same host, and prints each ratio of medians:
#   --version, --help                      <= 3x   java -version (the JDK the launcher runs)
#   ls, 0 and 100 instances                <= 5x   virsh list --all
#   drive build --format nocloud           <= 5x   cloud-localds on the same user-data/meta-data
#   drive build (ISO)                      <= 5x   genisoimage on the same tree
#   up, no wait (a 16 MiB empty disk)      <= 1.5x virsh define + virsh start of the same XML
# Exits 1 when a target is missed; with --quick (3 runs, for CI) it only reports and exits 0.
# `up` needs libvirt at qemu:///system; without it that line says "skipped". --only times some
# of the groups: version (--version, --help), ls, drive, up, comma-separated.
#
# Usage: samples/bench/startup-bench.sh [--quick] [--runs N] [--only GROUP,...]
# Environment: VIRTSEED (the binary, default the tree's ./virtseed; /usr/bin/virtseed for the package)
set -euo pipefail

ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
VIRTSEED=${VIRTSEED:-$ROOT/virtseed}
runs=10 quick=false only=version,ls,drive,up
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=true; runs=3 ;;
    --runs) runs=$2; shift ;;
    --only) only=$2; shift ;;
    *) echo "startup-bench: unknown argument '$1'; usage: $0 [--quick] [--runs N] [--only GROUP,...]" >&2; exit 2 ;;
  esac
  shift
done
say() { echo "startup-bench: $*" >&2; }
for group in ${only//,/ }; do
  case "$group" in version|ls|drive|up) ;; *) say "unknown group '$group' (version, ls, drive, up)"; exit 2 ;; esac
done
want() { [[ ",$only," == *",$1,"* ]]; }
for tool in virsh genisoimage cloud-localds xorriso qemu-img; do
  command -v "$tool" >/dev/null || { say "$tool is missing (scripts/host-setup.sh installs it)"; exit 1; }
done
# shellcheck source=../../scripts/jdk.sh
. "$ROOT/scripts/jdk.sh"
vs_use_jdk || exit 1

work=$(mktemp -d /tmp/vs-startup-bench.XXXXXX)
chmod 0711 "$work" # QEMU, as its own user, must reach the disks under it
up_name="vs-startup-bench-$$"
cleanup() {
  virsh -q destroy "$up_name" >/dev/null 2>&1 || true
  virsh -q undefine "$up_name" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
state="$work/state" # every virtseed run below uses its own state directory
vs() { "$VIRTSEED" --state-dir "$state" "$@"; }

median() { # median of the wall times, in seconds, of $runs runs of "$@" (output discarded)
  local i start times=()
  for ((i = 0; i < runs; i++)); do
    start=$EPOCHREALTIME
    "$@" >/dev/null 2>&1 || { say "failed: $*"; return 1; }
    times+=("$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.6f", b - a }')")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{ t[NR] = $1 } END { printf "%.4f", (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2 }'
}

missed=0
report() { # NAME VIRTSEED_SECONDS OTHER_NAME OTHER_SECONDS MAX_RATIO
  local verdict ratio
  ratio=$(awk -v a="$2" -v b="$4" 'BEGIN { printf "%.1f", a / b }')
  if awk -v r="$ratio" -v m="$5" 'BEGIN { exit !(r <= m) }'; then verdict=PASS; else verdict=FAIL; missed=$((missed + 1)); fi
  printf '%-32s %7.3f s  %-28s %7.3f s  %5sx (target <= %sx)  %s\n' "$1" "$2" "$3" "$4" "$ratio" "$5" "$verdict"
}

vs --version >/dev/null # builds the CLI first when the launcher finds the sources changed
say "$runs runs each; $VIRTSEED; $(vs --version | head -1); on $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"

if want version; then
  java_s=$(median "$JAVA_HOME/bin/java" -version)
  report "virtseed --version" "$(median "$VIRTSEED" --version)" "java -version" "$java_s" 3
  report "virtseed --help" "$(median "$VIRTSEED" --help)" "java -version" "$java_s" 3
fi

if want ls || want up; then # ls's instances use the image that up boots
  virsh_s=$(median virsh -c qemu:///system list --all)
  if want ls; then report "virtseed ls (0 instances)" "$(median vs ls)" "virsh list --all" "$virsh_s" 5; fi
  # 100 instance records (copies of one made against libvirt's in-memory test driver): ls asks
  # libvirt for their states in one listing
  qemu-img create -q -f qcow2 "$work/tiny.qcow2" 16M
  vs image import vs-bench-img "$work/tiny.qcow2" >/dev/null
  printf 'name: vs-bench-000\nimage: vs-bench-img\ncpus: 1\nmemory: 256MiB\nnetworks: []\n' > "$work/one.yaml"
  vs --connect test:///default -q up "$work/one.yaml" >/dev/null
  for i in $(seq -w 1 99); do
    mkdir "$state/instances/vs-bench-0$i"
    sed -e "s/vs-bench-000/vs-bench-0$i/g" -e "s/\"uuid\" : \"[^\"]*\"/\"uuid\" : \"$(cat /proc/sys/kernel/random/uuid)\"/" \
      "$state/instances/vs-bench-000/instance.json" > "$state/instances/vs-bench-0$i/instance.json"
  done
  [ "$(vs ls | tail -n +2 | wc -l)" -eq 100 ] || { say "ls does not list the 100 records"; exit 1; }
  if want ls; then report "virtseed ls (100 instances)" "$(median vs ls)" "virsh list --all" "$virsh_s" 5; fi
fi

# drive build: the same spec, then the same files for the other tools
if want drive; then
  cp "$ROOT/samples/hello.yaml" "$work/hello.yaml"
  report "virtseed drive build (NoCloud)" "$(median vs drive build "$work/hello.yaml" --format nocloud --force -o "$work/nc.img")" \
    "cloud-localds" "$(
      vs drive build "$work/hello.yaml" --format nocloud --force -o "$work/nc.iso" >/dev/null
      mkdir "$work/nc" && xorriso -osirrox on -indev "$work/nc.iso" -extract / "$work/nc" >/dev/null 2>&1
      median cloud-localds "$work/cl.img" "$work/nc/user-data" "$work/nc/meta-data")" 5
  vs drive build "$work/hello.yaml" --force -o "$work/cd.iso" >/dev/null
  mkdir "$work/tree" && xorriso -osirrox on -indev "$work/cd.iso" -extract / "$work/tree" >/dev/null 2>&1
  report "virtseed drive build (ISO)" "$(median vs drive build "$work/hello.yaml" --force -o "$work/cd.iso")" \
    "genisoimage, same tree" "$(median genisoimage -quiet -o "$work/g.iso" -J -r -V config-2 "$work/tree")" 5
fi

up_once() { # one virtseed up to running, timed into up_times; then the same XML through virsh
  printf 'name: %s\nimage: vs-bench-img\ncpus: 1\nmemory: 256MiB\nnetworks: []\n' "$up_name" > "$work/up.yaml"
  local start=$EPOCHREALTIME
  vs -q up "$work/up.yaml" >/dev/null
  up_times+=("$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.6f", b - a }')")
  virsh -q dumpxml --inactive "$up_name" > "$work/up.xml"
  virsh -q destroy "$up_name" >/dev/null && virsh -q undefine "$up_name" >/dev/null
  start=$EPOCHREALTIME
  virsh -q define "$work/up.xml" >/dev/null && virsh -q start "$up_name" >/dev/null
  virsh_times+=("$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.6f", b - a }')")
  virsh -q destroy "$up_name" >/dev/null && virsh -q undefine "$up_name" >/dev/null
  rm -rf "${state:?}/instances/$up_name"
}
mid() { printf '%s\n' "$@" | sort -n | awk '{ t[NR] = $1 } END { printf "%.4f", t[int((NR + 1) / 2)] }'; }
if ! want up; then
  :
elif virsh -c qemu:///system -q list >/dev/null 2>&1; then
  up_times=() virsh_times=()
  for ((i = 0; i < runs; i++)); do up_once; done
  report "virtseed up (no wait)" "$(mid "${up_times[@]}")" "virsh define + start" "$(mid "${virsh_times[@]}")" 1.5
else
  echo "virtseed up (no wait)            skipped: libvirt does not answer at qemu:///system"
fi

if [ "$missed" -gt 0 ]; then
  say "$missed target(s) missed"
  $quick && { say "--quick: report only"; exit 0; }
  exit 1
fi
say "every target met"
