#!/bin/bash
# /usr/bin/virtseed from the Debian package: the CLI on the Java runtime the package carries, with
# the AOT caches made at package time for that runtime (a cache the JVM refuses is ignored).
# The JVM loads every class of a cache at start, so the cache follows the command: none for
# --help, --version and an ls of a state folder with no instance record (few classes), the lean
# one (trained on ls alone) for ls, the drive one (drive build alone) for drive, the full one for
# the rest.
lib="${BASH_SOURCE[0]%/*}"
lib="${lib%/bin}/lib/virtseed"
# no hsperfdata file (jps and jstat do not see the CLI): a few ms less per command
opts=(--enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData)
# JNA's native part, installed next to the jar: else JNA unpacks it from the jar on every run
[ -f "$lib/libjnidispatch.so" ] && opts+=(-Djna.boot.library.path="$lib")
cache="$lib/virtseed.aot"
prev="" word="" dir=${VIRTSEED_STATE_DIR:-/var/lib/virtseed}
for a in "$@"; do # the command word: the first argument that is neither an option nor its value
  case "$prev" in --state-dir) dir=$a ;; esac
  case "$a" in --state-dir=*) dir=${a#--state-dir=} ;; esac
  if [ -z "$word" ] && [ "$prev" != --state-dir ] && [ "$prev" != --connect ]; then
    case "$a" in -*) ;; *) word=$a ;; esac
  fi
  prev=$a
done
case "$word" in drive) [ -f "$lib/virtseed-drive.aot" ] && cache="$lib/virtseed-drive.aot" ;; esac
if [ "$word" = ls ]; then
  cache=""
  for record in "$dir"/instances/*/instance.json; do
    [ -e "$record" ] && { cache="$lib/virtseed-lean.aot"; [ -f "$cache" ] || cache="$lib/virtseed.aot"; break; }
  done
fi
case "${*: -1}" in --help|-h|--version|-V|"") cache="" ;; esac
if [ -n "$cache" ]; then
  opts+=(-XX:AOTCache="$cache" -Xlog:aot=off,cds=off)
else
  opts+=(-Xshare:auto)
fi
exec "$lib/runtime/bin/java" "${opts[@]}" -jar "$lib/virtseed.jar" "$@"
