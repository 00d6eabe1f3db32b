package io.virtseed.cli.doctor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * AppArmor and SELinux, read from the kernel's own files (no tool needed). Either confines QEMU
 * to the files libvirt labels for the guest; that works for what virtseed hands libvirt, so an
 * enforcing policy is a warning that says where denials show, not a failure.
 *
 * @param sys      {@code /sys}
 * @param stateDir named in SELinux's fix
 */
record SecurityModuleCheck(Path sys, Path stateDir) {

    static final String APPARMOR = "apparmor";
    static final String SELINUX = "selinux";

    Check apparmor() {
        Path enabled = sys.resolve("module/apparmor/parameters/enabled");
        if (!Files.exists(enabled)) {
            return Check.ok(APPARMOR, "not in this kernel");
        }
        if (!read(enabled).startsWith("Y")) {
            return Check.ok(APPARMOR, "in the kernel, not enabled");
        }
        Path profiles = sys.resolve("kernel/security/apparmor/profiles");
        if (!Files.isReadable(profiles)) {
            return Check.warn(APPARMOR, "enabled, but its profiles cannot be read (securityfs not mounted at "
                    + sys.resolve("kernel/security") + ")", "mount -t securityfs securityfs " + sys.resolve("kernel/security"));
        }
        String mode = profileMode(read(profiles).lines().toList(), "libvirtd");
        if (mode.isEmpty()) {
            return Check.ok(APPARMOR, "enabled; libvirtd has no profile loaded, so QEMU is not confined");
        }
        if (mode.equals("enforce")) {
            return Check.warn(APPARMOR, "enabled, libvirtd's profile enforces: QEMU may open only the files"
                    + " virt-aa-helper allows for its guest; a denial shows as apparmor=\"DENIED\" in the kernel log",
                    "if a guest cannot open a file: aa-complain /usr/sbin/libvirtd (apparmor-utils), or add the path to"
                    + " /etc/apparmor.d/local/abstractions/libvirt-qemu");
        }
        return Check.ok(APPARMOR, "enabled, libvirtd's profile in " + mode + " mode (denials are logged, not enforced)");
    }

    Check selinux() {
        Path enforce = sys.resolve("fs/selinux/enforce");
        if (!Files.exists(enforce)) {
            return Check.ok(SELINUX, "not enabled");
        }
        if (!read(enforce).equals("1")) {
            return Check.ok(SELINUX, "permissive: denials are logged, not enforced");
        }
        return Check.warn(SELINUX, "enforcing: QEMU runs confined (sVirt) and reads only files labelled for its guest;"
                + " a denial shows as an AVC in the audit log", "if a guest cannot open a file: semanage fcontext -a -t"
                + " virt_image_t '" + stateDir + "(/.*)?' && restorecon -R " + stateDir);
    }

    /** The mode of a profile in the kernel's list, whose lines read {@code NAME (MODE)}; empty when not loaded. */
    static String profileMode(List<String> lines, String name) {
        for (String l : lines) {
            int open = l.lastIndexOf(" (");
            if (open > 0 && l.endsWith(")") && l.substring(0, open).equals(name)) {
                return l.substring(open + 2, l.length() - 1);
            }
        }
        return "";
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            return "";
        }
    }
}
