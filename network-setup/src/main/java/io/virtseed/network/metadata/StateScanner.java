package io.virtseed.network.metadata;

import io.virtseed.core.metadata.MetadataFile;
import io.virtseed.core.state.InstanceRecord;
import io.virtseed.core.state.InstanceStore;
import io.virtseed.core.state.NetworkRecord;
import io.virtseed.core.state.NetworkStore;
import io.virtseed.core.value.InstanceName;
import io.virtseed.core.value.IpAddress;
import io.virtseed.core.value.Ipv6Prefix;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the state folder into what the service answers from: the networks, and per network the
 * source addresses of its guests (IPv4, SLAAC IPv6, link-local EUI-64) mapped to their instance.
 * An instance is re-read (and its view rendered anew) only when its saved metadata or record
 * changed. Which folders to look at comes from {@link InstanceWatch}: a scan of an unchanged
 * folder costs no stat at all (ten thousand instances took 35-45 ms a scan with two stats each),
 * and once a minute every folder is looked at anyway.
 */
final class StateScanner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StateScanner.class);
    private static final long FULL_LOOK_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(60);

    /** What one scan found. */
    record Snapshot(List<NetworkRecord> networks, Map<String, Map<InetAddress, ServedInstance>> bySource) {
        static final Snapshot EMPTY = new Snapshot(List.of(), Map.of());

        /** By the socket's address object: no text formatting on the request path. */
        Optional<ServedInstance> find(String network, InetAddress source) {
            return Optional.ofNullable(bySource.getOrDefault(network, Map.of()).get(source));
        }
    }

    private record Loaded(String fingerprint, InstanceRecord record, ServedInstance served) {
    }

    private final InstanceStore instances;
    private final NetworkStore networks;
    private final Map<String, Loaded> cache = new HashMap<>();
    private Map<String, String> lastPrints = Map.of();
    private Snapshot last = Snapshot.EMPTY;
    private final InstanceWatch watch;
    private long lastFullLook = System.nanoTime();

    StateScanner(Path stateDir) {
        this.instances = new InstanceStore(stateDir);
        this.networks = new NetworkStore(stateDir);
        this.watch = InstanceWatch.on(instances.instancesDir());
    }

    Path root() {
        return instances.root();
    }

    /** Scans the folder; not thread-safe (one scanning thread). */
    Snapshot scan() {
        List<NetworkRecord> nets = networks.list();
        InstanceWatch.Changes changes = watch.drain();
        long now = System.nanoTime();
        if (now - lastFullLook > FULL_LOOK_NANOS) {
            // a safety net under the change notification: once a minute, every folder is looked at
            changes = InstanceWatch.Changes.ALL;
        }
        Map<String, String> prints;
        if (changes.everything()) {
            lastFullLook = now;
            prints = new HashMap<>();
            for (Path dir : instanceDirs()) {
                String name = dir.getFileName().toString();
                watch.watch(name, false);
                prints.put(name, fingerprint(dir));
            }
        } else if (changes.none()) {
            prints = lastPrints;
        } else {
            prints = new HashMap<>(lastPrints);
            Path root = instances.instancesDir();
            for (String name : changes.names()) {
                Path dir = root.resolve(name);
                if (name.startsWith(".") || !Files.isDirectory(dir)) {
                    prints.remove(name);
                    continue;
                }
                watch.watch(name, changes.membership());
                prints.put(name, fingerprint(dir));
            }
        }
        if (nets.equals(last.networks()) && prints.equals(lastPrints)) {
            // nothing changed: keep the maps, a scan of thousands of instances then makes no garbage
            return last;
        }
        lastPrints = prints;
        Path root = instances.instancesDir();
        last = build(nets, prints.keySet().stream().map(root::resolve).toList(), prints);
        return last;
    }

    @Override
    public void close() {
        watch.close();
    }

    private Snapshot build(List<NetworkRecord> nets, List<Path> dirs, Map<String, String> prints) {
        Set<String> seen = new HashSet<>();
        Map<String, Map<IpAddress, ServedInstance>> bySource = new HashMap<>();
        Set<String> clashes = new HashSet<>();
        for (Path dir : dirs) {
            String name = dir.getFileName().toString();
            seen.add(name);
            Optional<Loaded> found = load(name, dir, prints.get(name));
            if (found.isEmpty()) {
                continue;
            }
            Loaded l = found.get();
            for (InstanceRecord.Nic nic : l.record().nics()) {
                Map<IpAddress, ServedInstance> m = bySource.computeIfAbsent(nic.network(), k -> new HashMap<>());
                for (IpAddress a : sources(nic)) {
                    ServedInstance prev = m.putIfAbsent(a, l.served());
                    if (prev != null && prev != l.served()) {
                        clashes.add(nic.network() + " " + a);
                    }
                }
            }
        }
        for (String clash : clashes) {
            // two instances claim one address: answer neither rather than give one the other's metadata
            String[] parts = clash.split(" ", 2);
            bySource.get(parts[0]).remove(IpAddress.parse(parts[1]));
            LOG.warn("two instances claim {} on network {}: neither is answered there", parts[1], parts[0]);
        }
        cache.keySet().retainAll(seen);
        Map<String, Map<InetAddress, ServedInstance>> byInet = new HashMap<>();
        bySource.forEach((net, m) -> {
            Map<InetAddress, ServedInstance> out = new HashMap<>();
            m.forEach((ip, served) -> out.put(inet(ip), served));
            // a HashMap, not Map.copyOf: addresses hash to runs of consecutive numbers, and the
            // open addressing of the immutable maps turns such runs into long probe chains
            byInet.put(net, java.util.Collections.unmodifiableMap(out));
        });
        return new Snapshot(nets, Map.copyOf(byInet));
    }

    private List<Path> instanceDirs() {
        Path root = instances.instancesDir();
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (var s = Files.list(root)) {
            return s.filter(p -> !p.getFileName().toString().startsWith(".")).toList();
        } catch (IOException e) {
            LOG.warn("cannot list {}: {}", root, e.getMessage());
            return List.of();
        }
    }

    /** Every instance of a snapshot, once each. */
    static java.util.Collection<ServedInstance> instancesOf(Snapshot s) {
        java.util.Set<ServedInstance> all = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        s.bySource().values().forEach(m -> all.addAll(m.values()));
        return all;
    }

    /** The instance, re-read when its files changed; empty while it has no record or no saved metadata. */
    private Optional<Loaded> load(String name, Path dir, String fp) {
        Loaded cached = cache.get(name);
        if (cached != null && cached.fingerprint().equals(fp)) {
            return Optional.of(cached);
        }
        cache.remove(name);
        if (fp.isEmpty()) {
            return Optional.empty();
        }
        try {
            Optional<InstanceRecord> record = instances.find(InstanceName.of(name));
            if (record.isEmpty()) {
                return Optional.empty();
            }
            Loaded l = new Loaded(fp, record.get(), new ServedInstance(name, dir));
            cache.put(name, l);
            return Optional.of(l);
        } catch (RuntimeException e) {
            LOG.warn("instance {} is not served: {}", name, e.getMessage());
            return Optional.empty();
        }
    }

    /** Size and mtime of instance.json and metadata.json; empty when either is missing. */
    private static String fingerprint(Path dir) {
        StringBuilder sb = new StringBuilder();
        for (String f : List.of("instance.json", MetadataFile.FILE_NAME)) {
            try {
                BasicFileAttributes a = Files.readAttributes(dir.resolve(f), BasicFileAttributes.class);
                sb.append(a.size()).append('/').append(a.lastModifiedTime().toMillis()).append('/')
                        .append(a.fileKey()).append(';');
            } catch (IOException e) {
                return "";
            }
        }
        return sb.toString();
    }

    private static InetAddress inet(IpAddress ip) {
        try {
            return InetAddress.getByAddress(ip.bytes());
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("an address of 4 or 16 bytes is always valid", e);
        }
    }

    private static Set<IpAddress> sources(InstanceRecord.Nic nic) {
        Set<IpAddress> out = new HashSet<>();
        nic.ip().ifPresent(out::add);
        nic.ip6().ifPresent(out::add);
        out.add(Ipv6Prefix.linkLocal(nic.mac()));
        return out;
    }
}
