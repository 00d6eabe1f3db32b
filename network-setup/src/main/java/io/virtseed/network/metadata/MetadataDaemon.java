package io.virtseed.network.metadata;

import io.virtseed.core.error.StateException;
import io.virtseed.core.state.NetworkRecord;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metadata service of one state folder: one process for every network. Each network's
 * listeners are created inside its namespace ({@code .2:8775}, where the namespace's DNAT sends
 * {@code 169.254.169.254:80}; with an IPv6 prefix also {@code [fe80::a9fe:a9fe%vs-ID-n]:80}).
 * The state folder is scanned every half second: instances and networks that come and go are
 * picked up without a restart, and open connections are never closed by a rescan.
 * {@code STATE/metadata.lock} keeps it to one daemon per state folder.
 *
 * <pre>{@code
 * new MetadataDaemon().run(stateDir);   // blocks; virtseed serve
 * }</pre>
 */
public final class MetadataDaemon {

    public static final String LOCK_FILE = "metadata.lock";
    private static final Logger LOG = LoggerFactory.getLogger(MetadataDaemon.class);
    private static final long SCAN_MILLIS = 500;

    private final Optional<Loopback> loopback;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Map<String, HttpListeners.Listener> listeners = new HashMap<>();
    private volatile StateScanner.Snapshot snapshot = StateScanner.Snapshot.EMPTY;

    /** Serves every network in its namespace. */
    public MetadataDaemon() {
        this(Optional.empty());
    }

    /**
     * Benchmarks only: also listens on {@code 127.0.0.1:port} in this namespace, answering as
     * {@code network} (register an instance there with IP 127.0.0.1).
     */
    public record Loopback(String network, int port) {
    }

    public MetadataDaemon(Optional<Loopback> loopback) {
        this.loopback = loopback;
    }

    /** True when a daemon holds the lock of this state folder. */
    public static boolean running(Path stateDir) {
        Path lock = stateDir.resolve(LOCK_FILE);
        if (!Files.exists(lock)) {
            return false;
        }
        try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.WRITE); FileLock l = ch.tryLock()) {
            return l == null;
        } catch (IOException | java.nio.channels.OverlappingFileLockException e) {
            return true;
        }
    }

    /** Serves until {@link #stop()} or the process ends. */
    public void run(Path stateDir) {
        Path state = stateDir.toAbsolutePath().normalize();
        try (FileChannel lockChannel = openLock(state); FileLock lock = lockChannel.tryLock()) {
            if (lock == null) {
                throw new StateException("a metadata service already serves " + state, null);
            }
            lockChannel.truncate(0).write(java.nio.ByteBuffer.wrap(
                    (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
            serve(state);
        } catch (IOException e) {
            throw new StateException("cannot lock " + state.resolve(LOCK_FILE) + ": " + e.getMessage(), e);
        }
    }

    public void stop() {
        stopped.countDown();
    }

    private void serve(Path state) {
        StateScanner scanner = new StateScanner(state);
        ExecutorService background = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().daemon()
                .name("metadata-events").unstarted(r));
        ScheduledExecutorService scans = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform()
                .daemon().name("metadata-scan").unstarted(r));
        // the first scan (JSON readers) and the server (Netty) load their classes in parallel:
        // a restarted daemon answers sooner
        java.util.concurrent.CompletableFuture<StateScanner.Snapshot> first =
                java.util.concurrent.CompletableFuture.supplyAsync(scanner::scan, scans);
        try (HttpListeners http = new HttpListeners(new MetadataResponder(() -> snapshot, background))) {
            snapshot = first.join();
            reconcile(scanner, http);
            if (loopback.isPresent()) {
                Loopback l = loopback.get();
                http.listen(l.network(), new InetSocketAddress(InetAddress.getLoopbackAddress(), l.port()),
                        Optional.empty());
            }
            LOG.info("metadata service serving {} network(s) of {}", snapshot.networks().size(), state);
            // the first pass renders every view in the background; later passes pick up changes
            scans.scheduleWithFixedDelay(() -> {
                reconcile(scanner, http);
                renderAll(snapshot);
            }, 0, SCAN_MILLIS, TimeUnit.MILLISECONDS);
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new StateException("the metadata service failed: " + e.getMessage(), e);
        } finally {
            scans.shutdownNow();
            background.shutdown();
            try {
                scans.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            scanner.close();
        }
    }

    /** Reads the state folder and opens or closes listeners to match its networks. */
    private void reconcile(StateScanner scanner, HttpListeners http) {
        if (!Files.isDirectory(scanner.root())) {
            // the state folder was removed (a test's, or a user's): nothing is left to serve
            LOG.info("state folder {} is gone; stopping", scanner.root());
            stop();
            return;
        }
        try {
            snapshot = scanner.scan();
            Map<String, NetworkRecord> wanted = new HashMap<>();
            for (NetworkRecord n : snapshot.networks()) {
                // the namespace's inode is part of the key: a namespace made anew gets new sockets
                String base = n.name() + "/" + n.id() + "/" + namespaceInode(n.namespace()) + "/";
                wanted.put(base + "v4", n);
                if (n.cidr6().isPresent()) {
                    wanted.put(base + "v6", n);
                }
            }
            listeners.entrySet().removeIf(e -> {
                boolean gone = !wanted.containsKey(e.getKey()) || !e.getValue().isOpen();
                if (gone) {
                    e.getValue().close();
                    LOG.info("stopped listening for {}", e.getKey());
                }
                return gone;
            });
            wanted.forEach((key, n) -> {
                if (!listeners.containsKey(key)) {
                    listen(http, key, n, key.endsWith("/v6")).ifPresent(ch -> listeners.put(key, ch));
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("scan of the state folder failed, serving what was there before: {}", e.getMessage());
        }
    }

    private static String namespaceInode(String namespace) {
        try {
            return String.valueOf(Files.getAttribute(Path.of("/var/run/netns", namespace), "unix:ino"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "absent";
        }
    }

    /** Renders the views not rendered yet, so the first request of a guest does not wait for it. */
    private void renderAll(StateScanner.Snapshot s) {
        int rendered = 0;
        for (ServedInstance i : StateScanner.instancesOf(s)) {
            if (!i.rendered()) {
                try {
                    i.view();
                    rendered++;
                } catch (RuntimeException e) {
                    LOG.warn("instance {} cannot be rendered: {}", i.name(), e.getMessage());
                }
            }
        }
        if (rendered > 0) {
            LOG.info("rendered the metadata of {} instance(s)", rendered);
        }
    }

    private Optional<HttpListeners.Listener> listen(HttpListeners http, String key, NetworkRecord n, boolean v6) {
        try {
            InetSocketAddress address = v6 ? linkLocalAddress(n)
                    : new InetSocketAddress(InetAddress.getByAddress(n.serviceAddress().bytes()),
                            NetworkRecord.METADATA_PORT);
            HttpListeners.Listener ch = http.listen(n.name(), address, Optional.of(n.namespace()));
            LOG.info("listening for network {} on {} in namespace {}", n.name(), address, n.namespace());
            return Optional.of(ch);
        } catch (Exception e) {
            // the network may still be being made: the next scan tries again
            LOG.debug("network {} ({}): not listening yet: {}", n.name(), key, e.getMessage());
            return Optional.empty();
        }
    }

    /** {@code [fe80::a9fe:a9fe%vs-ID-n]:80}; the interface index is looked up inside the namespace. */
    private static InetSocketAddress linkLocalAddress(NetworkRecord n) throws Exception {
        return io.virtseed.network.netns.NetNamespaces.call(n.namespace(), () -> {
            NetworkInterface nif = NetworkInterface.getByName(n.vethNamespace());
            if (nif == null) {
                throw new IOException("no interface " + n.vethNamespace() + " in namespace " + n.namespace());
            }
            // the index, not the interface: Java reads its addresses from /proc/net, which shows the main thread's namespace
            return new InetSocketAddress(Inet6Address.getByAddress(null, NetworkRecord.METADATA_V6.bytes(), nif.getIndex()),
                    80);
        });
    }

    private static FileChannel openLock(Path state) throws IOException {
        Files.createDirectories(state);
        Path file = state.resolve(LOCK_FILE);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return ch;
    }

    /** {@code MetadataDaemon STATE [--loopback NETWORK PORT]}. */
    public static void main(String[] args) {
        if (args.length != 1 && !(args.length == 4 && args[1].equals("--loopback"))) {
            System.err.println("usage: MetadataDaemon STATE_DIR [--loopback NETWORK PORT]");
            System.exit(2);
        }
        Optional<Loopback> loop = args.length == 4 ? Optional.of(new Loopback(args[2], Integer.parseInt(args[3])))
                : Optional.empty();
        new MetadataDaemon(loop).run(Path.of(args[0]));
    }
}
