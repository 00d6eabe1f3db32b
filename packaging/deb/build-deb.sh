#!/usr/bin/env bash
# Builds cli/target/deb/virtseed_<version>_amd64.deb from the built CLI (run the Maven build first):
# a jlinked Java runtime, the shaded jar, an AOT cache trained on that runtime, /usr/bin/virtseed,
# the man page and bash completion picocli generated, and a systemd unit for `virtseed serve`.
# Needs a JDK >= 21 (jlink; the AOT cache only with >= 25) and dpkg-deb. About 30 s.
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
HERE="$ROOT/packaging/deb"
TARGET="$ROOT/cli/target"
say() { echo "build-deb: $*" >&2; }

# shellcheck source=../../scripts/jdk.sh
. "$ROOT/scripts/jdk.sh"
vs_use_jdk || exit 1
for f in "$TARGET/virtseed.jar" "$TARGET/docs/virtseed.1" "$TARGET/docs/virtseed.bash" \
    "$TARGET/classes/io/virtseed/cli/version.properties"; do
  [ -f "$f" ] || { say "$f is missing: build the CLI first (./mvnw -pl cli -am package)"; exit 1; }
done
release=$(sed -n 's/^version=//p' "$TARGET/classes/io/virtseed/cli/version.properties")
commit=$(sed -n 's/^commit=//p' "$TARGET/classes/io/virtseed/cli/version.properties")
version=${release/-SNAPSHOT/\~snapshot}
case "$commit" in [0-9a-f]*) version="$version+git$commit" ;; esac # sorts after the bare snapshot

out="$TARGET/deb"
stage="$out/stage"
rm -rf "$stage" && mkdir -p "$stage/DEBIAN" "$stage/usr/bin" "$stage/usr/lib/virtseed" \
  "$stage/usr/share/man/man1" "$stage/usr/share/bash-completion/completions" "$stage/lib/systemd/system" \
  "$stage/usr/share/doc/virtseed"
lib="$stage/usr/lib/virtseed"

modules=$("$JAVA_HOME/bin/jdeps" --ignore-missing-deps --multi-release 21 --print-module-deps "$TARGET/virtseed.jar")
modules="$modules,java.logging,jdk.httpserver,jdk.crypto.ec,jdk.zipfs" # loaded by name or by services
say "jlink: $modules"
"$JAVA_HOME/bin/jlink" --add-modules "$modules" --output "$lib/runtime" --strip-debug --no-man-pages \
  --no-header-files --compress=zip-6 --generate-cds-archive >&2
rm -f "$lib/runtime/lib/server/classes_nocoops.jsa" # for heaps over 32 GiB only
install -m 0644 "$TARGET/virtseed.jar" "$lib/virtseed.jar"
install -m 0755 "$HERE/virtseed.sh" "$stage/usr/bin/virtseed"
# JNA's native part as the build copied it from the jar's JNA: /usr/bin/virtseed points JNA at it
jna=()
if [ -f "$TARGET/libjnidispatch.so" ]; then
  install -m 0644 "$TARGET/libjnidispatch.so" "$lib/libjnidispatch.so"
  jna=(-Djna.boot.library.path="$lib") # the training loads it from where the launcher will
fi
gzip -9n < "$TARGET/docs/virtseed.1" > "$stage/usr/share/man/man1/virtseed.1.gz"
install -m 0644 "$TARGET/docs/virtseed.bash" "$stage/usr/share/bash-completion/completions/virtseed"
install -m 0644 "$HERE/virtseed.service" "$stage/lib/systemd/system/virtseed.service"
printf 'virtseed %s (commit %s)\nThe Java runtime is OpenJDK (GPLv2 with the Classpath Exception), jlinked from %s.\n' \
  "$release" "$commit" "$JAVA_HOME" > "$stage/usr/share/doc/virtseed/README"

if [ "$(vs_jdk_major "$JAVA_HOME")" -ge 25 ]; then
  say "training the AOT caches (full, lean for ls, drive for drive build, up for up) on the packaged runtime"
  ( cd "$out" && "$lib/runtime/bin/java" -XX:AOTCacheOutput="$lib/virtseed.aot" -Xlog:aot=error,cds=error \
      -XX:+UseSerialGC -XX:TieredStopAtLevel=1 --enable-native-access=ALL-UNNAMED "${jna[@]}" \
      -cp "$lib/virtseed.jar" io.virtseed.cli.AotTraining ) >&2
  ( cd "$out" && "$lib/runtime/bin/java" -XX:AOTCacheOutput="$lib/virtseed-lean.aot" -Xlog:aot=error,cds=error \
      -XX:+UseSerialGC -XX:TieredStopAtLevel=1 --enable-native-access=ALL-UNNAMED "${jna[@]}" \
      -cp "$lib/virtseed.jar" io.virtseed.cli.AotTraining --lean ) >&2
  ( cd "$out" && "$lib/runtime/bin/java" -XX:AOTCacheOutput="$lib/virtseed-drive.aot" -Xlog:aot=error,cds=error \
      -XX:+UseSerialGC -XX:TieredStopAtLevel=1 --enable-native-access=ALL-UNNAMED "${jna[@]}" \
      -cp "$lib/virtseed.jar" io.virtseed.cli.AotTraining --drive ) >&2
  ( cd "$out" && "$lib/runtime/bin/java" -XX:AOTCacheOutput="$lib/virtseed-up.aot" -Xlog:aot=error,cds=error \
      -XX:+UseSerialGC -XX:TieredStopAtLevel=1 --enable-native-access=ALL-UNNAMED "${jna[@]}" \
      -cp "$lib/virtseed.jar" io.virtseed.cli.AotTraining --up ) >&2
  chmod 0644 "$lib/virtseed.aot" "$lib/virtseed-lean.aot" "$lib/virtseed-drive.aot" "$lib/virtseed-up.aot"
fi

size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
install -m 0755 "$HERE/postinst" "$stage/DEBIAN/postinst"
sed -e "s/@VERSION@/$version/" -e "s/@SIZE@/$size/" "$HERE/control.in" > "$stage/DEBIAN/control"
deb="$out/virtseed_${version}_amd64.deb"
rm -f "$out"/virtseed_*.deb
dpkg-deb --root-owner-group -Zgzip -z6 --build "$stage" "$deb" >&2
rm -rf "$stage"
say "built $deb ($(du -h "$deb" | cut -f1))"
echo "$deb"
