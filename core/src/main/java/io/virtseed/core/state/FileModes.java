package io.virtseed.core.state;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.channels.FileChannel;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;

/**
 * Modes of what virtseed creates under its state folder, set explicitly so the process umask never
 * decides them. Folders QEMU must pass through (it runs as an unprivileged user; libvirt's DAC
 * driver relabels the files it opens, not the folders above them) are traversable but not
 * listable; every file in them is the owner's alone.
 */
public final class FileModes {

    /** Folders on QEMU's path to a guest's files: others may pass, not list. */
    public static final Set<PosixFilePermission> TRAVERSABLE_DIR = PosixFilePermissions.fromString("rwx--x--x");
    /** Folders nothing but virtseed reads. */
    public static final Set<PosixFilePermission> PRIVATE_DIR = PosixFilePermissions.fromString("rwx------");

    private FileModes() {
    }

    /**
     * Creates {@code dir} and its missing parents with {@code perms}; folders that already existed
     * keep their mode, as virtseed did not make them.
     */
    public static Path createDirs(Path dir, Set<PosixFilePermission> perms) throws IOException {
        Deque<Path> missing = new ArrayDeque<>();
        for (Path p = dir.toAbsolutePath().normalize(); p != null && !Files.isDirectory(p); p = p.getParent()) {
            missing.push(p);
        }
        for (Path p : missing) {
            try {
                Files.createDirectory(p, PosixFilePermissions.asFileAttribute(perms));
            } catch (FileAlreadyExistsException e) {
                continue; // made by someone else meanwhile: not ours to change
            }
            Files.setPosixFilePermissions(p, perms); // the attribute above was filtered by the umask
        }
        return dir;
    }

    /** Creates the empty file {@code file} as the owner's alone; an existing one is made so. */
    public static void createPrivateFile(Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(AtomicFiles.PRIVATE));
        } catch (FileAlreadyExistsException e) {
            // ours from an earlier run: tighten it below all the same
        }
        Files.setPosixFilePermissions(file, AtomicFiles.PRIVATE);
    }

    /**
     * Copies {@code from} into {@code to} as the owner's alone: the target is 0600 before a byte is
     * written, so at no moment can another user open it.
     */
    public static void copyPrivate(Path from, Path to) throws IOException {
        createPrivateFile(to);
        try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(to, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            long size = in.size();
            for (long done = 0; done < size; ) {
                long n = in.transferTo(done, size - done, out);
                if (n <= 0) {
                    break; // the source shrank under us: what was there is copied
                }
                done += n;
            }
            out.force(true);
        }
    }
}
