package io.virtseed.cli.doctor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalNotFoundException;

/**
 * Whether {@code /dev/kvm} has the group and mode udev's rules give it ({@code root:kvm 0660}).
 * Where no udev ran (containers, minimal VMs) it stays {@code root:root 0600}: libvirt probes
 * QEMU as root, where KVM works, then checks it as the QEMU user, where it does not, declares
 * its cache stale and re-probes QEMU on every call; a define then takes 30-60 s instead of 45 ms.
 *
 * @param device the device node, {@code /dev/kvm} on a host
 */
record KvmDeviceCheck(Path device) {

    static final String ID = "dev-kvm";
    static final String FIX = "chgrp kvm /dev/kvm && chmod 0660 /dev/kvm (what scripts/host-setup.sh does where no udev runs)";

    Check check() {
        if (!Files.exists(device, LinkOption.NOFOLLOW_LINKS)) {
            return Check.ok(ID, "no " + device + " (see kvm)");
        }
        try {
            PosixFileAttributes a = Files.readAttributes(device, PosixFileAttributes.class);
            String found = a.owner().getName() + ":" + a.group().getName() + " "
                    + PosixFilePermissions.toString(a.permissions());
            if (groupKvmMayUse(a)) {
                return Check.ok(ID, device + " is " + found);
            }
            return Check.fail(ID, device + " is " + found + ", not root:kvm rw-rw---- as udev would leave it:"
                    + " libvirt re-probes QEMU on every call (a define takes 30-60 s)", FIX);
        } catch (IOException e) {
            return Check.fail(ID, "cannot read " + device + ": " + e.getMessage(), "ls -l " + device);
        }
    }

    private boolean groupKvmMayUse(PosixFileAttributes a) throws IOException {
        GroupPrincipal kvm;
        try {
            kvm = device.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName("kvm");
        } catch (UserPrincipalNotFoundException e) {
            return false;
        }
        return a.group().equals(kvm) && a.permissions().contains(PosixFilePermission.GROUP_READ)
                && a.permissions().contains(PosixFilePermission.GROUP_WRITE);
    }
}
