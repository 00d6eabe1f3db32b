#!/usr/bin/env bash
# Checks the built package: its control fields, then installs it into a scratch root (dpkg -x) and
# runs the installed binary from another folder with an empty environment (no JDK, no JAVA_HOME):
# --version, drive build --help, a drive build of samples/hello.yaml, doctor, and image import, up,
# ls and down against libvirt's in-memory test driver. Exits 1 on the first
# failure; the scratch root is removed in every case. A few seconds.
# Usage: packaging/deb/test-deb.sh [DEB] (default: the one in cli/target/deb)
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
deb=${1:-$(ls "$ROOT"/cli/target/deb/virtseed_*_amd64.deb 2>/dev/null | head -1)}
[ -f "$deb" ] || { echo "test-deb: no package; run packaging/deb/build-deb.sh first" >&2; exit 1; }
scratch=$(mktemp -d /tmp/vs-deb-test.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
fail() { echo "test-deb: FAIL: $*" >&2; exit 1; }
ok() { echo "test-deb: ok   $*" >&2; }

field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = virtseed ] && [ "$(field Architecture)" = amd64 ] || fail "control: package or architecture"
for dep in qemu-system-x86 qemu-utils libvirt-daemon-system dnsmasq-base iptables; do
  field Depends | tr ',' '\n' | grep -qx " *$dep" || fail "Depends lacks $dep: $(field Depends)"
done
case "$(basename "$deb")" in "virtseed_$(field Version)_amd64.deb") ;; *) fail "file name vs Version $(field Version)" ;; esac
ok "control: $(field Package) $(field Version), Depends: $(field Depends)"

root="$scratch/root"
dpkg -x "$deb" "$root"
for f in usr/bin/virtseed usr/lib/virtseed/runtime/bin/java usr/lib/virtseed/virtseed.jar \
    usr/share/man/man1/virtseed.1.gz usr/share/bash-completion/completions/virtseed lib/systemd/system/virtseed.service; do
  [ -e "$root/$f" ] || fail "/$f is not in the package"
done
[ -x "$root/usr/bin/virtseed" ] || fail "/usr/bin/virtseed is not executable"
gzip -dc "$root/usr/share/man/man1/virtseed.1.gz" | grep -q '^\.TH VIRTSEED 1' || fail "man page header"
bash -n "$root/usr/share/bash-completion/completions/virtseed" || fail "bash completion does not parse"
grep -qx 'ExecStart=/usr/bin/virtseed serve' "$root/lib/systemd/system/virtseed.service" || fail "unit's ExecStart"
ok "files: launcher, runtime, jar, man page, bash completion, systemd unit"

run() { # the installed binary, from the scratch folder, with nothing from this environment
  (cd "$scratch" && env -i PATH=/usr/bin:/bin HOME="$scratch" "$root/usr/bin/virtseed" "$@")
}
version=$(run --version) || fail "--version exited $?"
grep -Eq "^virtseed [0-9]+\.[0-9]+\.[0-9]+[^ ]* \(commit ([0-9a-f]{7,}|unknown)\)" <<<"$version" || fail "--version: $version"
ok "--version: $(head -1 <<<"$version")"
run drive build --help | grep -q '^Usage: virtseed drive build ' || fail "drive build --help"
ok "drive build --help"
cp "$ROOT/samples/hello.yaml" "$scratch/hello.yaml"
built=$(run drive build hello.yaml -o hello.iso) || fail "drive build exited $?"
[ -s "$scratch/hello.iso" ] || fail "drive build wrote no image: $built"
ok "drive build: $built"
# libvirt through JNA on the packaged runtime, against libvirt's in-memory test driver
run --connect test:///default doctor >/dev/null || fail "doctor (test driver) exited $?"
ok "doctor"
chmod 0711 "$scratch" # QEMU's user must reach the disks below, as for any state folder
state=(--state-dir "$scratch/state" --connect test:///default)
qemu-img create -q -f qcow2 "$scratch/tiny.qcow2" 16M
printf 'name: vs-deb-test\nimage: vs-deb-img\nmemory: 256MiB\nnetworks: []\n' > "$scratch/one.yaml"
run "${state[@]}" -q image import vs-deb-img tiny.qcow2 >/dev/null || fail "image import exited $?"
run "${state[@]}" -q up one.yaml | grep -q '^vs-deb-test running ' || fail "up (test driver)"
run "${state[@]}" ls | grep -q '^vs-deb-test ' || fail "ls after up"
# JNA's native part is the packaged one, not unpacked from the jar on each run (JNA says where it found it)
[ -f "$root/usr/lib/virtseed/libjnidispatch.so" ] || fail "/usr/lib/virtseed/libjnidispatch.so is not in the package"
found=$(cd "$scratch" && env -i PATH=/usr/bin:/bin HOME="$scratch" \
  JAVA_TOOL_OPTIONS="-Djna.debug_load=true -Djna.debug_load.jna=true" "$root/usr/bin/virtseed" "${state[@]}" ls 2>&1 \
  | grep -o 'Found jnidispatch at .*' || true)
[ "$found" = "Found jnidispatch at $root/usr/lib/virtseed/libjnidispatch.so" ] || fail "JNA did not load the packaged libjnidispatch.so: ${found:-it unpacked its own}"
ok "JNA loads the packaged libjnidispatch.so"
run "${state[@]}" -q down vs-deb-test >/dev/null || fail "down exited $?"
ok "image import, up, ls, down (test driver)"
set +e; run serve-nothing >/dev/null 2>&1; code=$?; set -e
[ "$code" -eq 2 ] || fail "an unknown command exited $code, not 2"
ok "unknown command: exit 2"
echo "test-deb: the package installs and runs ($(basename "$deb"))" >&2
