#!/bin/bash
# build-guest.sh [--out DIR] [--force] [--import PATH_TO_VIRTSEED]
#
# Builds the small Debian 12 (bookworm) test guest with real cloud-init, from Debian
# packages only (no cloud image download), for direct kernel boot with
# "root=/dev/vda rw console=ttyS0". Produces in the output directory:
#   disk.qcow2  vmlinuz  initrd.img  recipe.sha256
# The recipe hash covers this script and every file under guest-files/; when the output
# directory already holds a complete build with the same hash, nothing is rebuilt.
# See README.md beside this script.
set -euo pipefail
umask 022
export PATH="$PATH:/usr/sbin:/sbin"
export LC_ALL=C DEBIAN_FRONTEND=noninteractive

readonly IMAGE_NAME=debian-12-cloudinit
readonly SUITE=bookworm
readonly DISK_SIZE=2G
readonly CMDLINE="root=/dev/vda rw console=ttyS0"
readonly FALLBACK_MIRROR=http://deb.debian.org/debian
# python3-cffi-backend must be named: debootstrap cannot resolve the virtual
# python3-cffi-backend-api-{min,max} that python3-cryptography (cloud-init -> oauthlib) needs.
# net-tools: cloud-init's ENI renderer applies static routes with "post-up route add".
# linux-image-amd64, not the smaller -cloud- flavour: that one has no AHCI driver, so on a q35
# machine (no IDE) the guest would never see its config drive on the SATA cdrom.
readonly GUEST_PACKAGES=systemd-sysv,udev,dbus,cloud-init,python3-cffi-backend,openssh-server,ifupdown,isc-dhcp-client,iproute2,net-tools,netbase,linux-image-amd64,initramfs-tools,e2fsprogs,sudo
# Module trees of the generic kernel a headless virtio guest never loads; dropped to keep the
# image near the size the cloud kernel gave (the initrd is made before, and is not affected).
readonly UNUSED_MODULES=(sound drivers/gpu drivers/media drivers/net/wireless drivers/infiniband drivers/staging drivers/bluetooth net/bluetooth net/wireless net/mac80211)
readonly OUTPUTS=(disk.qcow2 vmlinuz initrd.img recipe.sha256)

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
readonly SCRIPT_DIR
readonly SELF="$SCRIPT_DIR/$(basename "${BASH_SOURCE[0]}")"
readonly GUEST_FILES="$SCRIPT_DIR/guest-files"

START_US=${EPOCHREALTIME/./}
TMP=""

usage() {
  cat <<EOF
usage: $(basename "$0") [--out DIR] [--force] [--import PATH_TO_VIRTSEED]

Builds the Debian 12 cloud-init test guest (needs root and about 2 minutes).
  --out DIR        output directory
                   (default: \${VIRTSEED_CACHE_DIR:-/var/cache/virtseed}/guest/$IMAGE_NAME)
  --force          rebuild even if the output is up to date
  --import PATH    afterwards run: PATH image import $IMAGE_NAME DIR/disk.qcow2 --kernel ... --initrd ... --cmdline ...
Environment: MIRROR overrides the Debian mirror used for the guest.
EOF
}

die() { echo "build-guest: error: $*" >&2; exit 1; }

# Seconds since start, one decimal, without forking.
elapsed() {
  local us=$(( ${EPOCHREALTIME/./} - START_US ))
  printf '%d.%d' $(( us / 1000000 )) $(( us % 1000000 / 100000 ))
}
say() { printf '[%6ss] %s\n' "$(elapsed)" "$*"; }

# Runs an external command quietly into a log file; on failure shows the log's tail.
# (Shell functions run here must check their own errors: "set -e" is off inside "if".)
step() {
  local name=$1 log=$2; shift 2
  local t0=${EPOCHREALTIME/./}
  say "$name ..."
  if ! "$@" >"$log" 2>&1; then
    echo "build-guest: step '$name' failed; last lines of its output:" >&2
    tail -n 30 "$log" >&2
    if [[ -f "$TMP/rootfs/debootstrap/debootstrap.log" ]]; then
      echo "--- debootstrap.log ---" >&2
      tail -n 30 "$TMP/rootfs/debootstrap/debootstrap.log" >&2
    fi
    exit 1
  fi
  local us=$(( ${EPOCHREALTIME/./} - t0 ))
  say "$name done in $(( us / 1000000 )).$(( us % 1000000 / 100000 )) s"
}

recipe_hash() {
  # Relative paths are part of the hash, so renaming or adding a guest file counts as a change.
  {
    sha256sum <"$SELF"
    (cd "$GUEST_FILES" && find . -type f -print0 | sort -z | xargs -0 sha256sum)
  } | sha256sum | cut -d' ' -f1
}

is_up_to_date() {
  local f
  for f in "${OUTPUTS[@]}"; do [[ -s "$OUT/$f" ]] || return 1; done
  [[ "$(cat "$OUT/recipe.sha256")" == "$RECIPE" ]]
}

run_import() {
  [[ -n "$VIRTSEED" ]] || return 0
  say "importing into virtseed with $VIRTSEED"
  "$VIRTSEED" image import "$IMAGE_NAME" "$OUT/disk.qcow2" \
    --kernel "$OUT/vmlinuz" --initrd "$OUT/initrd.img" --cmdline "$CMDLINE"
}

# Mount points under a path prefix (mountinfo escapes spaces as \040).
mounts_under() {
  awk -v p="$1" '{ m = $5; gsub(/\\040/, " ", m); if (index(m, p) == 1) print m }' /proc/self/mountinfo
}

# Unmounts whatever debootstrap may have left mounted under the temp dir (proc, sys and,
# inside containers, bind mounts of host device nodes) before deleting it.
cleanup() {
  [[ -n "$TMP" && -d "$TMP" ]] || return 0
  local m
  while read -r m; do
    umount -l "$m" 2>/dev/null || echo "build-guest: warning: could not unmount $m" >&2
  done < <(mounts_under "$TMP/" | sort -r)
  rm -rf --one-file-system "$TMP" || echo "build-guest: warning: could not remove $TMP" >&2
}

# The guest mirror: the host's Debian mirror (not the security one) on Debian, else deb.debian.org.
guest_mirror() {
  if [[ -n "${MIRROR:-}" ]]; then echo "$MIRROR"; return; fi
  local id="" m="" files=()
  id=$(. /etc/os-release 2>/dev/null && echo "${ID:-}") || true
  if [[ "$id" == debian ]]; then
    files=(/etc/apt/sources.list.d/*.sources)
    [[ -e "${files[0]}" ]] && m=$(awk '
          function pick() { if (!found && uri != "" && types ~ /[ \t]deb([ \t]|$)/ && suites !~ /-security/ && enabled !~ /no/) { print uri; found = 1; exit } }
          FNR == 1 || /^[ \t]*$/ { pick(); uri = ""; types = ""; suites = ""; enabled = "" }
          tolower($1) == "types:" { types = $0 }
          tolower($1) == "uris:" && $2 ~ /^https?:/ { uri = $2 }
          tolower($1) == "suites:" { suites = $0 }
          tolower($1) == "enabled:" { enabled = tolower($2) }
          END { pick() }' "${files[@]}") || true
    files=(/etc/apt/sources.list /etc/apt/sources.list.d/*.list)
    [[ -z "$m" ]] && m=$(cat "${files[@]}" 2>/dev/null | awk '
          $1 == "deb" { i = 2; if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
                        if ($i ~ /^https?:/ && $(i+1) !~ /-security/) { print $i; exit } }') || true
  fi
  echo "${m:-$FALLBACK_MIRROR}"
}

# Installs host packages, printing apt's output; runs "apt-get update" only when the
# install failed for missing or stale package lists.
apt_install() {
  local cmd=(apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "$@") out
  if out=$("${cmd[@]}" 2>&1); then echo "$out"; return 0; fi
  echo "$out"
  grep -qE "Unable to locate package|has no installation candidate|Failed to fetch" <<<"$out" || return 1
  apt-get -o DPkg::Lock::Timeout=600 update && "${cmd[@]}"
}

ensure_host_packages() {
  local missing=() p
  for p in debootstrap qemu-utils e2fsprogs debian-archive-keyring; do
    [[ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" == "install ok installed" ]] || missing+=("$p")
  done
  if (( ${#missing[@]} )); then
    step "host packages: ${missing[*]}" "$TMP/apt.log" apt_install "${missing[@]}"
  fi
}

build_rootfs() {
  local root="$TMP/rootfs" mirror
  mirror=$(guest_mirror)
  step "debootstrap $SUITE from $mirror" "$TMP/debootstrap.out" \
    debootstrap --variant=minbase --include="$GUEST_PACKAGES" \
      --keyring=/usr/share/keyrings/debian-archive-keyring.gpg "$SUITE" "$root" "$mirror"
  # Called directly, not through step: "set -e" must stay in force inside the function.
  say "configure guest ..."
  configure_rootfs "$root" >"$TMP/configure.log"
  say "configure guest done ($(cat "$TMP/configure.log"))"
}

configure_rootfs() {
  local root=$1 f
  (cd "$GUEST_FILES" && find . -type f) | while read -r f; do
    install -D -o root -g root -m 0644 "$GUEST_FILES/$f" "$root/${f#./}"
  done
  # Empty machine-id: systemd makes a fresh one on each instance's first boot.
  : >"$root/etc/machine-id"
  rm -f "$root/var/lib/dbus/machine-id" "$root/etc/resolv.conf"
  # SSH host keys are made per instance by cloud-init.
  rm -f "$root"/etc/ssh/ssh_host_*
  chroot "$root" apt-get clean >&2
  prune_modules "$root"
  rm -rf "$root"/var/lib/apt/lists/*
  local kernels=("$root"/boot/vmlinuz-*) initrds=("$root"/boot/initrd.img-*)
  [[ ${#kernels[@]} -eq 1 && -f "${kernels[0]}" ]] || { echo "expected one kernel, found: ${kernels[*]}" >&2; return 1; }
  [[ ${#initrds[@]} -eq 1 && -f "${initrds[0]}" ]] || { echo "expected one initrd, found: ${initrds[*]}" >&2; return 1; }
  cp "${kernels[0]}" "$TMP/out/vmlinuz"
  cp "${initrds[0]}" "$TMP/out/initrd.img"
  echo "kernel ${kernels[0]##*/}"
}

make_disk() {
  step "ext4 image ($DISK_SIZE) from the tree" "$TMP/mke2fs.log" \
    mke2fs -q -t ext4 -L vs-root -d "$TMP/rootfs" "$TMP/root.raw" "$DISK_SIZE"
  # The tree is no longer needed; dropping it now lowers the peak disk use.
  cleanup_rootfs
  step "qcow2 conversion" "$TMP/qemu-img.log" \
    qemu-img convert -O qcow2 "$TMP/root.raw" "$TMP/out/disk.qcow2"
  rm -f "$TMP/root.raw"
}

prune_modules() {
  local root=$1 dir version m
  for dir in "$root"/lib/modules/*/; do
    version=$(basename "$dir")
    for m in "${UNUSED_MODULES[@]}"; do rm -rf --one-file-system "$dir/kernel/$m"; done
    chroot "$root" depmod -a "$version" >&2
  done
}

cleanup_rootfs() {
  if [[ -n "$(mounts_under "$TMP/rootfs/")" ]]; then
    die "something is still mounted under $TMP/rootfs"
  fi
  rm -rf --one-file-system "$TMP/rootfs"
}

# Replaces the output directory by the finished build; recipe.sha256 is written last, so an
# output directory without it (or with another hash) is never taken as complete.
publish() {
  chmod 0755 "$TMP/out"
  chmod 0644 "$TMP/out"/*
  local old=""
  if [[ -e "$OUT" ]]; then
    old="$TMP/previous"
    mv -T "$OUT" "$old"
  fi
  mv -T "$TMP/out" "$OUT"
  echo "$RECIPE" >"$OUT/recipe.sha256"
  chmod 0644 "$OUT/recipe.sha256"
}

main() {
  local force=0
  VIRTSEED=""
  OUT="${VIRTSEED_CACHE_DIR:-/var/cache/virtseed}/guest/$IMAGE_NAME"
  while (( $# )); do
    case "$1" in
      --out) [[ $# -ge 2 ]] || die "--out needs a directory"; OUT=$2; shift 2 ;;
      --out=*) OUT=${1#--out=}; shift ;;
      --force) force=1; shift ;;
      --import) [[ $# -ge 2 ]] || die "--import needs the path of the virtseed launcher"; VIRTSEED=$2; shift 2 ;;
      --import=*) VIRTSEED=${1#--import=}; shift ;;
      -h|--help) usage; exit 0 ;;
      *) usage >&2; die "unknown argument: $1" ;;
    esac
  done
  [[ -n "$OUT" ]] || die "--out must not be empty"
  OUT=$(realpath -m -- "$OUT")
  if [[ -n "$VIRTSEED" ]]; then
    [[ -x "$VIRTSEED" ]] || die "--import: $VIRTSEED is not an executable file"
  fi
  [[ -d "$GUEST_FILES" ]] || die "missing $GUEST_FILES (it must stay beside this script)"
  RECIPE=$(recipe_hash)

  if (( ! force )) && is_up_to_date; then
    say "up to date: $OUT (recipe $RECIPE)"
    run_import
    exit 0
  fi
  [[ $EUID -eq 0 ]] || die "building the guest needs root (debootstrap, chroot); run it with sudo"

  local parent
  parent=$(dirname "$OUT")
  mkdir -p "$parent"
  # Only one build per output directory at a time; a waiting run may then find it up to date.
  exec 9>"$parent/.$(basename "$OUT").lock"
  flock 9
  if (( ! force )) && is_up_to_date; then
    say "up to date: $OUT (built meanwhile by another run)"
    run_import
    exit 0
  fi

  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  TMP=$(mktemp -d "$parent/.$(basename "$OUT").build.XXXXXX")
  mkdir "$TMP/out"
  say "building $IMAGE_NAME in $TMP"

  ensure_host_packages
  build_rootfs
  make_disk
  publish
  say "done: recipe $RECIPE"
  local f
  for f in disk.qcow2 vmlinuz initrd.img recipe.sha256; do echo "  $OUT/$f"; done
  run_import
}

main "$@"
