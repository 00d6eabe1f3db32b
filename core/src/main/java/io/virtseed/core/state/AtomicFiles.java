package io.virtseed.core.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Writes files so a reader sees the old content or the new, never half: temp file, fsync, rename.
 *
 * <p>A folder whose files only count once a later write says so (an instance folder, whose record
 * says "creating" until the last step) may have them written {@link Sync#LATER}: renamed into
 * place without an fsync each, then made durable at once by {@link #syncFolder} before that
 * write. A crash before it leaves files a power loss may have emptied or lost, in a folder the
 * next run clears anyway; one fsync per file and one of the folder, issued together, cost a
 * fraction of two fsyncs per file one after another.
 */
public final class AtomicFiles {

    public static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rw-------");

    /** When a write reaches the disk: before it returns, or at the folder's {@link #syncFolder}. */
    public enum Sync {
        /** fsync of the file and of its folder before returning. */
        NOW,
        /** No fsync: the caller makes the folder durable with {@link #syncFolder} before relying on it. */
        LATER
    }

    private AtomicFiles() {
    }

    public static void write(Path target, byte[] content, Set<PosixFilePermission> perms) throws IOException {
        write(target, content, perms, Sync.NOW);
    }

    /** As {@link #write(Path, byte[], Set)}; with {@link Sync#LATER} neither the file nor the folder is synced. */
    public static void write(Path target, byte[] content, Set<PosixFilePermission> perms, Sync sync)
            throws IOException {
        Path tmp = tempBeside(target);
        try {
            // created with the mode (the umask can only narrow it), so no other user can open it before the chmod
            try (FileChannel ch = FileChannel.open(tmp, EnumSet.of(StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(perms))) {
                Files.setPosixFilePermissions(tmp, perms);
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                if (sync == Sync.NOW) {
                    ch.force(true);
                }
            }
            moveIntoPlace(tmp, target, sync);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** A fresh temp path in the target's directory, so the final rename stays on one filesystem. */
    public static Path tempBeside(Path target) {
        return target.resolveSibling("." + target.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-"
                + Long.toHexString(System.nanoTime()));
    }

    /** Renames a completed temp file over the target, atomically where the filesystem can. */
    public static void moveIntoPlace(Path tmp, Path target) throws IOException {
        moveIntoPlace(tmp, target, Sync.NOW);
    }

    /** As {@link #moveIntoPlace(Path, Path)}; with {@link Sync#LATER} the folder is not synced. */
    public static void moveIntoPlace(Path tmp, Path target, Sync sync) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        if (sync == Sync.NOW) {
            fsyncDirectory(target.toAbsolutePath().getParent());
        }
    }

    /**
     * Makes what {@link Sync#LATER} wrote in {@code dir} durable: the data of every regular file
     * in it (not in sub-folders), then the folder's names. All files are synced even when one
     * fails; the first failure is thrown then.
     */
    public static void syncFolder(Path dir) throws IOException {
        IOException failed = null;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
                    ch.force(true);
                } catch (IOException e) {
                    failed = failed == null ? e : failed;
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
        fsyncDirectory(dir.toAbsolutePath());
    }

    private static void fsyncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // some filesystems cannot fsync a directory; the rename itself is still atomic
        }
    }
}
