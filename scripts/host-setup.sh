#!/usr/bin/env bash
# Installs what virtseed and its tests need on a Debian 12/13 or Ubuntu 24.04 host (as root):
# QEMU, libvirt (with the nwfilter rules and ebtables that clean-traffic needs), the network tools
# (ip, iptables, dnsmasq), the image and drive tools the tests check with, cloud-init's readers and
# OVMF (UEFI firmware).
# busybox (udhcpc) and socat stand in for a guest's DHCP client and TCP peer in the network tests.
set -euo pipefail
[ "$(id -u)" -eq 0 ] || { echo "host-setup: run as root (it installs packages with apt)" >&2; exit 1; }

PACKAGES=(qemu-system-x86 qemu-utils libvirt-daemon-system libvirt-clients
  genisoimage xorriso dosfstools mtools iproute2 iptables dnsmasq-base dnsmasq-utils
  debootstrap e2fsprogs cloud-init python3-pycdlib curl ca-certificates
  busybox socat ebtables libvirt-daemon-config-nwfilter openssh-client
  cloud-image-utils # cloud-localds: the start-up benchmark compares drive build with it
  ovmf) # UEFI firmware for firmware: uefi guests

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  # cloud-init is installed only for its readers: keep it from configuring this host at boot
  mkdir -p /etc/cloud && touch /etc/cloud/cloud-init.disabled
  echo "host-setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
echo "host-setup: host packages present"

# Without udev nobody gives /dev/kvm the group and mode udev's rules give it (root:kvm 0660).
# libvirt then probes QEMU as root (KVM "works") but checks it as the QEMU user (it does not),
# declares its capability cache stale and re-probes QEMU on every call: a define takes 30-60 s.
if [ -c /dev/kvm ] && getent group kvm >/dev/null; then
  if [ "$(stat -c '%G %a' /dev/kvm)" != "kvm 660" ]; then
    chgrp kvm /dev/kvm && chmod 0660 /dev/kvm
    echo "host-setup: /dev/kvm set to root:kvm 0660 (what udev's rules do; no udev ran here)"
  fi
fi
