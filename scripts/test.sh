#!/usr/bin/env bash
# Runs every test: unit, integration (real libvirt, qemu-img, drive tools, cloud-init's readers)
# and end to end (boots the Debian test guest through `virtseed up`). Needs root; installs what
# it needs. Extra arguments go to Maven (e.g. -Dit.test=DatasourceBootE2EIT).
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
cd "$ROOT"
. scripts/jdk.sh
vs_use_jdk
"$ROOT/scripts/host-setup.sh"
"$ROOT/samples/images/build-guest.sh"
echo "test: JAVA_HOME=$JAVA_HOME"
./mvnw -B -ntp verify -Pe2e "$@"
