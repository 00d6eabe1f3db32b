#!/usr/bin/env bash
# The main job, from nothing: install the host packages, build virtseed and the Debian test guest,
# boot samples/hello.yaml, wait for cloud-init, and show what the guest did. Run as root.
# Afterwards:  ./virtseed down hello
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
cd "$ROOT"
[ "$(id -u)" -eq 0 ] || { echo "hello: run as root (installs packages, runs libvirt guests)" >&2; exit 1; }

./scripts/host-setup.sh
./virtseed --version
./samples/images/build-guest.sh --import "$ROOT/virtseed"
./virtseed up samples/hello.yaml --wait --timeout 10m
echo
./virtseed show hello
echo "What the guest printed from its user data:"
./virtseed logs hello -n 2000 | grep -a 'virtseed-hello:' | tail -1
echo
echo "Remove it with: ./virtseed down hello"
