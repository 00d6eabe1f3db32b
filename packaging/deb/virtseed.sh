#!/bin/bash
# /usr/bin/virtseed from the Debian package: the CLI on the Java runtime the package carries, with
# the AOT cache made at package time for that runtime (a cache the JVM refuses is ignored).
lib="${BASH_SOURCE[0]%/*}"
lib="${lib%/bin}/lib/virtseed"
opts=(--enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -XX:TieredStopAtLevel=1)
case "${*: -1}" in
  --help|-h|--version|-V|"") opts+=(-Xshare:auto) ;; # a few dozen classes: cheaper than mapping the cache
  *) opts+=(-XX:AOTCache="$lib/virtseed.aot" -Xlog:aot=off,cds=off) ;;
esac
exec "$lib/runtime/bin/java" "${opts[@]}" -jar "$lib/virtseed.jar" "$@"
