package io.virtseed.network.linux;

import io.virtseed.core.error.StateException;
import io.virtseed.core.state.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Files of a network's folder that only their owner reads (mode 0600): written whole (temp, fsync,
 * rename) and only when their content or owner would change, so a healthy network is left alone.
 */
final class PrivateFiles {

    private PrivateFiles() {
    }

    /**
     * Writes {@code content} unless the file already holds it.
     *
     * @param owner who owns the file, when not the writer: the user dnsmasq drops to must read it
     * @return true when the file was written
     */
    static boolean writeIfChanged(Path target, String content, Optional<UserPrincipal> owner) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        try {
            if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS) && content.equals(Files.readString(target))
                    && (owner.isEmpty() || owner.get().equals(Files.getOwner(target)))) {
                return false;
            }
            Path tmp = AtomicFiles.tempBeside(target);
            try {
                try (FileChannel ch = FileChannel.open(tmp, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                        PosixFilePermissions.asFileAttribute(AtomicFiles.PRIVATE))) {
                    if (owner.isPresent()) {
                        Files.setOwner(tmp, owner.get());
                    }
                    ByteBuffer buf = ByteBuffer.wrap(bytes);
                    while (buf.hasRemaining()) {
                        ch.write(buf);
                    }
                    ch.force(true);
                }
                AtomicFiles.moveIntoPlace(tmp, target);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return true;
        } catch (IOException e) {
            throw new StateException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** Creates an empty file readable by its owner alone, if there is none yet. */
    static void createIfMissing(Path target) {
        try {
            if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                Files.createFile(target, PosixFilePermissions.asFileAttribute(AtomicFiles.PRIVATE));
            }
        } catch (IOException e) {
            throw new StateException("cannot create " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * Lets another user reach files by name in this folder without listing it (adds o+x, as a 0711
     * folder has): dnsmasq re-reads its reservations after dropping root.
     */
    static void letOthersEnter(Path dir) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir);
            if (perms.add(PosixFilePermission.OTHERS_EXECUTE)) {
                Files.setPosixFilePermissions(dir, perms);
            }
        } catch (IOException e) {
            throw new StateException("cannot open " + dir + " to the DHCP server's user: " + e.getMessage(), e);
        }
    }

    static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new StateException("cannot remove " + p + ": " + e.getMessage(), e);
        }
    }
}
