#!/usr/bin/env bash
# Runs every test: unit, integration (real libvirt, qemu-img, drive tools, cloud-init's readers)
# and end to end (boots the Debian test guest through `virtseed up`). Needs root; installs what
# it needs. Then builds the Debian package, installs it into a scratch root and runs it, and reports
# start-up and lifecycle times. Extra arguments go to Maven (e.g. -Dit.test=DatasourceBootE2EIT).
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
cd "$ROOT"
. scripts/jdk.sh
vs_use_jdk
"$ROOT/scripts/host-setup.sh"
"$ROOT/samples/images/build-guest.sh"
echo "test: JAVA_HOME=$JAVA_HOME"
./mvnw -B -ntp verify -Pe2e "$@"
# networks: 20 create/remove cycles, then a scan of the host for anything left
"$ROOT/scripts/net-leaks.sh" 20
# the Debian package from what the build made, installed into a scratch root and run from there
"$ROOT/packaging/deb/build-deb.sh" >/dev/null
"$ROOT/packaging/deb/test-deb.sh"
# start-up next to the native tools, short and report only (targets: samples/bench/startup-bench.sh)
"$ROOT/samples/bench/startup-bench.sh" --quick
# up and down next to libvirt-java's own calls, short and report only (samples/bench/lifecycle-bench.sh)
"$ROOT/samples/bench/lifecycle-bench.sh" --quick
# a 5-instance plan's up next to 5 single ups, one round and report only (samples/bench/plan-bench.sh)
"$ROOT/samples/bench/plan-bench.sh" --quick
