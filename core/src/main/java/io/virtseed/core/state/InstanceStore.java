package io.virtseed.core.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.virtseed.core.error.StateException;
import io.virtseed.core.value.InstanceName;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The state directory: one folder per instance under {@code instances/}, holding
 * {@code instance.json}, {@code disk.qcow2}, {@code disk.config}, {@code console.log}.
 * Directories are mode 0711 so the hypervisor's unprivileged user can reach the files it is
 * given, and nothing else; files are written atomically.
 *
 * <pre>{@code
 * try (var lock = store.lock()) { store.save(record); }
 * }</pre>
 */
public final class InstanceStore {

    private static final ObjectMapper JSON = JsonMapper.builder().findAndAddModules().build()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final Path root;

    public InstanceStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    public Path instancesDir() {
        return root.resolve("instances");
    }

    public Path dir(InstanceName name) {
        return instancesDir().resolve(name.value());
    }

    public Path recordFile(InstanceName name) {
        return dir(name).resolve("instance.json");
    }

    /** Creates the state layout if needed, traversable but not listable by others. */
    public void ensureLayout() {
        try {
            for (Path p : List.of(root, instancesDir())) {
                Files.createDirectories(p);
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx--x--x"));
            }
        } catch (IOException e) {
            throw new StateException("cannot create state directory " + root + ": " + e.getMessage(), e);
        }
    }

    /** Makes the instance's folder; it must not exist yet unless {@code reuse}. */
    public Path createDir(InstanceName name) {
        ensureLayout();
        Path dir = dir(name);
        try {
            Files.createDirectory(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
            return dir;
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new StateException("instance directory " + dir + " already exists", e);
        } catch (IOException e) {
            throw new StateException("cannot create " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Removes the instance's folder and everything in it; absent is fine. */
    public void deleteDir(InstanceName name) {
        Path dir = dir(name);
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new StateException("cannot remove " + dir + ": " + e.getMessage(), e);
        }
    }

    public void save(InstanceRecord record) {
        try {
            AtomicFiles.write(recordFile(InstanceName.of(record.name())), JSON.writeValueAsBytes(record),
                    AtomicFiles.PRIVATE);
        } catch (IOException e) {
            throw new StateException("cannot write instance record of " + record.name() + ": " + e.getMessage(), e);
        }
    }

    public Optional<InstanceRecord> find(InstanceName name) {
        try {
            return Optional.of(JSON.readValue(Files.readAllBytes(recordFile(name)), InstanceRecord.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StateException("instance record " + recordFile(name) + " is unreadable: " + e.getMessage(), e);
        }
    }

    /** All instances with a record, by name. Folders without one (a crash mid-create) are skipped. */
    public List<InstanceRecord> list() {
        List<InstanceRecord> out = new ArrayList<>();
        if (!Files.isDirectory(instancesDir())) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(instancesDir())) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (n.startsWith(".")) {
                    continue;
                }
                find(InstanceName.of(n)).ifPresent(out::add);
            }
        } catch (IOException e) {
            throw new StateException("cannot list " + instancesDir() + ": " + e.getMessage(), e);
        }
        out.sort(Comparator.comparing(InstanceRecord::name));
        return out;
    }

    /**
     * Takes the state directory's exclusive lock, so two virtseed processes never change it at
     * once. Waits for another holder; the lock is released on close (and by the OS if we die).
     */
    public Lock lock() {
        ensureLayout();
        Path lockFile = root.resolve("lock");
        try {
            FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                FileLock lock = ch.lock();
                return new Lock(ch, lock);
            } catch (OverlappingFileLockException e) {
                ch.close();
                throw new StateException("the state directory " + root + " is already locked by this process", e);
            }
        } catch (IOException e) {
            throw new StateException("cannot lock " + lockFile + ": " + e.getMessage(), e);
        }
    }

    /** The held state lock. */
    public static final class Lock implements AutoCloseable {
        private final FileChannel channel;
        private final FileLock lock;

        private Lock(FileChannel channel, FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }

        @Override
        public void close() {
            try {
                if (lock.isValid()) {
                    lock.release();
                }
                channel.close();
            } catch (IOException e) {
                // closing the channel releases the lock anyway
            }
        }
    }
}
