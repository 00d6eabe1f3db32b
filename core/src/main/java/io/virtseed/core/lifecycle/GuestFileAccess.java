package io.virtseed.core.lifecycle;

import io.virtseed.core.error.SpecException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * QEMU runs as an unprivileged user (libvirt-qemu on Debian) and must reach every file a guest
 * uses. Folders virtseed makes are traversable; this checks the folders above them, which it
 * does not own, so a launch fails up front with the fix instead of at start with EACCES.
 */
public final class GuestFileAccess {

    private GuestFileAccess() {
    }

    /** Fails unless every folder from the root down to {@code path}'s parent lets others pass. */
    public static void requireReachable(Path path, String what) {
        Path dir = path.toAbsolutePath().normalize().getParent();
        for (; dir != null; dir = dir.getParent()) {
            if (!Files.isDirectory(dir)) {
                continue; // not made yet: virtseed makes it, traversable
            }
            try {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir);
                if (!perms.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    throw new SpecException(what + " " + path + " is not reachable by the unprivileged user QEMU runs"
                            + " as: folder " + dir + " is closed to others (mode "
                            + java.nio.file.attribute.PosixFilePermissions.toString(perms) + "); use a folder outside"
                            + " it (for images: virtseed image import), or open it with chmod o+x " + dir);
                }
            } catch (IOException | UnsupportedOperationException e) {
                return; // not a POSIX filesystem, or vanished: the hypervisor will say what is wrong
            }
        }
    }
}
