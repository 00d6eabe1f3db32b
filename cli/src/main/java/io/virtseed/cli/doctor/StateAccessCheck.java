package io.virtseed.cli.doctor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether the user QEMU runs as can reach the state folder: every folder from {@code /} down to
 * it (and its {@code images} and {@code instances}) must let that user pass. libvirt hands QEMU
 * the guest's files by their owner (its DAC labels), never the folders above them, so a closed
 * folder there fails a guest's start with "Permission denied".
 *
 * @param qemuConf libvirt's {@code /etc/libvirt/qemu.conf}
 */
record StateAccessCheck(Path stateDir, Path qemuConf, Path passwd, Path group) {

    static final String ID = "state-access";
    private static final int OWNER_X = 0100;
    private static final int GROUP_X = 0010;
    private static final int OTHERS_X = 0001;

    Check check() {
        QemuUser user;
        try {
            user = QemuUser.resolve(qemuConf, passwd, group);
        } catch (IllegalStateException e) {
            return Check.fail(ID, e.getMessage(), "set user in " + qemuConf + " to an existing user, then restart libvirtd");
        } catch (IOException | RuntimeException e) {
            return Check.warn(ID, "cannot tell which user QEMU runs as: " + e.getMessage());
        }
        if (user.root()) {
            return Check.ok(ID, "QEMU runs as root (" + user.name() + " in " + qemuConf + ")");
        }
        Path dir = stateDir.toAbsolutePath().normalize();
        try {
            for (Path d : folders(dir)) {
                String fix = blocked(d, user);
                if (fix != null) {
                    return Check.fail(ID, "QEMU's user " + user.name() + " (uid " + user.uid() + ") cannot pass folder "
                            + d + " (mode " + mode(d) + "), on the way to " + dir, fix);
                }
            }
        } catch (IOException e) {
            return Check.warn(ID, "cannot read the modes on the way to " + dir + ": " + e.getMessage());
        }
        return Check.ok(ID, "QEMU's user " + user.name() + " (uid " + user.uid() + ") can reach " + dir
                + (Files.isDirectory(dir) ? "" : " (not made yet; virtseed makes it traversable)"));
    }

    /** The folders that exist from the root down to the state folder, then its own two. */
    private static List<Path> folders(Path dir) {
        List<Path> out = new ArrayList<>();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isDirectory(p)) {
                out.add(0, p);
            }
        }
        for (String sub : List.of("images", "instances")) {
            if (Files.isDirectory(dir.resolve(sub))) {
                out.add(dir.resolve(sub));
            }
        }
        return out;
    }

    /** The chmod that lets the user pass, or null when it may already; the kernel asks only the first class that applies. */
    private static String blocked(Path d, QemuUser user) throws IOException {
        int mode = (Integer) Files.getAttribute(d, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        int uid = (Integer) Files.getAttribute(d, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        int gid = (Integer) Files.getAttribute(d, "unix:gid", LinkOption.NOFOLLOW_LINKS);
        if (uid == user.uid()) {
            return (mode & OWNER_X) != 0 ? null : "chmod u+x " + d;
        }
        if (user.gids().contains(gid)) {
            return (mode & GROUP_X) != 0 ? null : "chmod g+x " + d;
        }
        return (mode & OTHERS_X) != 0 ? null : "chmod o+x " + d;
    }

    private static String mode(Path d) throws IOException {
        return String.format("%04o", ((Integer) Files.getAttribute(d, "unix:mode", LinkOption.NOFOLLOW_LINKS)) & 07777);
    }
}
