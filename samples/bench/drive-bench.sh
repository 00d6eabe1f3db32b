#!/usr/bin/env bash
# How fast is a config drive? Builds a typical drive (every OpenStack version, 16 KiB user data,
# two injected files, two NICs) in process with JMH, then nova's way (files in a temp dir,
# genisoimage, remove the dir), and checks the targets:
#   - in process at least 20x faster than nova's way
#   - heap allocated per drive (JMH -prof gc, gc.alloc.rate.norm) under 4x the image size
# Exits 0 when both are met, 1 when one is missed or something failed. About a minute on 2 cores.
#
# Usage: samples/bench/drive-bench.sh [--rebuild]
# Environment: JMH_ARGS (default "-wi 5 -i 5 -f 1 -w 1s -r 1s"), NOVA_RUNS (default 50),
# COLD_FORKS (fresh JVMs for the first-drive figure, default 8).
set -euo pipefail

ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
JAR="$ROOT/samples/target/benchmarks.jar"
MIN_SPEEDUP=20
MAX_ALLOC_PER_IMAGE=4
JMH_ARGS=${JMH_ARGS:-"-wi 5 -i 5 -f 1 -w 1s -r 1s"}
NOVA_RUNS=${NOVA_RUNS:-50}
COLD_FORKS=${COLD_FORKS:-8}

say() { echo "drive-bench: $*" >&2; }

# shellcheck source=../../scripts/jdk.sh
. "$ROOT/scripts/jdk.sh"
vs_use_jdk || exit 1
JAVA="$JAVA_HOME/bin/java"

command -v genisoimage >/dev/null 2>&1 || { say "genisoimage is not installed (apt-get install genisoimage)"; exit 1; }

rebuild=false
case "${1:-}" in
  --rebuild) rebuild=true ;;
  "") ;;
  *) say "unknown argument '$1'; usage: $0 [--rebuild]"; exit 2 ;;
esac
if $rebuild || [ ! -f "$JAR" ] \
    || [ -n "$(find "$ROOT/samples/pom.xml" "$ROOT/samples/src/main" -newer "$JAR" -print -quit)" ]; then
  say "building $JAR (the samples module and what it needs, from this tree)"
  ( cd "$ROOT" && ./mvnw -q -B -Pbench -pl samples -am package -DskipTests ) >&2 \
    || { say "the build failed; run '$ROOT/mvnw -Pbench -pl samples -am package -DskipTests' to see why"; exit 1; }
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/vs-drive-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# runs one JMH benchmark class; the results go to $WORK/CLASS.csv, the table to stdout
run_jmh() {
  local class=$1; shift
  say "JMH: $class $*"
  "$JAVA" -jar "$JAR" "io\\.virtseed\\.samples\\.bench\\.$class\\." "$@" -rf csv -rff "$WORK/$class.csv" \
    >"$WORK/$class.log" 2>&1 || { cat "$WORK/$class.log" >&2; say "JMH failed"; exit 1; }
  sed -n '/^Benchmark  *Mode/,/^$/p' "$WORK/$class.log" | grep -v -e ':gc\.count' -e ':gc\.time'
}

# shellcheck disable=SC2086 # JMH_ARGS is a list of options
run_jmh ConfigDriveBench $JMH_ARGS -prof gc
run_jmh ColdDriveBench -f "$COLD_FORKS"

say "nova's way: $NOVA_RUNS runs of files + genisoimage + cleanup"
"$JAVA" -cp "$JAR" io.virtseed.samples.bench.NovaWayBench --runs "$NOVA_RUNS" --warmup 5 >"$WORK/nova.txt" \
  || { say "the nova-way run failed"; exit 1; }

# CSV rows: "io.virtseed.samples.bench.CLASS.METHOD[:secondary]",mode,threads,samples,score,error,unit
jmh() { awk -F, -v want="\"io.virtseed.samples.bench.$1.$2\"" '$1 == want { print $5 }' "$WORK/$1.csv"; }
nova() { awk -v want="$1" '$1 == want { print $2 }' "$WORK/nova.txt"; }

iso_us=$(jmh ConfigDriveBench isoInProcess)
alloc=$(jmh ConfigDriveBench 'isoInProcess:gc.alloc.rate.norm')
image=$(nova image.bytes.inprocess)
nova_ms=$(nova nova.ms.mean)
for v in iso_us alloc image nova_ms; do
  [ -n "${!v}" ] || { say "no figure for $v in the results"; exit 1; }
done
[ "$(nova image.same-files)" = true ] \
  || { say "genisoimage's image and the in-process one hold different files: the comparison is void"; exit 1; }

echo
awk -v iso_us="$iso_us" -v tree_us="$(jmh ConfigDriveBench treeOnly)" -v alloc="$alloc" \
    -v alloc_stream="$(jmh ConfigDriveBench 'isoToChannel:gc.alloc.rate.norm')" \
    -v cold_drive="$(jmh ColdDriveBench firstDrive)" -v cold_tree="$(jmh ColdDriveBench firstTree)" \
    -v image="$image" -v geniso="$(nova image.bytes.genisoimage)" -v nova_ms="$nova_ms" \
    -v nova_median="$(nova nova.ms.median)" -v min_speedup="$MIN_SPEEDUP" -v max_alloc="$MAX_ALLOC_PER_IMAGE" '
  function verdict(ok) { return ok ? "PASS" : "FAIL" }
  BEGIN {
    speedup = nova_ms * 1000 / iso_us
    per_image = alloc / image
    printf "in-process drive, warm JVM           %10.1f us/op   (of which the metadata tree %.1f us/op)\n", iso_us, tree_us
    printf "in-process drive, fresh JVM          %10.1f ms      (the metadata tree alone %.1f ms; not in the ratio)\n", cold_drive, cold_tree
    printf "nova way (files + genisoimage + rm)  %10.3f ms/op   (median %.3f ms)\n", nova_ms, nova_median
    printf "speed-up (warm)                      %10.1f x       target >= %d x   %s\n", speedup, min_speedup, verdict(speedup >= min_speedup)
    printf "heap allocated per drive             %10d bytes   (streamed to a channel: %d bytes)\n", alloc, alloc_stream
    printf "image size                           %10d bytes   (genisoimage: %d bytes)\n", image, geniso
    printf "allocated / image                    %10.2f x       target < %d x    %s\n", per_image, max_alloc, verdict(per_image < max_alloc)
    exit (speedup >= min_speedup && per_image < max_alloc) ? 0 : 1
  }'
