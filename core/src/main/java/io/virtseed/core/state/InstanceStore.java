package io.virtseed.core.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.virtseed.core.error.StateException;
import io.virtseed.core.value.InstanceName;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
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
import java.util.Set;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    /**
     * The record mapper, built on first use: building it (and loading Jackson) is most of what an
     * {@code ls} of no instance would otherwise pay. The two modules the records need are named,
     * not found by a scan of the class path.
     */
    private static final class Json {
        static final ObjectMapper MAPPER = JsonMapper.builder()
                .addModules(new JavaTimeModule(), new Jdk8Module()).build()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    /** Made on first use: only a wait for a lock logs, and logback's start is some 30 ms of an {@code ls}. */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(InstanceStore.class);
    }
    private static final Duration DEFAULT_LOCK_WAIT = Duration.ofMinutes(10);
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

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
                FileModes.createDirs(p, FileModes.TRAVERSABLE_DIR);
                // the root too: QEMU must pass it whatever mode it was made with
                Files.setPosixFilePermissions(p, FileModes.TRAVERSABLE_DIR);
            }
        } catch (IOException e) {
            throw new StateException("cannot create state directory " + root + ": " + e.getMessage(), e);
        }
    }

    /** Makes the instance's folder; it must not exist yet. */
    public Path createDir(InstanceName name) {
        ensureLayout();
        Path dir = dir(name);
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(FileModes.TRAVERSABLE_DIR));
            Files.setPosixFilePermissions(dir, FileModes.TRAVERSABLE_DIR);
            return dir;
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new StateException("instance directory " + dir + " already exists", e);
        } catch (IOException e) {
            throw new StateException("cannot create " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Removes the instance's folder and everything in it; absent is fine. */
    public void deleteDir(InstanceName name) {
        Trees.delete(dir(name));
    }

    /** Writes the record atomically (temp file, fsync, rename), readable by the owner only. */
    public void save(InstanceRecord record) {
        try {
            // by hand: the mapper's start is the longest step of an up before the guest starts
            Optional<byte[]> quick = RecordWriter.write(record);
            AtomicFiles.write(recordFile(InstanceName.of(record.name())),
                    quick.isPresent() ? quick.get() : Json.MAPPER.writeValueAsBytes(record), AtomicFiles.PRIVATE);
        } catch (IOException e) {
            throw new StateException("cannot write instance record of " + record.name() + ": " + e.getMessage(), e);
        }
    }

    /** The record as the mapper writes it, for the tests that hold {@link RecordWriter} to it. */
    static byte[] writtenByMapper(InstanceRecord record) throws IOException {
        return Json.MAPPER.writeValueAsBytes(record);
    }

    public Optional<InstanceRecord> find(InstanceName name) {
        return read(name);
    }

    /**
     * The record, read first without the mapper (a listing's start-up; an {@code up}'s last line,
     * where the mapper's cold record deserializer cost some 50 ms), which still reads whatever that
     * reader leaves, so the answer and the error are the same.
     */
    private Optional<InstanceRecord> read(InstanceName name) {
        try {
            byte[] json = Files.readAllBytes(recordFile(name));
            Optional<InstanceRecord> quick = RecordReader.read(json);
            return quick.isPresent() ? quick : Optional.of(Json.MAPPER.readValue(json, InstanceRecord.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StateException("instance record " + recordFile(name) + " is unreadable: " + e.getMessage(), e);
        }
    }

    /** All instances with a record, by name. Folders without one (a crash mid-create) are skipped. */
    public List<InstanceRecord> list() {
        List<InstanceRecord> out = new ArrayList<>();
        for (InstanceName n : folderNames()) {
            read(n).ifPresent(out::add);
        }
        out.sort(BY_NAME);
        return out;
    }

    /** Records by name; a class, not {@code Comparator.comparing}, whose lambdas are spun on first use (a few ms of an ls). */
    private static final class ByName implements Comparator<InstanceRecord> {
        @Override
        public int compare(InstanceRecord a, InstanceRecord b) {
            return a.name().compareTo(b.name());
        }
    }

    private static final Comparator<InstanceRecord> BY_NAME = new ByName();

    /**
     * The instance folders, sorted, whether or not they hold a record (a crash can leave one
     * without); hidden entries and folders whose names virtseed never makes are not listed.
     */
    public List<InstanceName> folderNames() {
        List<InstanceName> out = new ArrayList<>();
        if (!Files.isDirectory(instancesDir())) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(instancesDir())) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (n.startsWith(".") || !Files.isDirectory(p)) {
                    continue;
                }
                try {
                    out.add(InstanceName.of(n));
                } catch (IllegalArgumentException e) {
                    // not a name virtseed makes: not an instance, and not ours to touch
                }
            }
        } catch (IOException e) {
            throw new StateException("cannot list " + instancesDir() + ": " + e.getMessage(), e);
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    /**
     * Takes the state directory's exclusive lock, so two virtseed processes (or two threads of
     * one) never change it at once. The same thread may take it again inside (nested holds are
     * counted). A wait logs who holds it (pid and command) and gives up after {@code wait}; the
     * lock is released on close, and by the OS if the process dies.
     *
     * <p>Lock order: an instance's lock ({@link #lockInstance}) is taken before the state lock,
     * never while holding it; a holder of the state lock may only try an instance's lock
     * ({@link #tryLockInstance}), which never waits.
     */
    public Lock lock() {
        return lock(DEFAULT_LOCK_WAIT);
    }

    public Lock lock(Duration wait) {
        ensureLayout();
        return take(root.resolve("lock"), "the state directory " + root, wait).orElseThrow();
    }

    /**
     * Takes one instance's exclusive lock, held for all of an {@code up} or {@code down} of it, so
     * steps of different instances run at once while two runs on the same name never do. The
     * state lock is taken inside it, briefly, for what instances share (allocation, networks).
     * The lock files stay in {@code locks/}: removing one a waiter has open would let two hold it.
     */
    public Lock lockInstance(InstanceName name) {
        ensureLocks();
        return take(instanceLockFile(name), "instance " + name + " in " + root, DEFAULT_LOCK_WAIT).orElseThrow();
    }

    /**
     * The instance's lock if nobody holds it now, without waiting: for a holder of the state lock
     * (reap) that must not wait for an instance, whose holder may be waiting for the state lock.
     */
    public Optional<Lock> tryLockInstance(InstanceName name) {
        ensureLocks();
        return take(instanceLockFile(name), "instance " + name + " in " + root, Duration.ZERO);
    }

    private Path instanceLockFile(InstanceName name) {
        return root.resolve("locks").resolve("instance-" + name.value());
    }

    private void ensureLocks() {
        ensureLayout();
        try {
            FileModes.createDirs(root.resolve("locks"), FileModes.PRIVATE_DIR);
        } catch (IOException e) {
            throw new StateException("cannot create " + root.resolve("locks") + ": " + e.getMessage(), e);
        }
    }

    /**
     * The in-process lock of {@code file} first, then its file lock: one JVM never asks the OS for
     * the same file's lock twice (that would throw OverlappingFileLockException). Empty only when
     * {@code wait} is zero and someone holds it.
     */
    private Optional<Lock> take(Path file, String what, Duration wait) {
        ReentrantLock local = IN_PROCESS.computeIfAbsent(file, r -> new ReentrantLock());
        try {
            if (!local.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                if (wait.isZero()) {
                    return Optional.empty();
                }
                throw new StateException(what + " stayed locked by another thread of this process for "
                        + wait.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StateException("interrupted while waiting for the lock of " + what, e);
        }
        if (local.getHoldCount() > 1) {
            return Optional.of(new Lock(local, null, null));
        }
        try {
            Optional<Lock> held = fileLock(file, what, local, wait);
            if (held.isEmpty()) {
                local.unlock();
            }
            return held;
        } catch (RuntimeException | Error e) {
            local.unlock();
            throw e;
        }
    }

    private Optional<Lock> fileLock(Path lockFile, String what, ReentrantLock local, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        boolean told = false;
        try {
            FileChannel ch = FileChannel.open(lockFile, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.READ), PosixFilePermissions.asFileAttribute(AtomicFiles.PRIVATE));
            // it names the holder's pid and command line: private whatever the umask made it
            Files.setPosixFilePermissions(lockFile, AtomicFiles.PRIVATE);
            try {
                while (true) {
                    FileLock lock = ch.tryLock();
                    if (lock != null) {
                        writeHolder(ch);
                        return Optional.of(new Lock(local, ch, lock));
                    }
                    if (wait.isZero()) {
                        ch.close();
                        return Optional.empty();
                    }
                    if (!told) {
                        Log.LOG.warn("waiting for the lock of {}: held by {}", what, holder(lockFile));
                        told = true;
                    }
                    if (System.nanoTime() > deadline) {
                        throw new StateException(what + " is locked by " + holder(lockFile) + "; gave up after "
                                + wait.toSeconds() + " s");
                    }
                    Thread.sleep(50);
                }
            } catch (RuntimeException | InterruptedException e) {
                ch.close();
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                    throw new StateException("interrupted while waiting for the lock of " + what, e);
                }
                throw (RuntimeException) e;
            }
        } catch (IOException e) {
            throw new StateException("cannot lock " + lockFile + ": " + e.getMessage(), e);
        }
    }

    /** The holder's pid and command, written into the lock file so a waiter can say who it waits for. */
    private static void writeHolder(FileChannel ch) throws IOException {
        ch.truncate(0);
        ch.write(ByteBuffer.wrap(Holder.TEXT), 0);
    }

    /** What {@link #writeHolder} writes: read once per process (the command line is a read of /proc each time). */
    private static final class Holder {
        static final byte[] TEXT = text();

        private static byte[] text() {
            ProcessHandle self = ProcessHandle.current();
            String cmd = self.info().commandLine().orElse("java");
            if (cmd.length() > 200) {
                cmd = cmd.substring(0, 200) + "...";
            }
            return ("pid " + self.pid() + " (" + cmd + ")\n").getBytes(StandardCharsets.UTF_8);
        }
    }

    private static String holder(Path lockFile) {
        try {
            String s = Files.readString(lockFile, StandardCharsets.UTF_8).strip();
            return s.isEmpty() ? "another process" : s;
        } catch (IOException e) {
            return "another process";
        }
    }

    /** The held state lock. */
    public static final class Lock implements AutoCloseable {
        private final ReentrantLock local;
        private final FileChannel channel;
        private final FileLock lock;
        private boolean closed;

        private Lock(ReentrantLock local, FileChannel channel, FileLock lock) {
            this.local = local;
            this.channel = channel;
            this.lock = lock;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                if (lock != null && lock.isValid()) {
                    lock.release();
                }
                if (channel != null) {
                    channel.close();
                }
            } catch (IOException e) {
                // closing the channel releases the lock anyway
            } finally {
                local.unlock();
            }
        }
    }
}
