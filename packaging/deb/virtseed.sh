#!/bin/bash
# /usr/bin/virtseed from the Debian package: the CLI on the Java runtime the package carries, with
# the AOT caches made at package time for that runtime (a cache the JVM refuses is ignored).
# The JVM loads every class of a cache at start, so each command takes the smallest cache that
# holds what it runs: the lean one (trained on ls's table alone) for ls, --help and --version, the
# drive one (drive build alone) for drive, the up one (up alone) for up, the
# full one for ls -o json and the rest. ls, drive, --help and --version, over in a tenth of a
# second, have the JIT compile later (10x the invocations): compiling what runs twice only takes
# the cores from the command.
lib="${BASH_SOURCE[0]%/*}"
lib="${lib%/bin}/lib/virtseed"
# no hsperfdata file (jps and jstat do not see the CLI): a few ms less per command
opts=(--enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData)
# JNA's native part, installed next to the jar: else JNA unpacks it from the jar on every run
[ -f "$lib/libjnidispatch.so" ] && opts+=(-Djna.boot.library.path="$lib")
cache="$lib/virtseed.aot"
prev="" word="" json=false
for a in "$@"; do # the command word: the first argument that is neither an option nor its value
  if [ -z "$word" ] && [ "$prev" != --state-dir ] && [ "$prev" != --connect ]; then
    case "$a" in -*) ;; *) word=$a ;; esac
  fi
  case "$prev/$a" in -o/json|--output/json|*/--output=json|*/-o=json|*/-ojson) json=true ;; esac
  prev=$a
done
case "${*: -1}" in --help|-h|--version|-V) word=ls json=false ;; esac # few classes: the lean cache's
case "$word" in
  drive) opts+=(-XX:CompileThresholdScaling=10); [ -f "$lib/virtseed-drive.aot" ] && cache="$lib/virtseed-drive.aot" ;;
  ls) opts+=(-XX:CompileThresholdScaling=10); $json || { [ -f "$lib/virtseed-lean.aot" ] && cache="$lib/virtseed-lean.aot"; } ;;
  up) [ -f "$lib/virtseed-up.aot" ] && cache="$lib/virtseed-up.aot" ;;
esac
[ $# -gt 0 ] || cache=""
if [ -n "$cache" ]; then
  opts+=(-XX:AOTCache="$cache" -Xlog:aot=off,cds=off)
else
  opts+=(-Xshare:auto)
fi
# the main class by name, not -jar: -jar reads the jar's manifest first, which means reading the
# index of its 7,800 entries (10 to 20 ms); classes from the cache need no look into the jar
exec "$lib/runtime/bin/java" "${opts[@]}" -cp "$lib/virtseed.jar" io.virtseed.cli.Main "$@"
