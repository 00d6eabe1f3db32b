# Sourced by the network benchmark and leak check: builds samples/target/benchmarks.jar (the
# samples module's bench profile, all dependencies shaded) when it is missing or older than the
# sources it is made of, and sets JAVA to a JDK >= 21.
# shellcheck shell=bash
vs_bench_jar() { # ROOT REBUILD(true|false) NAME
  local root=$1 rebuild=$2 name=$3 jar="$1/samples/target/benchmarks.jar"
  # shellcheck source=../../scripts/jdk.sh
  . "$root/scripts/jdk.sh"
  vs_use_jdk || return 1
  JAVA="$JAVA_HOME/bin/java"
  if $rebuild || [ ! -f "$jar" ] || [ -n "$(find "$root/samples/pom.xml" "$root/samples/src/main" \
      "$root/network-setup/src/main" "$root/core/src/main" "$root/hypervisor-libvirt/src/main" \
      "$root/configdrive/src/main" "$root/cli/src/main" -newer "$jar" -print -quit)" ]; then
    echo "$name: building $jar (the samples module and what it needs, from this tree)" >&2
    ( cd "$root" && ./mvnw -q -B -Pbench -pl samples -am package -DskipTests ) >&2 \
      || { echo "$name: the build failed; run '$root/mvnw -Pbench -pl samples -am package -DskipTests' to see why" >&2; return 1; }
  fi
  BENCH_JAR=$jar
}
